using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Jobs;

/// <summary>
/// How each job's latest run went, stored in the database for the scheduled-jobs page (Quartz keeps only the schedule).
/// In a cluster Quartz fires a job on whichever instance is free, so a per-process record would show each page only
/// its own instance's runs; the table shows every page the same.
/// </summary>
public sealed class JobRuns(IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, TimeProvider time, ILogger<JobRuns> logger)
{
    /// <summary>This instance's name on the jobs page: the machine and the process, as two instances may share a machine.</summary>
    public static string ThisInstance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    private const int MaxText = 1000;

    public async Task<T> RecordAsync<T>(string job, Func<Task<T>> run)
    {
        var started = time.GetUtcNow();
        T result;
        try
        {
            result = await run();
        }
        catch (Exception ex)
        {
            await SaveAsync(job, started, null, $"{ex.GetType().Name}: {ex.Message}");
            throw;
        }

        await SaveAsync(job, started, result?.ToString(), null);
        return result;
    }

    /// <summary>Every job's latest run, by job key.</summary>
    public async Task<IReadOnlyDictionary<string, JobRun>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().ToDictionaryAsync(r => r.Job,
            r => new JobRun(r.StartedAt, r.FinishedAt, r.Outcome, r.LastError, r.Failures, r.Instance), StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// Writes the run over the job's row. Not cancelled with the job: a run cut short by a stop is still worth showing.
    /// A failure to write is logged, never thrown: the job's own work is done and must not be reported as failed.
    /// </summary>
    private async Task SaveAsync(string job, DateTimeOffset started, string? outcome, string? error)
    {
        // Two tries: instances run different jobs at once, and the first row of a job may be inserted by two of them.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            try
            {
                using var _ = await writeGate.EnterAsync(CancellationToken.None);
                await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                var row = await db.JobRuns.FirstOrDefaultAsync(r => r.Job == job, CancellationToken.None);
                if (row is null)
                {
                    db.JobRuns.Add(row = new LatestJobRun { Job = job, Instance = ThisInstance });
                }

                row.StartedAt = started;
                row.FinishedAt = time.GetUtcNow();
                row.Outcome = Shorten(outcome);
                row.Instance = ThisInstance;
                if (error is not null)
                {
                    row.LastError = Shorten(error);
                    row.Failures++;
                }

                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateException ex) when (attempt == 1)
            {
                logger.LogDebug(ex, "The run of {Job} met another instance's write; writing it again", job);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Could not store how the run of {Job} went; the jobs page shows the one before", job);
                return;
            }
        }
    }

    private static string? Shorten(string? text) => text is { Length: > MaxText } ? text[..(MaxText - 1)] + "…" : text;
}
