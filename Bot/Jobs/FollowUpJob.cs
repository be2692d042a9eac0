using Quartz;

namespace ChatIntake.Jobs;

/// <summary>Runs the follow-up sweep on Quartz's schedule; one run at a time, and a run cut short is run again.</summary>
[DisallowConcurrentExecution]
public sealed class FollowUpJob(FollowUpSweep sweep) : IJob
{
    public static readonly JobKey Key = new("follow-ups", "chatintake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sweep.RunAsync(cancellationToken);
}
