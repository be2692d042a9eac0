using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Benchmarks;

/// <summary>
/// Telegram's Bot API as a bot sees it under load, on a loopback port: sendMessage within about 30 a second per bot and
/// 1 a second per chat (each a token bucket, so short bursts pass), 429 with <c>retry_after</c> beyond them, as Telegram
/// answers. getUpdates long-polls the updates queued by <see cref="Enqueue"/>. Every accepted message is noted with its
/// arrival time, per chat, in arrival order.
/// </summary>
internal sealed class BotApiStandIn : IAsyncDisposable
{
    public const string Token = "424242:DRAIN-bench_token";
    private static readonly TimeSpan LongPollCap = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly TokenBucket _bot;
    private readonly Dictionary<long, TokenBucket> _chats = [];
    private readonly double _perChatPerSecond;
    private readonly int _perChatBurst;
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<long, Action<Arrival>> _watchers = new();
    private readonly SemaphoreSlim _news = new(0);
    private long _nextUpdateId = 1;
    private long _nextMessageId = 1;
    private int _rateLimited;
    private int _pollers;

    private BotApiStandIn(WebApplication app, double perBotPerSecond, int perBotBurst, double perChatPerSecond, int perChatBurst)
    {
        _app = app;
        _bot = new TokenBucket(perBotPerSecond, perBotBurst, 0);
        _perChatPerSecond = perChatPerSecond;
        _perChatBurst = perChatBurst;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Seconds since the stand-in started: the one clock for arrivals and the benchmark's own marks.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public int RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>True once the bot has asked for updates: it is connected and its channel can send.</summary>
    public bool IsPolled => Volatile.Read(ref _pollers) > 0;

    public IReadOnlyCollection<Arrival> Arrivals => _arrivals;

    public static async Task<BotApiStandIn> StartAsync(double perBotPerSecond, int perBotBurst, double perChatPerSecond, int perChatBurst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new BotApiStandIn(app, perBotPerSecond, perBotBurst, perChatPerSecond, perChatBurst);
        app.MapPost("/bot{token}/{method}", standIn.HandleAsync);
        await app.StartAsync();
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return standIn;
    }

    /// <summary>A citizen writes to the bot: the update waits for the bot's next getUpdates.</summary>
    public void Enqueue(long chatId, JsonObject content)
    {
        content["message_id"] = Interlocked.Increment(ref _nextMessageId);
        content["date"] = 1_790_000_000;
        content["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" };
        content["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Citizen", ["language_code"] = "en" };
        lock (_updates)
        {
            _updates.Add(new JsonObject { ["update_id"] = _nextUpdateId++, ["message"] = content });
        }

        _news.Release();
    }

    /// <summary>Calls <paramref name="watcher"/> with every message accepted for the chat, until <see cref="Unwatch"/>.</summary>
    public void Watch(long chatId, Action<Arrival> watcher) => _watchers[chatId] = watcher;

    public void Unwatch(long chatId) => _watchers.TryRemove(chatId, out _);

    private async Task<IResult> HandleAsync(string token, string method, HttpContext http)
    {
        if (token != Token)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }

        var body = http.Request.ContentLength is > 0 || http.Request.ContentType is not null
            ? (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))?.AsObject() ?? []
            : [];
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = 424242, ["is_bot"] = true, ["first_name"] = "City", ["username"] = "city_drain_bot" });
            case "getUpdates":
                Interlocked.Increment(ref _pollers);
                return Ok(await UpdatesAsync(body, http.RequestAborted));
            case "sendMessage":
                return SendMessage(body);
            case "getWebhookInfo":
                return Ok(new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 });
            default:
                return Ok(JsonValue.Create(true));
        }
    }

    private IResult SendMessage(JsonObject body)
    {
        var chatId = body["chat_id"]!.GetValue<long>();
        var text = body["text"]?.GetValue<string>() ?? "";
        Arrival arrival;
        lock (_gate)
        {
            var now = Now;
            if (!_chats.TryGetValue(chatId, out var chat))
            {
                _chats[chatId] = chat = new TokenBucket(_perChatPerSecond, _perChatBurst, now);
            }

            _bot.Refill(now);
            chat.Refill(now);
            if (_bot.Tokens < 1 || chat.Tokens < 1)
            {
                Interlocked.Increment(ref _rateLimited);
                var wait = Math.Max(_bot.SecondsToNext(), chat.SecondsToNext());
                var retryAfter = Math.Max(1, (int)Math.Ceiling(wait));
                return Results.Json(new JsonObject
                {
                    ["ok"] = false,
                    ["error_code"] = 429,
                    ["description"] = string.Create(CultureInfo.InvariantCulture, $"Too Many Requests: retry after {retryAfter}"),
                    ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
                }, statusCode: 429);
            }

            _bot.Tokens--;
            chat.Tokens--;
            arrival = new Arrival(chatId, text, now);
        }

        _arrivals.Enqueue(arrival);
        if (_watchers.TryGetValue(chatId, out var watcher))
        {
            watcher(arrival);
        }

        return Ok(new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = 1_790_000_000,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
            ["text"] = text,
        });
    }

    private async Task<JsonArray> UpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>() ?? 0;
        var timeout = TimeSpan.FromSeconds(Math.Min(body["timeout"]?.GetValue<int>() ?? 0, LongPollCap.TotalSeconds));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_updates)
            {
                _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
                if (_updates.Count > 0)
                {
                    return [.. _updates.Select(u => u.DeepClone())];
                }
            }

            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return [];
            }

            try
            {
                await _news.WaitAsync(left, aborted);
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _news.Dispose();
    }

    /// <summary>A message the stand-in accepted: to whom, what, and when (seconds on <see cref="Now"/>).</summary>
    public sealed record Arrival(long ChatId, string Text, double At);

    private sealed class TokenBucket(double perSecond, int capacity, double now)
    {
        private double _updated = now;

        public double Tokens { get; set; } = capacity;

        public void Refill(double now)
        {
            Tokens = Math.Min(capacity, Tokens + ((now - _updated) * perSecond));
            _updated = now;
        }

        public double SecondsToNext() => Tokens >= 1 ? 0 : (1 - Tokens) / perSecond;
    }
}
