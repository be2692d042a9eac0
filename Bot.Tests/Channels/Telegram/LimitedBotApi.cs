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

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>
/// Telegram's Bot API for bots running in other processes, on a loopback port, holding them to Telegram's limits: a
/// message (sendMessage, sendPhoto, editMessageText) passes within about 1 a second per chat and 30 a second per bot,
/// each a token bucket so a short burst passes; beyond them it answers 429 with <c>parameters.retry_after</c>, as
/// Telegram does. Every call is recorded with its time and chat; every accepted message is a <see cref="Sent"/>.
/// (The benchmarks have their own, <c>Bot.Benchmarks/BotApiStandIn</c>; the test project does not reference them.)
/// </summary>
public sealed class LimitedBotApi : IAsyncDisposable
{
    public const string Token = "777001:PROCS-token_for-two-processes";
    // Telegram's rates, with bursts a little above the sender's own (3 a chat, a quarter second for the bot): on a loaded
    // machine messages sent on pace reach the stand-in bunched by a few hundred milliseconds, which is the machine, not the
    // pace (a full run at load 15 saw 3 of 180 refused at burst 3 and 10). Two senders at 30/s each still break it at once.
    public const double PerChatPerSecond = 1;
    public const int PerChatBurst = 4;
    public const double PerBotPerSecond = 30;
    public const int PerBotBurst = 20;

    private static readonly HashSet<string> Messages = ["sendMessage", "sendPhoto", "editMessageText"];

    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly TokenBucket _bot = new(PerBotPerSecond, PerBotBurst, 0);
    private readonly Dictionary<long, TokenBucket> _chats = [];
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentQueue<Sent> _sent = new();
    private long _nextMessageId = 1;

    private LimitedBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Seconds since the stand-in started: the clock of every record.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Messages accepted, in the order they arrived.</summary>
    public IReadOnlyList<Sent> Accepted => [.. _sent];

    public IReadOnlyList<Sent> AcceptedFor(long chatId) => [.. _sent.Where(s => s.ChatId == chatId)];

    public int RateLimited => _calls.Count(c => c.Status == 429);

    public static async Task<LimitedBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new LimitedBotApi(app);
        app.MapPost("/bot{token}/{method}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    /// <summary>The most messages accepted within any one second, and when that second began.</summary>
    public (int Count, double From) BusiestSecond(double since = 0)
    {
        var times = _sent.Where(s => s.At >= since).Select(s => s.At).Order().ToArray();
        var (best, from) = (0, since);
        for (int first = 0, last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= 1)
            {
                first++;
            }

            if (last - first + 1 > best)
            {
                (best, from) = (last - first + 1, times[first]);
            }
        }

        return (best, from);
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpContext http)
    {
        if (token != Token)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }

        var body = http.Request.HasJsonContentType()
            ? (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))?.AsObject() ?? []
            : http.Request.HasFormContentType
                ? new JsonObject((await http.Request.ReadFormAsync(http.RequestAborted)).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value.ToString()))))
                : [];
        var chatId = ChatOf(body);
        var text = body["text"]?.GetValue<string>() ?? body["caption"]?.GetValue<string>() ?? "";
        if (Messages.Contains(method))
        {
            return Message(method, chatId ?? 0, text, body);
        }

        _calls.Enqueue(new Call(method, chatId, text, Now, 200, body));
        return method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = 777001, ["is_bot"] = true, ["first_name"] = "City", ["username"] = "city_procs_bot" }),
            "getWebhookInfo" => Ok(new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 }),
            "getUpdates" => Results.Json(new { ok = false, error_code = 409, description = "Conflict: can't use getUpdates method while webhook is active" }, statusCode: 409),
            _ => Ok(JsonValue.Create(true)),
        };
    }

    private IResult Message(string method, long chatId, string text, JsonObject body)
    {
        Sent sent;
        lock (_gate)
        {
            var now = Now;
            if (!_chats.TryGetValue(chatId, out var chat))
            {
                _chats[chatId] = chat = new TokenBucket(PerChatPerSecond, PerChatBurst, now);
            }

            _bot.Refill(now);
            chat.Refill(now);
            if (_bot.Tokens < 1 || chat.Tokens < 1)
            {
                var retryAfter = Math.Max(1, (int)Math.Ceiling(Math.Max(_bot.SecondsToNext(), chat.SecondsToNext())));
                _calls.Enqueue(new Call(method, chatId, text, now, 429, body));
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
            sent = new Sent(method, chatId, text, now, body["reply_markup"]?.DeepClone(), ++_nextMessageId);
            _calls.Enqueue(new Call(method, chatId, text, now, 200, body));
            _sent.Enqueue(sent);
        }

        return Ok(new JsonObject
        {
            ["message_id"] = sent.MessageId,
            ["date"] = 1_790_000_000,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
            ["text"] = text,
        });
    }

    private static long? ChatOf(JsonObject body) => body["chat_id"] switch
    {
        JsonValue v when v.TryGetValue<long>(out var id) => id,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One call the stand-in answered: which method, for which chat, when (seconds on <see cref="Now"/>), with what status.</summary>
    public sealed record Call(string Method, long? ChatId, string Text, double At, int Status, JsonObject Body);

    /// <summary>A message accepted for a chat, with its buttons and the id the stand-in gave it.</summary>
    public sealed record Sent(string Method, long ChatId, string Text, double At, JsonNode? Markup, long MessageId);

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
