using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Jobs;
using ChatIntake.Outbox;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Data;

/// <summary>
/// Two instances of the product on one PostgreSQL database, as behind a load balancer. PostgreSQL only: a SQLite file
/// belongs to one process (test.sh runs these in the PostgreSQL run).
/// </summary>
[Trait("Database", "PostgresOnly")]
public sealed class SeveralInstancesTests
{
    [Fact]
    public async Task Two_instances_send_each_reply_once_through_one_sender_and_the_other_takes_over_when_it_stops()
    {
        using var database = new TestDatabaseFile();
        var first = new BotApplicationFactory(database.Path);
        await using var second = new BotApplicationFactory(database.Path);
        try
        {
            _ = first.Services;
            _ = second.Services;

            // Citizens' updates arrive at either instance; whichever sends, every reply goes out once.
            for (var i = 0; i < 6; i++)
            {
                await (i % 2 == 0 ? first : second).Service<Inbox>().AcceptAsync(Update($"multi-{i}", "/start"), CancellationToken.None);
            }

            var sent = await AllSentAsync(second, 6);
            var delivered = first.Channel.Delivered.Count + second.Channel.Delivered.Count;
            Assert.Equal(sent, delivered);
            Assert.True(first.Channel.Delivered.Count == 0 || second.Channel.Delivered.Count == 0,
                $"one instance sends for the bot: the first sent {first.Channel.Delivered.Count}, the second {second.Channel.Delivered.Count}");

            // The sender stops; the other takes over and the next replies still go out once.
            var sender = first.Channel.Delivered.Count > 0 ? first : second;
            var survivor = sender == first ? second : first;
            var survivorBefore = survivor.Channel.Delivered.Count;
            await sender.DisposeAsync();
            for (var i = 6; i < 8; i++)
            {
                await survivor.Service<Inbox>().AcceptAsync(Update($"multi-{i}", "/start"), CancellationToken.None);
            }

            var sentAfter = await AllSentAsync(survivor, 8);
            Assert.Equal(sentAfter - sent, survivor.Channel.Delivered.Count - survivorBefore);
            Assert.NotEmpty(survivor.Channel.DeliveredTo("multi-7"));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_survey_is_sent_once_though_both_instances_schedulers_run_as_one_cluster()
    {
        using var database = new TestDatabaseFile();
        var clock = new OffsetClock();
        var settings = new Dictionary<string, string?> { ["FollowUps:SurveyAfter"] = "1.00:00:00", ["FollowUps:Interval"] = "00:00:01" };
        var first = new AdminHost(browser: false, settings, services => services.AddSingleton<TimeProvider>(clock), database.Path);
        var second = new AdminHost(browser: false, settings, services => services.AddSingleton<TimeProvider>(clock), database.Path);
        try
        {
            // The first instance takes the report (and sends its replies); the second joins before anything is due.
            await first.InitializeAsync();
            var (id, _, _) = await first.FileTicketAsync("cluster-survey");
            using (var staff = await first.SignInAsync("admin", AdminHost.AdminPassword))
            {
                await staff.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{id}");
            }

            await second.InitializeAsync();
            // Both schedulers check in to one cluster in the shared tables (the second at its first check-in, soon after its start).
            await Eventually.UntilAsync(async () =>
            {
                await using var db = first.Bot.CreateDbContext();
                return await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM qrtz_scheduler_state").SingleAsync();
            }, count => count == 2, "both schedulers to check in to the cluster", TimeSpan.FromSeconds(30));

            // The jump makes the follow-up trigger a misfire, which Quartz's misfire handler picks up on its next look (every 60 s).
            clock.Advance(TimeSpan.FromDays(1.1));
            var surveyedAt = await Eventually.UntilAsync<DateTimeOffset?>(async () =>
            {
                await using var db = first.Bot.CreateDbContext();
                return await db.Tickets.Where(t => t.Id == id).Select(t => t.SurveySentAt).SingleAsync();
            }, at => at is not null, "the survey to be sent by one of the schedulers", TimeSpan.FromSeconds(90));

            // Three more firings of the follow-up job, wherever the cluster ran them, send nothing more.
            var later = new HashSet<DateTimeOffset>();
            await Eventually.UntilAsync(async () =>
            {
                // The runs table is shared: it holds the latest run, whichever instance ran it.
                if ((await first.Bot.Service<JobRuns>().ListAsync(CancellationToken.None)).TryGetValue(FollowUpJob.Key.ToString(), out var run) && run.StartedAt > surveyedAt)
                {
                    later.Add(run.StartedAt);
                }

                return later.Count;
            }, count => count >= 3, "three follow-up runs after the survey", TimeSpan.FromSeconds(40));
            await using (var db = first.Bot.CreateDbContext())
            {
                Assert.Equal(1, await db.Outbox.CountAsync(m => m.TicketId == id && m.Payload.Contains("survey:")));
            }
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Updates_of_one_chat_reaching_both_instances_in_turn_are_turned_in_order_into_one_report()
    {
        using var database = new TestDatabaseFile();
        await using var first = new BotApplicationFactory(database.Path);

        // The steps of a whole report, learnt from a citizen who reports through the first instance alone (so it is the sender).
        var probe = first.Citizen("order-probe", "en");
        var steps = new List<Activity>();
        async Task StepAsync(Activity activity)
        {
            steps.Add(activity);
            await probe.SendAsync(activity);
        }

        await StepAsync(new Activity { Text = "/new" });
        var light = probe.LastReplies.Last().SuggestedActions.First(a => a.Title.Contains("Light", StringComparison.Ordinal));
        await StepAsync(light.Kind == SuggestedActionKind.Button ? new Activity { Value = light.Value } : new Activity { Text = light.Title });
        await StepAsync(new Activity { Location = new GeoPoint(35.725, 51.37) });
        await StepAsync(new Activity { Text = "The light pole is leaning and the lamp is off." });
        await StepAsync(new Activity { Text = "Skip" });
        await StepAsync(new Activity { Text = "✅ Submit" });
        Assert.Contains("Your report is registered", probe.LastText);
        var expected = Digitless(first.Channel.DeliveredTo("order-probe"));

        await using var second = new BotApplicationFactory(database.Path);
        _ = second.Services;

        // Five citizens report at once; each one's updates are stored alternately by the two instances, as a load balancer would.
        var chats = Enumerable.Range(0, 5).Select(i => $"order-{i}").ToList();
        foreach (var (activity, step) in steps.Select((a, i) => (a, i)))
        {
            // Each at their own pin, some 200 m apart, so none is offered another's report as a duplicate.
            await Task.WhenAll(chats.Select((chat, c) => ((step + c) % 2 == 0 ? first : second).Service<Inbox>().AcceptAsync(
                new InboundUpdate(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), chat, activity with
                {
                    From = new ChannelAccount("user-" + chat, "Citizen " + chat, "en"),
                    Location = activity.Location is null ? null : new GeoPoint(activity.Location.Latitude + 0.002 * (c + 1), activity.Location.Longitude),
                }), CancellationToken.None)));
        }

        await AllSentAsync(first, steps.Count * (1 + chats.Count));
        foreach (var chat in chats)
        {
            await using var db = first.CreateDbContext();
            var heard = Digitless(first.Channel.DeliveredTo(chat).Concat(second.Channel.DeliveredTo(chat)));
            Assert.True(expected.SequenceEqual(heard), $"chat {chat} heard:\n{string.Join("\n---\n", heard)}\n\nexpected:\n{string.Join("\n---\n", expected)}");
            Assert.Equal(1, await db.Tickets.CountAsync(t => t.Citizen!.ExternalUserId == "user-" + chat));
        }
    }

    [Fact]
    public async Task An_update_one_instance_stored_and_never_turned_is_turned_by_the_other()
    {
        using var database = new TestDatabaseFile();
        var settings = new Dictionary<string, string?> { ["Pipeline:OrphanAfter"] = "00:00:02" };
        await using var survivor = new BotApplicationFactory(database.Path, settings);
        _ = survivor.Services;

        // The other instance stores a citizen's update (the channel hears "accepted"), then dies before turning it.
        var dying = new BotApplicationFactory(database.Path, settings, BotApplicationFactory.ServicesMayBeStopped);
        try
        {
            await dying.Service<TurnProcessor>().StopAsync(CancellationToken.None);
            Assert.True(await dying.Service<Inbox>().AcceptAsync(Update("orphaned", "/start"), CancellationToken.None));
        }
        finally
        {
            await dying.DisposeAsync();
        }

        var delivered = await Eventually.UntilAsync(() => survivor.Channel.DeliveredTo("orphaned"), d => d.Count > 0,
            "the surviving instance to answer the update the other stored", TimeSpan.FromSeconds(30));
        Assert.Contains("What would you like to do?", delivered[0].Text);
        await using var db = survivor.CreateDbContext();
        Assert.Equal(0, await db.Inbox.CountAsync(m => m.ProcessedAt == null));
    }

    /// <summary>What the citizen read, without tracking codes and numbers (they differ between reports).</summary>
    private static List<string> Digitless(IEnumerable<Activity> replies) =>
        [.. replies.Select(r => new string([.. System.Text.RegularExpressions.Regex.Replace(r.Text ?? string.Empty, "[A-Z0-9]{2,}-[A-Z0-9]{2,}", "CODE").Where(c => !char.IsDigit(c))]))];

    private static InboundUpdate Update(string chat, string text) =>
        new(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), chat, new Activity { Text = text, From = new ChannelAccount("user-" + chat, "Citizen " + chat, "en") });

    /// <summary>Waits until the chats' updates are turned and nothing waits in the outbox; returns how many messages were sent.</summary>
    private static async Task<int> AllSentAsync(BotApplicationFactory host, int chats)
    {
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Inbox.CountAsync(m => m.ProcessedAt != null) >= chats && !await db.Outbox.AnyAsync(m => m.State == OutboxState.Pending);
        }, $"{chats} chats turned and their replies sent", TimeSpan.FromSeconds(40));
        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.State == OutboxState.Failed));
        return await db.Outbox.CountAsync(m => m.State == OutboxState.Sent);
    }
}
