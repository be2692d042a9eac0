using System.Text;
using ChatIntake.Channels.Telegram;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Channels.Telegram;

public sealed class BotMessageRendererTests
{
    [Fact]
    public void Citizen_text_is_escaped_for_html_and_nothing_else_is_touched()
    {
        var call = Assert.IsType<SendMessageRequest>(Assert.Single(BotMessageRenderer.Render(5, Activity.Message("<b>Tom & Jerry</b> \"quoted\" سلام"), "HTML")));

        Assert.Equal("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; \"quoted\" سلام", call.Text);
        Assert.Equal("HTML", call.ParseMode);
    }

    [Fact]
    public void Without_a_parse_mode_text_goes_out_exactly_as_written()
    {
        var call = Assert.IsType<SendMessageRequest>(Assert.Single(BotMessageRenderer.Render(5, Activity.Message("a < b & c"), "")));

        Assert.Equal("a < b & c", call.Text);
        Assert.Null(call.ParseMode);
    }

    [Fact]
    public void Long_text_is_split_at_line_breaks_into_parts_telegram_accepts_and_the_keyboard_rides_on_the_last()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"خط {i}: " + new string('ب', 20)).ToList();
        var text = string.Join('\n', lines);
        var calls = BotMessageRenderer.Render(5, Activity.Message(text, [SuggestedAction.Reply("OK")]), "HTML").Cast<SendMessageRequest>().ToList();

        Assert.True(calls.Count >= 3);
        Assert.All(calls, c => Assert.InRange(c.Text.Length, 1, BotMessageRenderer.MaxTextLength));
        Assert.Equal(lines, calls.SelectMany(c => c.Text.Split('\n')).ToList());
        Assert.All(calls[..^1], c => Assert.Null(c.ReplyMarkup));
        Assert.IsType<ReplyKeyboardMarkup>(calls[^1].ReplyMarkup);
    }

    [Fact]
    public void A_text_without_spaces_is_cut_at_the_limit_but_never_inside_a_surrogate_pair()
    {
        var text = new string('a', BotMessageRenderer.MaxTextLength - 1) + "😀" + new string('b', 10);

        var parts = BotMessageRenderer.Split(text, BotMessageRenderer.MaxTextLength);

        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }

    [Fact]
    public void Quick_replies_become_a_one_time_resized_keyboard_with_a_location_button_where_asked()
    {
        var markup = Assert.IsType<ReplyKeyboardMarkup>(BotMessageRenderer.Keyboard(
            [SuggestedAction.RequestLocation("📍 Send my location"), SuggestedAction.Reply("Yes"), SuggestedAction.Reply("No"), SuggestedAction.Reply("Maybe")]));

        Assert.True(markup.OneTimeKeyboard);
        Assert.True(markup.ResizeKeyboard);
        Assert.Equal([1, 2, 1], markup.Keyboard.Select(r => r.Count));
        Assert.True(markup.Keyboard[0][0].RequestLocation);
        Assert.Null(markup.Keyboard[1][0].RequestLocation);
    }

    [Fact]
    public void Attached_buttons_become_an_inline_keyboard_with_their_values_as_callback_data()
    {
        var markup = Assert.IsType<InlineKeyboardMarkup>(BotMessageRenderer.Keyboard([SuggestedAction.Button("✅ ثبت گزارش", "confirm"), SuggestedAction.Button("❌ لغو", "cancel")]));

        Assert.Equal(["confirm", "cancel"], markup.InlineKeyboard.SelectMany(r => r).Select(b => b.CallbackData));
    }

    [Fact]
    public void A_value_over_64_bytes_falls_back_to_a_keyboard_of_titles_the_prompt_also_understands()
    {
        var persian = new string('ب', 33); // 66 bytes in UTF-8, though only 33 characters
        Assert.True(Encoding.UTF8.GetByteCount(persian) > BotMessageRenderer.MaxCallbackDataBytes);

        var markup = BotMessageRenderer.Keyboard([SuggestedAction.Button("Long", persian), SuggestedAction.Button("Short", "ok")]);

        Assert.Equal(["Long", "Short"], Assert.IsType<ReplyKeyboardMarkup>(markup).Keyboard.SelectMany(r => r).Select(b => b.Text));
    }

    [Fact]
    public void A_message_without_choices_removes_the_previous_keyboard() =>
        Assert.IsType<ReplyKeyboardRemove>(BotMessageRenderer.Keyboard([]));
}
