using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// PostgreSQL's full-text search in the shape of <see cref="SqliteTicketSearch"/>: one row per ticket (key −Id: code,
/// description, address) and one per thread entry staff or the citizen wrote (key = event id), folded by
/// <see cref="SearchFolding"/> into a <c>tsvector</c> ('simple': no stemming, so Persian and English alike) under a GIN
/// index; every word typed is a prefix (<c>:*</c>), all of them within one row. Triggers keep it in step with every
/// writer. Derived data created at start (as on SQLite), under an advisory lock so instances starting together build it once.
/// </summary>
public sealed class PostgresTicketSearch(ILogger<PostgresTicketSearch> logger) : ITicketSearch
{
    /// <summary>Versioned: a change of folding or shape builds a fresh index.</summary>
    public const string Table = "TicketSearchPg2";

    private const string SearchedKinds = "0, 1, 2";

    // Persian punctuation and invisible marks break words whatever the server's locale thinks of them.
    private const string Breaks = "،؛؟«»٪٫٬…\u200C\u200D\u200E\u200F\u00A0\u2011";

    // '_' is a word character to SQLite's index (tokenchars '_') but a break to PostgreSQL's parser: stored and typed
    // alike as a modifier letter, so "street_light" stays one word on both.
    private const char Underscore = '\u02BB';

    private static readonly string TicketBody = Vector("""NEW."TrackingCode" || ' ' || NEW."Description" || ' ' || coalesce(NEW."AddressText", '')""");
    private static readonly string EventBody = Vector("""NEW."Text" """);

    /// <summary>Nothing waits: PostgreSQL's triggers index a ticket in the commit that stores it.</summary>
    public Task CatchUpAsync(IntakeDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public IQueryable<long> MatchingIds(IntakeDbContext db, string typed)
    {
        var query = MatchQuery(typed);
        return query.Length == 0
            ? db.Tickets.Where(_ => false).Select(t => t.Id)
            : db.Database.SqlQuery<long>($"""SELECT DISTINCT "Ticket" AS "Value" FROM "TicketSearchPg2" WHERE "Body" @@ to_tsquery('simple', {query})""");
    }

    /// <summary>Every word typed as a quoted prefix lexeme (only letters, digits and '_' reach it, so the syntax stays inert); digits folded as stored.</summary>
    public static string MatchQuery(string typed) =>
        string.Join(" & ", SearchFolding.TypedWords(typed)
            .Select(word => $"'{word.Replace('_', Underscore)}':*"));

    private static string Vector(string expression) =>
        $"to_tsvector('simple', translate({SearchFolding.PostgresSqlExpression(expression)}, '{Breaks}_', '{new string(' ', Breaks.Length)}{Underscore}'))";

    public async Task EnsureIndexAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7137002)", cancellationToken);
        var exists = await db.Database.SqlQuery<bool>($"""SELECT to_regclass({'"' + Table + '"'}) IS NOT NULL AS "Value" """).SingleAsync(cancellationToken);
        if (exists)
        {
            return;
        }

        // Built from this class's constants only: nothing typed by anyone reaches it.
        var sql = $"""
            CREATE TABLE "{Table}" ("Key" bigint PRIMARY KEY, "Ticket" bigint NOT NULL, "Body" tsvector NOT NULL);
            CREATE INDEX "IX_{Table}_Body" ON "{Table}" USING GIN ("Body");
            CREATE INDEX "IX_{Table}_Ticket" ON "{Table}" ("Ticket");
            CREATE OR REPLACE FUNCTION "{Table}_Ticket"() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                DELETE FROM "{Table}" WHERE "Key" = -OLD."Id";
                RETURN NULL;
              END IF;
              INSERT INTO "{Table}" ("Key", "Ticket", "Body") VALUES (-NEW."Id", NEW."Id", {TicketBody})
                ON CONFLICT ("Key") DO UPDATE SET "Body" = excluded."Body";
              RETURN NULL;
            END $body$;
            CREATE OR REPLACE FUNCTION "{Table}_Event"() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
              IF TG_OP = 'DELETE' OR NEW."Text" IS NULL OR NEW."Kind" NOT IN ({SearchedKinds}) THEN
                DELETE FROM "{Table}" WHERE "Key" = OLD."Id";
                RETURN NULL;
              END IF;
              INSERT INTO "{Table}" ("Key", "Ticket", "Body") VALUES (NEW."Id", NEW."TicketId", {EventBody})
                ON CONFLICT ("Key") DO UPDATE SET "Body" = excluded."Body";
              RETURN NULL;
            END $body$;
            CREATE TRIGGER "{Table}_Ticket" AFTER INSERT OR DELETE OR UPDATE OF "TrackingCode", "Description", "AddressText" ON "Tickets"
              FOR EACH ROW EXECUTE FUNCTION "{Table}_Ticket"();
            CREATE TRIGGER "{Table}_Event" AFTER INSERT OR DELETE OR UPDATE OF "Text", "Kind" ON "TicketEvents"
              FOR EACH ROW EXECUTE FUNCTION "{Table}_Event"();
            INSERT INTO "{Table}" ("Key", "Ticket", "Body") SELECT -"Id", "Id", {TicketBody.Replace("NEW.", "", StringComparison.Ordinal)} FROM "Tickets";
            INSERT INTO "{Table}" ("Key", "Ticket", "Body") SELECT "Id", "TicketId", {EventBody.Replace("NEW.", "", StringComparison.Ordinal)}
              FROM "TicketEvents" WHERE "Text" IS NOT NULL AND "Kind" IN ({SearchedKinds});
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Built the ticket search index {Table}", Table);
    }
}
