namespace ChatIntake.Open311;

/// <summary>The system a request came from, as its key named it; <see cref="KeyId"/> is null for a key from configuration.</summary>
public sealed record Open311Client(string Name, int? KeyId)
{
    /// <summary>The ticket channel of its requests: "open311:" and the name as lower-case letters, digits and dashes (the column holds 32).</summary>
    public string Channel
    {
        get
        {
            var slug = new string([.. Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
            slug = slug.Length == 0 ? "client" : slug;
            return "open311:" + (slug.Length > 24 ? slug[..24] : slug);
        }
    }
}
