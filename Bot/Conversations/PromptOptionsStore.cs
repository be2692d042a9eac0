using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Conversations;

/// <summary>
/// The shared prompt options this process knows, and the table every instance keeps them in. Options kept here are
/// written by the next turn commit (<see cref="WriteNewAsync"/>), in the transaction of the states that name them or an
/// earlier one; options another instance kept, or this one before a restart, are read from the table once.
/// </summary>
public sealed class PromptOptionsStore(IDbContextFactory<IntakeDbContext> contexts) : IPromptOptionsStore
{
    private readonly ConcurrentDictionary<string, PromptOptions> _known = new(StringComparer.Ordinal);
    private readonly Lock _unwrittenLock = new();
    private readonly Dictionary<string, string> _unwritten = new(StringComparer.Ordinal);

    /// <summary>Read by every commit without the lock: almost always false.</summary>
    private volatile bool _anyUnwritten;

    public void Keep(PreparedPromptOptions options)
    {
        if (_known.ContainsKey(options.Key))
        {
            return;
        }

        lock (_unwrittenLock)
        {
            if (_known.ContainsKey(options.Key))
            {
                return;
            }

            // Queued for writing before it is known: a turn that finds it known may commit at once, and that commit must write it.
            _unwritten[options.Key] = options.Json;
            _anyUnwritten = true;
            _known[options.Key] = options.Options;
        }
    }

    public async ValueTask<PromptOptions?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(key, out var known))
        {
            return known;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var json = await db.SharedPromptOptions.AsNoTracking().Where(o => o.Key == key).Select(o => o.Options).FirstOrDefaultAsync(cancellationToken);
        return json is not null && JsonSerializer.Deserialize<PromptOptions>(json, DialogJson.Options) is { } options ? _known.GetOrAdd(key, options) : null;
    }

    /// <summary>
    /// Writes the options kept since the last commit that wrote them, in the caller's transaction; hand the result to
    /// <see cref="Written"/> once that transaction commits. A commit that fails leaves them to the next one.
    /// </summary>
    internal async Task<IReadOnlyList<KeyValuePair<string, string>>> WriteNewAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_anyUnwritten)
        {
            return [];
        }

        List<KeyValuePair<string, string>> unwritten;
        lock (_unwrittenLock)
        {
            unwritten = [.. _unwritten];
        }

        await using var insert = PreparedSql.Create(connection, transaction,
            """INSERT INTO "SharedPromptOptions" ("Key", "Options", "CreatedAt") VALUES (@key, @options, @now) ON CONFLICT ("Key") DO NOTHING""",
            "@key", "@options", "@now");
        foreach (var (key, json) in unwritten)
        {
            await insert.Bind(key, json, now.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
        }

        return unwritten;
    }

    /// <summary>The options <see cref="WriteNewAsync"/> wrote are committed.</summary>
    internal void Written(IReadOnlyList<KeyValuePair<string, string>> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        lock (_unwrittenLock)
        {
            foreach (var (key, _) in written)
            {
                _unwritten.Remove(key);
            }

            _anyUnwritten = _unwritten.Count > 0;
        }
    }
}
