namespace ChatIntake.Dialogs.Intake;

/// <summary>One of the citizen's own tickets in the /mydata message: its code, subject, status, date, thread length and rating.</summary>
public sealed record CitizenTicketData(string TrackingCode, string CategoryNameFa, string CategoryNameEn, TicketStatus Status, DateTimeOffset CreatedAt, int Messages, int? Rating);
