using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A confirmed report, as gathered by the intake dialog.</summary>
public sealed record NewTicket(
    string CategoryCode,
    GeoPoint? Location,
    int? DistrictId,
    string? AddressText,
    string Description,
    IReadOnlyList<ActivityAttachment> Photos);
