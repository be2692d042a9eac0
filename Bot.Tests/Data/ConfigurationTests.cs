using ChatIntake.Tests.Infrastructure;
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
    public void Invalid_settings_stop_the_start(string key, string value, string named)
    {
        var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { [key] = value });
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => bot.Services);
            var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException
                ?? (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
            Assert.NotNull(validation);
            Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        }
        finally
        {
            bot.Dispose();
            bot.DeleteDatabase();
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
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
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
