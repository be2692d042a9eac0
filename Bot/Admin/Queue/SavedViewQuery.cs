using Microsoft.AspNetCore.WebUtilities;

namespace ChatIntake.Admin.Queue;

/// <summary>A queue filter as a canonical query string: known keys only, lower case, sorted, no paging; two equal filters read the same.</summary>
public static class SavedViewQuery
{
    private static readonly HashSet<string> Keys = ["status", "category", "kind", "district", "assignee", "overdue", "signoff", "open", "triage", "unread", "from", "to", "q", "sort"];

    public static string Canonical(string? query)
    {
        var values = QueryHelpers.ParseQuery(query ?? string.Empty);
        var kept = values
            .Select(v => (Key: v.Key.ToLowerInvariant(), Value: v.Value.ToString()))
            .Where(v => Keys.Contains(v.Key) && !string.IsNullOrWhiteSpace(v.Value))
            .GroupBy(v => v.Key).Select(g => g.First())
            .OrderBy(v => v.Key, StringComparer.Ordinal);
        return Microsoft.AspNetCore.Http.QueryString.Create(kept.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Value?.TrimStart('?') ?? string.Empty;
    }
}
