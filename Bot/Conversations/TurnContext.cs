using System.Globalization;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <summary>One turn: replies are collected here and written to the outbox in the turn's transaction, never sent directly.</summary>
internal sealed class TurnContext(Activity activity, CultureInfo culture, IServiceProvider services) : ITurnContext
{
    private readonly List<Activity> _sent = [];

    public Activity Activity { get; } = activity;

    public CultureInfo Culture { get; set; } = culture;

    public IServiceProvider Services { get; } = services;

    public IReadOnlyList<Activity> SentActivities => _sent;

    public Task SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        _sent.Add(activity);
        return Task.CompletedTask;
    }
}
