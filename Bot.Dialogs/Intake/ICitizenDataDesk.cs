namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The dialogs' way to what is held about the turn's citizen: a copy on request (/mydata) and erasure (/forget). Bound to
/// the turn like <see cref="ITicketDesk"/>, so an erasure commits with the reply that tells of it.
/// </summary>
public interface ICitizenDataDesk
{
    /// <summary>What is held about the citizen, for the readable message; the JSON copy travels as <see cref="CitizenDataSummary.FileReference"/>.</summary>
    Task<CitizenDataSummary> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>Erases the citizen: open tickets stay without anything personal, closed ones are anonymised, the chat and its state go with this turn.</summary>
    Task<ErasureOutcome> EraseAsync(CancellationToken cancellationToken);
}
