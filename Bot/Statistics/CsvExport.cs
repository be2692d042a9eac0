using System.Globalization;
using CsvHelper;

namespace ChatIntake.Statistics;

/// <summary>
/// The one CSV writer (dashboard tables and the queue's export): UTF-8 with a byte-order mark so Excel shows Persian,
/// each date as Jalali and ISO 8601 side by side, text starting with = + - @ (or a tab or return) neutralised so a
/// spreadsheet never runs it as a formula; rows are streamed, so memory stays flat however many there are.
/// </summary>
public sealed class CsvExport(TimeZoneInfo zone)
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly PersianCalendar Persian = new();

    /// <summary>Writes the header and every row to <paramref name="output"/>, flushing as it goes; <paramref name="jalaliSuffix"/> and <paramref name="isoSuffix"/> name a date's two columns.</summary>
    public async Task WriteAsync<T>(Stream output, IReadOnlyList<CsvColumn<T>> columns, IAsyncEnumerable<T> rows, CancellationToken cancellationToken,
        string jalaliSuffix = " (Jalali)", string isoSuffix = " (ISO 8601)")
    {
        // Neutralised here, once, the same way for every export (CsvHelper's own option would be a second rule).
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.None }, leaveOpen: true);
        foreach (var column in columns)
        {
            if (column.IsDate)
            {
                csv.WriteField(Neutralise(column.Header + jalaliSuffix));
                csv.WriteField(Neutralise(column.Header + isoSuffix));
            }
            else
            {
                csv.WriteField(Neutralise(column.Header));
            }
        }

        await csv.EndRecordAsync(cancellationToken);
        // The header goes at once and then every thousand rows: the download starts before the last row is read.
        await csv.FlushAsync(cancellationToken);
        var written = 0L;
        var days = new JalaliDays();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                var value = column.Value(row);
                if (column.IsDate)
                {
                    var instant = value as DateTimeOffset?;
                    csv.WriteField(instant is { } i ? Jalali(i, days) : string.Empty);
                    csv.WriteField(instant is { } j ? TimeZoneInfo.ConvertTime(j, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : string.Empty);
                }
                else
                {
                    csv.WriteField(Cell(value));
                }
            }

            await csv.EndRecordAsync(cancellationToken);
            if (++written % FlushEvery == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
    }

    private const int FlushEvery = 1000;

    /// <summary>For a list already in memory.</summary>
    public Task WriteAsync<T>(Stream output, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken) =>
        WriteAsync(output, columns, ToAsync(rows), cancellationToken);

    /// <summary>Text that a spreadsheet would read as a formula gets a leading apostrophe; numbers are written as numbers and left alone.</summary>
    public static string Neutralise(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>The Jalali date and time in the city's zone, with Latin digits so spreadsheets can sort it: 1405/09/12 14:30.</summary>
    private string Jalali(DateTimeOffset instant, JalaliDays days)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var (year, month, day) = days.Of(local);
        return string.Create(CultureInfo.InvariantCulture, $"{year:0000}/{month:00}/{day:00} {local.Hour:00}:{local.Minute:00}");
    }

    /// <summary>The Jalali date of each local day met so far by one export: PersianCalendar works every call out from the equinox (~30 µs, seven dates a row).</summary>
    private sealed class JalaliDays
    {
        private readonly Dictionary<int, (int Year, int Month, int Day)> _days = [];

        public (int Year, int Month, int Day) Of(DateTime local)
        {
            var key = DateOnly.FromDateTime(local).DayNumber;
            if (!_days.TryGetValue(key, out var date))
            {
                date = (Persian.GetYear(local), Persian.GetMonth(local), Persian.GetDayOfMonth(local));
                _days[key] = date;
            }

            return date;
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string text => Neutralise(text),
        double d => double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => Neutralise(other.ToString()),
    };

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }
}
