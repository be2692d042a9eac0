using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>
/// A person in a private chat with the bot on telegram-test-api: types, sends commands and locations, presses reply
/// keyboard and inline buttons, and reads what the bot sent — through the emulator's own client API.
/// </summary>
public sealed class EmulatedCitizen(BotApplicationFactory host, string emulatorUrl, string botToken, string channel, long chatId, string language) : ICitizen
{
    private static readonly HttpClient Http = new();
    private readonly List<string> _transcript = [];
    private int _messageIds = 1000;

    public long ChatId => chatId;

    string ICitizen.ChatId => chatId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The messenger this citizen is on ("telegram" or "bale").</summary>
    public string Channel => channel;

    /// <summary>The bot's messages since the citizen last spoke: message id, text, and the raw sendMessage body.</summary>
    public IReadOnlyList<JsonObject> LastReplies { get; private set; } = [];

    public string LastText => string.Join("\n", LastReplies.Select(r => r["text"]?.GetValue<string>()));

    public Task SaysAsync(string text) =>
        SendAsync(text.StartsWith('/') ? "sendCommand" : "sendMessage", Message(new JsonObject
        {
            ["text"] = text,
            ["entities"] = text.StartsWith('/') ? new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.Split(' ')[0].Length, ["type"] = "bot_command" }) : null,
        }), "👤 " + text);

    public Task SharesLocationAsync(double latitude, double longitude) =>
        SendAsync("sendMessage", Message(new JsonObject { ["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude } }),
            $"👤 (location {latitude}, {longitude})");

    /// <summary>Presses the button whose label contains <paramref name="label"/>: an inline one sends its callback data, a keyboard one its label.</summary>
    public Task PressesAsync(string label)
    {
        var last = LastReplies.LastOrDefault(r => r["reply_markup"] is not null) ?? throw new InvalidOperationException("The bot offered no buttons. Last: " + LastText);
        var markup = last["reply_markup"]!;
        if (markup["inline_keyboard"] is JsonArray inline)
        {
            var button = inline.SelectMany(row => row!.AsArray()).FirstOrDefault(b => CitizenDriver.Readable(b!["text"]!.GetValue<string>()).Contains(label, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"No inline button '{label}' in {markup.ToJsonString()}");
            return SendAsync("sendCallback", new JsonObject
            {
                ["botToken"] = botToken,
                ["from"] = From(),
                ["message"] = new JsonObject { ["message_id"] = last["message_id"]!.DeepClone(), ["date"] = Now(), ["chat"] = Chat() },
                ["data"] = button!["callback_data"]!.GetValue<string>(),
            }, $"👤 [{button["text"]}]");
        }

        var keyboard = markup["keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).FirstOrDefault(b => CitizenDriver.Readable(b!["text"]!.GetValue<string>()).Contains(label, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No keyboard button '{label}' in {markup.ToJsonString()}");
        return SaysAsync(keyboard!["text"]!.GetValue<string>());
    }

    /// <summary>The buttons of the bot's last message that had any.</summary>
    public IReadOnlyList<string> Buttons =>
        LastReplies.LastOrDefault(r => r["reply_markup"] is not null)?["reply_markup"] is { } markup
            ? [.. (markup["inline_keyboard"] ?? markup["keyboard"])?.AsArray().SelectMany(row => row!.AsArray()).Select(b => b!["text"]!.GetValue<string>()) ?? []]
            : [];

    public void SaveTranscript(string name)
    {
        var folder = Path.Combine(ArtifactPaths.Root, "transcripts");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, name + ".txt"), _transcript);
    }

    public async Task<string> ReceivesAsync(string part)
    {
        var chat = chatId.ToString(CultureInfo.InvariantCulture);
        var seen = new List<JsonObject>();
        await Eventually.UntilAsync(async () =>
        {
            seen.AddRange(await ReadUpdatesAsync(chat, CancellationToken.None));
            return seen;
        }, all => all.Any(m => m["text"]?.GetValue<string>().Contains(part, StringComparison.Ordinal) == true),
            $"chat {chat} to receive \"{part}\"", describe: all => string.Join("\n---\n", all.Select(m => m["text"])));
        var text = seen.Last(m => m["text"]?.GetValue<string>().Contains(part, StringComparison.Ordinal) == true)["text"]!.GetValue<string>();
        _transcript.Add("🤖 " + text);
        return text;
    }

    private async Task SendAsync(string route, JsonObject body, string said)
    {
        var chat = chatId.ToString(CultureInfo.InvariantCulture);
        var before = await host.TurnedCountAsync(chat);
        _transcript.Add(said);
        (await Http.PostAsJsonAsync($"{emulatorUrl}/{route}", body)).EnsureSuccessStatusCode();

        // Done when the bot has taken the update, committed its turn, and delivered everything it wrote.
        await host.WaitForTurnAsync(chat, before);
        LastReplies = await ReadUpdatesAsync(chat, CancellationToken.None);
        foreach (var reply in LastReplies)
        {
            _transcript.Add("🤖 " + reply["text"] + (Buttons.Count > 0 && reply == LastReplies[^1] ? "\n   [" + string.Join("] [", Buttons) + "]" : string.Empty));
        }
    }

    /// <summary>The bot's messages in the chat since the citizen last spoke, as the emulator's client reads them.</summary>
    private async Task<IReadOnlyList<JsonObject>> ReadUpdatesAsync(string chat, CancellationToken cancellationToken)
    {
        var answer = await Http.PostAsJsonAsync($"{emulatorUrl}/getUpdates", new { token = botToken, chatId = chat }, cancellationToken);
        var result = (await answer.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["result"]!.AsArray();
        return [.. result.Select(r =>
        {
            var message = r!["message"]!.AsObject().DeepClone().AsObject();
            message["message_id"] = r["messageId"]!.DeepClone();
            return message;
        })];
    }

    private JsonObject Message(JsonObject content)
    {
        content["botToken"] = botToken;
        content["message_id"] = Interlocked.Increment(ref _messageIds);
        content["from"] = From();
        content["chat"] = Chat();
        content["date"] = Now();
        return content;
    }

    private JsonObject From() => new() { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Citizen", ["last_name"] = chatId.ToString(CultureInfo.InvariantCulture), ["language_code"] = language };

    private JsonObject Chat() => new() { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Citizen" };

    private static long Now() => DateTimeOffset.UnixEpoch.AddDays(20_400).ToUnixTimeSeconds();
}
