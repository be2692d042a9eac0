namespace ChatIntake.Channels.Telegram.Api;

public sealed record Contact(
    string PhoneNumber,
    string? FirstName,
    string? LastName,
    long? UserId);
