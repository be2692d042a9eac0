using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// What the citizen's channel can do, for prompts that must be true to it: a messenger shares a pin from its map and
/// is an account a staff member can link; the anonymous web chat has neither.
/// </summary>
public sealed record ChannelTraits(bool IsMessenger)
{
    public static readonly ChannelTraits Messenger = new(IsMessenger: true);

    public static readonly ChannelTraits WebChat = new(IsMessenger: false);

    /// <summary>The turn's channel traits; a host that gives none is a messenger.</summary>
    public static ChannelTraits Of(ITurnContext context) =>
        context.Services.GetService(typeof(ChannelTraits)) as ChannelTraits ?? Messenger;
}
