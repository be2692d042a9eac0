namespace ChatIntake.Tests.Admin;

/// <summary>What the ticket page (in the panel's default Persian) honestly says about a web-chat citizen: when their chat page was last open, and whether a reply was fetched.</summary>
public sealed class WebChatReachTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_reply_to_a_web_chat_waits_for_the_citizen_until_their_page_fetches_it_then_shows_as_seen()
    {
        using var http = _host.Bot.CreateClient();
        var (id, chat) = await WebChatTicket.FileAsync(_host, http);
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await admin.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew is on its way." }, page);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _host.Bot.WaitForOutboxAsync(chat.ConversationId, timeout.Token);
        }

        var before = await admin.GetPageAsync(page);
        Assert.Contains("data-read=\"webchatWaiting\"", before);
        Assert.Contains("در انتظار باز شدن گفت‌وگو", before);
        Assert.DoesNotContain("data-read=\"Sent\"", before);

        // The page fetches the reply, then polls again holding the watermark that covers it.
        await chat.ReceivesAsync("A crew is on its way.");
        await chat.ReadAsync(chat.Watermark);

        var after = await admin.GetPageAsync(page);
        Assert.DoesNotContain("data-read=\"webchatWaiting\"", after);
        Assert.Contains("data-read=\"webchatSeen\"", after);
        Assert.Contains("data-reach=\"webchat-seen\"", after);
        Assert.Contains("همین حالا", after);
    }

    [Fact]
    public async Task A_web_chat_citizen_not_seen_for_longer_than_ReachableFor_is_shown_with_a_warning_and_the_reply_box_stays()
    {
        using var http = _host.Bot.CreateClient();
        var (id, _) = await WebChatTicket.FileAsync(_host, http);
        using (var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var fresh = await admin.GetPageAsync($"/admin/tickets/{id}");
            Assert.Contains("data-reach=\"webchat-seen\"", fresh);
            Assert.DoesNotContain("data-reach=\"reachable\"", fresh);
            Assert.DoesNotContain("پاسخ هرگز خوانده نشود", fresh);
        }

        _host.Clock!.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(2));
        using var later = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var html = await later.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("data-reach=\"webchat-stale\"", html);
        Assert.Contains("۳ روز پیش", html);
        Assert.Contains("پاسخ هرگز خوانده نشود", html);
        Assert.Contains("name=\"Mode\" value=\"reply\"", html);
    }

    [Fact]
    public async Task A_telegram_reply_still_shows_as_delivered_and_the_citizen_as_reachable()
    {
        var (id, _, _) = await _host.FileTicketAsync("reach-telegram");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await admin.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew is on its way." }, page);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _host.Bot.WaitForOutboxAsync("reach-telegram", timeout.Token);
        }

        var html = await admin.GetPageAsync(page);
        Assert.Contains("data-delivery=\"Sent\" data-read=\"Sent\">ارسال شد", html);
        Assert.Contains("data-reach=\"reachable\"", html);
        Assert.DoesNotContain("data-reach=\"webchat", html);
    }
}
