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

    /// <summary>Writes the header and every row to <paramref name="output"/>, flushing as it goes; <paramref name="jalaliSuffix"/> and <paramref name="isoSuffix"/> name a date's two columns.</summary>
    public async Task WriteAsync<T>(Stream output, IReadOnlyList<CsvColumn<T>> columns, IAsyncEnumerable<T> rows, CancellationToken cancellationToken,
        string jalaliSuffix = " (Jalali)", string isoSuffix = " (ISO 8601)")
    {
        // Neutralised here, once, the same way for every export (CsvHelper's own option would be a second rule).
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.None }, leaveOpen: true);
        var all = columns.ToArray(); // indexed below: no enumerator per row
        foreach (var column in all)
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
        // The header goes at once; then the writer sends each 64 KiB as it fills, and a flush every thousand rows
        // lets a slow trickle of rows (a filtered export on a busy database) reach the browser too.
        await csv.FlushAsync(cancellationToken);
        var cells = new CsvCells(csv, zone);
        var written = 0L;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            for (var i = 0; i < all.Length; i++)
            {
                all[i].Write(cells, row);
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

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }
}
