using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>
/// The dialogs' ticket desk for one citizen's turn: a thin caller of <see cref="TicketWorkflow"/>. It only stages changes: new tickets in <see cref="NewTickets"/>, other
/// changes in the context's change tracker; the turn processor saves both with the replies.
/// </summary>
public sealed class TicketDesk(
    IntakeDbContext db,
    Citizen citizen,
    TicketWorkflow workflow,
    CategoryCatalog categories,
    ServiceArea serviceArea,
    TrackingCodeGenerator codes,
    IntakeOptions options,
    NearbyTicketFinder nearby,
    WorkingCalendar calendar,
    TimeProvider time) : ITicketDesk
{
    private readonly List<Ticket> _newTickets = [];

    private TicketActor Me => TicketActor.Citizen(citizen.Id);

    /// <summary>Tickets filed in this turn, with their first event and photos; the turn's commit writes them (see TurnWriter).</summary>
    public IReadOnlyList<Ticket> NewTickets => _newTickets;

    public Task<IReadOnlyList<CategoryInfo>> GetCategoriesAsync(CancellationToken cancellationToken) => Task.FromResult(categories.All);

    public Task<AreaLookup> LocateAsync(GeoPoint point, CancellationToken cancellationToken) => Task.FromResult(serviceArea.Locate(point));

    public Task<IReadOnlyList<DistrictInfo>> GetDistrictsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DistrictInfo>>([.. serviceArea.Districts.Select(d => new DistrictInfo(d.Id, d.Code, d.NameFa, d.NameEn, d.PlaceList))]);

    public async Task<NearbyTicket?> FindNearbyOpenTicketAsync(string categoryCode, GeoPoint point, CancellationToken cancellationToken)
    {
        if (categories.Find(categoryCode) is not { } category || options.DuplicateRadiusMetres <= 0)
        {
            return null;
        }

        if (await nearby.FindAsync(category.Id, citizen.Id, point, options.DuplicateRadiusMetres, cancellationToken) is not { } id)
        {
            return null;
        }

        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id, cancellationToken);
        var distance = ticket.Latitude is { } lat && ticket.Longitude is { } lon ? point.DistanceMetresTo(new GeoPoint(lat, lon)) : options.DuplicateRadiusMetres;
        return new NearbyTicket(ticket.TrackingCode, category.NameFa, category.NameEn, ticket.Status, distance);
    }

    public Task<IReadOnlyList<UnitInfo>> GetUnitsAsync(CancellationToken cancellationToken) => Task.FromResult(Units());

    public Task<FiledTicket> CreateTicketAsync(NewTicket request, CancellationToken cancellationToken)
    {
        var category = categories.Find(request.CategoryCode) ?? throw new InvalidOperationException($"Unknown category '{request.CategoryCode}'.");
        var now = time.GetUtcNow();
        var ticket = workflow.File(null, citizen, category,
            new TicketDraft(codes.NewCode(), citizen.Channel, request.Description, request.DistrictId, request.Location, request.AddressText, request.Kind, request.Department), Me, now).Ticket;
        var photos = request.Photos.Select(p => ToAttachment(ticket, p, now)).ToList();
        ticket.Events[0].Attachments.AddRange(photos);
        ticket.Attachments.AddRange(photos);
        _newTickets.Add(ticket);
        return Task.FromResult(new FiledTicket(ticket.TrackingCode, ticket.ResponseDueAt, calendar.NextOpening(now), RoutedTo(ticket, category)));
    }

    /// <summary>The districts, then the departments named by the Persian names of their subjects (departments have only an English name).</summary>
    private IReadOnlyList<UnitInfo> Units() =>
    [
        .. serviceArea.Districts.Select(DistrictUnit),
        .. categories.All.Select(c => categories.Find(c.Code)!.Department).Distinct(StringComparer.Ordinal).Select(d => DepartmentUnit(d)!),
    ];

    private static UnitInfo DistrictUnit(District district) => new("district:" + district.Code, district.NameFa, district.NameEn, district.Id, null);

    /// <summary>A department as a unit, named by its subjects; null when no subject names it.</summary>
    private UnitInfo? DepartmentUnit(string department)
    {
        var subjects = categories.All.Where(c => categories.Find(c.Code)!.Department == department).Select(c => c.NameFa).ToList();
        return subjects.Count == 0 ? null : new UnitInfo("department:" + department, string.Join("، ", subjects), department, null, department);
    }

    /// <summary>
    /// Where the ticket went: the department it names, else its district, else its subject's department. Built for this
    /// ticket alone: every filed report asks, and the whole list of units cost half of filing one.
    /// </summary>
    private UnitInfo? RoutedTo(Ticket ticket, Category category) =>
        (ticket.Department is { } department ? DepartmentUnit(department) : null)
        ?? (serviceArea.Find(ticket.DistrictId) is { } district ? DistrictUnit(district) : null)
        ?? DepartmentUnit(category.Department);

    public async Task FollowTicketAsync(string trackingCode, CancellationToken cancellationToken)
    {
        if (await db.Tickets.FirstOrDefaultAsync(t => t.TrackingCode == trackingCode, cancellationToken) is { } ticket)
        {
            await workflow.FollowAsync(db, ticket, Me, citizen.Id, time.GetUtcNow(), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<TicketSummary>> ListMyTicketsAsync(CancellationToken cancellationToken)
    {
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.CitizenId == citizen.Id || db.TicketFollowers.Any(f => f.TicketId == t.Id && f.CitizenId == citizen.Id))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
        return [.. tickets.Select(t => Summarize(t, t.CitizenId == citizen.Id))];
    }

    public async Task<TicketSummary?> FindMyTicketAsync(string trackingCode, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.AsNoTracking()
            .Where(t => t.TrackingCode == trackingCode &&
                        (t.CitizenId == citizen.Id || db.TicketFollowers.Any(f => f.TicketId == t.Id && f.CitizenId == citizen.Id)))
            .FirstOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        // Asking after a still-open report is a repeat follow-up; the turn's commit saves it.
        TicketWorkflow.RecordFollowUp(db, ticket, Me, FollowUpWays.Status, time.GetUtcNow());
        return Summarize(ticket, ticket.CitizenId == citizen.Id);
    }

    public async Task AddDetailAsync(string trackingCode, string? text, IReadOnlyList<ActivityAttachment> attachments, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.TrackingCode == trackingCode && t.CitizenId == citizen.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Ticket {trackingCode} is not this citizen's.");
        var now = time.GetUtcNow();
        workflow.AddDetail(ticket, Me, text, attachments.Select(a => ToAttachment(ticket, a, now)), now);
    }

    public async Task<SurveyOutcome> AnswerSurveyAsync(string trackingCode, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.TrackingCode == trackingCode && t.CitizenId == citizen.Id, cancellationToken);
        if (ticket is null)
        {
            return SurveyOutcome.Unknown;
        }

        // Only the question asked about this resolution counts: staff may have reopened or closed the ticket since.
        if (ticket.Status != TicketStatus.Resolved || ticket.SurveySentAt is null || ticket.SurveySentAt < ticket.ResolvedAt)
        {
            return SurveyOutcome.Expired;
        }

        var now = time.GetUtcNow();
        if (answer == SurveyAnswer.Fixed)
        {
            await workflow.CloseAsync(db, ticket, Me, "fixed", now, cancellationToken);
            return SurveyOutcome.Confirmed;
        }

        await workflow.ReopenAsync(db, ticket, Me, answer == SurveyAnswer.Partly ? "partly fixed" : "not fixed", now, cancellationToken);
        return SurveyOutcome.Reopened;
    }

    public async Task<ReopenOutcome> ReopenAsync(string trackingCode, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.TrackingCode == trackingCode && t.CitizenId == citizen.Id, cancellationToken);
        if (ticket is null)
        {
            return ReopenOutcome.Unknown;
        }

        if (ticket.Status is not (TicketStatus.Resolved or TicketStatus.Closed))
        {
            return ReopenOutcome.StillOpen;
        }

        var now = time.GetUtcNow();
        var since = ticket.ClosedAt ?? ticket.ResolvedAt ?? ticket.UpdatedAt;
        if (now - since > TimeSpan.FromDays(options.ReopenWithinDays))
        {
            return ReopenOutcome.TooLate;
        }

        await workflow.ReopenAsync(db, ticket, Me, "reopened by the citizen", now, cancellationToken);
        return ReopenOutcome.Reopened;
    }

    public async Task<string?> LinkStaffAsync(string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.LinkCode == code && s.IsActive, cancellationToken);
        if (staff is null || staff.LinkCodeExpiresAt < now)
        {
            return null;
        }

        // Used once: the code cannot tie a second chat to the account.
        staff.LinkedCitizenId = citizen.Id;
        staff.LinkCode = null;
        staff.LinkCodeExpiresAt = null;
        return staff.DisplayName;
    }

    public async Task RateAsync(string trackingCode, int rating, string? comment, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.TrackingCode == trackingCode && t.CitizenId == citizen.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Ticket {trackingCode} is not this citizen's.");
        workflow.Rate(ticket, Me, rating, comment, time.GetUtcNow());
    }

    public async Task<WorkDoneOutcome> ReportWorkDoneAsync(string trackingCode, IReadOnlyList<ActivityAttachment> attachments, CancellationToken cancellationToken)
    {
        // Only a chat a staff member linked with /link speaks for staff; a citizen's /done is refused like an unknown command.
        if (await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.LinkedCitizenId == citizen.Id && s.IsActive, cancellationToken) is not { } staff)
        {
            return WorkDoneOutcome.NotStaff;
        }

        if (await db.Tickets.VisibleTo(staff).FirstOrDefaultAsync(t => t.TrackingCode == trackingCode, cancellationToken) is not { } ticket)
        {
            return WorkDoneOutcome.Unknown;
        }

        if (attachments.FirstOrDefault(a => a.Kind == AttachmentKinds.Photo) is not { } photo)
        {
            return WorkDoneOutcome.NeedsPhoto;
        }

        if (!ticket.Status.IsOpen())
        {
            return WorkDoneOutcome.NotOpen;
        }

        var now = time.GetUtcNow();
        var by = TicketActor.Staff(staff);
        var file = ToAttachment(ticket, photo, now);
        // Downloaded from the worker's own messenger, whatever channel the citizen reported on.
        file.Channel = citizen.Channel;
        workflow.AttachAfterPhoto(db, ticket, by, file, null, now);
        try
        {
            await workflow.RequestResolutionAsync(db, ticket, by, null, now, cancellationToken);
        }
        catch (TicketRefusedException refused) when (refused.Reason == TicketRefusal.SignOffPending)
        {
            return WorkDoneOutcome.AlreadyPending;
        }

        return ticket.SignOffRequestedAt is null ? WorkDoneOutcome.Resolved : WorkDoneOutcome.AwaitingSignOff;
    }

    private static Attachment ToAttachment(Ticket ticket, ActivityAttachment file, DateTimeOffset now) => new()
    {
        TicketId = ticket.Id,
        ChannelFileId = file.FileId,
        Kind = file.Kind,
        ContentType = file.ContentType,
        Size = file.Size,
        FileName = file.Name,
        CreatedAt = now,
    };

    private TicketSummary Summarize(Ticket ticket, bool isOwn)
    {
        var category = categories.Find(ticket.CategoryId);
        var district = serviceArea.Find(ticket.DistrictId);
        if (!isOwn)
        {
            // A followed report is another citizen's: its subject, status and dates, not its code, words or address.
            return new TicketSummary(string.Empty, category?.NameFa ?? "—", category?.NameEn ?? "—", ticket.Status,
                ticket.CreatedAt, ticket.UpdatedAt, string.Empty, null, district?.NameFa, district?.NameEn, IsOwn: false);
        }

        return new TicketSummary(ticket.TrackingCode, category?.NameFa ?? "—", category?.NameEn ?? "—", ticket.Status,
            ticket.CreatedAt, ticket.UpdatedAt, ticket.Description, ticket.AddressText, district?.NameFa, district?.NameEn, isOwn);
    }
}
