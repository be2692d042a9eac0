namespace ChatIntake.Statistics;

/// <summary>One column of a <see cref="CsvExport"/>: a header and how to write a row's cell; a date column becomes two (Jalali and ISO 8601).</summary>
public sealed class CsvColumn<T>
{
    private readonly Action<CsvCells, T> _write;

    private CsvColumn(string header, bool isDate, Action<CsvCells, T> write)
    {
        Header = header;
        IsDate = isDate;
        _write = write;
    }

    public string Header { get; }

    public bool IsDate { get; }

    /// <summary>Any value: text neutralised, numbers in the invariant culture (boxed, so for short tables; a million rows want the typed ones).</summary>
    public static CsvColumn<T> Of(string header, Func<T, object?> value) => new(header, false, (cells, row) => cells.Value(value(row)));

    /// <summary>Text, neutralised when a spreadsheet would read it as a formula.</summary>
    public static CsvColumn<T> Text(string header, Func<T, string?> value) => new(header, false, (cells, row) => cells.Text(value(row)));

    /// <summary>A whole number, written in place.</summary>
    public static CsvColumn<T> Number(string header, Func<T, long?> value) => new(header, false, (cells, row) => cells.Number(value(row)));

    /// <summary>An instant written twice, side by side: as the city's Jalali date and time, and as ISO 8601 with its offset.</summary>
    public static CsvColumn<T> Date(string header, Func<T, DateTimeOffset?> value) => new(header, true, (cells, row) => cells.Date(value(row)));

    internal void Write(CsvCells cells, T row) => _write(cells, row);
}
