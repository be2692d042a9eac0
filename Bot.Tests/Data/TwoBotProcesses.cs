using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatIntake.Channels.Telegram;
using ChatIntake.Data;
using ChatIntake.Tests.Channels.Telegram;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

/// <summary>
/// Two instances of the product as two real processes on one fresh PostgreSQL database, both in webhook mode against one
/// <see cref="LimitedBotApi"/>, as behind a load balancer. Intent methods deliver Telegram updates to either instance's
/// webhook as Telegram would. Disposing kills both processes and drops the database.
/// </summary>
public sealed class TwoBotProcesses : IAsyncDisposable
{
    public const string WebhookSecret = "procs-webhook-secret";
    public const string AdminPassword = "admin-password-for-processes";
    // Idle, a process is up in 4 s; in the full suite on 2 cores two cold starts beside other tests once took 62 s, none of it waiting on a lock.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static long _nextUpdateId = 8_000_000_000;

    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"chatintake-procs-{Guid.NewGuid():N}.db");
    private readonly string _attachments = Path.Combine(Path.GetTempPath(), "chatintake-procs-attachments-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _telegram = new() { Timeout = TimeSpan.FromSeconds(30) };

    private TwoBotProcesses(LimitedBotApi api) => Api = api;

    public LimitedBotApi Api { get; }

    public BotProcess A { get; private set; } = null!;

    public BotProcess B { get; private set; } = null!;

    public IReadOnlyList<BotProcess> Both => [A, B];

    /// <summary>Starts the stand-in, the database and both processes (together, as a deploy would), and waits until both took their webhook.</summary>
    public static async Task<TwoBotProcesses> StartAsync(string test, IReadOnlyDictionary<string, string?>? extra = null)
    {
        // A SQLite file is one process's: test.sh leaves these tests out of the SQLite run (Database!=PostgresOnly).
        Assert.True(TestDatabase.IsPostgres, "Two processes share a PostgreSQL database: run with CHATINTAKE_TEST_PROVIDER=Postgres.");
        var processes = new TwoBotProcesses(await LimitedBotApi.StartAsync());
        try
        {
            await TestDatabase.EnsureAsync(processes._databaseFile);
            var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            processes.A = BotProcess.Start($"{test}-A", address => processes.Settings(address, "A", signingKey, extra));
            processes.B = BotProcess.Start($"{test}-B", address => processes.Settings(address, "B", signingKey, extra));
            try
            {
                await Task.WhenAll(processes.A.WaitHealthyAsync(StartTimeout), processes.B.WaitHealthyAsync(StartTimeout));
            }
            catch (Xunit.Sdk.XunitException failed)
            {
                // A start that hangs is most often waiting on a lock: say which session waited on what, and who held it.
                throw new Xunit.Sdk.XunitException($"{failed.Message}\n{await processes.SessionsAsync()}");
            }

            foreach (var instance in processes.Both)
            {
                await Eventually.UntilAsync(
                    () => processes.Api.Calls.Any(c => c.Method == "setWebhook" && c.Body["url"]?.GetValue<string>().Contains($":{instance.Port}/", StringComparison.Ordinal) == true),
                    $"{instance.Name} to register its webhook (log: {instance.LogFile})", StartTimeout);
            }

            return processes;
        }
        catch
        {
            await processes.DisposeAsync();
            throw;
        }
    }

    /// <summary>The instances' database sessions that are busy or block another: what each runs and waits on, and who blocks it.</summary>
    private async Task<string> SessionsAsync()
    {
        try
        {
            await using var db = CreateDbContext();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT application_name, pid, state, coalesce(wait_event_type || ':' || wait_event, '-'), pg_blocking_pids(pid)::text,
                       round(extract(epoch FROM now() - coalesce(xact_start, query_start)))::text, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
                FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE 'chatintake-%'
                  AND (state <> 'idle' OR pid IN (SELECT unnest(pg_blocking_pids(w.pid)) FROM pg_stat_activity AS w))
                ORDER BY application_name, pid
                """;
            var lines = new List<string> { "Database sessions busy or blocking (instance, pid, state, wait, blocked by, seconds in transaction, query):" };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
            }

            return string.Join('\n', lines);
        }
        catch (Exception ex)
        {
            return $"(the database sessions could not be read: {ex.Message})";
        }
    }

    /// <summary>A context on the instances' database, for what the test checks directly.</summary>
    public IntakeDbContext CreateDbContext() => TestDatabase.Context(_databaseFile);

    public static long NewUpdateId() => Interlocked.Increment(ref _nextUpdateId);

    /// <summary>A citizen's text message, as Telegram sends it in an update.</summary>
    public static JsonObject Text(long chatId, string text) =>
        new() { ["update_id"] = NewUpdateId(), ["message"] = FakeBotApi.Message(chatId, "en", new JsonObject { ["text"] = text }) };

    /// <summary>A press of an inline button on the bot's message <paramref name="messageId"/>.</summary>
    public static JsonObject Press(long chatId, string data, long messageId) => new()
    {
        ["update_id"] = NewUpdateId(),
        ["callback_query"] = new JsonObject
        {
            ["id"] = $"press-{NewUpdateId()}",
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Citizen", ["language_code"] = "en" },
            ["message"] = new JsonObject { ["message_id"] = messageId, ["date"] = 1_790_000_000, ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" }, ["text"] = "Please check" },
            ["chat_instance"] = "procs",
            ["data"] = data,
        },
    };

    /// <summary>Telegram's delivery of one update to an instance's webhook: the status it answered, or null when the call failed (the process is gone).</summary>
    public async Task<HttpStatusCode?> DeliverAsync(BotProcess to, JsonObject update)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(to.BaseAddress, "/webhooks/telegram"))
        {
            Content = new StringContent(update.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(BotWebhook.SecretHeader, WebhookSecret);
        try
        {
            using var response = await _telegram.SendAsync(request);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Delivers and fails unless the instance answered 200.</summary>
    public async Task DeliverOkAsync(BotProcess to, JsonObject update)
    {
        var status = await DeliverAsync(to, update);
        Assert.True(status == HttpStatusCode.OK, $"{to.Name} answered {status?.ToString() ?? "nothing"} to update {update["update_id"]}; its log ends:\n{to.LogTail()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in new[] { A, B })
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        _telegram.Dispose();
        await Api.DisposeAsync();
        TestDatabase.Delete(_databaseFile);
        if (Directory.Exists(_attachments))
        {
            Directory.Delete(_attachments, recursive: true);
        }
    }

    private Dictionary<string, string?> Settings(Uri address, string name, string signingKey, IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            // The application name tells the two instances' sessions apart in pg_stat_activity.
            ["ConnectionStrings:Intake"] = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(_databaseFile)) { ApplicationName = "chatintake-" + name }.ConnectionString,
            ["Attachments:Folder"] = _attachments,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:BotToken"] = LimitedBotApi.Token,
            ["Telegram:WebhookSecret"] = WebhookSecret,
            ["Telegram:ApiBaseUrl"] = Api.BaseUrl,
            ["Telegram:PublicUrl"] = address.ToString(),
            ["Admin:InitialPassword"] = AdminPassword,
            ["Admin:SignInsPerMinute"] = "10000",
            // Shared by every instance, as README asks: each accepts the web chat tokens the other issued.
            ["DirectLine:TokenSigningKey"] = signingKey,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
