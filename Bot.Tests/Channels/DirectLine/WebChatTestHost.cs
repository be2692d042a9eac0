using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>The real host for web-chat file tests: its own attachment folder (gone with it) and the factory's clock.</summary>
public sealed class WebChatTestHost : IAsyncDisposable
{
    private HttpClient? _http;

    public WebChatTestHost(string name, IDictionary<string, string?> settings)
    {
        Attachments = Path.Combine(Path.GetTempPath(), $"chatintake-{name}-{Guid.NewGuid():N}");
        Bot = new BotApplicationFactory(settings: new Dictionary<string, string?>(settings) { ["Attachments:Folder"] = Attachments });
    }

    public string Attachments { get; }

    public BotApplicationFactory Bot { get; }

    public HttpClient Http => _http ??= Bot.CreateClient();

    public OffsetClock Clock => Bot.Clock;

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await Bot.DisposeAsync();
        if (Directory.Exists(Attachments))
        {
            Directory.Delete(Attachments, recursive: true);
        }
    }
}
