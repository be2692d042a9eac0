using System.Data.Common;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Conversations;

/// <summary>
/// The turns' conversations as last committed, read in one query a group, or created on first contact. Read each turn,
/// not kept in memory: a kept state cost ~5 KB a conversation for as long as it was kept (55 MB at 16,000 citizens),
/// survived into the collector's older generations, and went stale whenever a job changed the row; reading the group's
/// rows measured no slower. Each process runs a conversation's turns one at a time, and on PostgreSQL under its lock
/// (<see cref="ConversationOrder"/>); the version check on save stays as a last guard.
/// </summary>
internal sealed class ConversationStore(WriteGate writeGate, TimeProvider time)
{
    /// <summary>Snapshots for the turns' conversations: read, or created (citizen and conversation committed at once).</summary>
    public async Task<Dictionary<ConversationKey, ChatSnapshot>> LoadAsync(
        IntakeDbContext db, IReadOnlyList<(ConversationKey Key, Activity Activity)> turns, string defaultLanguage, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ConversationKey, ChatSnapshot>();
        var chats = turns.DistinctBy(t => t.Key).ToList();
        foreach (var channel in chats.Select(u => u.Key.Channel).Distinct())
        {
            await ReadAsync(db, channel, [.. chats.Where(u => u.Key.Channel == channel).Select(u => u.Key.ChatId)], result, cancellationToken);
        }

        var missing = chats.Where(u => !result.ContainsKey(u.Key)).ToList();
        if (missing.Count > 0)
        {
            await CreateAsync(db, missing, defaultLanguage, result, cancellationToken);
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
            // On SQLite a new row is inserted on its handle and its id read from the connection; only a row that is there
            // already (a citizen's second chat) is read back by the upsert. Its RETURNING made SQLite journal each insert's
            // pages (SqliteStatement.ExecuteInsert): a first contact's group took 1.2–1.7 ms longer than another's.
            var sqlite = connection as Microsoft.Data.Sqlite.SqliteConnection;
            using var newCitizen = sqlite is null ? null : new SqliteStatement(sqlite,
                """
                INSERT INTO "Citizens" ("Channel", "ExternalUserId", "Name", "Language", "Reachable", "CreatedAt")
                VALUES (@channel, @user, @name, @language, TRUE, @now)
                ON CONFLICT ("Channel", "ExternalUserId") DO NOTHING
                """, "@channel", "@user", "@name", "@language", "@now");
            using var newConversation = sqlite is null ? null : new SqliteStatement(sqlite,
                """
                INSERT INTO "Conversations" ("Channel", "ExternalChatId", "CitizenId", "Version", "LastActivityAt")
                VALUES (@channel, @chat, @citizen, 0, @now)
                ON CONFLICT ("Channel", "ExternalChatId") DO NOTHING
                """, "@channel", "@chat", "@citizen", "@now");
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var (key, activity) in missing)
            {
                var from = activity.From;
                var language = IntakeCultures.FromLanguageCode(from?.LanguageCode)?.TwoLetterISOLanguageName ?? defaultLanguage;
                var user = from?.Id ?? key.ChatId;
                long citizenId;
                string citizenLanguage;
                if (newCitizen?.Bind(0, key.Channel).Bind(1, user).Bind(2, from?.Name).Bind(3, language).Bind(4, now).ExecuteInsert() is { } inserted)
                {
                    (citizenId, citizenLanguage) = (inserted, language);
                }
                else
                {
                    await using var row = await ReadAsync(citizen, cancellationToken, key.Channel, user, from?.Name, language, now);
                    citizenId = row.GetInt64(0);
                    citizenLanguage = row.GetString(1);
                }

                if (newConversation?.Bind(0, key.Channel).Bind(1, key.ChatId).Bind(2, citizenId).Bind(3, now).ExecuteInsert() is { } started)
                {
                    result[key] = new ChatSnapshot(started, citizenId, null, 0, citizenLanguage);
                }
                else
                {
                    await using var row = await ReadAsync(conversation, cancellationToken, key.Channel, key.ChatId, citizenId, now);
                    result[key] = new ChatSnapshot(row.GetInt64(0), row.GetInt64(1), StateOf(row, 2), row.GetInt32(3), citizenLanguage);
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


    /// <summary>
    /// The channel's chats among <paramref name="chatIds"/> that have a conversation, in one statement written by hand:
    /// through EF's query pipeline this read was nearly a third of the time spent turning a group (perf). The state comes as the UTF-8 it is stored in.
    /// </summary>
    private static async Task ReadAsync(
        IntakeDbContext db, string channel, IReadOnlyList<string> chatIds, Dictionary<ConversationKey, ChatSnapshot> result, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            // On SQLite's handle, bound by position: Microsoft.Data.Sqlite looked up each of the group's parameters by name.
            using var read = SqliteStatement.Positional(sqlite, ReadSql("?", Enumerable.Repeat("?", chatIds.Count)));
            read.Bind(0, channel);
            for (var i = 0; i < chatIds.Count; i++)
            {
                read.Bind(i + 1, chatIds[i]);
            }

            while (read.Read())
            {
                result[new ConversationKey(channel, read.Text(0))] =
                    new ChatSnapshot(read.Int64(1), read.Int64(2), read.Utf8(3), (int)read.Int64(4), read.Text(5));
            }

            return;
        }

        var names = new string[chatIds.Count + 1];
        names[0] = "@channel";
        for (var i = 0; i < chatIds.Count; i++)
        {
            names[i + 1] = "@c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var command = PreparedSql.Create(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(),
            ReadSql(names[0], names.Skip(1)), names);
        command.Bind([channel, .. chatIds]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[new ConversationKey(channel, reader.GetString(0))] =
                new ChatSnapshot(reader.GetInt64(1), reader.GetInt64(2), StateOf(reader, 3), reader.GetInt32(4), reader.GetString(5));
        }
    }

    /// <summary>The group's conversations with their citizens' language, in the columns' order both readers above expect.</summary>
    private static string ReadSql(string channel, IEnumerable<string> chatIds) => $"""
        SELECT c."ExternalChatId", c."Id", c."CitizenId", c."DialogState", c."Version", z."Language"
        FROM "Conversations" c JOIN "Citizens" z ON z."Id" = c."CitizenId"
        WHERE c."Channel" = {channel} AND c."ExternalChatId" IN ({string.Join(", ", chatIds)})
        """;

    /// <summary>The stored state's UTF-8 (SQLite hands its text over as it is), or null when no dialog is running.</summary>
    private static byte[]? StateOf(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
        : reader is Microsoft.Data.Sqlite.SqliteDataReader ? reader.GetFieldValue<byte[]>(ordinal)
        : System.Text.Encoding.UTF8.GetBytes(reader.GetString(ordinal));

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
