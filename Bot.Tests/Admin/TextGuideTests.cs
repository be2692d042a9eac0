using ChatIntake.Admin.Texts;

namespace ChatIntake.Tests.Admin;

/// <summary>The texts page names every placeholder and previews it with an example, in both languages.</summary>
public sealed class TextGuideTests
{
    [Fact]
    public void Every_named_placeholder_has_a_plain_name_and_an_example_in_both_languages()
    {
        var missing = TextGuide.Keys
            .SelectMany(key => TextGuide.For(key).Holes.Select(hole => (key, hole)))
            .SelectMany(h => new[] { "hole." + h.hole, "sample." + h.hole }
                .Where(name => !AdminStrings.All.TryGetValue(name, out var text) || text.En.Length == 0 || text.Fa.Length == 0)
                .Select(name => $"{h.key}: {name}"))
            .Distinct()
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void A_staff_reply_placeholder_is_named_as_the_reply_not_as_the_message_above_it()
    {
        Assert.Equal(["code", "reply"], TextGuide.For("notify.reply").Holes);
        Assert.Equal("پاسخ کارشناس", AdminStrings.All["hole.reply"].Fa);
    }
}
