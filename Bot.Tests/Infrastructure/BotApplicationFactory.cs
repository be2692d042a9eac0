using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// The real host on its own SQLite file (or PostgreSQL database, see <see cref="TestDatabase"/>), with the in-process
/// <see cref="TestChannel"/> as its messenger.
/// Two factories given the same file are the same installation restarted. A factory that named its own file deletes
/// it when disposed; a file given to it belongs to the caller (see <see cref="TestDatabaseFile"/>). Its clock is
/// <see cref="Clock"/>, unless a test registers another <see cref="TimeProvider"/>.
/// </summary>
public sealed class BotApplicationFactory : WebApplicationFactory<Program>
{
    private static int _updateIds;
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _configureServices;
    private readonly bool _ownsDatabase;

    public BotApplicationFactory(string? databaseFile = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _ownsDatabase = databaseFile is null;
        DatabaseFile = databaseFile ?? Path.Combine(Path.GetTempPath(), $"chatintake-test-{Guid.NewGuid():N}.db");
        _settings = new Dictionary<string, string?>(TestDatabase.Settings(DatabaseFile))
        {
            ["Database:SqliteSynchronous"] = "NORMAL",
            ["Outbox:PerChatPerSecond"] = "1000",
            ["Outbox:PerChatBurst"] = "100",
            ["Outbox:GlobalPerSecond"] = "10000",
            ["Outbox:FirstRetryDelay"] = "00:00:00.050",
            ["Outbox:MaxRetryDelay"] = "00:00:00.200",
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Localization:DefaultCulture"] = "fa",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabaseFile { get; }

    public TestChannel Channel { get; } = new();

    /// <summary>The host's clock: the real one until a test moves it.</summary>
    public OffsetClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // PostgreSQL: the named database is made from the run's migrated template unless it exists (a restart).
        TestDatabase.EnsureAsync(DatabaseFile).GetAwaiter().GetResult();
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IChannel>(Channel);
            services.AddSingleton<TimeProvider>(Clock);
            _configureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Serves the host on a real loopback port (for a browser) and returns its address. Call before anything else
    /// touches the host; <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> then uses the socket too. A given
    /// <paramref name="port"/> lets a restarted installation come back where its open pages look for it.
    /// </summary>
    public Uri StartOnLoopback(int port = 0)
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// For tests that stop one of the host's background services, as a crash of that part would. .NET 10 starts
    /// ExecuteAsync through Task.Run, so a stop that comes before the run leaves a cancelled task, which the host takes
    /// for a failure and stops everything (the test then finds its services disposed); these hosts log it and go on.
    /// </summary>
    public static void ServicesMayBeStopped(IServiceCollection services) =>
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);

    public IntakeDbContext CreateDbContext() => Service<IDbContextFactory<IntakeDbContext>>().CreateDbContext();

    public CitizenDriver Citizen(string chatId, string language = "fa") => new(this, chatId, language);

    public static string NewUpdateId() => $"u{Interlocked.Increment(ref _updateIds)}";

    /// <summary>Delivers an update as a channel would and waits until its turn is committed and its replies delivered.</summary>
    public async Task<(bool Accepted, IReadOnlyList<Activity> Replies)> DeliverAsync(InboundUpdate update, TimeSpan? timeout = null)
    {
        // Generous: a loaded CI machine once took longer than 15 s to accept one update; a hang still fails.
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(45));
        var processor = Service<TurnProcessor>();
        var before = Channel.DeliveredTo(update.ChatId).Count;
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long? id = null;
        void OnCommitted(IReadOnlyList<long> ids)
        {
            if (id is { } mine && ids.Contains(mine))
            {
                committed.TrySetResult();
            }
        }

        processor.TurnsCommitted += OnCommitted;
        try
        {
            id = await Service<Inbox>().AcceptWithIdAsync(update, cancel.Token);
            if (id is null)
            {
                return (false, []);
            }

            // The commit may have happened before "id" was known to the handler.
            await using (var db = CreateDbContext())
            {
                if (await db.Inbox.AnyAsync(m => m.Id == id && m.ProcessedAt != null, cancel.Token))
                {
                    committed.TrySetResult();
                }
            }

            await committed.Task.WaitAsync(cancel.Token);
        }
        finally
        {
            processor.TurnsCommitted -= OnCommitted;
        }

        await WaitForOutboxAsync(update.ChatId, cancel.Token);
        return (true, Channel.DeliveredTo(update.ChatId).Skip(before).ToList());
    }

    /// <summary>How many updates of the chat the bot has turned so far.</summary>
    public async Task<int> TurnedCountAsync(string chatId)
    {
        await using var db = CreateDbContext();
        return await db.Inbox.CountAsync(m => m.ExternalChatId == chatId && m.ProcessedAt != null);
    }

    /// <summary>Waits until the chat has more turned updates than <paramref name="before"/> and all their replies are out.</summary>
    public async Task WaitForTurnAsync(string chatId, int before)
    {
        await Eventually.UntilAsync(() => TurnedCountAsync(chatId), n => n > before, $"the bot to turn update {before + 1} of chat {chatId}");
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);
        await WaitForOutboxAsync(chatId, cancel.Token);
    }

    /// <summary>Waits until nothing is pending for the chat (delivered, or given up).</summary>
    public Task WaitForOutboxAsync(string chatId, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = CreateDbContext();
            return !await db.Outbox.AnyAsync(m => m.ExternalChatId == chatId && m.State == OutboxState.Pending, cancellationToken);
        }, $"the outbox to chat {chatId} to drain");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            TestDatabaseFile.Delete(DatabaseFile);
        }

        GC.SuppressFinalize(this);
    }
}
