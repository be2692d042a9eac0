using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>A citizen in a chat with the bot: says things, and remembers the bot's last answers.</summary>
public sealed class CitizenDriver(BotApplicationFactory factory, string chatId, string language)
{
    public string ChatId { get; } = chatId;

    public IReadOnlyList<Activity> LastReplies { get; private set; } = [];

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
        var title = Buttons.FirstOrDefault(b => b.Contains(titlePart, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No button containing '{titlePart}' among: {string.Join(" | ", Buttons)}\nLast reply: {LastText}");
        return SaysAsync(title);
    }

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        var update = new InboundUpdate(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), ChatId,
            activity with { From = new ChannelAccount("user-" + ChatId, "Citizen " + ChatId, language) });
        var (_, replies) = await factory.DeliverAsync(update);
        LastReplies = replies;
        return replies;
    }
}
