namespace ChatIntake.Dialogs.Engine;

/// <summary>The stored stack names a dialog that no longer exists, or was saved by another version of it.</summary>
public sealed class DialogStateOutdatedException(string dialogId, int storedVersion, int? currentVersion)
    : Exception($"Stored state of dialog '{dialogId}' (version {storedVersion}) does not match the running dialog (version {currentVersion?.ToString() ?? "none"}).")
{
    public string DialogId { get; } = dialogId;
}
