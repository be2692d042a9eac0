using ChatIntake.Channels.DirectLine;
using Quartz;

namespace ChatIntake.Jobs;

/// <summary>Runs the web chat retention sweep on Quartz's schedule, one run at a time.</summary>
[DisallowConcurrentExecution]
public sealed class WebChatRetentionJob(WebChatRetention retention, JobRuns runs) : IJob
{
    public static readonly JobKey Key = new("webchat-retention", "chatintake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await runs.RecordAsync(Key.ToString(), () => retention.RunAsync(cancellationToken));
}
