using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A confirmed report, as gathered by the intake dialog; a complaint or thanks may name a department instead of a place.</summary>
public sealed record NewTicket(
    string CategoryCode,
    GeoPoint? Location,
    int? DistrictId,
    string? AddressText,
    string Description,
    IReadOnlyList<ActivityAttachment> Photos,
    TicketKind Kind = TicketKind.Problem,
    string? Department = null);
