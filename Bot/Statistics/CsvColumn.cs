namespace ChatIntake.Statistics;

/// <summary>One column of a <see cref="CsvExport"/>: a header and how to read a row's value; a date column becomes two (Jalali and ISO 8601).</summary>
public sealed record CsvColumn<T>(string Header, Func<T, object?> Value, bool IsDate = false)
{
    public static CsvColumn<T> Of(string header, Func<T, object?> value) => new(header, value);

    /// <summary>An instant written twice, side by side: as the city's Jalali date and time, and as ISO 8601 with its offset.</summary>
    public static CsvColumn<T> Date(string header, Func<T, DateTimeOffset?> value) => new(header, row => value(row), IsDate: true);
}
