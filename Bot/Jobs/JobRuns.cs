using System.Collections.Concurrent;

namespace ChatIntake.Jobs;

/// <summary>How each job's latest runs went in this process, for the scheduled-jobs page (Quartz keeps only the schedule).</summary>
public sealed class JobRuns(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, JobRun> _last = new();

    public IReadOnlyDictionary<string, JobRun> Last => _last;

    public async Task<T> RecordAsync<T>(string job, Func<Task<T>> run)
    {
        var started = time.GetUtcNow();
        try
        {
            var result = await run();
            _last.AddOrUpdate(job, _ => new JobRun(started, time.GetUtcNow(), result?.ToString(), null, 0),
                (_, previous) => new JobRun(started, time.GetUtcNow(), result?.ToString(), previous.LastError, previous.Failures));
            return result;
        }
        catch (Exception ex)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            _last.AddOrUpdate(job, _ => new JobRun(started, time.GetUtcNow(), null, error, 1),
                (_, previous) => new JobRun(started, time.GetUtcNow(), null, error, previous.Failures + 1));
            throw;
        }
    }
}
