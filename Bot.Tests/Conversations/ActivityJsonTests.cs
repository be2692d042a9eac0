using System.Text.Json;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// How replies and updates are stored in the outbox and inbox: what goes without saying is left out (a reply's row is
/// written twice, queued and then marked sent), and everything reads back whole, rows stored in full before included.
/// </summary>
public sealed class ActivityJsonTests
{
    private static readonly Activity Menu = Activity.Message(
        "Pick one",
        [SuggestedAction.Reply("Street Lighting"), SuggestedAction.Button("Submit", "confirm"), SuggestedAction.RequestLocation("Send my location")]);

    [Fact]
    public void A_stored_reply_leaves_out_the_message_type_empty_lists_and_values_equal_to_their_titles()
    {
        Assert.Equal(
            """{"text":"Pick one","suggestedActions":[{"title":"Street Lighting"},{"title":"Submit","value":"confirm","kind":"Button"},{"title":"Send my location","kind":"RequestLocation"}]}""",
            ActivityJson.Serialize(Menu));
        Assert.Equal("""{"text":"Thanks"}""", ActivityJson.Serialize(Activity.Message("Thanks")));
    }

    [Fact]
    public void A_stored_reply_reads_back_whole()
    {
        AssertSame(Menu, ActivityJson.Deserialize(ActivityJson.Serialize(Menu)));
        AssertSame(Menu, ActivityJson.DeserializeReply(ActivityJson.Serialize(Menu)));
        var persian = Activity.Message("کجاست؟", [SuggestedAction.RequestLocation("📍 ارسال موقعیت من"), SuggestedAction.Reply("رد شدن")]);
        AssertSame(persian, ActivityJson.Deserialize(ActivityJson.Serialize(persian)));
    }

    [Fact]
    public void A_row_stored_in_full_before_reads_the_same()
    {
        const string full = """
            {"type":"message","text":"Pick one","suggestedActions":[{"title":"Street Lighting","value":"Street Lighting","kind":"Reply"},
            {"title":"Submit","value":"confirm","kind":"Button"},{"title":"Send my location","value":"Send my location","kind":"RequestLocation"}],"attachments":[]}
            """;
        AssertSame(Menu, ActivityJson.Deserialize(full));
    }

    [Fact]
    public void An_event_keeps_its_type_and_an_incoming_update_its_sender()
    {
        var located = new Activity { Type = ActivityTypes.Event, Name = "location", Value = "35.7,51.4", From = new ChannelAccount("u1", "Sara", "fa") };
        var json = ActivityJson.Serialize(located);
        Assert.Contains("\"type\":\"event\"", json, StringComparison.Ordinal);
        var read = ActivityJson.Deserialize(json);
        Assert.Equal((ActivityTypes.Event, "location", "35.7,51.4", "u1", "Sara", "fa"), (read.Type, read.Name, read.Value, read.From!.Id, read.From.Name, read.From.LanguageCode));
    }

    [Theory]
    [InlineData("""{"text":"x","suggestedActions":[{"title":"A","kind":"Teleport"}]}""")]
    [InlineData("""{"text":"x","suggestedActions":[{"value":"a"}]}""")]
    [InlineData("""{"text":"x","suggestedActions":["A"]}""")]
    public void A_quick_reply_that_cannot_be_read_is_an_error_not_a_guess(string json) =>
        Assert.ThrowsAny<JsonException>(() => ActivityJson.Deserialize(json));

    private static void AssertSame(Activity expected, Activity actual)
    {
        Assert.Equal((expected.Type, expected.Text), (actual.Type, actual.Text));
        Assert.Equal(expected.SuggestedActions, actual.SuggestedActions);
        Assert.Empty(actual.Attachments);
    }
}
