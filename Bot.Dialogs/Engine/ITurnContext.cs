using System.Globalization;

namespace ChatIntake.Dialogs.Engine;

/// <summary>Everything a dialog sees of one turn: the incoming activity, a way to reply, and the turn's services.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>The language replies are written in; a dialog may change it (/lang).</summary>
    CultureInfo Culture { get; set; }

    /// <summary>Services scoped to this turn (e.g. the ticket desk sharing the turn's transaction).</summary>
    IServiceProvider Services { get; }

    IReadOnlyList<Activity> SentActivities { get; }

    Task SendAsync(Activity activity, CancellationToken cancellationToken);
}
