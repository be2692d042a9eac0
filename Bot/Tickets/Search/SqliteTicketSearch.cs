using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// SQLite FTS5: one index row per ticket (rowid −Id: code, description, address) and one per thread entry staff or the
/// citizen wrote (rowid = event id), folded by <see cref="SearchFolding"/>. Triggers keep it in step with every writer
/// (the workflow, the bot's own statements, redaction and erasure), so no code path can forget it. The index is derived
/// data owned by this class and created at start rather than by a migration, because its shape is SQLite's alone.
/// </summary>
public sealed class SqliteTicketSearch(ILogger<SqliteTicketSearch> logger) : ITicketSearch
{
    /// <summary>Versioned: a change of folding or shape builds a fresh index and drops the previous version's.</summary>
    public const string Table = "TicketSearch4";

    // Thread entries with words worth finding: citizen messages, staff replies and internal notes.
    private const string SearchedKinds = "0, 1, 2";

    private static readonly string TicketBody = SearchFolding.SqlExpression("""new."TrackingCode" || ' ' || new."Description" || ' ' || coalesce(new."AddressText", '')""");
    private static readonly string EventBody = SearchFolding.SqlExpression("""new."Text" """);

    /// <summary>At most this many of the newest tickets whose own text matches, and as many whose thread does, are searched.</summary>
    public const int MaxMatches = 10_001;

    public IQueryable<long> MatchingIds(IntakeDbContext db, string typed)
    {
        // Punctuation alone searches for nothing, rather than everything.
        var query = MatchQuery(typed);
        return query.Length == 0
            ? db.Tickets.Where(_ => false).Select(t => t.Id)
            // Newest first and bounded, read in the index's own rowid order so FTS5 stops early: tickets' own text (rowid
            // −Id, so ascending is newest first) and thread entries (rowid = event id, descending is newest first). A
            // ticket's own row gives its id as −rowid, so only the thread's matches read the stored rows (10,001 random
            // reads of a 500 MB table made the first search after a start take seconds).
            : db.Database.SqlQuery<long>($"""
                SELECT "Value" FROM (SELECT -rowid AS "Value" FROM "TicketSearch4" WHERE "TicketSearch4" MATCH {query} AND rowid < 0 ORDER BY rowid LIMIT {MaxMatches})
                UNION
                SELECT "Ticket" AS "Value" FROM (SELECT "Ticket" FROM "TicketSearch4" WHERE "TicketSearch4" MATCH {query} AND rowid > 0 ORDER BY rowid DESC LIMIT {MaxMatches})
                """);
    }

    /// <summary>Every word typed, folded and quoted (so FTS5's own syntax is inert), matched as a prefix (digits in any script, folded as the index is).</summary>
    public static string MatchQuery(string typed)
    {
        var words = SearchFolding.TypedWords(typed).Select(word => $"\"{word}\"*");

        return string.Join(" AND ", words);
    }

    /// <summary>An earlier version of the index and its triggers (TicketSearch2 kept deleted words in its pages; TicketSearch3 kept digits unfolded).</summary>
    private static string Drop(string table) => string.Join(" ", ((string[])["", "_TicketInserted", "_TicketChanged", "_TicketDeleted", "_EventInserted", "_EventChanged", "_EventDeleted"])
        .Select(suffix => suffix.Length == 0 ? $"""DROP TABLE IF EXISTS "{table}";""" : $"""DROP TRIGGER IF EXISTS "{table}{suffix}";"""));

    public async Task EnsureIndexAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var exists = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = {Table}""").SingleAsync(cancellationToken) > 0;
        if (exists)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Built from this class's constants only: nothing typed by anyone reaches it.
        var sql = $"""
            {Drop("TicketSearch1")}
            {Drop("TicketSearch2")}
            {Drop("TicketSearch3")}
            CREATE VIRTUAL TABLE "{Table}" USING fts5("Ticket" UNINDEXED, "Body", tokenize = "unicode61 remove_diacritics 2 tokenchars '_'");
            -- A deleted or anonymised text leaves no word behind in the index's pages (SQLite 3.44+).
            INSERT INTO "{Table}" ("{Table}", rank) VALUES ('secure-delete', 1);
            CREATE TRIGGER "{Table}_TicketInserted" AFTER INSERT ON "Tickets" BEGIN
              INSERT INTO "{Table}" (rowid, "Ticket", "Body") VALUES (-new."Id", new."Id", {TicketBody});
            END;
            CREATE TRIGGER "{Table}_TicketChanged" AFTER UPDATE OF "TrackingCode", "Description", "AddressText" ON "Tickets" BEGIN
              DELETE FROM "{Table}" WHERE rowid = -old."Id";
              INSERT INTO "{Table}" (rowid, "Ticket", "Body") VALUES (-new."Id", new."Id", {TicketBody});
            END;
            CREATE TRIGGER "{Table}_TicketDeleted" AFTER DELETE ON "Tickets" BEGIN
              DELETE FROM "{Table}" WHERE rowid = -old."Id";
            END;
            CREATE TRIGGER "{Table}_EventInserted" AFTER INSERT ON "TicketEvents" WHEN new."Text" IS NOT NULL AND new."Kind" IN ({SearchedKinds}) BEGIN
              INSERT INTO "{Table}" (rowid, "Ticket", "Body") VALUES (new."Id", new."TicketId", {EventBody});
            END;
            CREATE TRIGGER "{Table}_EventChanged" AFTER UPDATE OF "Text" ON "TicketEvents" BEGIN
              DELETE FROM "{Table}" WHERE rowid = old."Id";
              INSERT INTO "{Table}" (rowid, "Ticket", "Body") SELECT new."Id", new."TicketId", {EventBody} WHERE new."Text" IS NOT NULL AND new."Kind" IN ({SearchedKinds});
            END;
            CREATE TRIGGER "{Table}_EventDeleted" AFTER DELETE ON "TicketEvents" BEGIN
              DELETE FROM "{Table}" WHERE rowid = old."Id";
            END;
            INSERT INTO "{Table}" (rowid, "Ticket", "Body") SELECT -"Id", "Id", {TicketBody.Replace("new.", "", StringComparison.Ordinal)} FROM "Tickets";
            INSERT INTO "{Table}" (rowid, "Ticket", "Body") SELECT "Id", "TicketId", {EventBody.Replace("new.", "", StringComparison.Ordinal)} FROM "TicketEvents" WHERE "Text" IS NOT NULL AND "Kind" IN ({SearchedKinds});
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Built the ticket search index {Table}", Table);
    }
}
