using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// SQLite's search spells a typed prefix out as the index's words it stands for (FTS5 would otherwise gather every
/// occurrence of them first) and sorts the matches by date through a narrow index: the same matches, found cheaper.
/// </summary>
[Trait("Database", "SqliteOnly")] // FTS5, its vocabulary and SQLite's plans
public sealed class SqliteSearchQueryTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"search-query-{Guid.NewGuid():N}.db");
    private readonly SqliteTicketSearch _search = new(NullLogger<SqliteTicketSearch>.Instance, new WriteGate(Options.Create(new DatabaseOptions()), TimeProvider.System));
    private long _next = 1;

    public async Task InitializeAsync()
    {
        await using var db = await TestDatabase.MigratedAsync(_file);
    }

    public Task DisposeAsync()
    {
        TestDatabase.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_typed_prefix_is_spelled_out_as_the_words_it_stands_for_and_finds_what_the_prefix_finds()
    {
        await using var db = await IndexedAsync();
        var lane = await AddTicketAsync(db, "درخت کوچه پلاک 36 افتاده");
        var lanes = await AddTicketAsync(db, "کوچهها پلاک 3609 تاریک");
        var street = await AddTicketAsync(db, "خیابان پلاک 360 بدون کوچه");
        var other = await AddTicketAsync(db, "کوچک 36");

        Assert.Equal("(\"کوچه\" OR \"کوچهها\") AND (\"36\" OR \"360\" OR \"3609\")", await QueryAsync(db, "كوچه ۳۶"));
        var found = (await FoundAsync(db, "كوچه ۳۶")).Order().ToList();
        Assert.Equal([lane, lanes, street], found);
        Assert.DoesNotContain(other, found);
        Assert.Equal((await FoundByPrefixAsync(db, "\"کوچه\"* AND \"36\"*")).Order().ToList(), found);
    }

    [Fact]
    public async Task A_prefix_of_more_words_than_are_spelled_out_stays_a_prefix_and_a_word_the_tokenizer_changes_too()
    {
        await using var db = await IndexedAsync();
        var many = string.Join(' ', Enumerable.Range(0, SqliteTicketSearch.MaxSpelledOut + 1).Select(i => $"نمونه{(char)('ا' + i)}"));
        var ticket = await AddTicketAsync(db, many);
        var bench = await AddTicketAsync(db, "The Bench is broken");

        Assert.Equal("\"نمونه\"*", await QueryAsync(db, "نمونه"));
        Assert.Equal([ticket], await FoundAsync(db, "نمونه"));
        Assert.Equal("\"Bench\"*", await QueryAsync(db, "Bench"));
        Assert.Equal([bench], await FoundAsync(db, "Bench"));
        Assert.Equal("(\"bench\")", await QueryAsync(db, "bench"));
    }

    [Fact]
    public async Task A_word_written_after_a_search_is_found_by_the_next_search_of_its_prefix()
    {
        await using var db = await IndexedAsync();
        var first = await AddTicketAsync(db, "چراغ خاموش");
        Assert.Equal([first], await FoundAsync(db, "چرا"));

        var second = await AddTicketAsync(db, "چراغها روشن نمیشوند");
        Assert.Equal("(\"چراغ\" OR \"چراغها\")", await QueryAsync(db, "چرا"));
        Assert.Equal([first, second], (await FoundAsync(db, "چرا")).Order().ToList());
    }

    [Fact]
    public async Task Every_character_looked_up_as_typed_is_kept_as_typed_by_the_index_tokenizer()
    {
        var kept = Enumerable.Range(0, 0x10000).Select(c => ((char)c).ToString()).Where(c => !char.IsSurrogate(c[0]) && SqliteTicketSearch.KeptAsTyped(c)).ToList();
        Assert.Contains("ک", kept);
        Assert.Contains("a", kept);
        Assert.DoesNotContain("A", kept);

        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE VIRTUAL TABLE "T" USING fts5("Body", tokenize = "{SqliteTicketSearch.Tokenizer}");
            CREATE VIRTUAL TABLE "V" USING fts5vocab("T", 'row');
            INSERT INTO "T" ("Body") VALUES ($body);
            SELECT "term" FROM "V";
            """;
        command.Parameters.AddWithValue("$body", string.Join(' ', kept));
        var terms = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                terms.Add(reader.GetString(0));
            }
        }

        Assert.Equal(kept.Order(StringComparer.Ordinal), terms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Matches_are_sorted_by_date_through_the_narrow_index_on_an_analysed_database()
    {
        await using var db = await IndexedAsync();
        // Enough tickets that reading the creation-time index in order costs more than probing the few matched ones.
        await db.Database.ExecuteSqlRawAsync("""
            WITH RECURSIVE "N"("I") AS (SELECT 1 UNION ALL SELECT "I" + 1 FROM "N" WHERE "I" < 20000)
            INSERT INTO "Tickets" ("Id", "TrackingCode", "CitizenId", "CategoryId", "DistrictId", "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt")
            SELECT "I", 'CODE' || "I", 1, 1, "I" % 5, CASE WHEN "I" % 100 = 0 THEN 'چراغ خاموش' ELSE 'جوی آب' END, 0, 0, 'web', 1700000000000 + "I", 1700000000000 + "I" FROM "N"
            """);

        // Analysed without the narrow index: the start after an upgrade finds statistics that do not cover it.
        await db.Database.ExecuteSqlRawAsync($"""DROP INDEX "{SqliteTicketSearch.DateIndex}"; ANALYZE;""");
        await _search.EnsureIndexAsync(db, CancellationToken.None);
        await PlannerStatistics.EnsureAsync(db, CancellationToken.None);

        var matching = _search.MatchingIds(db, "چراغ");
        long[] districts = [4];
        foreach (var tickets in new[] { db.Tickets, db.Tickets.Where(t => t.DistrictId != null && districts.Contains(t.DistrictId.Value)) })
        {
            var query = tickets.Where(t => matching.Contains(t.Id)).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(t => t.Id).ToQueryString();
            // Without its ".param set" lines: the plan does not depend on the values.
            var sql = string.Join('\n', query.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
            var plan = await ScalarsAsync(db, "EXPLAIN QUERY PLAN " + sql, column: 3);
            Assert.True(plan.Any(step => step.Contains($"COVERING INDEX {SqliteTicketSearch.DateIndex}", StringComparison.Ordinal)), string.Join('\n', plan));
        }
    }

    private async Task<IntakeDbContext> IndexedAsync()
    {
        var db = TestDatabase.Context(_file);
        await db.Database.OpenConnectionAsync();
        // Tickets without their citizens and categories: only the search's own tables and triggers are under test.
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
        await _search.EnsureIndexAsync(db, CancellationToken.None);
        return db;
    }

    private async Task<long> AddTicketAsync(IntakeDbContext db, string description, long? district = null)
    {
        var id = _next++;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Tickets" ("Id", "TrackingCode", "CitizenId", "CategoryId", "DistrictId", "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt")
            VALUES ({id}, {"CODE" + id}, 1, 1, {district}, {description}, 0, 0, 'web', {1_700_000_000_000 + id}, {1_700_000_000_000 + id})
            """);
        await _search.CatchUpAsync(db, CancellationToken.None); // a new ticket waits in the queue until the follower or a search indexes it
        return id;
    }

    private static async Task<string> QueryAsync(IntakeDbContext db, string typed) =>
        await db.Database.SqlQuery<string>(SqliteTicketSearch.MatchQuery(typed)!).SingleAsync();

    private async Task<List<long>> FoundAsync(IntakeDbContext db, string typed) =>
        await _search.MatchingIds(db, typed).ToListAsync();

    private static async Task<List<long>> FoundByPrefixAsync(IntakeDbContext db, string match) =>
        await db.Database.SqlQuery<long>($"""SELECT DISTINCT "Ticket" AS "Value" FROM "TicketSearch4" WHERE "TicketSearch4" MATCH {match}""").ToListAsync();

    private static async Task<List<string>> ScalarsAsync(IntakeDbContext db, string sql, int column)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(column));
        }

        return values;
    }
}
