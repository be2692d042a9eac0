using System.Globalization;

namespace ChatIntake.Open311;

/// <summary>
/// One value of an answer in the spec's own shape, so the same answer is written as XML (the spec's required format) and
/// as JSON (its mapping of that XML: lists at the root, no wrapper object).
/// </summary>
public abstract record Open311Node
{
    /// <summary>Named children in order: a JSON object, an element with child elements.</summary>
    public sealed record Fields(IReadOnlyList<KeyValuePair<string, Open311Node?>> Items) : Open311Node;

    /// <summary>A list: a JSON array, an element holding one <paramref name="ItemName"/> element per value.</summary>
    public sealed record List(string ItemName, IReadOnlyList<Open311Node> Values) : Open311Node;

    /// <summary>A string (codes and ids too: the spec's own examples show why a number would be wrong).</summary>
    public sealed record Text(string Value) : Open311Node;

    /// <summary>A number or a boolean, already written in its invariant form.</summary>
    public sealed record Literal(string Value) : Open311Node;

    public static Fields Object(params (string Name, Open311Node? Value)[] fields) => new([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))]);

    public static Text? Of(string? value) => value is null ? null : new Text(value);

    public static Literal Of(bool value) => new(value ? "true" : "false");

    public static Literal Of(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static Literal? Of(double? value) => value is { } v ? new Literal(v.ToString("0.######", CultureInfo.InvariantCulture)) : null;

    /// <summary>ISO 8601 with the offset of <paramref name="zone"/> at that instant: the spec requires a time zone on every datetime.</summary>
    public static Text? Of(DateTimeOffset? value, TimeZoneInfo zone) =>
        value is { } v ? new Text(TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)) : null;
}
