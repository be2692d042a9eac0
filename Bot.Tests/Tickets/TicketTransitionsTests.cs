using System.Net;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// The table of allowed status changes, pair by pair: as written, through the workflow for each kind of actor, and from
/// each entry point (the panel's forms, the citizen's desk the bot's dialogs use, and the follow-up sweep).
/// </summary>
public sealed class TicketTransitionsTests : IAsyncLifetime
{
    // The table as the centre runs it, spelled out here so a change to the product's table must be made twice on purpose.
    private static readonly Dictionary<ActorKind, string[]> Expected = new()
    {
        [ActorKind.Staff] =
        [
            "New→Referred", "New→InProgress", "New→Resolved", "New→Rejected", "New→Duplicate",
            "Referred→New", "Referred→InProgress", "Referred→Resolved", "Referred→Rejected", "Referred→Duplicate",
            "InProgress→New", "InProgress→Referred", "InProgress→Resolved", "InProgress→Rejected", "InProgress→Duplicate",
            "Resolved→New", "Resolved→Referred", "Resolved→InProgress", "Resolved→Closed",
            "Closed→New", "Closed→Referred", "Closed→InProgress",
            "Rejected→New", "Rejected→Referred", "Rejected→InProgress",
            "Duplicate→New", "Duplicate→Referred", "Duplicate→InProgress",
        ],
        [ActorKind.Citizen] = ["Resolved→Closed", "Resolved→InProgress", "Closed→InProgress"],
        [ActorKind.System] = ["Resolved→Closed"],
        [ActorKind.Agency] = [],
    };

    private static readonly TicketStatus[] Statuses = Enum.GetValues<TicketStatus>();

    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?>
    {
        ["FollowUps:AutoCloseAfter"] = "7.00:00:00",
        ["FollowUps:Interval"] = "01:00:00",
    });

    private StaffMember _admin = null!;
    private Ticket? _master;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        await using var db = _host.Bot.CreateDbContext();
        _admin = await db.Staff.AsNoTracking().SingleAsync(s => s.UserName == "admin");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private static bool Allowed(TicketStatus from, TicketStatus to, ActorKind by) => Expected[by].Contains($"{from}→{to}");

    [Fact]
    public void The_table_allows_exactly_the_expected_pairs_for_each_kind_of_actor()
    {
        foreach (var by in Enum.GetValues<ActorKind>())
        {
            foreach (var from in Statuses)
            {
                foreach (var to in Statuses)
                {
                    Assert.True(Allowed(from, to, by) == TicketTransitions.IsAllowed(from, to, by), $"{by}: {from} → {to}");
                }
            }
        }

        Assert.Equal(Expected.Values.Sum(v => v.Length), TicketTransitions.All.Count());
    }

    [Fact]
    public void Open_means_the_same_to_the_database_rule_and_to_the_dialogs()
    {
        foreach (var status in Statuses)
        {
            Assert.Equal(status.IsOpen(), TicketRules.IsOpen(new Ticket { TrackingCode = "ABCD2345", Description = "-", Channel = "test", Status = status }));
        }
    }

    [Fact]
    public async Task The_workflow_makes_every_allowed_change_and_refuses_every_other_for_each_kind_of_actor()
    {
        var workflow = _host.Bot.Service<TicketWorkflow>();
        var actors = new[] { TicketActor.Staff(_admin), TicketActor.System, TicketActor.Agency(1, "Water company") };
        foreach (var by in actors)
        {
            foreach (var from in Statuses)
            {
                foreach (var to in Statuses.Where(s => s != TicketStatus.Duplicate))
                {
                    var id = await TicketInAsync(from);
                    await using var db = _host.Bot.CreateDbContext();
                    var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
                    var outcome = await Try(() => workflow.ChangeStatusAsync(db, ticket, to, by, "reason given", Now, default));
                    if (outcome is null)
                    {
                        await workflow.CommitAsync(db, default);
                    }

                    var expected = Allowed(from, to, by.Kind);
                    Assert.True(expected == (outcome is null), $"{by.Kind}: {from} → {to} gave {outcome?.Reason.ToString() ?? "done"}");
                    Assert.Equal(expected ? to : from, await StatusOfAsync(id));
                }
            }
        }

        // A citizen's changes as the workflow sees them, whoever would call it.
        var citizen = TicketActor.Citizen(await CitizenIdAsync());
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses.Where(s => s != TicketStatus.Duplicate))
            {
                var id = await TicketInAsync(from);
                await using var db = _host.Bot.CreateDbContext();
                var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
                var outcome = await Try(() => workflow.ChangeStatusAsync(db, ticket, to, citizen, null, Now, default));
                Assert.True(Allowed(from, to, ActorKind.Citizen) == (outcome is null), $"citizen: {from} → {to}");
            }
        }
    }

    [Fact]
    public async Task The_panel_makes_every_allowed_change_and_answers_every_refused_one_with_a_message()
    {
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                var id = await TicketInAsync(from);
                var page = $"/admin/tickets/{id}";
                var response = to == TicketStatus.Duplicate
                    ? await staff.PostFormAsync($"{page}?handler=duplicate", new() { ["Master"] = _master!.TrackingCode }, page)
                    : await staff.PostFormAsync($"{page}?handler=status", new() { ["status"] = to.ToString(), ["Reason"] = "Out of our hands" }, page);
                if (Allowed(from, to, ActorKind.Staff))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{from} → {to}: {response.StatusCode}");
                    Assert.Equal(to, await StatusOfAsync(id));
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{from} → {to}: {response.StatusCode}");
                    Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync());
                    Assert.Equal(from, await StatusOfAsync(id));
                }
            }
        }
    }

    [Fact]
    public async Task The_citizens_desk_confirms_or_reopens_only_what_the_table_lets_a_citizen_change()
    {
        var factory = _host.Bot.Service<TicketDeskFactory>();
        var citizenId = await CitizenIdAsync();
        foreach (var from in Statuses)
        {
            foreach (var (answer, to) in new[] { ("fixed", TicketStatus.Closed), ("not fixed", TicketStatus.InProgress), ("/reopen", TicketStatus.InProgress) })
            {
                var id = await TicketInAsync(from);
                await using var db = _host.Bot.CreateDbContext();
                var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
                // The survey was asked about this resolution (as the sweep would have).
                ticket.SurveySentAt = Now;
                await db.SaveChangesAsync();
                await using var nearby = new NearbyTicketFinder(db);
                var desk = factory.Create(db, new Citizen { Id = citizenId, Channel = "test", ExternalUserId = string.Empty, Language = "en" }, nearby);
                object outcome = answer == "/reopen"
                    ? await desk.ReopenAsync(ticket.TrackingCode, default)
                    : await desk.AnswerSurveyAsync(ticket.TrackingCode, answer == "fixed" ? SurveyAnswer.Fixed : SurveyAnswer.NotFixed, default);
                await db.SaveChangesAsync();

                var allowed = Allowed(from, to, ActorKind.Citizen) && (answer == "/reopen" || from == TicketStatus.Resolved);
                Assert.True(allowed == (outcome is SurveyOutcome.Confirmed or SurveyOutcome.Reopened or ReopenOutcome.Reopened), $"{answer} on {from}: {outcome}");
                Assert.Equal(allowed ? to : from, await StatusOfAsync(id));
            }
        }
    }

    [Fact]
    public async Task The_sweep_closes_only_resolved_tickets_and_nothing_else()
    {
        var ids = new Dictionary<TicketStatus, long>();
        foreach (var from in Statuses)
        {
            ids[from] = await TicketInAsync(from);
        }

        _host.Clock!.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, (await _host.Bot.Service<FollowUpSweep>().RunAsync(default)).Closed);
        foreach (var (from, id) in ids)
        {
            Assert.Equal(Allowed(from, TicketStatus.Closed, ActorKind.System) ? TicketStatus.Closed : from, await StatusOfAsync(id));
        }
    }

    private DateTimeOffset Now => _host.Clock!.GetUtcNow();

    private static async Task<TicketRefusedException?> Try(Func<Task> change)
    {
        try
        {
            await change();
            return null;
        }
        catch (TicketRefusedException refused)
        {
            return refused;
        }
    }

    private async Task<TicketStatus> StatusOfAsync(long id)
    {
        await using var db = _host.Bot.CreateDbContext();
        return await db.Tickets.Where(t => t.Id == id).Select(t => t.Status).SingleAsync();
    }

    private async Task<long> CitizenIdAsync()
    {
        await using var db = _host.Bot.CreateDbContext();
        if (await db.Citizens.FirstOrDefaultAsync(c => c.ExternalUserId == "transitions") is { } known)
        {
            return known.Id;
        }

        var citizen = new Citizen { Channel = "test", ExternalUserId = "transitions", Language = "en", CreatedAt = Now };
        db.Citizens.Add(citizen);
        await db.SaveChangesAsync();
        return citizen.Id;
    }

    /// <summary>A ticket of the test citizen brought to <paramref name="status"/> by staff through the workflow, as the panel would.</summary>
    private async Task<long> TicketInAsync(TicketStatus status)
    {
        var workflow = _host.Bot.Service<TicketWorkflow>();
        var staff = TicketActor.Staff(_admin);
        var citizenId = await CitizenIdAsync();
        await using var db = _host.Bot.CreateDbContext();
        var citizen = await db.Citizens.SingleAsync(c => c.Id == citizenId);
        var category = await db.Categories.OrderBy(c => c.Id).FirstAsync();
        var codes = _host.Bot.Service<TrackingCodeGenerator>();
        var filed = workflow.File(db, citizen, category, new TicketDraft(codes.NewCode(), "test", "A lamp is out.", null, null, "Azadi St."), staff, Now);
        db.Tickets.Add(filed.Ticket);
        await workflow.CommitAsync(db, default, filed);
        var ticket = filed.Ticket;
        if (_master is null)
        {
            _master = ticket;
            return await TicketInAsync(status);
        }

        TicketStatus[] path = status switch
        {
            TicketStatus.New => [],
            TicketStatus.Closed => [TicketStatus.Resolved, TicketStatus.Closed],
            TicketStatus.Duplicate => [],
            _ => [status],
        };
        foreach (var step in path)
        {
            await workflow.CommitAsync(db, default, await workflow.ChangeStatusAsync(db, ticket, step, staff, "reason given", Now, default));
        }

        if (status == TicketStatus.Duplicate)
        {
            var master = await db.Tickets.SingleAsync(t => t.Id == _master.Id);
            await workflow.CommitAsync(db, default, await workflow.MarkDuplicateAsync(db, ticket, master, staff, Now, default));
        }

        Assert.Equal(status, ticket.Status);
        return ticket.Id;
    }
}
