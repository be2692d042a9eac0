using ChatIntake.Jobs;
using Quartz;

namespace ChatIntake.Privacy;

/// <summary>Runs the privacy retention on Quartz's schedule, one run at a time; a run cut short is finished by the next.</summary>
[DisallowConcurrentExecution]
public sealed class PrivacyRetentionJob(PrivacyRetention retention, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("privacy-retention", "chatintake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await runs.RecordAsync(Key.ToString(), () => retention.RunAsync(cancellationToken));
}
