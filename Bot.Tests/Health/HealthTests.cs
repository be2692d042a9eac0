using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Health;

/// <summary>/healthz tells each channel's state in a JSON body; a broken messenger does not take the instance out of rotation.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Telegram_shows_degraded_with_the_reason_when_its_bot_api_cannot_be_reached()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:health-probe-token",
            ["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{port}",
        });
        using var http = bot.CreateClient();
        var (response, body) = await Eventually.UntilAsync(async () =>
            {
                var answer = await http.GetAsync("/healthz");
                return (answer, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement);
            },
            seen => seen.Item2.GetProperty("channels").GetProperty("telegram").GetProperty("state").GetString() == "degraded" &&
                    seen.Item2.GetProperty("channels").GetProperty("telegram").TryGetProperty("since", out _),
            "Telegram to show as degraded", TimeSpan.FromSeconds(15), seen => seen.Item2.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("database").GetProperty("state").GetString());
        var telegram = body.GetProperty("channels").GetProperty("telegram");
        Assert.Equal("degraded", telegram.GetProperty("state").GetString());
        Assert.Contains("getMe", telegram.GetProperty("reason").GetString());
        Assert.DoesNotContain("health-probe-token", body.GetRawText());
        Assert.Equal("off", body.GetProperty("channels").GetProperty("bale").GetProperty("state").GetString());
    }
}
