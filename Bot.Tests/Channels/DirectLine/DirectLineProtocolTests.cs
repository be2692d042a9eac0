using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatIntake.Channels.DirectLine;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>The Direct Line 3.0 endpoints over HTTP: what Web Chat relies on, and the protocol's answers to misuse.</summary>
public sealed class DirectLineProtocolTests : IAsyncLifetime
{
    private const string SigningKey = "bm90LWEtcmVhbC1rZXktYnV0LWxvbmctZW5vdWdoLWZvci10ZXN0cw==";
    private readonly string _attachments = Path.Combine(Path.GetTempPath(), "chatintake-webchat-" + Guid.NewGuid().ToString("N"));
    private BotApplicationFactory _bot = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _bot = new BotApplicationFactory(settings: new Dictionary<string, string?>
        {
            ["DirectLine:TokenSigningKey"] = SigningKey,
            ["DirectLine:Secrets:0"] = "the-city-site-secret",
            ["DirectLine:MaxUploadBytes"] = "4096",
            ["Attachments:Folder"] = _attachments,
        });
        _http = _bot.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        if (Directory.Exists(_attachments))
        {
            Directory.Delete(_attachments, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_is_echoed_with_its_client_id_and_answered_and_the_log_pages_by_watermark()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);

        var id = await chat.SaysAsync("/start", clientActivityId: "client-abc");
        var replies = await chat.BotRepliesAsync();

        var (all, watermark) = await chat.ReadAsync();
        var echo = all[0];
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("client-abc", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        Assert.NotNull(echo["timestamp"]);
        Assert.Contains("What would you like to do?", DirectLineTestClient.Text(replies));
        var actions = replies[^1]["suggestedActions"]!["actions"]!.AsArray();
        Assert.All(actions, a => Assert.Equal("imBack", a!["type"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(a!["title"]!.GetValue<string>(), a["value"]!.GetValue<string>()));
        Assert.Equal("plain", replies[0]["textFormat"]!.GetValue<string>());

        // Paging: after the last watermark nothing, after the first everything but the echo.
        var (none, same) = await chat.ReadAsync(watermark);
        Assert.Empty(none);
        Assert.Equal(watermark, same);
        var (afterEcho, _) = await chat.ReadAsync("1");
        Assert.Equal(all.Skip(1).Select(a => a["id"]!.GetValue<string>()), afterEcho.Select(a => a["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_resent_post_with_the_same_client_id_is_one_message()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);

        var first = await chat.SaysAsync("/help", clientActivityId: "same");
        await chat.BotRepliesAsync();
        var second = await chat.SaysAsync("/help", clientActivityId: "same");

        // A later message is turned after anything the resend could have started: once it is answered, all is seen.
        await chat.SaysAsync("/start", clientActivityId: "later");
        await _bot.WaitForTurnAsync(chat.ConversationId, 1);

        Assert.Equal(first, second);
        var (all, _) = await chat.ReadAsync();
        Assert.Equal(2, all.Count(a => a["from"]!["role"]!.GetValue<string>() == "user"));
        Assert.Single(all, a => a["channelData"]?["clientActivityID"]?.GetValue<string>() == "same");
        await using var db = _bot.CreateDbContext();
        Assert.Equal(2, await db.Inbox.CountAsync(m => m.ExternalChatId == chat.ConversationId));
        Assert.Equal(2, await db.Inbox.CountAsync(m => m.ExternalChatId == chat.ConversationId && m.ProcessedAt != null));
    }

    [Fact]
    public async Task A_token_never_reads_or_writes_another_conversation()
    {
        var mine = await DirectLineTestClient.StartAsync(_http);
        var theirs = await DirectLineTestClient.StartAsync(_http);
        await theirs.SaysAsync("/start");

        var read = await _http.SendAsync(mine.Request(HttpMethod.Get, $"/v3/directline/conversations/{theirs.ConversationId}/activities"));
        var write = await mine.PostRawAsync(DirectLineTestClient.Message("hello", "en-US", "x").ToJsonString(), theirs.ConversationId);
        var resume = await _http.SendAsync(mine.Request(HttpMethod.Get, $"/v3/directline/conversations/{theirs.ConversationId}"));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, resume.StatusCode);
        Assert.Equal("TokenInvalid", (await read.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
        await using var db = _bot.CreateDbContext();
        Assert.Equal(0, await db.Inbox.CountAsync(m => m.ExternalChatId == theirs.ConversationId && m.Payload.Contains("hello")));
    }

    [Fact]
    public async Task An_expired_token_gets_token_expired_and_cannot_be_refreshed()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);
        var yesterday = new ShiftedClock(TimeSpan.FromDays(-1));
        var issuer = new DirectLineTokens(Options.Create(new DirectLineOptions { TokenSigningKey = SigningKey }), _bot.Service<AttachmentStore>(), yesterday, NullLogger<DirectLineTokens>.Instance);
        var expired = issuer.Issue(chat.ConversationId, "dl_someone");

        var read = await _http.SendAsync(chat.Request(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities", expired));
        var refresh = await _http.SendAsync(chat.Request(HttpMethod.Post, "/v3/directline/tokens/refresh", expired));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("TokenExpired", (await read.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_refreshes_for_the_same_conversation()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);

        var refreshed = (await (await _http.SendAsync(chat.Request(HttpMethod.Post, "/v3/directline/tokens/refresh"))).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(chat.ConversationId, refreshed["conversationId"]!.GetValue<string>());
        Assert.Equal(1800, refreshed["expires_in"]!.GetValue<int>());
        var again = new DirectLineTestClient(_http, refreshed["token"]!.GetValue<string>(), chat.ConversationId);
        await again.SaysAsync("/help");
        Assert.NotEmpty(await again.BotRepliesAsync());
    }

    [Fact]
    public async Task Missing_forged_or_foreign_credentials_get_the_protocols_answers()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);
        var forged = chat.Token[..^3] + (chat.Token.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");

        var anonymous = await _http.GetAsync($"/v3/directline/conversations/{chat.ConversationId}/activities");
        var tampered = await _http.SendAsync(chat.Request(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities", forged));
        var unknown = await _http.SendAsync(chat.Request(HttpMethod.Get, "/v3/directline/conversations/dl-nobody/activities"));
        var generateWithToken = await _http.SendAsync(chat.Request(HttpMethod.Post, "/v3/directline/tokens/generate"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode); // a token of one conversation says nothing about another
        Assert.Equal(HttpStatusCode.Forbidden, generateWithToken.StatusCode);
    }

    [Fact]
    public async Task A_site_secret_generates_a_token_and_starts_its_conversation()
    {
        var generated = await _http.SendAsync(new DirectLineTestClient(_http, "the-city-site-secret", "").Request(HttpMethod.Post, "/v3/directline/tokens/generate", content: JsonContent.Create(new { user = new { id = "citizen-7" } })));
        var grant = (await generated.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        var chat = new DirectLineTestClient(_http, grant["token"]!.GetValue<string>(), grant["conversationId"]!.GetValue<string>());

        var started = await _http.SendAsync(chat.Request(HttpMethod.Post, "/v3/directline/conversations"));
        var startedAgain = await _http.SendAsync(chat.Request(HttpMethod.Post, "/v3/directline/conversations"));

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, startedAgain.StatusCode);
        await chat.SaysAsync("/start");
        Assert.NotEmpty(await chat.BotRepliesAsync());
        await using var db = _bot.CreateDbContext();
        Assert.Equal("dl_citizen-7", (await db.WebChatConversations.SingleAsync(c => c.Id == chat.ConversationId)).UserId);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{}")]
    [InlineData("{\"type\": \"message\"}")]
    [InlineData("{\"type\": \"invoke\", \"name\": \"x\"}")]
    [InlineData("{\"type\": \"event\"}")]
    public async Task Malformed_activities_get_400_and_the_conversation_goes_on(string body)
    {
        var chat = await DirectLineTestClient.StartAsync(_http);

        var response = await chat.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
        await chat.SaysAsync("/start");
        Assert.Contains("What would you like to do?", DirectLineTestClient.Text(await chat.BotRepliesAsync()));
    }

    [Fact]
    public async Task An_oversize_activity_or_upload_gets_413_and_nothing_is_kept()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);
        var huge = DirectLineTestClient.Message(new string('x', 70_000), "en-US", "big").ToJsonString();
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[5000]) { Headers = { ContentType = new("image/jpeg") } }, "file", "big.jpg" } };

        var posted = await chat.PostRawAsync(huge);
        var uploaded = await _http.SendAsync(chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/upload?userId=r_user", content: form));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, uploaded.StatusCode);
        Assert.Equal("MessageSizeTooBig", (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
        await using var db = _bot.CreateDbContext();
        Assert.Equal(0, await db.WebChatUploads.CountAsync());
        Assert.Empty(Directory.Exists(Path.Combine(_attachments, "webchat")) ? Directory.GetFiles(Path.Combine(_attachments, "webchat")) : []);
        Assert.Equal(0, await db.Inbox.CountAsync(m => m.ExternalChatId == chat.ConversationId));
    }

    [Fact]
    public async Task A_photo_uploaded_in_the_web_chat_is_echoed_served_by_signed_link_and_kept_on_the_ticket()
    {
        var chat = await DirectLineTestClient.StartAsync(_http);
        await chat.SaysAsync("/new");
        await chat.BotRepliesAsync();
        await chat.SaysAsync("Street Lighting");
        await chat.BotRepliesAsync();
        await chat.SendsEventAsync("location", "35.725,51.37");
        await chat.BotRepliesAsync(r => DirectLineTestClient.Text(r).Contains("describe", StringComparison.Ordinal));
        await chat.SaysAsync("The lamp post at the corner is broken and dark.");
        await chat.BotRepliesAsync();

        // A real PNG's first bytes: what a file is comes from its content, not from the declared type.
        byte[] photo = [.. WebChatUploads.Png, .. Enumerable.Range(0, 3000).Select(i => (byte)i)];
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo) { Headers = { ContentType = new("image/png") } }, "file", "lamp.png" },
            { new StringContent(DirectLineTestClient.Message("", "en-US", "upload-1").ToJsonString()) { Headers = { ContentType = new("application/vnd.microsoft.activity") } }, "activity", "blob" },
        };
        var uploaded = await _http.SendAsync(chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/upload?userId=r_user", content: form));
        uploaded.EnsureSuccessStatusCode();
        Assert.Contains("Photo received (1 of 5)", DirectLineTestClient.Text(await chat.BotRepliesAsync()));

        var (all, _) = await chat.ReadAsync();
        var echo = all.Single(a => a["channelData"]?["clientActivityID"]?.GetValue<string>() == "upload-1");
        var url = echo["attachments"]![0]!["contentUrl"]!.GetValue<string>();
        Assert.Equal(photo, await _http.GetByteArrayAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(url[..^4] + "AAAA")).StatusCode);

        await chat.SaysAsync("Done");
        await chat.BotRepliesAsync();
        await chat.SaysAsync("Submit");
        Assert.Contains("Your report is registered", DirectLineTestClient.Text(await chat.BotRepliesAsync()));
        await WaitUntilAsync(async db => await db.Attachments.AnyAsync(a => a.StoredPath != null));
        await using var check = _bot.CreateDbContext();
        var attachment = await check.Attachments.SingleAsync();
        Assert.Equal(photo, await File.ReadAllBytesAsync(_bot.Service<AttachmentStore>().FullPath(attachment.StoredPath!)!));
        Assert.Equal("webchat", (await check.Tickets.SingleAsync()).Channel);
    }

    [Fact]
    public async Task The_chat_page_is_served_in_the_browsers_language_without_inline_script()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/chat");
        request.Headers.AcceptLanguage.ParseAdd("fa-IR,fa;q=0.9,en;q=0.5");
        var persian = await _http.SendAsync(request);
        var english = await _http.GetAsync("/chat?lang=en");

        var html = await persian.Content.ReadAsStringAsync();
        Assert.Contains("dir=\"rtl\"", html);
        Assert.Contains("سامانه ۱۳۷", html);
        Assert.Contains("dir=\"ltr\"", await english.Content.ReadAsStringAsync());
        Assert.DoesNotContain("<script>", html);
        var policy = persian.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/chat/assets/chat.js")).StatusCode);
    }

    private async Task WaitUntilAsync(Func<ChatIntake.Data.IntakeDbContext, Task<bool>> condition)
    {
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _bot.CreateDbContext();
            return await condition(db);
        }, "the attachment to be stored");
    }

    /// <summary>The system clock moved by a fixed amount, to issue tokens as of another time.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
