using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Tests.Text;

public sealed class PersianTextTests
{
    [Theory]
    [InlineData("كيك", "کیک")]
    [InlineData("\u202Eabc\u202C", "abc")]
    [InlineData("a\u200Bb\uFEFFc\u200Fd", "abcd")]
    [InlineData("می\u200Cخواهم", "می\u200Cخواهم")] // the Persian half-space is kept
    public void Clean_fixes_letters_and_drops_invisible_controls(string typed, string stored) =>
        Assert.Equal(stored, PersianText.Clean(typed));

    [Theory]
    [InlineData("۱۲۳٤٥٦", "123456")]
    [InlineData("  دست\u200Cانداز   بزرگ ", "دست انداز بزرگ")]
    [InlineData("STREET Light", "street light")]
    public void For_matching_folds_digits_case_and_spacing(string typed, string folded) =>
        Assert.Equal(folded, PersianText.ForMatching(typed));

    [Theory]
    [InlineData("😀😀", true)]
    [InlineData("!!! ...", true)]
    [InlineData("چاله", false)]
    [InlineData("12", false)]
    public void Has_no_words_spots_emoji_and_symbols_only(string text, bool none) =>
        Assert.Equal(none, PersianText.HasNoWords(text));

    [Theory]
    [InlineData("abcd-2345", "ABCD2345")]
    [InlineData("ABCD ۲۳۴۵", "ABCD2345")]
    [InlineData("abcd٢٣٤٥", "ABCD2345")]
    public void Tracking_codes_are_read_in_any_case_and_digit_script(string typed, string code)
    {
        Assert.True(TrackingCode.TryNormalize(typed, out var normalized));
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("ABCD-2345-X")]
    [InlineData("ABCD-0000")] // 0 is not in the alphabet: it reads like O
    [InlineData("")]
    public void Malformed_tracking_codes_are_refused(string typed) =>
        Assert.False(TrackingCode.TryNormalize(typed, out _));

    [Fact]
    public void Jalali_dates_use_persian_digits_and_the_city_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var nowruz = new DateTimeOffset(2026, 3, 20, 20, 30, 0, TimeSpan.Zero); // 00:00 on 1 Farvardin 1405 in Tehran
        Assert.Equal("۱۴۰۵/۰۱/۰۱ ۰۰:۰۰", JalaliDate.Format(nowruz, zone, IntakeCultures.Persian));
        Assert.Equal("2026-03-21 00:00", JalaliDate.Format(nowruz, zone, IntakeCultures.English));
    }
}
