using ChatIntake.Jobs;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Privacy;

/// <summary>Each log has its own retention: delivered messages lose their words and chat id, processed updates and audit entries go.</summary>
public sealed class LogRetentionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["FollowUps:ProgressNoticeAfterWorkingDays"] = "0",
        ["Privacy:KeepDeliveredOutboxFor"] = "30.00:00:00",
        ["Privacy:KeepAuditFor"] = "365.00:00:00",
        ["Privacy:RetentionInterval"] = "1.00:00:00",
    };

    [Fact]
    public async Task Delivered_payloads_processed_updates_and_old_audit_entries_go_each_after_its_own_time()
    {
        var host = AdminHost.WithClock(Settings);
        await host.InitializeAsync();
        try
        {
            await RetentionRunsAsync(host);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task RetentionRunsAsync(AdminHost host)
    {
        var (id, chat) = await OpenTicketWithStaffReplyAsync(host);
        var retention = host.Bot.Service<PrivacyRetention>();

        host.Clock!.Advance(TimeSpan.FromDays(31));
        var month = await retention.RunAsync(CancellationToken.None);
        await host.Bot.Service<FollowUpSweep>().RunAsync(CancellationToken.None);

        Assert.True(month.OutboxPayloads > 0);
        Assert.Equal(0, month.AuditEntries);
        await using (var db = host.Bot.CreateDbContext())
        {
            var sent = await db.Outbox.Where(m => m.TicketId == id || m.CitizenId != null).ToListAsync();
            Assert.NotEmpty(sent);
            Assert.All(sent, m => Assert.Equal(("{}", "", OutboxState.Sent), (m.Payload, m.ExternalChatId, m.State)));
            Assert.Equal(0, await db.Inbox.CountAsync(m => m.ExternalChatId == chat)); // FollowUps:KeepProcessedUpdatesFor, 7 days
            Assert.True(await db.Audit.AnyAsync(a => a.TicketId == id && a.Action == "reply"));
            Assert.Null((await db.Tickets.SingleAsync(t => t.Id == id)).AnonymisedAt); // open: kept whole for the work
        }

        // The reply's delivery state is still shown, without its words.
        using (var staff = await host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            Assert.Contains("data-delivery=\"Sent\"", await staff.GetPageAsync($"/admin/tickets/{id}"));
        }

        host.Clock.Advance(TimeSpan.FromDays(335));
        var year = await retention.RunAsync(CancellationToken.None);

        Assert.True(year.AuditEntries > 0);
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.False(await db.Audit.AnyAsync(a => a.TicketId == id && a.Action == "reply"));
        }
    }

    [Fact]
    public async Task Retention_set_off_explicitly_removes_nothing()
    {
        var host = AdminHost.WithClock(new Dictionary<string, string?>(Settings) { ["Privacy:RetentionEnabled"] = "false" });
        await host.InitializeAsync();
        try
        {
            var (id, _) = await OpenTicketWithStaffReplyAsync(host);
            await PrivacyTestData.CloseAsync(host, id);

            host.Clock!.Advance(TimeSpan.FromDays(3000));
            var counts = await host.Bot.Service<PrivacyRetention>().RunAsync(CancellationToken.None);

            Assert.Equal(0, counts.Total);
            await using var db = host.Bot.CreateDbContext();
            Assert.True(await db.Audit.AnyAsync(a => a.TicketId == id));
            Assert.False(await db.Outbox.AnyAsync(m => m.Payload == "{}"));
            Assert.Null((await db.Tickets.SingleAsync(t => t.Id == id)).AnonymisedAt);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<(long Id, string Chat)> OpenTicketWithStaffReplyAsync(AdminHost host)
    {
        var chat = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var (id, _, citizen) = await host.FileTicketAsync(chat, "en");
        using var staff = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew comes tomorrow." }, page);
        await citizen.ReceivesAsync("A crew comes tomorrow.");
        using var settled = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.Bot.WaitForOutboxAsync(chat, settled.Token);
        return (id, chat);
    }
}
