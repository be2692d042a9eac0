using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The dialogs' only way to tickets. The host gives each turn its own desk, bound to the turn's citizen and
/// to the turn's transaction, so a ticket and the reply announcing it commit together.
/// </summary>
public interface ITicketDesk
{
    Task<IReadOnlyList<CategoryInfo>> GetCategoriesAsync(CancellationToken cancellationToken);

    Task<AreaLookup> LocateAsync(GeoPoint point, CancellationToken cancellationToken);

    /// <summary>The districts with the neighbourhood names a typed address may mention.</summary>
    Task<IReadOnlyList<DistrictInfo>> GetDistrictsAsync(CancellationToken cancellationToken);

    /// <summary>Another citizen's open ticket of the category near the point, which the citizen could follow instead of filing again; only what a stranger may see.</summary>
    Task<NearbyTicket?> FindNearbyOpenTicketAsync(string categoryCode, GeoPoint point, CancellationToken cancellationToken);

    /// <summary>The districts, then the departments, that a complaint or thanks can name instead of a place.</summary>
    Task<IReadOnlyList<UnitInfo>> GetUnitsAsync(CancellationToken cancellationToken);

    Task<FiledTicket> CreateTicketAsync(NewTicket ticket, CancellationToken cancellationToken);

    /// <summary>Links the citizen to someone else's ticket: they are told of its progress as if it were theirs.</summary>
    Task FollowTicketAsync(string trackingCode, CancellationToken cancellationToken);

    /// <summary>The citizen's own and followed tickets, newest first.</summary>
    Task<IReadOnlyList<TicketSummary>> ListMyTicketsAsync(CancellationToken cancellationToken);

    /// <summary>The ticket if this citizen filed or follows it; null otherwise, so codes cannot be probed.</summary>
    Task<TicketSummary?> FindMyTicketAsync(string trackingCode, CancellationToken cancellationToken);

    Task AddDetailAsync(string trackingCode, string? text, IReadOnlyList<ActivityAttachment> attachments, CancellationToken cancellationToken);

    /// <summary>
    /// The citizen's answer to "is it fixed?" on their resolved ticket: fixed closes it, partly or not fixed reopens it
    /// with fresh due times. An answer to a question no longer open (already answered, reopened by staff) changes nothing.
    /// </summary>
    Task<SurveyOutcome> AnswerSurveyAsync(string trackingCode, SurveyAnswer answer, CancellationToken cancellationToken);

    /// <summary>Reopens the citizen's own resolved or closed ticket, if it was closed recently enough.</summary>
    Task<ReopenOutcome> ReopenAsync(string trackingCode, CancellationToken cancellationToken);

    /// <summary>Ties this chat to the staff account whose one-time code this is; the staff member's name, or null for an unknown or expired code.</summary>
    Task<string?> LinkStaffAsync(string code, CancellationToken cancellationToken);

    /// <summary>The citizen's 1–5 rating of a ticket they confirmed fixed, with optional words.</summary>
    Task RateAsync(string trackingCode, int rating, string? comment, CancellationToken cancellationToken);

    /// <summary>
    /// A staff member's linked chat reports the work on a ticket in their scope done, with the photo of it: the photo becomes
    /// the after photo, and the ticket is resolved or waits for a supervisor's sign-off.
    /// </summary>
    Task<WorkDoneOutcome> ReportWorkDoneAsync(string trackingCode, IReadOnlyList<ActivityAttachment> attachments, CancellationToken cancellationToken);
}
