using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Tests.Text;

/// <summary>Persian texts open right to left on every line, keep Latin runs, commands and codes whole, and write numbers the Persian way.</summary>
public sealed class PersianLayoutTests
{
    /// <summary>The worst case for each hole: a tracking code, Latin names and dates, then Persian words.</summary>
    private static readonly object[][] SampleArguments =
    [
        ["ABCD-2345", "Street Lighting", "In progress", "2026-12-02 10:30", "Waste Management", "Main St. 12", "text", "/status"],
        ["ABCD-2345", "روشنایی معابر", 3, "۱۴۰۵/۰۹/۱۱", "منطقه ۲", "خیابان آزادی", "شرح", "ali@example.org"],
    ];

    [Fact]
    public void Every_persian_text_opens_right_to_left_on_every_line_whatever_fills_its_holes()
    {
        var failures = new List<string>();
        foreach (var key in TextCatalog.AllKeys())
        {
            foreach (var arguments in SampleArguments)
            {
                var text = TextCatalog.Default.Format(key, IntakeCultures.Persian, arguments);
                foreach (var line in text.Split('\n').Where(l => l.Length > 0))
                {
                    if (FirstStrong(line, isolatesUnderstood: true) != 'R' || FirstStrong(line, isolatesUnderstood: false) != 'R')
                    {
                        failures.Add($"{key}: {Show(line)}");
                    }
                }

                if (text.Contains("\n\n\n", StringComparison.Ordinal) || text.StartsWith('\n') || text.EndsWith('\n'))
                {
                    failures.Add($"{key}: stray blank lines");
                }
            }

            var plain = TextCatalog.Default.Get(key, IntakeCultures.Persian);
            if (plain.Split('\n').Any(l => l.Length > 0 && FirstStrong(l, isolatesUnderstood: true) != 'R'))
            {
                failures.Add($"{key} (unformatted): {Show(plain)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Commands_and_codes_are_isolated_left_to_right_with_the_persian_full_stop_outside()
    {
        var help = TextCatalog.Default.Get("help.text", IntakeCultures.Persian);
        Assert.Contains("\u2066/status\u2069 کد", help);
        Assert.Contains("\u2066/cancel\u2069", help);

        var notice = TextCatalog.Default.Format("notify.status", IntakeCultures.Persian, "K7QM-4XPT", "در حال رسیدگی");
        Assert.Equal("\u200Fℹ️ وضعیت گزارش \u2066K7QM\u20114XPT\u2069: در حال رسیدگی.", notice);

        var ask = TextCatalog.Default.Get("status.ask", IntakeCultures.Persian);
        Assert.Contains("\u2066/status ABCD\u20112345\u2069.", ask);
    }

    [Fact]
    public void A_tracking_code_of_digits_only_is_isolated_with_a_non_breaking_hyphen_too()
    {
        // 8 of the alphabet's 29 characters are digits: about one code in 30,000 has no letter (a suite run drew 7925-5684).
        var notice = TextCatalog.Default.Format("notify.status", IntakeCultures.Persian, "7925-5684", "در حال رسیدگی");
        Assert.Equal("\u200Fℹ️ وضعیت گزارش \u20667925\u20115684\u2069: در حال رسیدگی.", notice);

        // Alone on a line, as in the filed report's message.
        Assert.Equal("\u200F\u20687925\u20115684\u2069", TextLayout.Apply("7925-5684", IntakeCultures.Persian));

        // Other numbers are left as they are.
        Assert.Equal("تلفن 0912-345-6789", TextLayout.Apply("تلفن 0912-345-6789", IntakeCultures.Persian));
    }

    [Fact]
    public void A_tracking_code_shown_with_a_non_breaking_hyphen_reads_back_as_typed_or_copied()
    {
        var shown = TextCatalog.Default.Format("detail.added", IntakeCultures.Persian, "K7QM-4XPT");
        var copied = shown[shown.IndexOf('\u2066')..(shown.IndexOf('\u2069') + 1)];
        Assert.True(TrackingCode.TryNormalize(copied, out var code));
        Assert.Equal("K7QM4XPT", code);
        Assert.True(TrackingCode.TryNormalize("K7QM-4XPT", out _));
        Assert.True(TrackingCode.TryNormalize("k7qm\u20114xpt", out _));
    }

    [Fact]
    public void Coordinates_use_the_persian_decimal_and_list_separators()
    {
        Assert.Equal("۳۵٫۷۲۵، ۵۱٫۳۷", TextLayout.Coordinates(35.725, 51.37, IntakeCultures.Persian));
        Assert.Equal("35.725, 51.37", TextLayout.Coordinates(35.725, 51.37, IntakeCultures.English));
        var shown = TextCatalog.Default.Format("report.location.ok", IntakeCultures.Persian, "منطقه ۱ (" + TextLayout.Coordinates(35.725, 51.37, IntakeCultures.Persian) + ")");
        Assert.DoesNotContain(".", shown);
        Assert.True(ChatIntake.Dialogs.Engine.LocationPrompt.TryParseCoordinates("۳۵٫۷۲۵، ۵۱٫۳۷", out var point));
        Assert.Equal(35.725, point.Latitude);
    }

    [Fact]
    public void Layout_collapses_blank_lines_and_changes_nothing_the_second_time()
    {
        var created = TextCatalog.Default.Format("report.created", IntakeCultures.Persian, "ABCD-2345", string.Empty);
        Assert.DoesNotContain("\n\n\n", created);
        Assert.Equal(created, TextLayout.Apply(created, IntakeCultures.Persian));
        Assert.Equal("a\n\nb", TextLayout.Apply("a\n\n\n\nb\n\n", IntakeCultures.English));
        var nested = TextCatalog.Default.Format("notify.reason", IntakeCultures.Persian,
            TextCatalog.Default.Format("notify.status", IntakeCultures.Persian, "K7QM-4XPT", "رد‌شده"), "see the map");
        Assert.Equal(TextCatalog.Default.Format("notify.status", IntakeCultures.Persian, "K7QM-4XPT", "رد‌شده"), nested.Split('\n')[0]);
        Assert.Equal("توضیح: \u2066see the map\u2069", nested.Split('\n')[1]);
    }

    /// <summary>The first strong direction of a paragraph (UAX #9 P2): R, L, or N when there is none.</summary>
    private static char FirstStrong(string line, bool isolatesUnderstood)
    {
        var depth = 0;
        foreach (var c in line)
        {
            if (c is '\u2066' or '\u2067' or '\u2068')
            {
                if (!isolatesUnderstood)
                {
                    return 'L'; // a client that does not know isolates may take the run inside as the paragraph's start
                }

                depth++;
                continue;
            }

            if (c == '\u2069')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (depth > 0)
            {
                continue;
            }

            if (c is '\u200F' or '\u061C' || TextLayout.IsRightToLeftLetter(c))
            {
                return 'R';
            }

            if (c == '\u200E' || char.IsLetter(c))
            {
                return 'L';
            }
        }

        return 'N';
    }

    private static string Show(string line) => string.Concat(line.Select(c => c is >= '\u200E' and <= '\u200F' or >= '\u2066' and <= '\u2069' ? $"<U+{(int)c:X4}>" : c.ToString()));
}
