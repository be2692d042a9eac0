using System.Runtime.CompilerServices;
using System.Text;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// SQLite FTS5: one index row per ticket (rowid −Id: code, description, address) and one per thread entry staff or the
/// citizen wrote (rowid = event id), folded by <see cref="SearchFolding"/>. Triggers keep it in step with every writer
/// (the workflow, the bot's own statements, redaction and erasure), so no code path can forget it; a new ticket's own row
/// is queued by its trigger and written just after (<see cref="TicketSearchFollower"/>), or by a search that comes first
/// (<see cref="CatchUpAsync"/>), so the commit that files a report does not pay for its words. The index is derived
/// data owned by this class and created at start rather than by a migration, because its shape is SQLite's alone.
/// </summary>
public sealed class SqliteTicketSearch(ILogger<SqliteTicketSearch> logger, WriteGate writeGate) : ITicketSearch
{
    /// <summary>
    /// New tickets' ids, waiting for <see cref="IndexQueuedAsync"/> (<see cref="TicketSearchFollower"/>, or a search catching
    /// up): the commit that files a report writes one id here rather than the index's words, about half of what the
    /// ticket's insert cost (0.05–0.07 of 0.12–0.14 ms, intake benchmark, 4 December 2026).
    /// </summary>
    public const string Queue = "TicketSearchQueue";

    /// <summary>Versioned: a change of folding or shape builds a fresh index and drops the previous version's.</summary>
    public const string Table = "TicketSearch4";

    // Thread entries with words worth finding: citizen messages, staff replies and internal notes.
    private const string SearchedKinds = "0, 1, 2";

    private static readonly string TicketBody = SearchFolding.SqlExpression("""new."TrackingCode" || ' ' || new."Description" || ' ' || coalesce(new."AddressText", '')""");
    private static readonly string EventBody = SearchFolding.SqlExpression("""new."Text" """);

    /// <summary>How the index splits and folds words (besides <see cref="SearchFolding"/>): case and Latin accents folded, '_' a word character.</summary>
    public const string Tokenizer = "unicode61 remove_diacritics 2 tokenchars '_'";

    /// <summary>At most this many of the newest tickets whose own text matches, and as many whose thread does, are searched.</summary>
    public const int MaxMatches = 10_001;

    /// <summary>The index's words, one row per occurrence (SQLite's <c>fts5vocab</c>), read to spell a typed prefix out as the words it stands for.</summary>
    public const string Terms = "TicketSearch4Terms";

    /// <summary>A typed prefix standing for more index words than this is searched as a prefix after all.</summary>
    public const int MaxSpelledOut = 16;

    /// <summary>What the date sort of the matches (and a district's scope) reads, so it probes a narrow index rather than each matched ticket's row.</summary>
    public const string DateIndex = "IX_Tickets_Id_CreatedAt_DistrictId";

    /// <summary>
    /// The tickets' triggers, laid again at every start (an index built by an earlier version had its tickets indexed in
    /// the filing commit): a new ticket only queues its id; a change or a deletion takes it off the queue and sets its
    /// index row itself, so a ticket edited while it waits is never indexed twice or with its old words.
    /// </summary>
    private static readonly string TicketTriggers = $"""
        CREATE TABLE IF NOT EXISTS "{Queue}" ("TicketId" INTEGER PRIMARY KEY);
        DROP TRIGGER IF EXISTS "{Table}_TicketInserted";
        DROP TRIGGER IF EXISTS "{Table}_TicketChanged";
        DROP TRIGGER IF EXISTS "{Table}_TicketDeleted";
        CREATE TRIGGER "{Table}_TicketInserted" AFTER INSERT ON "Tickets" BEGIN
          INSERT INTO "{Queue}" ("TicketId") VALUES (new."Id");
        END;
        CREATE TRIGGER "{Table}_TicketChanged" AFTER UPDATE OF "TrackingCode", "Description", "AddressText" ON "Tickets" BEGIN
          DELETE FROM "{Queue}" WHERE "TicketId" = old."Id";
          DELETE FROM "{Table}" WHERE rowid = -old."Id";
          INSERT INTO "{Table}" (rowid, "Ticket", "Body") VALUES (-new."Id", new."Id", {TicketBody});
        END;
        CREATE TRIGGER "{Table}_TicketDeleted" AFTER DELETE ON "Tickets" BEGIN
          DELETE FROM "{Queue}" WHERE "TicketId" = old."Id";
          DELETE FROM "{Table}" WHERE rowid = -old."Id";
        END;
        """;

    private static readonly string IndexQueued = $"""
        INSERT INTO "{Table}" (rowid, "Ticket", "Body")
          SELECT -new."Id", new."Id", {TicketBody} FROM "Tickets" AS new WHERE new."Id" IN (SELECT value FROM json_each(@ids)) ORDER BY new."Id" DESC;
        DELETE FROM "{Queue}" WHERE "TicketId" IN (SELECT value FROM json_each(@ids));
        """;

    /// <summary>
    /// Indexes up to <paramref name="max"/> queued tickets, the oldest first, in one transaction with their removal from
    /// the queue; returns how many. The caller holds the write gate. Newest first within the batch, so the rows' ids
    /// (−Id) rise and FTS5 writes its pending words out once per batch rather than once per ticket.
    /// </summary>
    public static async Task<int> IndexQueuedAsync(IntakeDbContext db, int max, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>(max);
        await using (var read = PreparedSql.Create(connection, transaction, $"""SELECT "TicketId" FROM "{Queue}" ORDER BY "TicketId" LIMIT @max""", "@max"))
        await using (var reader = await read.Bind(max).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        if (ids.Count > 0)
        {
            await using var index = PreparedSql.Create(connection, transaction, IndexQueued, "@ids");
            await index.Bind(System.Text.Json.JsonSerializer.Serialize(ids)).ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>True when tickets wait to be indexed; read without the write gate.</summary>
    public static async Task<bool> AnyQueuedAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<long>($"""SELECT EXISTS (SELECT 1 FROM "{Queue}") AS "Value" """).SingleAsync(cancellationToken) == 1;

    public async Task CatchUpAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        if (!await AnyQueuedAsync(db, cancellationToken))
        {
            return;
        }

        using var writing = await writeGate.EnterAsync(cancellationToken);
        while (await IndexQueuedAsync(db, CatchUpBatch, cancellationToken) == CatchUpBatch)
        {
        }
    }

    /// <summary>Tickets indexed per transaction when a search catches up (the follower takes fewer, to stay out of the turns' way).</summary>
    private const int CatchUpBatch = 1000;

    public IQueryable<long> MatchingIds(IntakeDbContext db, string typed)
    {
        // Punctuation alone searches for nothing, rather than everything.
        var words = SearchFolding.TypedWords(typed);
        if (words.Count == 0)
        {
            return db.Tickets.Where(_ => false).Select(t => t.Id);
        }

        // Newest first and bounded, read in the index's own rowid order so FTS5 stops early: tickets' own text (rowid
        // −Id, so ascending is newest first) and thread entries (rowid = event id, descending is newest first). A
        // ticket's own row gives its id as −rowid, so only the thread's matches read the stored rows (10,001 random
        // reads of a 500 MB table made the first search after a start take seconds). The query is worked out once per
        // statement (MATERIALIZED), from the index as it is then, for both halves.
        var arguments = new List<object>();
        var query = QueryExpression(words, arguments);
        return db.Database.SqlQuery<long>(FormattableStringFactory.Create($"""
            WITH "Query"("Value") AS MATERIALIZED (SELECT {query})
            SELECT "Value" FROM (SELECT -rowid AS "Value" FROM "{Table}" WHERE "{Table}" MATCH (SELECT "Value" FROM "Query") AND rowid < 0 ORDER BY rowid LIMIT {MaxMatches})
            UNION
            SELECT "Ticket" AS "Value" FROM (SELECT "Ticket" FROM "{Table}" WHERE "{Table}" MATCH (SELECT "Value" FROM "Query") AND rowid > 0 ORDER BY rowid DESC LIMIT {MaxMatches})
            """, [.. arguments]));
    }

    /// <summary>The FTS5 query for what was typed, as SQL that works it out from the index (a single column "Value"); none when nothing searchable was typed.</summary>
    public static FormattableString? MatchQuery(string typed)
    {
        var words = SearchFolding.TypedWords(typed);
        if (words.Count == 0)
        {
            return null;
        }

        var arguments = new List<object>();
        var query = QueryExpression(words, arguments);
        return FormattableStringFactory.Create($"""SELECT {query} AS "Value" """, [.. arguments]);
    }

    /// <summary>Every word typed (folded, so one term each), joined by AND: a composite format whose arguments are added to <paramref name="arguments"/>.</summary>
    private static string QueryExpression(IReadOnlyList<string> words, List<object> arguments)
    {
        var format = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            format.Append(i == 0 ? "" : " || ' AND ' || ");
            AppendWord(format, arguments, words[i]);
        }

        return format.ToString();
    }

    /// <summary>
    /// One typed word as a term of the query: the index's words it is a prefix of, spelled out as <c>("w1" OR "w2")</c>
    /// when there are at most <see cref="MaxSpelledOut"/>, else the prefix <c>"word"*</c>. The same matches either way,
    /// but FTS5 first gathers every occurrence of every word a prefix stands for, all of them, whatever the rowid bounds:
    /// <c>کوچه*</c> (in every seeded address, a million occurrences) cost 60 ms per half that way, against 6 ms spelled
    /// out. The words are found by stepping through the vocabulary from one word to the next (each step a seek); only a
    /// word the tokenizer keeps as typed (<see cref="KeptAsTyped"/>) can be looked up there, others stay prefixes.
    /// </summary>
    private static void AppendWord(StringBuilder format, List<object> arguments, string word)
    {
        var prefix = $"\"{word}\"*";
        if (!KeptAsTyped(word))
        {
            format.Append('{').Append(arguments.Count).Append('}');
            arguments.Add(prefix);
            return;
        }

        // {w} the word, {e} past every word it begins (U+10FFFF sorts after any continuation), {p} the prefix form.
        var (w, e, p) = (arguments.Count, arguments.Count + 1, arguments.Count + 2);
        arguments.AddRange([word, word + char.ConvertFromUtf32(0x10FFFF), prefix]);
        format.Append($$"""
            (WITH RECURSIVE "Words"("Found") AS (
              SELECT (SELECT "term" FROM "{{Terms}}" WHERE "term" >= {{{w}}} AND "term" < {{{e}}} LIMIT 1)
              UNION ALL
              SELECT (SELECT "term" FROM "{{Terms}}" WHERE "term" >= "Found" || char(1) AND "term" < {{{e}}} LIMIT 1) FROM "Words" WHERE "Found" IS NOT NULL LIMIT {{MaxSpelledOut + 1}})
             SELECT CASE WHEN count("Found") BETWEEN 1 AND {{MaxSpelledOut}} THEN '(' || group_concat('"' || "Found" || '"', ' OR ') || ')' ELSE {{{p}}} END FROM "Words")
            """);
    }

    /// <summary>
    /// Characters SQLite's tokenizer (unicode61, remove_diacritics 2) keeps as they are: lower-case ASCII letters, ASCII
    /// digits, '_' and the letters of the Arabic block, which is all a folded Persian word holds. A word with any other
    /// (upper case, accents) is changed by the tokenizer, so the vocabulary cannot be asked for it as typed.
    /// </summary>
    public static bool KeptAsTyped(string word) =>
        word.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' || (c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c)));

    /// <summary>An earlier version of the index and its triggers (TicketSearch2 kept deleted words in its pages; TicketSearch3 kept digits unfolded).</summary>
    private static string Drop(string table) => string.Join(" ", ((string[])["", "_TicketInserted", "_TicketChanged", "_TicketDeleted", "_EventInserted", "_EventChanged", "_EventDeleted"])
        .Select(suffix => suffix.Length == 0 ? $"""DROP TABLE IF EXISTS "{table}";""" : $"""DROP TRIGGER IF EXISTS "{table}{suffix}";"""));

    public async Task EnsureIndexAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var exists = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = {Table}""").SingleAsync(cancellationToken) > 0;
        if (!exists)
        {
            await BuildAsync(db, cancellationToken);
        }

        // Derived, like the index: the vocabulary the typed prefixes are spelled out from, and the date sort's narrow index.
        await db.Database.ExecuteSqlRawAsync($"""
            CREATE VIRTUAL TABLE IF NOT EXISTS "{Terms}" USING fts5vocab("{Table}", 'instance');
            CREATE INDEX IF NOT EXISTS "{DateIndex}" ON "Tickets" ("Id", "CreatedAt", "DistrictId");
            """, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync(TicketTriggers, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // SQLite prefers the table's own rowid lookup over an index it has no statistics for: PlannerStatistics gives it some.
    }

    private async Task BuildAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Built from this class's constants only: nothing typed by anyone reaches it.
        var sql = $"""
            {Drop("TicketSearch1")}
            {Drop("TicketSearch2")}
            {Drop("TicketSearch3")}
            CREATE VIRTUAL TABLE "{Table}" USING fts5("Ticket" UNINDEXED, "Body", tokenize = "{Tokenizer}");
            -- A deleted or anonymised text leaves no word behind in the index's pages (SQLite 3.44+).
            INSERT INTO "{Table}" ("{Table}", rank) VALUES ('secure-delete', 1);
            -- The tickets' own triggers are TicketTriggers, laid again at every start; every ticket is indexed below, so none waits.
            CREATE TABLE IF NOT EXISTS "{Queue}" ("TicketId" INTEGER PRIMARY KEY);
            DELETE FROM "{Queue}";
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
