using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Tests.Text;

public sealed partial class TextCatalogTests
{
    [Fact]
    public void Every_text_exists_in_persian_and_english_with_the_same_placeholders()
    {
        var keys = TextCatalog.AllKeys();
        Assert.True(keys.Count > 50);
        foreach (var key in keys)
        {
            Assert.True(TextCatalog.HasOwnText(key, IntakeCultures.Persian), $"'{key}' has no Persian text");
            var english = TextCatalog.Default.Get(key, IntakeCultures.English);
            var persian = TextCatalog.Default.Get(key, IntakeCultures.Persian);
            Assert.Equal(Holes(english), Holes(persian));
            Assert.DoesNotMatch("[0-9]", Regex.Replace(persian, @"\{\d\}|/\w+|ABCD[-\u2011]2345|1[0-9]{2}|English", string.Empty));
        }
    }

    [Fact]
    public void Persian_formatting_writes_numbers_in_persian_digits_and_isolates_latin_codes()
    {
        var text = TextCatalog.Default.Format("report.photo.more", IntakeCultures.Persian, 2, 5);
        Assert.Contains("۲ از ۵", text);
        var created = TextCatalog.Default.Format("report.created", IntakeCultures.Persian, "ABCD-2345", string.Empty);
        Assert.Contains("\u2066ABCD\u20112345\u2069", created);
    }

    [Fact]
    public void Keywords_pick_the_category_by_whole_words_only()
    {
        IReadOnlyList<CategoryInfo> categories =
        [
            new("lighting", "روشنایی", "Street lighting", ["چراغ", "خاموش"], ["street light", "lamp"], false),
            new("parks", "پارک", "Parks", ["درخت"], ["tree"], false),
            new("animals", "حیوانات", "Animals", ["موش"], ["rat"], false),
        ];
        Assert.Equal("lighting", CategoryMatcher.Match("The STREET LIGHTS are out", categories)?.Code);
        Assert.Equal("lighting", CategoryMatcher.Match("چراغ كوچه خاموش است", categories)?.Code);
        Assert.Equal("parks", CategoryMatcher.Match("a fallen tree", categories)?.Code);
        Assert.Null(CategoryMatcher.Match("something else entirely", categories));
        Assert.Equal("animals", CategoryMatcher.Match("موش دیدم", categories)?.Code);
    }

    private static string[] Holes(string text) => [.. HolePattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d\}")]
    private static partial Regex HolePattern();
}
