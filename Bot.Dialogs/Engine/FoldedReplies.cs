using System.Globalization;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// One message back per input where one will do: a plain acknowledgement ("Subject: Street Lighting") is held and joined
/// to the next message of the same turn (the next question), which keeps its own buttons. Each message a citizen gets
/// costs against the messenger's per-bot pace, and the per-chat pace (about one a second) would hold the question back.
/// </summary>
/// <remarks>
/// Only words with nothing attached are held: a message with buttons, files, a place or a payload goes as it is, since
/// its keyboard or its attachment is what the citizen acts on. A message the join would push past what a messenger shows
/// in one piece goes on its own.
/// </remarks>
public sealed class FoldedReplies(ITurnContext turn) : ITurnContext
{
    /// <summary>Telegram's and Bale's longest text; a longer one would be split into two messages anyway.</summary>
    public const int MaxLength = 4096;

    /// <summary>A blank line between the acknowledgement and the question, so each reads as its own paragraph.</summary>
    public const string Separator = "\n\n";

    private readonly List<Activity> _pending = [];

    public Activity Activity => turn.Activity;

    public CultureInfo Culture
    {
        get => turn.Culture;
        set => turn.Culture = value;
    }

    public IServiceProvider Services => turn.Services;

    public IReadOnlyList<Activity> SentActivities => [.. turn.SentActivities, .. _pending];

    public Task SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (_pending.Count > 0 && Fold(_pending[^1], activity) is { } folded)
        {
            _pending[^1] = folded;
        }
        else
        {
            _pending.Add(activity);
        }

        return Task.CompletedTask;
    }

    /// <summary>Hands the turn's replies, folded, to the turn they were written for.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var activity in _pending)
        {
            await turn.SendAsync(activity, cancellationToken);
        }

        _pending.Clear();
    }

    /// <summary><paramref name="first"/> joined to the front of <paramref name="next"/>, or null when they must stay two messages.</summary>
    public static Activity? Fold(Activity first, Activity next)
    {
        if (!IsPlainWords(first) || !next.IsMessage || next.Attachments.Count > 0 || next.Location is not null || next.Contact is not null)
        {
            return null;
        }

        var text = string.IsNullOrWhiteSpace(next.Text) ? first.Text! : first.Text + Separator + next.Text;
        return text.Length > MaxLength ? null : next with { Text = text };
    }

    private static bool IsPlainWords(Activity activity) =>
        activity.IsMessage && !string.IsNullOrWhiteSpace(activity.Text) && activity.SuggestedActions.Count == 0 && activity.Attachments.Count == 0 &&
        activity.Location is null && activity.Contact is null && activity.Value is null && activity.Name is null;
}
