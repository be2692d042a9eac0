using Quartz;

namespace ChatIntake.Jobs;

/// <summary>Sends the daily digest at the configured local time.</summary>
[DisallowConcurrentExecution]
public sealed class DailyDigestJob(DailyDigest digest, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("daily-digest", "chatintake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await runs.RecordAsync(Key.ToString(), async () => $"sent {await digest.SendAsync(cancellationToken)}");
}
