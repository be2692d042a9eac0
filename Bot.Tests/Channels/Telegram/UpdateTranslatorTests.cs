using System.Text.Json;
using ChatIntake.Channels.Telegram;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tests.Channels.Telegram;

public sealed class UpdateTranslatorTests
{
    private readonly UpdateTranslator _translator = new("telegram", 20 * 1024 * 1024) { BotUsername = "city_bot" };

    [Fact]
    public void A_text_message_becomes_an_activity_of_its_private_chat_with_64_bit_ids()
    {
        var turn = Turn("""{"update_id": 9007199254740000, "message": {"message_id": 1, "date": 1, "text": "/status@city_bot abcd2345", "chat": {"id": 8000000001, "type": "private"}, "from": {"id": 8000000001, "is_bot": false, "first_name": "Sara", "last_name": "K", "language_code": "en-US"}}}""");

        Assert.Equal("9007199254740000", turn.Update.UpdateId);
        Assert.Equal("8000000001", turn.Update.ChatId);
        Assert.Equal("/status@city_bot abcd2345", turn.Update.Activity.Text);
        Assert.Equal(new ChannelAccount("8000000001", "Sara K", "en-US"), turn.Update.Activity.From);
    }

    [Fact]
    public void Location_and_venue_become_a_point()
    {
        Assert.Equal(new GeoPoint(35.7, 51.4), Turn(Message("""{"location": {"latitude": 35.7, "longitude": 51.4, "horizontal_accuracy": 12.5}}""")).Update.Activity.Location);
        Assert.Equal(new GeoPoint(35.6, 51.3), Turn(Message("""{"venue": {"location": {"latitude": 35.6, "longitude": 51.3}, "title": "Park", "address": "Main St"}}""")).Update.Activity.Location);
    }

    [Fact]
    public void A_contact_counts_as_the_senders_own_only_when_it_carries_their_user_id()
    {
        Assert.True(Turn(Message("""{"contact": {"phone_number": "+989121234567", "first_name": "Sara", "user_id": 42}}""")).Update.Activity.Contact!.IsSendersOwn);
        Assert.False(Turn(Message("""{"contact": {"phone_number": "+989121111111", "first_name": "Ali", "user_id": 43}}""")).Update.Activity.Contact!.IsSendersOwn);
        Assert.False(Turn(Message("""{"contact": {"phone_number": "+989122222222", "first_name": "Forwarded"}}""")).Update.Activity.Contact!.IsSendersOwn);
    }

    [Fact]
    public void The_largest_photo_size_within_the_download_limit_is_taken_with_its_caption()
    {
        var translator = new UpdateTranslator("telegram", 100_000);
        var turn = Turn(Message("""{"caption": "here", "photo": [{"file_id": "s", "width": 90, "height": 90, "file_size": 2000}, {"file_id": "m", "width": 800, "height": 600, "file_size": 90000}, {"file_id": "l", "width": 2560, "height": 1920, "file_size": 900000}]}"""), translator);

        var photo = Assert.Single(turn.Update.Activity.Attachments);
        Assert.Equal(new ActivityAttachment(AttachmentKinds.Photo, "m", "image/jpeg", 90000), photo);
        Assert.Equal("here", turn.Update.Activity.Text);
    }

    [Fact]
    public void An_image_sent_as_a_file_is_a_photo_other_files_and_voice_keep_their_kind()
    {
        Assert.Equal(new ActivityAttachment(AttachmentKinds.Photo, "d1", "image/png", 5000, "pothole.png"),
            Turn(Message("""{"document": {"file_id": "d1", "file_name": "pothole.png", "mime_type": "image/png", "file_size": 5000}}""")).Update.Activity.Attachments[0]);
        Assert.Equal(AttachmentKinds.Document, Turn(Message("""{"document": {"file_id": "d2", "mime_type": "application/pdf"}}""")).Update.Activity.Attachments[0].Kind);
        Assert.Equal(new ActivityAttachment(AttachmentKinds.Voice, "v1", "audio/ogg", 3000),
            Turn(Message("""{"voice": {"file_id": "v1", "duration": 4, "file_size": 3000}}""")).Update.Activity.Attachments[0]);
    }

    [Fact]
    public void A_button_press_carries_its_data_the_callback_to_answer_and_the_message_to_clear()
    {
        var turn = Turn("""{"update_id": 5, "callback_query": {"id": "cb-9", "from": {"id": 42, "is_bot": false, "first_name": "Sara"}, "message": {"message_id": 77, "date": 1790000000, "chat": {"id": 42, "type": "private"}}, "chat_instance": "z", "data": "confirm"}}""");

        Assert.Equal("confirm", turn.Update.Activity.Value);
        Assert.Equal("cb-9", turn.CallbackQueryId);
        Assert.Equal(77, turn.ButtonsMessageId);
    }

    [Fact]
    public void A_press_on_a_message_too_old_to_show_still_counts_in_the_pressers_chat()
    {
        var turn = Turn("""{"update_id": 6, "callback_query": {"id": "cb-1", "from": {"id": 42, "is_bot": false}, "message": {"message_id": 3, "date": 0, "chat": {"id": 42, "type": "private"}}, "data": "follow"}}""");

        Assert.Equal("42", turn.Update.ChatId);
        Assert.Null(turn.ButtonsMessageId);
    }

    [Fact]
    public void An_edit_becomes_an_event_the_dialogs_answer()
    {
        var activity = Turn("""{"update_id": 7, "edited_message": {"message_id": 1, "date": 1, "edit_date": 2, "text": "new", "chat": {"id": 42, "type": "private"}, "from": {"id": 42, "is_bot": false}}}""").Update.Activity;

        Assert.Equal(ActivityTypes.Event, activity.Type);
        Assert.Equal(IntakeInterruptions.MessageEditedEvent, activity.Name);
    }

    [Theory]
    [InlineData("""{"text": "hello all"}""", false)]
    [InlineData("""{"text": "/start"}""", true)]
    [InlineData("""{"text": "/start@city_bot"}""", true)]
    [InlineData("""{"text": "/start@other_bot"}""", false)]
    [InlineData("""{"text": "hey @city_bot, where do I report?"}""", true)]
    public void In_a_group_the_bot_answers_only_when_spoken_to(string content, bool answers)
    {
        var json = Message(content).Replace("\"type\":\"private\"", "\"type\":\"supergroup\"");

        var received = _translator.Translate(JsonDocument.Parse(json).RootElement);

        Assert.Equal(answers, received is ReceivedUpdate.GroupNotice);
        Assert.False(received is ReceivedUpdate.Turn);
    }

    [Theory]
    [InlineData("""{"update_id": 1, "message_reaction": {"chat": {"id": 1}}}""")]
    [InlineData("""{"update_id": 2, "message": "not an object"}""")]
    [InlineData("""{"update_id": 3, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "channel"}, "sender_chat": {"id": 1}}}""")]
    [InlineData("""{"update_id": 4, "message": {"message_id": 1, "date": 1, "text": "hi", "chat": {"id": 1, "type": "private"}, "from": {"id": 9, "is_bot": true}}}""")]
    public void Updates_that_are_not_for_the_dialogs_are_ignored_without_an_exception(string json) =>
        Assert.IsType<ReceivedUpdate.Ignored>(_translator.Translate(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void Unknown_entity_types_and_fields_are_tolerated()
    {
        var turn = Turn(Message("""{"text": "/new", "entities": [{"type": "some_future_kind", "offset": 0, "length": 4, "extra": [1, 2]}], "paid_star_count": 3, "link_preview_options": {"is_disabled": true}}"""));

        Assert.Equal("/new", turn.Update.Activity.Text);
    }

    private ReceivedUpdate.Turn Turn(string json, UpdateTranslator? translator = null) =>
        Assert.IsType<ReceivedUpdate.Turn>((translator ?? _translator).Translate(JsonDocument.Parse(json).RootElement));

    /// <summary>A private message from user 42 with the given fields.</summary>
    private static string Message(string content)
    {
        var message = System.Text.Json.Nodes.JsonNode.Parse(content)!.AsObject();
        message["message_id"] = 1;
        message["date"] = 1;
        message["chat"] = new System.Text.Json.Nodes.JsonObject { ["id"] = 42, ["type"] = "private" };
        message["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = 42, ["is_bot"] = false, ["first_name"] = "Sara" };
        return new System.Text.Json.Nodes.JsonObject { ["update_id"] = 1, ["message"] = message }.ToJsonString();
    }
}
