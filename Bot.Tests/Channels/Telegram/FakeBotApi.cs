using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>What the fake does with one sendMessage call.</summary>
public enum Fault
{
    None,
    RateLimited,
    ServerError,
    Hang,
    DropConnection,
    Blocked,
    BadRequest,
}

/// <summary>
/// A Bot API stand-in on a loopback port that can misbehave on cue: it serves queued updates to getUpdates (honouring
/// the offset, as Telegram does), records what the bot sends, and answers sendMessage calls with the planned faults.
/// Only calls it answered with success count as delivered.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456:FAKE-token_for-tests";
    public static readonly byte[] PhotoBytes = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];

    private readonly WebApplication _app;
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentQueue<Fault> _plannedFaults = new();
    private readonly ConcurrentQueue<(string Method, JsonObject Body, TimeSpan At)> _calls = new();
    private readonly ConcurrentQueue<(long ChatId, string Text, JsonNode? Markup)> _delivered = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _nextUpdateId = 5_000_000_000; // above 32 bits, as real ids can be
    private long _nextMessageId = 1;

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public int RetryAfterSeconds { get; set; } = 1;

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The largest photo size the fake reports for getFile.</summary>
    public long ReportedFileSize { get; set; } = PhotoBytes.Length;

    public IReadOnlyList<(long ChatId, string Text, JsonNode? Markup)> Delivered => [.. _delivered];

    public IReadOnlyList<(string Method, JsonObject Body, TimeSpan At)> Calls => [.. _calls];

    public IReadOnlyList<(long ChatId, string Text, JsonNode? Markup)> DeliveredTo(long chatId) => [.. _delivered.Where(d => d.ChatId == chatId)];

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        app.MapGet("/file/bot{token}/{**path}", (string token) =>
            token == Token ? Results.Bytes(PhotoBytes, "image/jpeg") : Results.NotFound());
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>The next sendMessage calls answer with these faults, one each, then succeed again.</summary>
    public void PlanFaults(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _plannedFaults.Enqueue(fault);
        }
    }

    /// <summary>Queues an update (its update_id assigned here unless <paramref name="updateId"/> is given) and returns its id.</summary>
    public long Enqueue(JsonObject update, long? updateId = null)
    {
        lock (_updates)
        {
            var id = updateId ?? _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
            return id;
        }
    }

    public long SendText(long chatId, string text, string? languageCode = "fa") =>
        Enqueue(new JsonObject { ["message"] = Message(chatId, languageCode, new JsonObject { ["text"] = text }) });

    public static JsonObject Message(long chatId, string? languageCode, JsonObject content, string chatType = "private", long? fromId = null)
    {
        content["message_id"] = Random.Shared.Next(1, 1_000_000);
        content["date"] = 1_790_000_000;
        content["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatType };
        content["from"] = new JsonObject { ["id"] = fromId ?? chatId, ["is_bot"] = false, ["first_name"] = "Citizen", ["language_code"] = languageCode };
        return content;
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpContext http)
    {
        if (token != Token)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }

        var body = http.Request.ContentLength > 0 ? (await JsonNode.ParseAsync(http.Request.Body))!.AsObject() : [];
        _calls.Enqueue((method, body, _clock.Elapsed));
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "City", ["username"] = "city_test_bot" });
            case "getUpdates":
                return Ok(await UpdatesAsync(body, http.RequestAborted));
            case "sendMessage":
                return await SendMessageAsync(body, http);
            case "sendPhoto":
                return Ok(new JsonObject { ["message_id"] = Interlocked.Increment(ref _nextMessageId), ["date"] = 1_790_000_000 });
            case "getFile":
                return Ok(new JsonObject { ["file_id"] = body["file_id"]!.GetValue<string>(), ["file_unique_id"] = "u1", ["file_size"] = ReportedFileSize, ["file_path"] = "photos/file_1.jpg" });
            case "getWebhookInfo":
                return Ok(new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 });
            default:
                return Ok(JsonValue.Create(true));
        }
    }

    private async Task<JsonArray> UpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>() ?? 0;

        // A short long-poll, so tests do not spin.
        for (var waited = 0; waited < 10; waited++)
        {
            lock (_updates)
            {
                _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
                if (_updates.Count > 0)
                {
                    return [.. _updates.Select(u => u.DeepClone())];
                }
            }

            await Task.Delay(50, aborted);
        }

        return [];
    }

    private async Task<IResult> SendMessageAsync(JsonObject body, HttpContext http)
    {
        _plannedFaults.TryDequeue(out var fault);
        switch (fault)
        {
            case Fault.RateLimited:
                return Results.Json(new { ok = false, error_code = 429, description = $"Too Many Requests: retry after {RetryAfterSeconds}", parameters = new { retry_after = RetryAfterSeconds } }, statusCode: 429);
            case Fault.ServerError:
                return Results.Json(new { ok = false, error_code = 500, description = "Internal Server Error" }, statusCode: 500);
            case Fault.Hang:
                await Task.Delay(HangFor, CancellationToken.None);
                return Results.Json(new { ok = false, error_code = 504, description = "answered too late to count" }, statusCode: 504);
            case Fault.DropConnection:
                http.Abort();
                return Results.Empty;
            case Fault.Blocked:
                return Results.Json(new { ok = false, error_code = 403, description = "Forbidden: bot was blocked by the user" }, statusCode: 403);
            case Fault.BadRequest:
                return Results.Json(new { ok = false, error_code = 400, description = "Bad Request: can't parse entities" }, statusCode: 400);
        }

        var chatId = body["chat_id"]!.GetValue<long>();
        _delivered.Enqueue((chatId, body["text"]!.GetValue<string>(), body["reply_markup"]?.DeepClone()));
        var id = Interlocked.Increment(ref _nextMessageId);
        return Ok(new JsonObject { ["message_id"] = id, ["date"] = 1_790_000_000, ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" } });
    }

    private static IResult Ok(JsonNode result) => Results.Content(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
