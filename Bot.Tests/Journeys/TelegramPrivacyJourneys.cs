using ChatIntake.Tests.Channels.Telegram;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Journeys;

/// <summary>/mydata and /forget on telegram-test-api: the copy arrives by sendDocument.</summary>
public sealed class TelegramPrivacyJourneys(TelegramEmulator emulator) : PrivacyJourneys, IClassFixture<TelegramEmulator>
{
    private static int _bots;
    private static int _chats;
    private readonly string _token = $"{300_000 + Interlocked.Increment(ref _bots)}:PRIVACY-token";

    protected override string ChannelName => "telegram";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Telegram:BotToken"] = _token,
        ["Telegram:ApiBaseUrl"] = emulator.TelegramUrl,
        ["Telegram:IdlePause"] = "00:00:00.020",
        ["Telegram:PollTimeout"] = "00:00:00",
    };

    protected override Task<ICitizen> NewCitizenAsync(string language) =>
        Task.FromResult<ICitizen>(new EmulatedCitizen(Host.Bot, emulator.TelegramUrl, _token, "telegram", 52_000 + Interlocked.Increment(ref _chats), language));

    protected override Task<string> ReceivedFileAsync(ICitizen citizen)
    {
        var document = ((EmulatedCitizen)citizen).LastReplies.Select(r => r["document"]).LastOrDefault(d => d is not null)
            ?? throw new InvalidOperationException("The bot sent no document. Last: " + citizen.LastText);
        Assert.Equal("my-data.json", document["file_name"]!.GetValue<string>());
        return Task.FromResult(document["content"]!.GetValue<string>());
    }
}
