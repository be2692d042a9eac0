using System.Collections.Concurrent;
using System.Data.Common;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Conversations;

/// <summary>
/// Conversations as last committed, kept in memory: this process runs each conversation's turns one at a time, so
/// the snapshot it saved is the current one. When the database is <paramref name="shared"/> with other instances
/// (PostgreSQL), any of them may have turned the conversation since, so the row is read each turn, under the
/// conversation's lock (<see cref="ConversationOrder"/>); the version check on save stays as a last guard.
/// </summary>
internal sealed class ConversationStore(WriteGate writeGate, TimeProvider time, bool shared)
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<ConversationKey, ChatSnapshot> _remembered = new();
    private int _added;

    public void Remember(ConversationKey key, ChatSnapshot snapshot)
    {
        if (shared)
        {
            return;
        }

        // ConcurrentDictionary.Count takes every lock; an approximate count of additions is enough for a bound.
        if (_remembered.TryAdd(key, snapshot))
        {
            if (Interlocked.Increment(ref _added) > MaxRemembered)
            {
                Interlocked.Exchange(ref _added, 0);
                _remembered.Clear(); // crude but bounded; the next turns read their rows again
            }

            return;
        }

        _remembered[key] = snapshot;
    }

    public void Forget(ConversationKey key) => _remembered.TryRemove(key, out _);

    /// <summary>Snapshots for the turns' conversations: remembered, read, or created (citizen and conversation committed at once).</summary>
    public async Task<Dictionary<ConversationKey, ChatSnapshot>> LoadAsync(
        IntakeDbContext db, IReadOnlyList<(ConversationKey Key, Activity Activity)> turns, string defaultLanguage, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ConversationKey, ChatSnapshot>();
        var unknown = new List<(ConversationKey Key, Activity Activity)>();
        foreach (var turn in turns)
        {
            if (result.ContainsKey(turn.Key) || unknown.Exists(u => u.Key == turn.Key))
            {
                continue;
            }

            if (_remembered.TryGetValue(turn.Key, out var snapshot))
            {
                result[turn.Key] = snapshot;
            }
            else
            {
                unknown.Add(turn);
            }
        }

        if (unknown.Count == 0)
        {
            return result;
        }

        foreach (var channel in unknown.Select(u => u.Key.Channel).Distinct())
        {
            var chatIds = unknown.Where(u => u.Key.Channel == channel).Select(u => u.Key.ChatId).ToList();
            var rows = await db.Conversations.AsNoTracking()
                .Where(c => c.Channel == channel && chatIds.Contains(c.ExternalChatId))
                .Select(c => new { c.ExternalChatId, Snapshot = new ChatSnapshot(c.Id, c.CitizenId, c.DialogState, c.Version, c.Citizen!.Language) })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[new ConversationKey(channel, row.ExternalChatId)] = row.Snapshot;
            }
        }

        var missing = unknown.Where(u => !result.ContainsKey(u.Key)).ToList();
        if (missing.Count > 0)
        {
            await CreateAsync(db, missing, defaultLanguage, result, cancellationToken);
        }

        foreach (var (key, _) in unknown)
        {
            Remember(key, result[key]);
        }

        return result;
    }

    /// <summary>
    /// First contact: the citizen (found by their channel user id, or new) and the conversation, committed ahead of
    /// the turn so it can refer to their ids. Upserts, so another instance creating the same rows first is no error.
    /// </summary>
    private async Task CreateAsync(
        IntakeDbContext db, List<(ConversationKey Key, Activity Activity)> missing, string defaultLanguage,
        Dictionary<ConversationKey, ChatSnapshot> result, CancellationToken cancellationToken)
    {
        // On PostgreSQL the turn's own transaction is open (it holds the conversation's lock): the rows are written in it.
        var outer = db.Database.CurrentTransaction;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();

            // No wait for the disk here: the turn's own commit, which follows, makes these rows durable with it; if
            // power fails first, the update is still unacknowledged and comes again.
            await PreparedSql.RelaxDurabilityAsync(connection, cancellationToken);
            await PreparedSql.KeepJournalsInMemoryAsync(connection, cancellationToken);

            using var writing = await writeGate.EnterAsync(cancellationToken);
            await using var owned = outer is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            var transaction = owned ?? outer!;
            await using var citizen = PreparedSql.Create(connection, transaction.GetDbTransaction(),
                """
                INSERT INTO "Citizens" ("Channel", "ExternalUserId", "Name", "Language", "Reachable", "CreatedAt")
                VALUES (@channel, @user, @name, @language, TRUE, @now)
                ON CONFLICT ("Channel", "ExternalUserId") DO UPDATE SET "Channel" = excluded."Channel"
                RETURNING "Id", "Language"
                """, "@channel", "@user", "@name", "@language", "@now");
            await using var conversation = PreparedSql.Create(connection, transaction.GetDbTransaction(),
                """
                INSERT INTO "Conversations" ("Channel", "ExternalChatId", "CitizenId", "Version", "LastActivityAt")
                VALUES (@channel, @chat, @citizen, 0, @now)
                ON CONFLICT ("Channel", "ExternalChatId") DO UPDATE SET "Channel" = excluded."Channel"
                RETURNING "Id", "CitizenId", "DialogState", "Version"
                """, "@channel", "@chat", "@citizen", "@now");
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (key, activity) in missing)
            {
                var from = activity.From;
                var language = IntakeCultures.FromLanguageCode(from?.LanguageCode)?.TwoLetterISOLanguageName ?? defaultLanguage;
                long citizenId;
                string citizenLanguage;
                await using (var row = await ReadAsync(citizen, cancellationToken, key.Channel, from?.Id ?? key.ChatId, from?.Name, language, now))
                {
                    citizenId = row.GetInt64(0);
                    citizenLanguage = row.GetString(1);
                }

                await using (var row = await ReadAsync(conversation, cancellationToken, key.Channel, key.ChatId, citizenId, now))
                {
                    result[key] = new ChatSnapshot(row.GetInt64(0), row.GetInt64(1), row.IsDBNull(2) ? null : row.GetString(2), row.GetInt32(3), citizenLanguage);
                }
            }

            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            // Closed, so the next open applies the configured durability again for the turn's commit.
            if (outer is null)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }


    private static async Task<DbDataReader> ReadAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        var reader = await command.Bind(values).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("An upsert returned no row.");
        }

        return reader;
    }
}
