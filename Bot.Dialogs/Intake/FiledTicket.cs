namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// A ticket just filed, with what the citizen is told about it: when a first answer is due (null for thanks), when the
/// office opens if it is closed now (null while it is open), and the unit it went to.
/// </summary>
public sealed record FiledTicket(string TrackingCode, DateTimeOffset? ResponseDueAt, DateTimeOffset? OfficeOpensAt, UnitInfo? Unit);
