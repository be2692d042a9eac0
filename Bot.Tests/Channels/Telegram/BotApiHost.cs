using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>The real host with its Telegram bot pointed at a <see cref="FakeBotApi"/>; says things as a citizen and waits for the answers.</summary>
public sealed class BotApiHost : IAsyncDisposable
{
    private BotApiHost(FakeBotApi api, BotApplicationFactory factory)
    {
        Api = api;
        Factory = factory;
    }

    public FakeBotApi Api { get; }

    public BotApplicationFactory Factory { get; }

    public static async Task<BotApiHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var api = await FakeBotApi.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:IdlePause"] = "00:00:00.020",
            ["Telegram:PollTimeout"] = "00:00:00",
            ["Telegram:RequestTimeout"] = "00:00:00.500",
            ["Telegram:RetryDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new BotApplicationFactory(settings: all);
        _ = factory.Server; // starts the host: the poller begins
        return new BotApiHost(api, factory);
    }

    /// <summary>Queues the update, waits until its turn is committed and nothing is left to send to the chat, and returns what arrived.</summary>
    public async Task<IReadOnlyList<(long ChatId, string Text, JsonNode? Markup)>> DeliverAsync(long chatId, Func<FakeBotApi, long> send)
    {
        var before = Api.DeliveredTo(chatId).Count;
        var updateId = send(Api).ToString(CultureInfo.InvariantCulture);
        await WaitUntilAsync(async db => await db.Inbox.AnyAsync(m => m.Channel == "telegram" && m.ExternalUpdateId == updateId && m.ProcessedAt != null));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Factory.WaitForOutboxAsync(chatId.ToString(CultureInfo.InvariantCulture), cancel.Token);
        return [.. Api.DeliveredTo(chatId).Skip(before)];
    }

    public Task<IReadOnlyList<(long ChatId, string Text, JsonNode? Markup)>> SaysAsync(long chatId, string text, string language = "fa") =>
        DeliverAsync(chatId, api => api.SendText(chatId, text, language));

    /// <summary>Polls the database until <paramref name="condition"/> holds; fails after 20 seconds.</summary>
    public async Task WaitUntilAsync(Func<ChatIntake.Data.IntakeDbContext, Task<bool>> condition)
    {
        await Eventually.UntilAsync(async () =>
        {
            await using var db = Factory.CreateDbContext();
            return await condition(db);
        }, "the database condition");
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.UntilAsync(condition, what);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Api.DisposeAsync();
    }
}
