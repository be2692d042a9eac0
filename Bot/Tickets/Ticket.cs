using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>
/// A citizen's report. Its status, due times and reminder marks have no public setter: only <see cref="TicketWorkflow"/>
/// changes them, through the methods at the end, so every change is checked and recorded.
/// </summary>
public sealed class Ticket
{
    // EF reads and writes these fields directly (its convention for a property with a backing field named _camelCase).
    private TicketStatus _status;
    private DateTimeOffset? _resolvedAt;
    private DateTimeOffset? _closedAt;
    private DateTimeOffset? _responseDueAt;
    private DateTimeOffset? _resolutionDueAt;
    private DateTimeOffset? _firstResponseAt;
    private DateTimeOffset? _responseReminderAt;
    private DateTimeOffset? _responseEscalatedAt;
    private DateTimeOffset? _reminderSentAt;
    private DateTimeOffset? _escalatedAt;
    private string? _afterPhotoFileId;
    private DateTimeOffset? _signOffRequestedAt;
    private long? _signOffRequestedById;

    public long Id { get; set; }
    public required string TrackingCode { get; set; }
    public long CitizenId { get; set; }
    public int CategoryId { get; set; }
    public int? DistrictId { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? AddressText { get; set; }
    public required string Description { get; set; }
    /// <summary>Changed only by <see cref="TicketWorkflow"/> (through <see cref="MoveTo"/>); set when the ticket is made.</summary>
    public TicketStatus Status { get => _status; init => _status = value; }

    /// <summary>Problem, complaint, suggestion or thanks: decides its targets and follow-ups (see TicketKinds).</summary>
    public TicketKind Kind { get; set; }
    public TicketPriority Priority { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get => _resolvedAt; init => _resolvedAt = value; }
    public DateTimeOffset? ClosedAt { get => _closedAt; init => _closedAt = value; }
    public DateTimeOffset? ResponseDueAt { get => _responseDueAt; init => _responseDueAt = value; }
    public DateTimeOffset? ResolutionDueAt { get => _resolutionDueAt; init => _resolutionDueAt = value; }

    /// <summary>The first staff reply or status change the citizen could see; the response target is met then.</summary>
    public DateTimeOffset? FirstResponseAt { get => _firstResponseAt; init => _firstResponseAt = value; }

    /// <summary>The citizen's 1–5 rating, once given.</summary>
    public int? Satisfaction { get; set; }

    /// <summary>The citizen's words with their rating, if any.</summary>
    public string? SatisfactionComment { get; set; }

    /// <summary>When "is it fixed?" was asked (once per resolution; cleared when the ticket is reopened).</summary>
    public DateTimeOffset? SurveySentAt { get; set; }

    /// <summary>When staff were reminded that 75% of the response time was used, with the ticket still new.</summary>
    public DateTimeOffset? ResponseReminderAt { get => _responseReminderAt; init => _responseReminderAt = value; }

    /// <summary>When supervisors were told the response time had passed with the ticket still new.</summary>
    public DateTimeOffset? ResponseEscalatedAt { get => _responseEscalatedAt; init => _responseEscalatedAt = value; }

    /// <summary>When staff were reminded that 75% of the resolution time was used (cleared when the ticket is reopened).</summary>
    public DateTimeOffset? ReminderSentAt { get => _reminderSentAt; init => _reminderSentAt = value; }

    /// <summary>When supervisors were told the resolution time had passed (cleared when the ticket is reopened).</summary>
    public DateTimeOffset? EscalatedAt { get => _escalatedAt; init => _escalatedAt = value; }

    /// <summary>When the citizen last got a "still being handled" message.</summary>
    public DateTimeOffset? ProgressNoticeAt { get; set; }
    public long? DuplicateOfId { get; set; }

    /// <summary>The staff member working on it, if assigned.</summary>
    public long? AssigneeId { get; set; }

    /// <summary>The department it was referred to; null means its category's department.</summary>
    public string? Department { get; set; }

    /// <summary>The outside body holding the ticket now (null when the municipality holds it); set only by <see cref="TicketWorkflow"/>.</summary>
    public int? AgencyId { get; private set; }

    /// <summary>The holding body's own reference number for it, if it gave one.</summary>
    public string? AgencyReference { get; private set; }

    /// <summary>The start (in the city's zone) of the day by which the holding body said it would answer.</summary>
    public DateTimeOffset? AgencyExpectedAt { get; private set; }

    /// <summary>Since when the body holds it: while set, the resolution clock is paused (<see cref="TicketRules.ClockRunning"/>).</summary>
    public DateTimeOffset? AgencySince { get; private set; }

    /// <summary>Working time outside bodies have held it so far, summed over every referral; the city's own time is the rest.</summary>
    public TimeSpan AgencyHeldFor { get; private set; }

    /// <summary>When staff were reminded to chase the body after its expected date (cleared by each new referral).</summary>
    public DateTimeOffset? AgencyChasedAt { get; private set; }

    public OutsideAgency? Agency { get; private set; }

    /// <summary>The after photo's <see cref="Attachment.ChannelFileId"/> among the ticket's attachments: proof the work was done (cleared when work starts again).</summary>
    public string? AfterPhotoFileId { get => _afterPhotoFileId; init => _afterPhotoFileId = value; }

    /// <summary>Set while a request to resolve waits for a supervisor's sign-off; the ticket stays open until then.</summary>
    public DateTimeOffset? SignOffRequestedAt { get => _signOffRequestedAt; init => _signOffRequestedAt = value; }

    /// <summary>The staff member who asked for the sign-off, told when it is sent back.</summary>
    public long? SignOffRequestedById { get => _signOffRequestedById; init => _signOffRequestedById = value; }

    /// <summary>When the citizen who filed it asked to be erased (/forget): staff can no longer reply; set only by <see cref="TicketWorkflow"/>.</summary>
    public DateTimeOffset? CitizenErasedAt { get; private set; }

    /// <summary>When everything personal was removed from it (retention or erasure); only figures remain. Set only by <see cref="TicketWorkflow"/>.</summary>
    public DateTimeOffset? AnonymisedAt { get; private set; }

    public Citizen? Citizen { get; set; }
    public Category? Category { get; set; }
    public District? District { get; set; }
    public List<TicketEvent> Events { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];

    /// <summary>Moves to <paramref name="to"/>, keeping the resolved/closed stamps in step; the workflow has checked the transition.</summary>
    internal void MoveTo(TicketStatus to, DateTimeOffset now)
    {
        _status = to;
        if (to.IsOpen())
        {
            _resolvedAt = null;
            _closedAt = null;
        }
        else if (to == TicketStatus.Resolved)
        {
            _resolvedAt = now;
            _closedAt = null;
        }
        else
        {
            _closedAt = now;
        }

        UpdatedAt = now;
    }

    /// <summary>Starts both service-level targets again, with their reminders and escalations unsent.</summary>
    /// <param name="awaitResponse">Back to New: nobody has taken it up, so the first response is awaited again.</param>
    internal void StartTargets(DateTimeOffset? responseDue, DateTimeOffset? resolutionDue, bool awaitResponse)
    {
        if (awaitResponse)
        {
            _firstResponseAt = null;
        }

        _responseDueAt = responseDue;
        _resolutionDueAt = resolutionDue;
        _responseReminderAt = null;
        _responseEscalatedAt = null;
        _reminderSentAt = null;
        _escalatedAt = null;
    }

    /// <summary>Records the first answer the citizen could see; later ones do not move it.</summary>
    internal void MarkFirstResponse(DateTimeOffset now) => _firstResponseAt ??= now;

    internal void MarkReminded(TicketTarget target, DateTimeOffset now)
    {
        if (target == TicketTarget.Response)
        {
            _responseReminderAt ??= now;
        }
        else
        {
            _reminderSentAt ??= now;
        }
    }

    internal void MarkEscalated(TicketTarget target, DateTimeOffset now)
    {
        MarkReminded(target, now);
        if (target == TicketTarget.Response)
        {
            _responseEscalatedAt ??= now;
        }
        else
        {
            _escalatedAt ??= now;
        }
    }

    /// <summary>An outside body takes it: the resolution clock stops until <see cref="ReturnFromAgency"/>.</summary>
    internal void HandToAgency(int agencyId, string? reference, DateTimeOffset expectedOn, DateTimeOffset now)
    {
        AgencyId = agencyId;
        AgencyReference = reference;
        AgencyExpectedAt = expectedOn;
        AgencySince = now;
        AgencyChasedAt = null;
        UpdatedAt = now;
    }

    /// <summary>The municipality holds it again: the working time held is added up and the resolution due time moved to <paramref name="resolutionDue"/>.</summary>
    internal void ReturnFromAgency(TimeSpan held, DateTimeOffset? resolutionDue, DateTimeOffset now)
    {
        AgencyHeldFor += held;
        _resolutionDueAt = resolutionDue;
        AgencyId = null;
        AgencyReference = null;
        AgencyExpectedAt = null;
        AgencySince = null;
        AgencyChasedAt = null;
        UpdatedAt = now;
    }

    internal void MarkAgencyChased(DateTimeOffset now) => AgencyChasedAt ??= now;

    internal void SetAfterPhoto(string? channelFileId) => _afterPhotoFileId = channelFileId;

    internal void RequestSignOff(long staffId, DateTimeOffset now)
    {
        _signOffRequestedAt = now;
        _signOffRequestedById = staffId;
    }

    /// <summary>The reporter is gone: the ticket points at the placeholder citizen from now on.</summary>
    internal void ForgetReporter(long placeholderCitizenId, DateTimeOffset now)
    {
        CitizenId = placeholderCitizenId;
        CitizenErasedAt ??= now;
        UpdatedAt = now;
    }

    internal void ClearCitizenErased() => CitizenErasedAt = null;

    /// <summary>Nothing personal is left: photos are gone (so the after photo too) and the place is coarse.</summary>
    internal void MarkAnonymised(DateTimeOffset now)
    {
        _afterPhotoFileId = null;
        AnonymisedAt ??= now;
    }

    internal void ClearSignOff()
    {
        _signOffRequestedAt = null;
        _signOffRequestedById = null;
    }
}
