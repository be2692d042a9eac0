using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>A citizen in a chat with the bot: says things, and remembers the bot's last answers.</summary>
public sealed class CitizenDriver(BotApplicationFactory factory, string chatId, string language) : ICitizen
{
    public string ChatId { get; } = chatId;

    private readonly List<string> _transcript = [];

    public IReadOnlyList<Activity> LastReplies { get; private set; } = [];

    /// <summary>Everything said so far, both ways, as a person would read it.</summary>
    public IReadOnlyList<string> Transcript => _transcript;

    /// <summary>All replies of the last turn, joined.</summary>
    public string LastText => string.Join("\n", LastReplies.Select(r => r.Text));

    /// <summary>The quick replies offered with the last message.</summary>
    public IReadOnlyList<string> Buttons => LastReplies.LastOrDefault()?.SuggestedActions.Select(a => a.Title).ToList() ?? [];

    public Task<IReadOnlyList<Activity>> SaysAsync(string text) => SendAsync(new Activity { Text = text });

    public Task<IReadOnlyList<Activity>> SharesLocationAsync(double latitude, double longitude) =>
        SendAsync(new Activity { Location = new GeoPoint(latitude, longitude) });

    public Task<IReadOnlyList<Activity>> SendsPhotoAsync(string fileId = "photo-1") =>
        SendAsync(new Activity { Attachments = [new ActivityAttachment(AttachmentKinds.Photo, fileId, "image/jpeg", 1000)] });

    /// <summary>Presses the offered button whose title contains <paramref name="titlePart"/>.</summary>
    public Task<IReadOnlyList<Activity>> PressesAsync(string titlePart)
    {
        // Persian titles isolate codes and join them with a non-breaking hyphen: a test names a button by what it reads.
        var button = LastReplies.LastOrDefault()?.SuggestedActions.FirstOrDefault(b => Readable(b.Title).Contains(titlePart, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No button containing '{titlePart}' among: {string.Join(" | ", Buttons)}\nLast reply: {LastText}");

        // An attached button sends its value, as a Telegram callback or a Web Chat postBack does; a quick reply sends its title.
        return button.Kind == SuggestedActionKind.Button
            ? SendAsync(new Activity { Value = button.Value })
            : SaysAsync(button.Title);
    }

    /// <summary>A text without its bidi marks and with plain hyphens, as a reader would type it back.</summary>
    public static string Readable(string text) =>
        new string([.. text.Where(c => c is not ('\u2066' or '\u2067' or '\u2068' or '\u2069' or '\u200E' or '\u200F'))]).Replace('\u2011', '-');

    Task ICitizen.SaysAsync(string text) => SaysAsync(text);

    Task ICitizen.PressesAsync(string label) => PressesAsync(label);

    Task ICitizen.SharesLocationAsync(double latitude, double longitude) => SharesLocationAsync(latitude, longitude);

    public async Task<string> ReceivesAsync(string part)
    {
        var found = await Eventually.UntilAsync(() => factory.Channel.DeliveredTo(ChatId), all => all.Any(a => a.Text?.Contains(part, StringComparison.Ordinal) == true),
            $"chat {ChatId} to receive \"{part}\"", describe: all => string.Join("\n---\n", all.Select(a => a.Text)));
        var text = found.Last(a => a.Text?.Contains(part, StringComparison.Ordinal) == true).Text!;
        _transcript.Add("🤖 " + text);
        return text;
    }

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        var update = new InboundUpdate(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), ChatId,
            activity with { From = new ChannelAccount("user-" + ChatId, "Citizen " + ChatId, language) });
        _transcript.Add("👤 " + Describe(activity));
        var (_, replies) = await factory.DeliverAsync(update);
        LastReplies = replies;
        foreach (var reply in replies)
        {
            _transcript.Add("🤖 " + reply.Text + (reply.SuggestedActions.Count > 0 ? "\n   [" + string.Join("] [", reply.SuggestedActions.Select(a => a.Title)) + "]" : string.Empty));
        }

        return replies;
    }

    /// <summary>Writes the transcript under artifacts/transcripts for a person to read.</summary>
    public void SaveTranscript(string name)
    {
        var folder = Path.Combine(ArtifactPaths.Root, "transcripts");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, name + ".txt"), _transcript);
    }

    private static string Describe(Activity activity) =>
        activity.Location is { } p ? $"(location {p.Latitude}, {p.Longitude})"
        : activity.Attachments.Count > 0 ? $"({string.Join(", ", activity.Attachments.Select(a => a.Kind))})"
        : activity.Text ?? (activity.Value is not null ? $"[button {activity.Value}]" : "(empty)");
}
