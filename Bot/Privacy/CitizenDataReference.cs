using System.Globalization;

namespace ChatIntake.Privacy;

/// <summary>
/// How an outgoing message points at a citizen's /mydata copy: "citizen-data:{citizenId}". The copy is made when the
/// channel sends it (Telegram uploads it, the web chat gives a signed link that expires), so no second copy is stored.
/// </summary>
public static class CitizenDataReference
{
    public const string Prefix = "citizen-data:";
    public const string FileName = "my-data.json";

    public static string For(long citizenId) => Prefix + citizenId.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? fileId, out long citizenId)
    {
        citizenId = 0;
        return fileId is not null && fileId.StartsWith(Prefix, StringComparison.Ordinal) &&
            long.TryParse(fileId.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out citizenId);
    }
}
