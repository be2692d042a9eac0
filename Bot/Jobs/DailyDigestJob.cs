using Quartz;

namespace ChatIntake.Jobs;

/// <summary>Sends the daily digest at the configured local time.</summary>
[DisallowConcurrentExecution]
public sealed class DailyDigestJob(DailyDigest digest, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("daily-digest", "chatintake");

    /// <summary>The run at every start: sends today's digest if its time passed while the service was down.</summary>
    public static readonly TriggerKey AtStart = new("daily-digest-at-start", "chatintake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Trigger.Key.Equals(AtStart) && !digest.DueToday())
        {
            return;
        }

        context.Result = await runs.RecordAsync(Key.ToString(), async () => $"sent {await digest.SendAsync(cancellationToken)}");
    }
}
