using System.Net;
using ChatIntake.Tests.Channels.DirectLine;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Journeys;

/// <summary>/mydata and /forget over Direct Line: the copy is a signed link that expires.</summary>
public sealed class DirectLinePrivacyJourneys : PrivacyJourneys
{
    protected override string ChannelName => "webchat";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:TokenSigningKey"] = "cHJpdmFjeS1qb3VybmV5LWtleS1ub3QtcmVhbC1idXQtbG9uZy1lbm91Z2g=",
    };

    protected override async Task<ICitizen> NewCitizenAsync(string language) =>
        await DirectLineTestClient.StartAsync(Host.Bot.CreateClient(), Host.Bot, language);

    protected override async Task<string> ReceivedFileAsync(ICitizen citizen)
    {
        var attachment = ((DirectLineTestClient)citizen).LastReplies.Select(r => r["attachments"]?[0]).LastOrDefault(a => a is not null)
            ?? throw new InvalidOperationException("The bot sent no attachment. Last: " + citizen.LastText);
        Assert.Equal("my-data.json", attachment["name"]!.GetValue<string>());
        var url = attachment["contentUrl"]!.GetValue<string>();
        using var http = Host.Bot.CreateClient();
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // The link is signed: another citizen's number in it is refused.
        var forged = System.Text.RegularExpressions.Regex.Replace(url, "citizen-data%3A\\d+|citizen-data:\\d+", "citizen-data:999");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(forged)).StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
