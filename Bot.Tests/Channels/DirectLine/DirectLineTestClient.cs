using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>
/// Talks Direct Line 3.0 over HTTP as Web Chat does: a token, posts with client activity ids, polls by watermark.
/// Started with a host, it is also an <see cref="ICitizen"/> whose verbs wait for the bot's turn.
/// </summary>
public sealed class DirectLineTestClient(HttpClient http, string token, string conversationId) : ICitizen
{
    private readonly List<string> _transcript = [];
    private int _clientIds;

    /// <summary>The host behind the endpoints; the <see cref="ICitizen"/> verbs need it to know when a turn is done.</summary>
    public BotApplicationFactory? Host { get; init; }

    /// <summary>The browser's language, sent with every activity of the <see cref="ICitizen"/> verbs.</summary>
    public string Locale { get; init; } = "en-US";

    /// <summary>The bot's activities in answer to the last <see cref="ICitizen"/> verb.</summary>
    public IReadOnlyList<JsonObject> LastReplies { get; private set; } = [];

    public string LastText => Text([.. LastReplies]);

    public IReadOnlyList<string> Buttons =>
        LastReplies.LastOrDefault(r => r["suggestedActions"] is not null)?["suggestedActions"]!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];

    string ICitizen.ChatId => ConversationId;

    public static async Task<DirectLineTestClient> StartAsync(HttpClient http, BotApplicationFactory host, string language)
    {
        var started = await StartAsync(http);
        return new DirectLineTestClient(http, started.Token, started.ConversationId) { Host = host, Locale = language == "fa" ? "fa-IR" : "en-US" };
    }

    Task ICitizen.SaysAsync(string text) => TurnAsync("👤 " + text, () => SaysAsync(text, Locale));

    Task ICitizen.PressesAsync(string label)
    {
        var action = LastReplies.LastOrDefault(r => r["suggestedActions"] is not null)?["suggestedActions"]!["actions"]!.AsArray()
            .Select(a => a!.AsObject()).FirstOrDefault(a => CitizenDriver.Readable(a["title"]!.GetValue<string>()).Contains(label, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No button containing '{label}' among: {string.Join(" | ", Buttons)}\nLast reply: {LastText}");
        var title = action["title"]!.GetValue<string>();
        var value = action["value"]!.GetValue<string>();
        // As Web Chat does: imBack sends its value as the citizen's text; messageBack sends its value, showing its title.
        return action["type"]!.GetValue<string>() == "messageBack"
            ? TurnAsync($"👤 [{title}]", () => PressesMessageBackAsync(value, title, Locale))
            : TurnAsync($"👤 [{title}]", () => SaysAsync(value, Locale));
    }

    private async Task<string> PressesMessageBackAsync(string value, string displayText, string locale)
    {
        var message = Message(string.Empty, locale, $"client-{Interlocked.Increment(ref _clientIds)}");
        message.Remove("text");
        message["value"] = value;
        message["channelData"]!["messageBack"] = new JsonObject { ["displayText"] = displayText };
        var response = await PostRawAsync(message.ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    Task ICitizen.SharesLocationAsync(double latitude, double longitude) =>
        TurnAsync($"👤 (location {latitude}, {longitude})", () => SendsEventAsync("location", string.Create(CultureInfo.InvariantCulture, $"{latitude},{longitude}"), Locale));

    public async Task<string> ReceivesAsync(string part)
    {
        var seen = new List<JsonObject>();
        await Eventually.UntilAsync(async () =>
        {
            var (activities, watermark) = await ReadAsync(Watermark);
            Watermark = watermark;
            seen.AddRange(activities.Where(a => a["from"]!["role"]!.GetValue<string>() == "bot"));
            return seen;
        }, all => Text(all).Contains(part, StringComparison.Ordinal), $"conversation {ConversationId} to receive \"{part}\"", describe: Text);
        var text = seen.Last(a => a["text"]?.GetValue<string>().Contains(part, StringComparison.Ordinal) == true)["text"]!.GetValue<string>();
        _transcript.Add("🤖 " + text);
        return text;
    }

    public void SaveTranscript(string name)
    {
        var folder = Path.Combine(ArtifactPaths.Root, "transcripts");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, name + ".txt"), _transcript);
    }

    /// <summary>Sends, waits for the bot's turn to be committed and delivered, then reads what it said as Web Chat would.</summary>
    private async Task TurnAsync(string said, Func<Task<string>> send)
    {
        var host = Host ?? throw new InvalidOperationException("Start the client with its host to use it as a citizen.");
        var before = await host.TurnedCountAsync(ConversationId);
        _transcript.Add(said);
        await send();
        await host.WaitForTurnAsync(ConversationId, before);
        var (activities, watermark) = await ReadAsync(Watermark);
        Watermark = watermark;
        LastReplies = [.. activities.Where(a => a["from"]!["role"]!.GetValue<string>() == "bot")];
        foreach (var reply in LastReplies)
        {
            _transcript.Add("🤖 " + reply["text"] + (reply == LastReplies[^1] && Buttons.Count > 0 ? "\n   [" + string.Join("] [", Buttons) + "]" : string.Empty));
        }
    }

    public string Token { get; } = token;

    public string ConversationId { get; } = conversationId;

    public string Watermark { get; private set; } = "";

    public static async Task<DirectLineTestClient> StartAsync(HttpClient http)
    {
        var grant = (await (await http.PostAsync("/chat/token", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        return new DirectLineTestClient(http, grant["token"]!.GetValue<string>(), grant["conversationId"]!.GetValue<string>());
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? bearer = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? Token);
        return request;
    }

    public Task<HttpResponseMessage> PostRawAsync(string body, string? conversationId = null, string? bearer = null) =>
        http.SendAsync(Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities", bearer,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json")));

    /// <summary>Posts a message as Web Chat would (with a fresh client activity id unless given) and returns the server's id.</summary>
    public async Task<string> SaysAsync(string text, string locale = "en-US", string? clientActivityId = null)
    {
        var response = await PostRawAsync(Message(text, locale, clientActivityId ?? $"client-{Interlocked.Increment(ref _clientIds)}").ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<string> SendsEventAsync(string name, string value, string locale = "en-US")
    {
        var response = await PostRawAsync(new JsonObject { ["type"] = "event", ["name"] = name, ["value"] = value, ["locale"] = locale, ["from"] = new JsonObject { ["id"] = "r_user" } }.ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public static JsonObject Message(string text, string locale, string clientActivityId) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["locale"] = locale,
        ["from"] = new JsonObject { ["id"] = "r_user", ["name"] = "Citizen", ["role"] = "user" },
        ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
    };

    /// <summary>One GET: the activities after <paramref name="watermark"/> and the new watermark.</summary>
    public async Task<(List<JsonObject> Activities, string Watermark)> ReadAsync(string? watermark = null)
    {
        var response = await http.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities" + (watermark is null ? "" : $"?watermark={watermark}")));
        response.EnsureSuccessStatusCode();
        var set = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ([.. set["activities"]!.AsArray().Select(a => a!.AsObject())], set["watermark"]!.GetValue<string>());
    }

    /// <summary>Polls (as Web Chat does) until the bot has said something new, and returns the new bot activities.</summary>
    public async Task<List<JsonObject>> BotRepliesAsync(Func<List<JsonObject>, bool>? enough = null)
    {
        var replies = new List<JsonObject>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            var (activities, watermark) = await ReadAsync(Watermark);
            Watermark = watermark;
            replies.AddRange(activities.Where(a => a["from"]!["role"]!.GetValue<string>() == "bot"));
            if (replies.Count > 0 && (enough?.Invoke(replies) ?? true))
            {
                // A turn's replies may leave the outbox one by one: with the host at hand, wait until none is pending, else briefly.
                if (Host is { } host)
                {
                    await host.WaitForOutboxAsync(ConversationId, CancellationToken.None);
                }
                else
                {
                    await Task.Delay(150);
                }

                var (more, last) = await ReadAsync(Watermark);
                Watermark = last;
                replies.AddRange(more.Where(a => a["from"]!["role"]!.GetValue<string>() == "bot"));
                return replies;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The bot said nothing within 15 seconds.");
    }

    public static string Text(List<JsonObject> replies) => string.Join("\n", replies.Select(r => r["text"]?.GetValue<string>()));
}
