using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>A report as the intake (bot or phone form) checked it, ready to be filed; a complaint or thanks may name a department instead of a place.</summary>
public sealed record TicketDraft(string TrackingCode, string Channel, string Description, int? DistrictId, GeoPoint? Location, string? AddressText,
    TicketKind Kind = TicketKind.Problem, string? Department = null);
