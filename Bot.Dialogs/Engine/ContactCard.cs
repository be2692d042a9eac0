namespace ChatIntake.Dialogs.Engine;

/// <param name="IsSendersOwn">False for a forwarded contact: only the sender's own number may be stored.</param>
public sealed record ContactCard(string PhoneNumber, string? Name, bool IsSendersOwn);
