namespace ChatIntake.Dialogs.Engine;

/// <param name="Id">The channel's user id.</param>
/// <param name="LanguageCode">The IETF language tag the channel reports for the user, if any.</param>
public sealed record ChannelAccount(string Id, string? Name = null, string? LanguageCode = null);
