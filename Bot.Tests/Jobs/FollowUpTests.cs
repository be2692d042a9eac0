using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Jobs;

/// <summary>The follow-ups with a hand-moved clock: each fires when due and not before, and never twice.</summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private readonly OffsetClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AdminHost _host;

    public FollowUpTests()
    {
        // A fixed working morning: due times move only over working hours, so a test started on a Thursday afternoon saw
        // a reopening a day later (Friday, closed) get the same resolution due time as before.
        _clock.SetTo(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(3.5))); // Saturday 14 Azar 1405
        _host = new AdminHost(browser: false, new Dictionary<string, string?>
        {
            ["FollowUps:SurveyAfter"] = "1.00:00:00",
            ["FollowUps:AutoCloseAfter"] = "7.00:00:00",
            ["FollowUps:ProgressNoticeAfterWorkingDays"] = "3",
            // The job's own schedule stays out of the way: these tests run the sweep themselves.
            ["FollowUps:Interval"] = "01:00:00",
        }, services => services.AddSingleton<TimeProvider>(_clock).AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs));
    }

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        await _host.StartRunDoneAsync(); // this host's clock is its own, so the host does not know to wait
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private FollowUpSweep Sweep => _host.Bot.Service<FollowUpSweep>();

    [Fact]
    public async Task Is_it_fixed_is_asked_a_day_after_resolution_once_and_not_fixed_reopens_the_ticket_with_fresh_due_times()
    {
        var (id, code, citizen) = await _host.FileTicketAsync("fu-notfixed");
        await ResolveAsync(id);

        Assert.Equal(0, (await Sweep.RunAsync(default)).Surveys);
        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (await Sweep.RunAsync(default)).Surveys);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Surveys);
        Assert.Equal(0, (await Sweep.RunAsync(default)).Surveys);

        var survey = await DeliveredAsync(citizen.ChatId, "Is the problem fixed?");
        Assert.Equal([SuggestedActionKind.Button], survey.SuggestedActions.Select(a => a.Kind).Distinct());
        var before = await TicketAsync(id);

        var pressed = await citizen.SendAsync(new Activity { Value = survey.SuggestedActions.Single(a => a.Title.Contains("Not fixed", StringComparison.Ordinal)).Value });
        Assert.Contains("is open again", string.Join("\n", pressed.Select(r => r.Text)));
        await citizen.SaysAsync("The lamp works for an hour and then goes dark again.");
        Assert.Contains("being handled again", citizen.LastText);

        var reopened = await TicketAsync(id);
        Assert.Equal(TicketStatus.InProgress, reopened.Status);
        Assert.Null(reopened.ResolvedAt);
        Assert.True(reopened.ResolutionDueAt > before.ResolutionDueAt);
        Assert.Contains(reopened.Events, e => e.Text == "The lamp works for an hour and then goes dark again.");

        // The panel shows it as in progress again, with the citizen's words.
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = await staff.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("goes dark again", page);
        Assert.Equal(TicketStatus.InProgress, (await TicketAsync(id)).Status);

        // A second press on the old buttons changes nothing.
        var late = await citizen.SendAsync(new Activity { Value = SurveyButtons.Value(SurveyAnswer.Fixed, code) });
        Assert.Contains("no longer waits", string.Join("\n", late.Select(r => r.Text)));
        Assert.Equal(TicketStatus.InProgress, (await TicketAsync(id)).Status);
    }

    [Fact]
    public async Task Fixed_closes_the_ticket_and_takes_a_rating_with_words()
    {
        var (id, _, citizen) = await _host.FileTicketAsync("fu-fixed");
        await ResolveAsync(id);
        _clock.Advance(TimeSpan.FromDays(1.1));
        await Sweep.RunAsync(default);
        var survey = await DeliveredAsync(citizen.ChatId, "Is the problem fixed?");

        await citizen.SendAsync(new Activity { Value = survey.SuggestedActions.Single(a => a.Title.Contains("Fixed", StringComparison.Ordinal) && !a.Title.Contains("Not", StringComparison.Ordinal)).Value });
        Assert.Contains("How would you rate", citizen.LastText);
        await citizen.PressesAsync("4");
        Assert.Contains("anything you would like to add", citizen.LastText);
        await citizen.SaysAsync("Quick work, thank you.");
        Assert.Contains("Thank you for your feedback", citizen.LastText);

        var ticket = await TicketAsync(id);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(4, ticket.Satisfaction);
        Assert.Equal("Quick work, thank you.", ticket.SatisfactionComment);
    }

    [Fact]
    public async Task A_resolved_ticket_nobody_answered_about_closes_after_a_week_and_the_citizen_is_told()
    {
        var (id, _, citizen) = await _host.FileTicketAsync("fu-close");
        await ResolveAsync(id);

        _clock.Advance(TimeSpan.FromDays(6.9));
        Assert.Equal(0, (await Sweep.RunAsync(default)).Closed);
        _clock.Advance(TimeSpan.FromDays(0.2));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Closed);
        Assert.Equal(0, (await Sweep.RunAsync(default)).Closed);

        Assert.Equal(TicketStatus.Closed, (await TicketAsync(id)).Status);
        await DeliveredAsync(citizen.ChatId, "is now closed");
    }

    [Fact]
    public async Task Staff_reopening_a_resolved_ticket_gives_it_fresh_due_times()
    {
        var (id, _, _) = await _host.FileTicketAsync("fu-staff-reopen");
        await ResolveAsync(id);
        _clock.Advance(TimeSpan.FromDays(20));

        using (var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await staff.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "InProgress" }, $"/admin/tickets/{id}");
        }

        var reopened = await TicketAsync(id);
        Assert.Equal(TicketStatus.InProgress, reopened.Status);
        Assert.Null(reopened.ResolvedAt);
        Assert.True(reopened.ResolutionDueAt > _clock.GetUtcNow(), "the resolution target starts again from the reopening");
        Assert.Equal(0, (await Sweep.RunAsync(default)).Escalated);
    }

    [Fact]
    public async Task Follow_up_texts_are_templates_staff_can_edit_in_both_languages()
    {
        using (var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var saved = await admin.PostFormAsync("/admin/settings/texts", new()
            {
                ["key"] = "followup.closed",
                ["fa"] = "پرونده {0} بسته شد.",
                ["en"] = "Case {0} closed. Call 137 if it comes back.",
            });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        }

        var (id, code, citizen) = await _host.FileTicketAsync("fu-template");
        await ResolveAsync(id);
        _clock.Advance(TimeSpan.FromDays(7.1));
        await Sweep.RunAsync(default);

        Assert.Equal($"Case {TrackingCode.Format(code)} closed. Call 137 if it comes back.", (await DeliveredAsync(citizen.ChatId, "Case ")).Text);
    }

    [Fact]
    public async Task A_ticket_without_progress_for_three_working_days_gets_one_still_in_hand_message_per_period()
    {
        var (id, _, citizen) = await _host.FileTicketAsync("fu-quiet");

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sweep.RunAsync(default)).ProgressNotices);
        _clock.Advance(TimeSpan.FromDays(5)); // a week with a Friday in it holds at least three working days
        Assert.Equal(1, (await Sweep.RunAsync(default)).ProgressNotices);
        Assert.Equal(0, (await Sweep.RunAsync(default)).ProgressNotices);
        await DeliveredAsync(citizen.ChatId, "is still being handled");

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sweep.RunAsync(default)).ProgressNotices);
        Assert.NotNull((await TicketAsync(id)).ProgressNoticeAt);
    }

    [Fact]
    public async Task A_report_left_half_way_gets_one_reminder_after_half_an_hour_and_is_dropped_after_a_day()
    {
        var citizen = _host.Bot.Citizen("fu-unfinished", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        Assert.Contains("Where is it?", citizen.LastText);

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, (await Sweep.RunAsync(default)).Nudged);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Nudged);
        Assert.Equal(0, (await Sweep.RunAsync(default)).Nudged);
        await DeliveredAsync(citizen.ChatId, "in the middle of a report");

        // Still answerable after the reminder: the report goes on where it was.
        await citizen.SharesLocationAsync(35.7251, 51.3702);
        Assert.Contains("describe the problem", citizen.LastText);

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (await Sweep.RunAsync(default)).Expired);
        _clock.Advance(TimeSpan.FromHours(1.1));
        var counts = await Sweep.RunAsync(default);
        Assert.Equal(1, counts.Expired);
        Assert.Equal(0, counts.Nudged);
        Assert.Equal(0, (await Sweep.RunAsync(default)).Expired);
        await DeliveredAsync(citizen.ChatId, "was not sent and has been set aside");

        // The conversation starts afresh: plain text is no longer taken as the description.
        await citizen.SaysAsync("/new");
        Assert.Contains("What is the problem about?", citizen.LastText);
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync(t => t.Citizen!.ExternalUserId == "user-fu-unfinished"));
    }

    [Fact]
    public async Task A_report_the_sweep_set_aside_is_answered_from_the_row_the_sweep_left_without_a_failed_save()
    {
        var citizen = _host.Bot.Citizen("fu-aside", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        _clock.Advance(TimeSpan.FromHours(24.5));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Expired);

        // The sweep changed the conversation's row behind the turns' back; the next turn starts from it, first time.
        await citizen.SaysAsync("/new");

        Assert.Contains("What is the problem about?", citizen.LastText);
        Assert.DoesNotContain(_logs.Exceptions, e => e is DbUpdateConcurrencyException);
    }

    [Fact]
    public async Task A_closed_ticket_can_be_reopened_from_the_chat_within_the_window_and_not_after()
    {
        var (id, code, citizen) = await _host.FileTicketAsync("fu-reopen");
        var (lateId, lateCode, _) = await _host.FileTicketAsync("fu-reopen");
        await ResolveAsync(id);
        await ResolveAsync(lateId);
        _clock.Advance(TimeSpan.FromDays(7.5));
        Assert.Equal(2, (await Sweep.RunAsync(default)).Closed);

        await citizen.SaysAsync("/status " + code);
        Assert.Contains("/reopen " + TrackingCode.Format(code), citizen.LastText);
        await citizen.SaysAsync("/reopen " + code.ToLowerInvariant());
        Assert.Contains("is open again", citizen.LastText);
        await citizen.PressesAsync("Skip");
        Assert.Contains("being handled again", citizen.LastText);
        var reopened = await TicketAsync(id);
        Assert.Equal(TicketStatus.InProgress, reopened.Status);
        Assert.Null(reopened.ClosedAt);
        Assert.True(reopened.ResolutionDueAt > _clock.GetUtcNow());

        await citizen.SaysAsync("/reopen " + code);
        Assert.Contains("still open", citizen.LastText);

        _clock.Advance(TimeSpan.FromDays(15));
        await citizen.SaysAsync("/reopen " + lateCode);
        Assert.Contains("cannot be reopened", citizen.LastText);
        Assert.Equal(TicketStatus.Closed, (await TicketAsync(lateId)).Status);
    }

    [Fact]
    public async Task Processed_updates_are_forgotten_after_a_week_and_unprocessed_ones_never()
    {
        var citizen = _host.Bot.Citizen("fu-prune", "en");
        await citizen.SaysAsync("/help");
        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.True(await db.Inbox.AnyAsync(m => m.ExternalChatId == "fu-prune"));
            db.Inbox.Add(new ChatIntake.Conversations.InboxMessage
            {
                Channel = "test", ExternalUpdateId = "never-processed", ExternalChatId = "fu-prune-stuck", Payload = "{}", ReceivedAt = _clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromDays(6.9));
        Assert.Equal(0, (await Sweep.RunAsync(default)).UpdatesPruned);
        _clock.Advance(TimeSpan.FromDays(0.2));
        Assert.True((await Sweep.RunAsync(default)).UpdatesPruned >= 1);

        await using var check = _host.Bot.CreateDbContext();
        Assert.False(await check.Inbox.AnyAsync(m => m.ExternalChatId == "fu-prune"));
        Assert.True(await check.Inbox.AnyAsync(m => m.ExternalUpdateId == "never-processed"));
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // stops the run by holding SQLite's in-process write gate, which PostgreSQL does not use
    public async Task A_run_stopped_half_way_leaves_nothing_half_done_and_later_runs_send_each_survey_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add((await _host.FileTicketAsync($"fu-cut-{i}")).Id);
        }

        using (var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            foreach (var id in ids)
            {
                await staff.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{id}");
            }
        }

        _clock.Advance(TimeSpan.FromDays(1.1));

        // The run is stopped while it waits for the database's one writer, as a process killed mid-run would be:
        // whatever it had not committed must be neither half-done nor lost.
        var gate = _host.Bot.Service<ChatIntake.Data.WriteGate>();
        var held = await gate.EnterAsync(default);
        using var stop = new CancellationTokenSource();
        var run = Sweep.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => gate.Waiting > 0 || run.IsCompleted, "the run to wait for the write gate");
        Assert.False(run.IsCompleted, "the run finished without waiting for the write gate");
        stop.Cancel();
        held.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.All(await SurveyCountsAsync(ids), n => Assert.Equal(0, n));

        await Sweep.RunAsync(default);
        await Sweep.RunAsync(default);

        Assert.All(await SurveyCountsAsync(ids), n => Assert.Equal(1, n));
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal(ids.Count, await db.Tickets.CountAsync(t => ids.Contains(t.Id) && t.SurveySentAt != null));
    }

    private async Task<List<int>> SurveyCountsAsync(List<long> ids)
    {
        await using var db = _host.Bot.CreateDbContext();
        var counts = await db.Outbox.Where(m => m.TicketId != null && ids.Contains(m.TicketId.Value) && m.Payload.Contains("survey:"))
            .GroupBy(m => m.TicketId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return [.. ids.Select(id => counts.FirstOrDefault(c => c.Key == id)?.Count ?? 0)];
    }

    private async Task ResolveAsync(long id)
    {
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        await staff.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{id}");
        Assert.Equal(TicketStatus.Resolved, (await TicketAsync(id)).Status);
    }

    private async Task<ChatIntake.Tickets.Ticket> TicketAsync(long id)
    {
        await using var db = _host.Bot.CreateDbContext();
        return await db.Tickets.AsNoTracking().Include(t => t.Events).SingleAsync(t => t.Id == id);
    }

    /// <summary>Waits for the outbox to deliver a message containing <paramref name="text"/> to the chat.</summary>
    private async Task<Activity> DeliveredAsync(string chatId, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId).Last(a => a.Text?.Contains(text, StringComparison.Ordinal) == true);
    }
}
