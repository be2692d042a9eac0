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

    /// <summary>An open ticket of the category near the point, which the citizen could follow instead of filing again.</summary>
    Task<TicketSummary?> FindNearbyOpenTicketAsync(string categoryCode, GeoPoint point, CancellationToken cancellationToken);

    Task<TicketSummary> CreateTicketAsync(NewTicket ticket, CancellationToken cancellationToken);

    /// <summary>Links the citizen to someone else's ticket: they are told of its progress as if it were theirs.</summary>
    Task FollowTicketAsync(string trackingCode, CancellationToken cancellationToken);

    /// <summary>The citizen's own and followed tickets, newest first.</summary>
    Task<IReadOnlyList<TicketSummary>> ListMyTicketsAsync(CancellationToken cancellationToken);

    /// <summary>The ticket if this citizen filed or follows it; null otherwise, so codes cannot be probed.</summary>
    Task<TicketSummary?> FindMyTicketAsync(string trackingCode, CancellationToken cancellationToken);

    Task AddDetailAsync(string trackingCode, string? text, IReadOnlyList<ActivityAttachment> attachments, CancellationToken cancellationToken);
}
