using ChatIntake.Channels.Telegram;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Statistics;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Benchmarks;

/// <summary>The real application (database, inbox, turn processor, outbox) on its own SQLite file, without Kestrel or messengers.</summary>
internal static class BenchHost
{
    /// <summary>The intake pipeline on the database <paramref name="database"/> describes (provider and connection string).</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> database, BenchChannel channel)
    {
        var builder = CreateBuilder(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabase();
        builder.AddTickets();
        builder.AddConversations();
        AddCitizenDataDesks(builder);
        builder.AddOutbox();
        builder.AddPrivacy(); // the turn's /mydata and /forget desk; without AddJobs its Quartz job is never scheduled
        builder.Services.AddSingleton<IChannel>(channel);
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NullServer>());
        return builder.Build();
    }

    /// <summary>
    /// The pipeline with the real Telegram channel (client, receiver, dispatcher) talking to <paramref name="apiBaseUrl"/>,
    /// at the pace <paramref name="settings"/> give; no jobs, no panel.
    /// </summary>
    public static WebApplication BuildWithTelegram(string databaseFile, string apiBaseUrl, string token, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = CreateBuilder(databaseFile);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Telegram:BotToken"] = token,
            ["Telegram:ApiBaseUrl"] = apiBaseUrl.TrimEnd('/'),
            ["Telegram:Mode"] = "Polling",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabase();
        builder.AddTickets();
        builder.AddConversations();
        AddCitizenDataDesks(builder);
        builder.AddOutbox();
        builder.AddTelegramChannel();
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NullServer>());
        return builder.Build();
    }

    /// <summary>What a turn needs of the privacy slice (/mydata, /forget), without its scheduled retention job.</summary>
    private static void AddCitizenDataDesks(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlaceholderCitizen>();
        builder.Services.AddSingleton<CitizenDataExport>();
        builder.Services.AddSingleton<CitizenDataDesks>();
    }

    private static WebApplicationBuilder CreateBuilder(string databaseFile) =>
        CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:Intake"] = $"Data Source={databaseFile}" });

    private static WebApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> database)
    {
        var repository = FindRepositoryRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = repository,
            EnvironmentName = Environments.Production,
        });

        // Only the repository's appsettings.json and the overrides below: an environment variable such as
        // ConnectionStrings__Intake must never point a benchmark at a real database.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(repository, "appsettings.json"), optional: false, reloadOnChange: false);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(database)
        {
            ["Seed:DistrictsFile"] = Path.Combine(repository, "data", "districts.geojson"),
            // The messengers' real limits (1 a second per chat) would make the outbox, not the pipeline, the bottleneck.
            ["Outbox:PerChatPerSecond"] = "1000",
            ["Outbox:PerChatBurst"] = "100",
            ["Outbox:GlobalPerSecond"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        });

        // stdout carries the one JSON line; anything logged goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>Only the database and the ticket slice: start-up migrates and seeds categories and districts, nothing else runs.</summary>
    public static WebApplication BuildDatabase(string databaseFile)
    {
        var builder = CreateBuilder(databaseFile);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabase();
        builder.AddTickets();
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NullServer>());
        return builder.Build();
    }

    /// <summary>
    /// The database, the ticket slice (whose start builds the search index and the counts when missing) and the statistics
    /// without their keeper, so the caller rebuilds the daily figures itself and knows when they are done.
    /// </summary>
    public static WebApplication BuildDerived(string databaseFile)
    {
        var builder = CreateBuilder(databaseFile);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabase();
        builder.AddTickets();
        builder.AddStatistics();
        builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DailyFiguresKeeper)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NullServer>());
        return builder.Build();
    }

    /// <summary>The folder holding ChatIntake.sln, found from the build output so the command works from any directory.</summary>
    internal static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ChatIntake.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ChatIntake.sln above {AppContext.BaseDirectory}; run the benchmark from its build output in the repository.");
    }
}
