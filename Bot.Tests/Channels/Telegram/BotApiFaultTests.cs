using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Channels.Telegram;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>The Telegram channel against a Bot API that fails in the ways real ones do.</summary>
public sealed class BotApiFaultTests
{
    [Fact]
    public async Task Replies_arrive_once_and_in_order_despite_rate_limits_errors_timeouts_and_dropped_connections()
    {
        await using var host = await BotApiHost.StartAsync();
        host.Api.PlanFaults(Fault.RateLimited, Fault.ServerError, Fault.Hang, Fault.DropConnection, Fault.ServerError);

        await host.SaysAsync(1001, "/start");
        await host.SaysAsync(1001, "/help");
        await host.SaysAsync(1001, "/my");

        await using var db = host.Factory.CreateDbContext();
        var written = await db.Outbox.AsNoTracking().Where(m => m.ExternalChatId == "1001").OrderBy(m => m.Id).ToListAsync();
        Assert.All(written, m => Assert.Equal(OutboxState.Sent, m.State));
        var expected = written.Select(m => BotMessageRenderer.EscapeHtml(ChatIntake.Conversations.ActivityJson.Deserialize(m.Payload).Text!)).ToList();
        Assert.Equal(expected, host.Api.DeliveredTo(1001).Select(d => d.Text).ToList());
        Assert.True(expected.Count >= 3);

        // The 429 asked for a second's pause; the next attempt waited at least that long.
        var sends = host.Api.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.True(sends.Count >= 6, $"expected the five faults to be retried, saw {sends.Count} calls");
        Assert.True(sends[1].At - sends[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {sends[1].At - sends[0].At}");
    }

    [Fact]
    public async Task A_long_rate_limit_goes_back_to_the_outbox_which_waits_it_out()
    {
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?> { ["Telegram:MaxInlineRetryAfter"] = "00:00:00.500" });
        host.Api.RetryAfterSeconds = 2;
        host.Api.PlanFaults(Fault.RateLimited);

        var replies = await host.SaysAsync(1002, "/start");

        Assert.Single(replies);
        var sends = host.Api.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal(2, sends.Count);
        Assert.True(sends[1].At - sends[0].At >= TimeSpan.FromSeconds(1.95), $"retried after {sends[1].At - sends[0].At}");
    }

    [Fact]
    public async Task A_citizen_who_blocked_the_bot_is_marked_unreachable_and_not_retried()
    {
        await using var host = await BotApiHost.StartAsync();
        host.Api.PlanFaults(Fault.Blocked);

        await host.SaysAsync(1003, "/start");

        await using var db = host.Factory.CreateDbContext();
        var citizen = await db.Citizens.SingleAsync(c => c.ExternalUserId == "1003");
        Assert.False(citizen.Reachable);
        Assert.Contains("blocked", citizen.UnreachableReason);
        var message = await db.Outbox.SingleAsync(m => m.ExternalChatId == "1003");
        Assert.Equal(OutboxState.Failed, message.State);
        Assert.Single(host.Api.Calls, c => c.Method == "sendMessage");
    }

    [Fact]
    public async Task A_bad_request_is_recorded_and_not_retried()
    {
        await using var host = await BotApiHost.StartAsync();
        host.Api.PlanFaults(Fault.BadRequest);

        await host.SaysAsync(1004, "/start");

        await using var db = host.Factory.CreateDbContext();
        var message = await db.Outbox.SingleAsync(m => m.ExternalChatId == "1004");
        Assert.Equal(OutboxState.Failed, message.State);
        Assert.Contains("can't parse entities", message.LastError);
        Assert.True((await db.Citizens.SingleAsync(c => c.ExternalUserId == "1004")).Reachable);
        Assert.Single(host.Api.Calls, c => c.Method == "sendMessage");
    }

    [Fact]
    public async Task A_repeated_update_is_processed_once()
    {
        await using var host = await BotApiHost.StartAsync();
        var first = await host.DeliverAsync(1005, api => api.SendText(1005, "/help"));
        var updateId = (await host.Factory.CreateDbContext().Inbox.SingleAsync(m => m.ExternalChatId == "1005")).ExternalUpdateId;

        // The same update again, as Telegram redelivers after a restart before the offset was confirmed.
        var again = host.Api.Enqueue(new JsonObject { ["message"] = FakeBotApi.Message(1005, "fa", new JsonObject { ["text"] = "/help" }) }, long.Parse(updateId, CultureInfo.InvariantCulture));
        await host.SaysAsync(1005, "/my");

        Assert.Single(first);
        await using var db = host.Factory.CreateDbContext();
        Assert.Equal(2, await db.Inbox.CountAsync(m => m.ExternalChatId == "1005"));
        Assert.Equal(again.ToString(CultureInfo.InvariantCulture), updateId);
    }

    [Fact]
    public async Task Unknown_update_kinds_fields_and_entity_types_never_break_a_batch()
    {
        await using var host = await BotApiHost.StartAsync();
        const long bigChat = 7_000_000_001; // over 32 bits
        host.Api.Enqueue(new JsonObject { ["message_reaction"] = new JsonObject { ["chat"] = new JsonObject { ["id"] = 1 }, ["new_reaction"] = new JsonArray() } });
        host.Api.Enqueue(new JsonObject { ["message"] = "not an object" });
        host.Api.Enqueue(new JsonObject
        {
            ["message"] = FakeBotApi.Message(1006, "fa", new JsonObject
            {
                ["text"] = "/start",
                ["entities"] = new JsonArray(new JsonObject { ["type"] = "a_kind_from_the_future", ["offset"] = 0, ["length"] = 6 }),
                ["some_new_field"] = new JsonObject { ["nested"] = true },
            }),
            ["botToken"] = "emulators add fields like this",
        });
        var replies = await host.SaysAsync(bigChat, "/start");

        Assert.Single(replies);
        await BotApiHost.WaitUntilAsync(() => host.Api.DeliveredTo(1006).Count == 1, "the reply to the message with odd fields");
    }

    [Fact]
    public async Task Webhook_calls_without_the_right_secret_get_401_and_change_nothing()
    {
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:PublicUrl"] = "https://bot.city.example",
            ["Telegram:WebhookSecret"] = "the-Right_secret",
        });
        var client = host.Factory.CreateClient();
        var update = new JsonObject { ["update_id"] = 42, ["message"] = FakeBotApi.Message(1007, "en", new JsonObject { ["text"] = "/start" }) };

        var missing = await client.PostAsync("/webhooks/telegram", Json(update));
        var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = Json(update),
            Headers = { { BotWebhook.SecretHeader, "the-right_secret" } },
        });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
        await using (var db = host.Factory.CreateDbContext())
        {
            Assert.Equal(0, await db.Inbox.CountAsync());
        }

        var right = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = Json(update),
            Headers = { { BotWebhook.SecretHeader, "the-Right_secret" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, right.StatusCode);
        await using (var db = host.Factory.CreateDbContext())
        {
            // 200 came after the commit: the update is already stored.
            Assert.Equal(1, await db.Inbox.CountAsync(m => m.ExternalUpdateId == "42"));
        }

        await BotApiHost.WaitUntilAsync(() => host.Api.DeliveredTo(1007).Count == 1, "the reply to the webhook update");
        // The webhook is registered after getMe and the command menus, in the background: the reply may come first.
        await BotApiHost.WaitUntilAsync(() => host.Api.Calls.Any(c => c.Method == "setWebhook"), "the webhook's registration");
        var registration = Assert.Single(host.Api.Calls, c => c.Method == "setWebhook");
        Assert.Equal("https://bot.city.example/webhooks/telegram", registration.Body["url"]!.GetValue<string>());
        Assert.Equal("the-Right_secret", registration.Body["secret_token"]!.GetValue<string>());
        Assert.Contains("callback_query", registration.Body["allowed_updates"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Group_chats_get_only_a_request_to_message_privately()
    {
        await using var host = await BotApiHost.StartAsync();
        const long group = -100123;
        host.Api.Enqueue(new JsonObject { ["message"] = FakeBotApi.Message(group, "en", new JsonObject { ["text"] = "hello everyone" }, "supergroup", fromId: 1008) });
        host.Api.Enqueue(new JsonObject { ["message"] = FakeBotApi.Message(group, "en", new JsonObject { ["text"] = "/start@city_test_bot" }, "supergroup", fromId: 1008) });

        await BotApiHost.WaitUntilAsync(() => host.Api.DeliveredTo(group).Count == 1, "the group notice");
        Assert.Contains("private chat", host.Api.DeliveredTo(group)[0].Text);
        await using var db = host.Factory.CreateDbContext();
        Assert.Equal(0, await db.Inbox.CountAsync());
        Assert.Equal(0, await db.Citizens.CountAsync());
    }

    [Fact]
    public async Task An_edited_message_is_answered_and_changes_nothing()
    {
        await using var host = await BotApiHost.StartAsync();
        await host.SaysAsync(1009, "/new", "en");

        var replies = await host.DeliverAsync(1009, api => api.Enqueue(new JsonObject { ["edited_message"] = FakeBotApi.Message(1009, "en", new JsonObject { ["text"] = "changed" }) }));

        Assert.Contains("edited", replies[0].Text);
        Assert.Contains("subject", replies[^1].Text, StringComparison.OrdinalIgnoreCase); // the pending question again
    }

    [Fact]
    public async Task The_bot_token_never_appears_in_the_log()
    {
        var log = new CapturingLoggerProvider();
        var api = await FakeBotApi.StartAsync();
        await using var factory = new Infrastructure.BotApplicationFactory(
            settings: new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = FakeBotApi.Token,
                ["Telegram:ApiBaseUrl"] = api.BaseUrl,
                ["Telegram:IdlePause"] = "00:00:00.020",
                ["Telegram:PollTimeout"] = "00:00:00",
                ["Telegram:RetryDelay"] = "00:00:00.020",
                ["Logging:LogLevel:Default"] = "Trace",
            },
            configureServices: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        _ = factory.Server;
        api.PlanFaults(Fault.ServerError, Fault.BadRequest);
        api.SendText(1010, "/start");
        await BotApiHost.WaitUntilAsync(() => log.Lines.Any(l => l.Contains("can't parse entities")), "the failure to be logged");

        Assert.Contains(log.Lines, l => l.Contains("connected as @city_test_bot"));
        Assert.DoesNotContain(log.Lines, l => l.Contains("FAKE-token", StringComparison.Ordinal));
        await api.DisposeAsync();
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
