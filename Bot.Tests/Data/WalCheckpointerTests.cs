using System.Buffers.Binary;
using System.Diagnostics;
using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ChatIntake.Tests.Data;

/// <summary>The write-ahead log stays bounded under steady traffic, where SQLite alone would never start it over.</summary>
[Trait("Database", "SqliteOnly")] // SQLite's log; PostgreSQL checkpoints by itself
public sealed class WalCheckpointerTests
{
    private const int BlobBytes = 4000;
    private const int BlobsPerCommit = 16;
    private const int Readers = 4;
    private static readonly TimeSpan ReaderHold = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task The_log_is_started_over_while_readers_keep_coming()
    {
        using var database = new TestDatabaseFile();
        await using var bot = new BotApplicationFactory(database.Path);
        var gate = bot.Service<WriteGate>();
        var connection = $"Data Source={database.Path}";
        await using var writer = new SqliteConnection(connection);
        await writer.OpenAsync();
        await ExecuteAsync(writer, """CREATE TABLE "Scratch" ("Blob" BLOB NOT NULL)""");

        // Readers taking turns, so that one always holds a snapshot in the log, as a busy panel's and the outbox's do.
        // Each holds it 20 ms, starting 5 ms after the one before, so one is in the log whenever the writer writes.
        using var stop = new CancellationTokenSource();
        var readers = Task.WhenAll(Enumerable.Range(0, Readers).Select(i => ReadAsync(connection, TimeSpan.FromMilliseconds(ReaderHold.TotalMilliseconds / Readers * i), stop.Token)));

        // Commits through the write gate, as the product's writers make them: at least four times the bound, over
        // several checkpointer ticks, until the log has been started over three times (bounded at 30 s: on a loaded
        // machine a rewind gives up while a slow reader holds its snapshot, and the next second's tries again).
        const long enough = 4L * WalCheckpointer.RewindFrames * 4096;
        long written = 0;
        uint? firstSequence = null;
        var rewinds = 0;
        var clock = Stopwatch.StartNew();
        while ((written < enough || rewinds < 3 || clock.Elapsed < TimeSpan.FromSeconds(3)) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using (await gate.EnterAsync(CancellationToken.None))
            {
                await using var transaction = await writer.BeginTransactionAsync();
                await using var insert = writer.CreateCommand();
                insert.Transaction = (SqliteTransaction)transaction;
                insert.CommandText = """INSERT INTO "Scratch" ("Blob") VALUES (zeroblob(@size))""";
                insert.Parameters.AddWithValue("@size", BlobBytes);
                for (var i = 0; i < BlobsPerCommit; i++)
                {
                    await insert.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            written += BlobBytes * BlobsPerCommit;
            var sequence = LogSequence(database.Path + "-wal");
            firstSequence ??= sequence;
            rewinds = (int)(sequence - firstSequence.Value);
            await Task.Delay(1); // tens of megabytes a second, as a busy intake writes; flat out, one passive pass takes seconds
        }

        await stop.CancelAsync();
        await readers;

        // SQLite alone starts the log over only when the writer pauses while every reader is on the newest frame: here
        // once in 8 s or so, tens of thousands of pages apart. The rewinds start it over every bound or two.
        var pages = written / 4096;
        Assert.True(written >= enough, $"the test wrote too little to need rewinds ({written} bytes)");
        Assert.True(
            rewinds >= 3 && pages / rewinds <= 4 * WalCheckpointer.RewindFrames,
            $"the log was started over {rewinds} times in {clock.Elapsed.TotalSeconds:0.0} s, while {pages} pages were written");
    }

    /// <summary>
    /// The log's checkpoint sequence, from its header (bytes 12–15, big-endian): SQLite adds one each time it starts the
    /// log over from its first frame.
    /// </summary>
    private static uint LogSequence(string logPath)
    {
        using var log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        log.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    [Theory]
    [InlineData(WalCheckpointer.RewindFrames - 1, new[] { "PASSIVE" })]
    [InlineData(WalCheckpointer.RewindFrames, new[] { "PASSIVE", "PASSIVE", "RESTART in the gate" })]
    public async Task Past_the_bound_a_second_passive_pass_runs_before_the_write_gate_is_taken_for_the_restart(long frames, string[] expected)
    {
        var steps = new List<string>();
        var inGate = false;
        await WalCheckpointer.TickAsync(
            (mode, _) =>
            {
                steps.Add(inGate ? mode + " in the gate" : mode);
                return Task.FromResult<long?>(frames);
            },
            () =>
            {
                inGate = true;
                return Task.FromResult<IDisposable>(new Released(() => inGate = false));
            });

        Assert.Equal(expected, steps);
        Assert.False(inGate, "the write gate was not released");
    }

    private sealed class Released(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    private static async Task ReadAsync(string connectionString, TimeSpan offset, CancellationToken stop)
    {
        await using var reader = new SqliteConnection(connectionString);
        await reader.OpenAsync(CancellationToken.None);
        await Task.Delay(offset, CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using var transaction = reader.BeginTransaction(deferred: true);
            await using var select = reader.CreateCommand();
            select.Transaction = (SqliteTransaction)transaction;
            select.CommandText = """SELECT 1 FROM "Scratch" LIMIT 1""";
            await select.ExecuteScalarAsync(CancellationToken.None);
            await Task.Delay(ReaderHold, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
