using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tickets;

/// <summary>A report as the intake (bot or phone form) checked it, ready to be filed.</summary>
public sealed record TicketDraft(string TrackingCode, string Channel, string Description, int? DistrictId, GeoPoint? Location, string? AddressText);
