using ChatIntake.Tests.Channels.DirectLine;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Journeys;

/// <summary>The journeys over the Direct Line 3.0 endpoints, posting and reading as Web Chat does.</summary>
public sealed class DirectLineJourneys : CitizenJourneys
{
    protected override string ChannelName => "webchat";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:TokenSigningKey"] = "am91cm5leS1rZXktbm90LXJlYWwtYnV0LWxvbmctZW5vdWdoLWZvci10ZXN0cw==",
    };

    protected override async Task<ICitizen> NewCitizenAsync(string language) =>
        await DirectLineTestClient.StartAsync(Host.Bot.CreateClient(), Host.Bot, language);
}
