namespace ChatIntake.Dialogs.Engine;

/// <summary>One entry of the persisted dialog stack: data only, never code, so it survives a redeploy.</summary>
public sealed class DialogInstance
{
    public required string Id { get; init; }

    /// <summary>The dialog's version when this entry was written; a mismatch restarts the conversation politely.</summary>
    public required int Version { get; init; }

    public DialogInstanceState State { get; init; } = new();
}
