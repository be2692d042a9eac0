using ChatIntake.Admin;
using ChatIntake.Channels.DirectLine;
using ChatIntake.Channels.Telegram;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tests.Data;

/// <summary>Bad configuration stops the host at start with the key named, instead of misbehaving later.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Localization:DefaultCulture", "de", "DefaultCulture")]
    [InlineData("Database:Provider", "Oracle", "Provider")]
    [InlineData("Intake:TimeZone", "Mars/Olympus", "TimeZone")]
    [InlineData("Outbox:PerChatPerSecond", "0", "PerChatPerSecond")]
    [InlineData("Pipeline:MaxTurnsPerCommit", "0", "MaxTurnsPerCommit")]
    [InlineData("Admin:InitialPassword", "short", "InitialPassword")]
    [InlineData("Admin:MapTileUrl", "javascript:alert(1)", "MapTileUrl")]
    [InlineData("Admin:MaxFailedSignIns", "0", "MaxFailedSignIns")]
    [InlineData("Telegram:BotToken", "my token", "BotToken")]
    [InlineData("Proxy:KnownProxies:0", "proxy.example", "Proxy:KnownProxies")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/40", "Proxy:KnownNetworks")]
    [InlineData("Calendar:Holidays:0", "13-45", "Calendar:Holidays")]
    [InlineData("Calendar:Week:Thursday", "noon", "Calendar:Week:Thursday")]
    [InlineData("Bale:ApiBaseUrl", "tapi.bale.ai", "Bale:ApiBaseUrl")]
    [InlineData("Telegram:WebhookSecret", "has spaces", "WebhookSecret")]
    [InlineData("Bale:UpdatesPerMinutePerChat", "0", "UpdatesPerMinutePerChat")]
    [InlineData("DirectLine:PostsPerMinutePerConversation", "0", "PostsPerMinutePerConversation")]
    [InlineData("DirectLine:UploadsPerMinutePerAddress", "-1", "UploadsPerMinutePerAddress")]
    public Task Invalid_settings_stop_the_start(string key, string value, string named) =>
        StartFailsNamingAsync(new Dictionary<string, string?> { [key] = value }, named);

    [Fact]
    public Task Webhook_mode_without_a_public_url_stops_the_start() =>
        StartFailsNamingAsync(new Dictionary<string, string?> { ["Bale:BotToken"] = "123:abc", ["Bale:Mode"] = "Webhook", ["Bale:WebhookSecret"] = "s" }, "Bale:PublicUrl");

    private static async Task StartFailsNamingAsync(Dictionary<string, string?> settings, string named)
    {
        // The features' own registrations on a bare host: WebApplicationFactory would report a failed start as a
        // disposed service provider, hiding which setting was wrong.
        var database = Path.Combine(Path.GetTempPath(), $"config-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Intake"] = $"Data Source={database}",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabase();
        builder.AddTickets();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddTelegramChannel();
        builder.AddDirectLine();
        builder.AddAdmin();
        ChatIntake.Hosting.HostingExtensions.AddProxy(builder);
        await using var app = builder.Build();
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
            var validation = Causes(error).OfType<OptionsValidationException>().FirstOrDefault();
            Assert.True(validation is not null, $"no OptionsValidationException in: {error}");
            Assert.Contains(named, validation!.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(database);
        }
    }

    /// <summary>The exception and everything it wraps: the host may report a bad option directly or inside others.</summary>
    private static IEnumerable<Exception> Causes(Exception error)
    {
        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } one ? [one] : [];
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }

    [Fact]
    public async Task Health_endpoint_reports_the_database_and_the_seed_is_loaded()
    {
        await using var bot = new BotApplicationFactory();
        try
        {
            var response = await bot.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("ok", health.GetProperty("database").GetProperty("state").GetString());
            await using var db = bot.CreateDbContext();
            Assert.Equal(9, db.Categories.Count());
            Assert.True(db.Districts.Count() >= 3);
        }
        finally
        {
            bot.DeleteDatabase();
        }
    }

    [Fact]
    public void The_clock_ban_is_wired_so_the_analyzer_sees_it()
    {
        var root = Path.GetDirectoryName(ArtifactPaths.Root)!;
        var props = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
        Assert.Contains("<AdditionalFiles Include=\"$(MSBuildThisFileDirectory)BannedSymbols.txt\" />", props, StringComparison.Ordinal);
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", props, StringComparison.Ordinal);
        var banned = File.ReadAllText(Path.Combine(root, "BannedSymbols.txt"));
        Assert.Contains("P:System.DateTime.UtcNow", banned, StringComparison.Ordinal);
        Assert.Contains("P:System.DateTimeOffset.UtcNow", banned, StringComparison.Ordinal);
    }
}
