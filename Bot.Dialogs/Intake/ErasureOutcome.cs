namespace ChatIntake.Dialogs.Intake;

/// <summary>What an erasure kept: the open tickets' codes (kept, without anything personal, for the city's work) and how many closed ones were anonymised.</summary>
public sealed record ErasureOutcome(IReadOnlyList<string> OpenTicketsKept, int ClosedTicketsAnonymised, DateTimeOffset ErasedAt);
