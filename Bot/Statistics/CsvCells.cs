using System.Globalization;
using CsvHelper;

namespace ChatIntake.Statistics;

/// <summary>
/// The cells of one export, written straight into its <see cref="CsvWriter"/>: numbers and dates are formatted in place, so
/// a row costs no string per cell; Jalali dates come from JalaliDay's table (PersianCalendar takes ~20 µs a call).
/// </summary>
internal sealed class CsvCells(CsvWriter csv, TimeZoneInfo zone)
{
    public void Text(string? text) => csv.WriteField(CsvExport.Neutralise(text));

    public void Number(long? number)
    {
        if (number is not { } value)
        {
            csv.WriteField(ReadOnlySpan<char>.Empty);
            return;
        }

        Span<char> text = stackalloc char[20];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        csv.WriteField(text[..length]);
    }

    public void Value(object? value) => csv.WriteField(value switch
    {
        null => string.Empty,
        string text => CsvExport.Neutralise(text),
        double d => double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => CsvExport.Neutralise(other.ToString()),
    });

    /// <summary>The Jalali date and time in the city's zone with Latin digits so spreadsheets can sort it (1405/09/12 14:30), then ISO 8601 with the offset.</summary>
    public void Date(DateTimeOffset? instant)
    {
        if (instant is not { } at)
        {
            csv.WriteField(ReadOnlySpan<char>.Empty);
            csv.WriteField(ReadOnlySpan<char>.Empty);
            return;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var (year, month, day) = Dialogs.Text.JalaliDay.Of(local.DateTime);
        Span<char> text = stackalloc char[40];
        year.TryFormat(text[..4], out _, "0000", CultureInfo.InvariantCulture);
        text[4] = '/';
        month.TryFormat(text[5..7], out _, "00", CultureInfo.InvariantCulture);
        text[7] = '/';
        day.TryFormat(text[8..10], out _, "00", CultureInfo.InvariantCulture);
        text[10] = ' ';
        local.Hour.TryFormat(text[11..13], out _, "00", CultureInfo.InvariantCulture);
        text[13] = ':';
        local.Minute.TryFormat(text[14..16], out _, "00", CultureInfo.InvariantCulture);
        csv.WriteField(text[..16]);
        local.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        csv.WriteField(text[..length]);
    }
}
