namespace ChatIntake.Dialogs.Intake;

/// <summary>What is held about a citizen, as /mydata tells it; the full copy is the file <see cref="FileReference"/> points at.</summary>
public sealed record CitizenDataSummary(
    string? Name,
    string? Phone,
    string Language,
    IReadOnlyList<string> Channels,
    DateTimeOffset Since,
    IReadOnlyList<CitizenTicketData> Tickets,
    int FollowedTickets,
    string FileReference,
    string FileName);
