using Quartz;

namespace ChatIntake.Jobs;

/// <summary>What will fire next and how the last runs went, read from Quartz's store and the runs table (<see cref="JobRuns"/>).</summary>
public sealed class ScheduleReport(ISchedulerFactory schedulers, JobRuns runs)
{
    public async Task<IReadOnlyList<ScheduledJob>> ListAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var lastRuns = await runs.ListAsync(cancellationToken);
        var lines = new List<ScheduledJob>();
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken))
        {
            if (await scheduler.GetTrigger(key, cancellationToken) is not { } trigger)
            {
                continue;
            }

            var state = await scheduler.GetTriggerState(key, cancellationToken);
            var schedule = trigger is ISimpleTrigger simple ? $"every {simple.RepeatInterval}" : trigger is ICronTrigger cron ? cron.CronExpressionString ?? "cron" : trigger.GetType().Name;
            lines.Add(new ScheduledJob(trigger.JobKey.ToString(), key.ToString(), schedule, trigger.PreviousFireTimeUtc, trigger.NextFireTimeUtc, state.ToString(),
                lastRuns.GetValueOrDefault(trigger.JobKey.ToString()), (trigger as ISimpleTrigger)?.RepeatInterval, (trigger as ICronTrigger)?.CronExpressionString));
        }

        return [.. lines.OrderBy(l => l.NextFire ?? DateTimeOffset.MaxValue)];
    }
}
