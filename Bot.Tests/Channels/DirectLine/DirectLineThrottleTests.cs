using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatIntake.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>One web-chat client cannot flood the bot: past its limits it gets 429 with Direct Line's error body and Retry-After.</summary>
public sealed class DirectLineThrottleTests
{
    [Fact]
    public async Task Posts_past_the_conversations_limit_get_429_with_retry_after_while_another_conversation_is_answered()
    {
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["DirectLine:PostsPerMinutePerConversation"] = "5" });
        var http = bot.CreateClient();
        var flooder = await DirectLineTestClient.StartAsync(http);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20; i++)
        {
            var response = await flooder.PostRawAsync(DirectLineTestClient.Message("/help", "en-US", $"flood-{i}").ToJsonString());
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 15)), statuses);
        var error = (await refused!.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        Assert.Equal("TooManyRequests", error["code"]!.GetValue<string>());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        var neighbour = await DirectLineTestClient.StartAsync(http);
        await neighbour.SaysAsync("/start");
        Assert.Contains("What would you like to do?", DirectLineTestClient.Text(await neighbour.BotRepliesAsync()));
    }

    [Fact]
    public async Task Posts_past_the_address_limit_get_429_across_its_conversations_but_not_for_another_address()
    {
        await using var bot = new BotApplicationFactory(
            settings: new Dictionary<string, string?> { ["DirectLine:PostsPerMinutePerAddress"] = "6" },
            configureServices: services => services.AddSingleton<IStartupFilter, AddressFromHeader>());
        var http = bot.CreateClient();
        var first = await DirectLineTestClient.StartAsync(http);
        var second = await DirectLineTestClient.StartAsync(http);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await PostFromAsync(http, first, "203.0.113.7", i));
            statuses.Add(await PostFromAsync(http, second, "203.0.113.7", i));
        }

        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, await PostFromAsync(http, first, "198.51.100.9", 99));
    }

    private static async Task<HttpStatusCode> PostFromAsync(HttpClient http, DirectLineTestClient chat, string address, int n)
    {
        var request = chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities", content:
            new StringContent(DirectLineTestClient.Message("hello " + n, "en-US", $"{address}-{n}-{chat.ConversationId}").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        request.Headers.Add(AddressFromHeader.Header, address);
        return (await http.SendAsync(request)).StatusCode;
    }

    /// <summary>The in-process server has no client address: this gives each request the one the test names.</summary>
    private sealed class AddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var address))
                {
                    http.Connection.RemoteIpAddress = address;
                }

                return following(http);
            });
            next(app);
        };
    }
}
