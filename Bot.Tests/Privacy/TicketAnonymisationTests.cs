using System.Text.Json;
using ChatIntake.Jobs;
using ChatIntake.Privacy;
using ChatIntake.Tests.Admin;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Privacy;

/// <summary>Closed tickets past Privacy:AnonymiseClosedAfter keep their figures and nothing personal, and a run cut short never leaves a ticket half done.</summary>
public sealed class TicketAnonymisationTests : IAsyncLifetime
{
    private static readonly TimeSpan PastRetention = TimeSpan.FromDays(750);
    private readonly string _files = Path.Combine(Path.GetTempPath(), "privacy-files-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;

    public TicketAnonymisationTests() => _host = AdminHost.WithClock(new Dictionary<string, string?>
    {
        // Its own attachment folder: the test looks at every file in it.
        ["Attachments:Folder"] = _files,
        // Months pass by hand: no "still being handled" notice may wake the chats meanwhile.
        ["FollowUps:ProgressNoticeAfterWorkingDays"] = "0",
        ["Privacy:RetentionInterval"] = "1.00:00:00",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    [Fact]
    public async Task A_closed_ticket_with_a_thread_photos_and_followers_keeps_its_figures_and_nothing_personal()
    {
        var reporterChat = "anon-" + Guid.NewGuid().ToString("N")[..8];
        var followerChat = "follow-" + Guid.NewGuid().ToString("N")[..8];
        var (id, _, reporter) = await _host.FileTicketAsync(reporterChat, "fa", description: "چراغ کوچه خاموش است. شماره من ۰۹۱۲۳۴۵۶۷۸۹ و ایمیل ali.rezaei@example.com است.");
        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Citizen).SingleAsync(t => t.Id == id);
            ticket.Citizen!.Phone = "+989123456789"; // as a shared contact sets it
            await db.SaveChangesAsync();
            await FollowAsync(followerChat, ticket.Latitude!.Value, ticket.Longitude!.Value);
        }

        await PrivacyTestData.AddWordsAsync(reporter, "شماره دیگرم 0935-111-2233 است، لطفاً زنگ بزنید.");
        var (_, photo) = await PrivacyTestData.AddPhotoAsync(_host, id, reporter);
        using (var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var page = $"/admin/tickets/{id}";
            await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "We will call you on 021 8877 6655 tomorrow." }, page);
        }

        await PrivacyTestData.CloseAsync(_host, id);
        await RateAsync(id, "عالی بود، با 09121112233 تماس گرفتند");
        var channelFileIds = await ChannelFileIdsAsync(id);
        var (figures, lastEvent) = await FiguresAsync(id, null);

        _host.Clock!.Advance(PastRetention);
        await _host.Bot.Service<FollowUpSweep>().RunAsync(CancellationToken.None); // the inbox's own retention
        var counts = await _host.Bot.Service<PrivacyRetention>().RunAsync(CancellationToken.None);

        Assert.Equal(1, counts.Tickets);
        Assert.Equal(2, counts.Citizens); // the reporter and the follower had nothing else
        Assert.Equal(figures, (await FiguresAsync(id, lastEvent)).Figures);
        await using (var db = _host.Bot.CreateDbContext())
        {
            var personal = new[] { reporterChat, followerChat, "+989123456789", "۰۹۱۲۳۴۵۶۷۸۹", "ali.rezaei@example.com", "0935-111-2233", "021 8877 6655", "09121112233" }
                .Concat(channelFileIds).ToList();
            var left = (await PrivacyTestData.AllTextAsync(db)).Where(t => personal.Any(p => t.Value.Contains(p, StringComparison.Ordinal))).ToList();
            Assert.True(left.Count == 0, "Personal data left: " + string.Join("; ", left.Select(l => $"{l.Table}.{l.Column} = {l.Value[..Math.Min(l.Value.Length, 120)]}")));
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.NotNull(ticket.AnonymisedAt);
            Assert.Null(ticket.CitizenErasedAt);
            Assert.Contains("***", ticket.Description);
            Assert.Null(ticket.AddressText);
            Assert.Equal(Math.Round(ticket.Latitude!.Value, 3), ticket.Latitude);
            Assert.Equal(0, await db.TicketFollowers.CountAsync());
            Assert.Equal(0, await db.PendingFileDeletions.CountAsync());
            Assert.All(await db.Attachments.Where(a => a.TicketId == id).ToListAsync(), a => Assert.Null(a.StoredPath));
        }

        Assert.False(File.Exists(photo));
        Assert.Empty(Directory.Exists(_files) ? Directory.EnumerateFiles(_files, "*", SearchOption.AllDirectories) : []);

        // Run again: nothing more to do, nothing done twice.
        Assert.Equal(0, (await _host.Bot.Service<PrivacyRetention>().RunAsync(CancellationToken.None)).Tickets);
        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.Equal(1, await db.TicketEvents.CountAsync(e => e.TicketId == id && e.Text != null && e.Text.StartsWith("Anonymised")));
        }
    }

    [Fact]
    public async Task A_run_broken_before_or_after_a_commit_leaves_no_ticket_half_done_and_the_next_run_finishes()
    {
        var tickets = new List<(long Id, string Photo)>();
        for (var i = 0; i < 3; i++)
        {
            var (id, _, citizen) = await _host.FileTicketAsync($"cut-{i}-" + Guid.NewGuid().ToString("N")[..6], "en", description: $"Light {i} is out, call me on 0912 000 00{i}{i} please.");
            var (_, photo) = await PrivacyTestData.AddPhotoAsync(_host, id, citizen);
            await PrivacyTestData.CloseAsync(_host, id);
            tickets.Add((id, photo));
        }

        _host.Clock!.Advance(PastRetention);
        var retention = _host.Bot.Service<PrivacyRetention>();
        var seen = 0;
        void BreakBeforeSecondCommit(long _)
        {
            if (++seen == 2)
            {
                throw new InvalidOperationException("power cut before the commit");
            }
        }

        retention.TicketStaged += BreakBeforeSecondCommit;
        await Assert.ThrowsAsync<InvalidOperationException>(() => retention.RunAsync(CancellationToken.None));
        retention.TicketStaged -= BreakBeforeSecondCommit;

        await AssertStateAsync(tickets[0], done: true);
        await AssertStateAsync(tickets[1], done: false);
        await AssertStateAsync(tickets[2], done: false);

        void BreakAfterCommit(long _) => throw new InvalidOperationException("power cut after the commit, before the files");
        retention.TicketCommitted += BreakAfterCommit;
        await Assert.ThrowsAsync<InvalidOperationException>(() => retention.RunAsync(CancellationToken.None));
        retention.TicketCommitted -= BreakAfterCommit;
        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.NotNull((await db.Tickets.SingleAsync(t => t.Id == tickets[1].Id)).AnonymisedAt);
            Assert.Equal(1, await db.PendingFileDeletions.CountAsync()); // the file the commit orphaned, remembered
        }

        Assert.True(File.Exists(tickets[1].Photo));
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retention.RunAsync(cancelled.Token));
        }

        var counts = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(1, counts.Tickets);
        foreach (var ticket in tickets)
        {
            await AssertStateAsync(ticket, done: true);
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.Equal(0, await db.PendingFileDeletions.CountAsync());
            foreach (var (id, _) in tickets)
            {
                Assert.Equal(1, await db.TicketEvents.CountAsync(e => e.TicketId == id && e.Text != null && e.Text.StartsWith("Anonymised")));
                Assert.Equal(1, await db.Audit.CountAsync(a => a.TicketId == id && a.Action == "anonymised"));
            }
        }
    }

    /// <summary>Done: no link, no words, no file. Not done: all of it exactly as it was, nothing listed for deletion.</summary>
    private async Task AssertStateAsync((long Id, string Photo) expected, bool done)
    {
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Citizen).Include(t => t.Attachments).SingleAsync(t => t.Id == expected.Id);
        if (done)
        {
            Assert.NotNull(ticket.AnonymisedAt);
            Assert.Equal(PlaceholderCitizen.Channel, ticket.Citizen!.Channel);
            Assert.DoesNotContain("0912", ticket.Description);
            Assert.Null(ticket.Attachments.Single().StoredPath);
            Assert.False(File.Exists(expected.Photo));
        }
        else
        {
            Assert.Null(ticket.AnonymisedAt);
            Assert.NotEqual(PlaceholderCitizen.Channel, ticket.Citizen!.Channel);
            Assert.Contains("0912", ticket.Description);
            Assert.NotNull(ticket.Attachments.Single().StoredPath);
            Assert.True(File.Exists(expected.Photo));
            Assert.False(await db.TicketEvents.AnyAsync(e => e.TicketId == expected.Id && e.Text != null && e.Text.StartsWith("Anonymised")));
        }
    }

    private async Task FollowAsync(string chat, double latitude, double longitude)
    {
        var follower = _host.Bot.Citizen(chat, "en");
        await follower.SaysAsync("/new");
        await follower.PressesAsync("Light");
        await follower.SharesLocationAsync(latitude + 0.00002, longitude);
        await follower.SaysAsync("The lamp post at the corner is broken and dark.");
        await follower.PressesAsync("Skip");
        await follower.PressesAsync("Submit");
        await follower.PressesAsync("Follow that one");
    }

    private async Task RateAsync(long id, string words)
    {
        var workflow = _host.Bot.Service<TicketWorkflow>();
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        workflow.Rate(ticket, TicketActor.Citizen(ticket.CitizenId), 4, words, _host.Clock!.GetUtcNow());
        await workflow.CommitAsync(db, CancellationToken.None);
    }

    private async Task<List<string>> ChannelFileIdsAsync(long id)
    {
        await using var db = _host.Bot.CreateDbContext();
        return await db.Attachments.Where(a => a.TicketId == id).Select(a => a.ChannelFileId).ToListAsync();
    }

    /// <summary>What the statistics read: the ticket's figures and its events (those there before, when <paramref name="upTo"/> is given).</summary>
    private async Task<(string Figures, long LastEvent)> FiguresAsync(long id, long? upTo)
    {
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Where(t => t.Id == id).Select(t => new
        {
            t.Status, t.Kind, t.Channel, t.CategoryId, t.DistrictId, t.Priority, t.Department, t.Satisfaction,
            t.CreatedAt, t.ResolvedAt, t.ClosedAt, t.FirstResponseAt, t.ResponseDueAt, t.ResolutionDueAt, t.AgencyHeldFor,
        }).SingleAsync();
        var events = await db.TicketEvents.Where(e => e.TicketId == id && (upTo == null || e.Id <= upTo)).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Kind, e.ActorKind, e.FromStatus, e.ToStatus, e.FromValue, e.ToValue, e.CreatedAt }).ToListAsync();
        return (JsonSerializer.Serialize(new { ticket, events = events.Select(e => new { e.Kind, e.ActorKind, e.FromStatus, e.ToStatus, e.FromValue, e.ToValue, e.CreatedAt }) }), events[^1].Id);
    }
}
