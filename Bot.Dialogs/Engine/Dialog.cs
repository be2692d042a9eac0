namespace ChatIntake.Dialogs.Engine;

/// <summary>A unit of conversation. Instances are shared across conversations: all per-conversation data lives in <see cref="DialogInstance.State"/>.</summary>
public abstract class Dialog(string id)
{
    public string Id { get; } = id;

    /// <summary>Bump by hand whenever a change would misread state saved by the previous version.</summary>
    public virtual int Version => 1;

    public abstract Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken);

    public virtual Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(null, cancellationToken);

    /// <summary>A child dialog ended with <paramref name="result"/>.</summary>
    public virtual Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Asks again, e.g. after an interruption such as /help; re-renders in the current language where it can.</summary>
    public virtual Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Dialogs that own an inner stack check it here; see <see cref="DialogContext.EnsureKnown"/>.</summary>
    internal virtual void EnsureStateIsCurrent(DialogInstance instance)
    {
    }
}
