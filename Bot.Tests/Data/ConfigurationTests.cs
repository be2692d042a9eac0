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
    [InlineData("Seed:DistrictsFile", "", "DistrictsFile")]
    [InlineData("Attachments:Folder", "bad\0folder", "Attachments:Folder")]
    [InlineData("Intake:TimeZone", "Mars/Olympus", "TimeZone")]
    [InlineData("Outbox:PerChatPerSecond", "0", "PerChatPerSecond")]
    [InlineData("Pipeline:MaxTurnsPerCommit", "0", "MaxTurnsPerCommit")]
    [InlineData("SearchIndex:Quiet", "00:00:00", "Quiet")]
    [InlineData("SearchIndex:MaxLag", "01:00:00", "MaxLag")]
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
    [InlineData("Open311:ApiKeys:0", "weak:short", "Open311:ApiKeys")]
    [InlineData("Open311:RequestsPerMinute", "0", "RequestsPerMinute")]
    [InlineData("Open311:JurisdictionId", "not a domain", "Open311:JurisdictionId")]
    [InlineData("Open311:MediaTimeout", "00:10:00", "MediaTimeout")]
    [InlineData("DirectLine:PostsPerMinutePerConversation", "0", "PostsPerMinutePerConversation")]
    [InlineData("DirectLine:UploadsPerMinutePerAddress", "-1", "UploadsPerMinutePerAddress")]
    [InlineData("DirectLine:MaxUploadBytes", "10", "MaxUploadBytes")]
    [InlineData("DirectLine:TokenSigningKey", "short", "DirectLine:TokenSigningKey")]
    [InlineData("FollowUps:DigestAt", "25:00", "DigestAt")]
    [InlineData("FollowUps:SurveyAfter", "-1.00:00:00", "SurveyAfter")]
    [InlineData("DirectLine:FileLinkLifetime", "00:00:01", "FileLinkLifetime")]
    [InlineData("Privacy:AnonymiseClosedAfter", "00:01:00", "AnonymiseClosedAfter")]
    [InlineData("Privacy:KeepAuditFor", "1.00:00:00", "KeepAuditFor")]
    public Task Invalid_settings_stop_the_start(string key, string value, string named) =>
        StartFailsNamingAsync(new Dictionary<string, string?> { [key] = value }, named);

    [Fact]
    public Task Webhook_mode_without_a_public_url_stops_the_start() =>
        StartFailsNamingAsync(new Dictionary<string, string?> { ["Bale:BotToken"] = "123:abc", ["Bale:Mode"] = "Webhook", ["Bale:WebhookSecret"] = "s" }, "Bale:PublicUrl");

    /// <summary>Starts the product's own composition (Program, through the test factory) with one bad setting.</summary>
    private static async Task StartFailsNamingAsync(Dictionary<string, string?> settings, string named)
    {
        var logs = new CapturingLoggerProvider();
        await using var bot = new BotApplicationFactory(settings: settings, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        var error = Assert.ThrowsAny<Exception>(() => bot.Services);
        // The test factory sometimes loses the start's own exception to an ObjectDisposedException (its waiter reads the
        // host's services after the failed host was disposed: dotnet/aspnetcore#33494); the host has logged the cause.
        var validation = Causes(error).Concat(logs.Exceptions.SelectMany(Causes)).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"no OptionsValidationException in: {error}");
        Assert.Contains(named, validation!.Message, StringComparison.Ordinal);
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
        var response = await bot.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ok", health.GetProperty("database").GetProperty("state").GetString());
        await using var db = bot.CreateDbContext();
        Assert.Equal(9, db.Categories.Count());
        Assert.True(db.Districts.Count() >= 3);
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
