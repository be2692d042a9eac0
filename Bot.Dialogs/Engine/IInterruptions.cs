namespace ChatIntake.Dialogs.Engine;

/// <summary>What may happen at any step: commands such as /cancel, /help, /lang, and the polite restart after an update.</summary>
public interface IInterruptions
{
    /// <summary>Handles the turn before the active dialog sees it; true when it did.</summary>
    Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken);

    /// <summary>The stored state was written by another version of the dialogs: it has been cleared; tell the citizen.</summary>
    Task OnStateOutdatedAsync(DialogContext dc, CancellationToken cancellationToken);
}
