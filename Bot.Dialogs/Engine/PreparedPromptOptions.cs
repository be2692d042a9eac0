using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Options written to JSON once, for a question asked of many citizens alike (the subject menu): writing them afresh
/// for every citizen was most of such a turn's work. With an <see cref="IPromptOptionsStore"/>, a waiting prompt's state
/// holds only their <see cref="Key"/>.
/// </summary>
public sealed class PreparedPromptOptions
{
    private PreparedPromptOptions(PromptOptions options, string json, string key) => (Options, Json, Key) = (options, json, key);

    public PromptOptions Options { get; }

    public string Json { get; }

    /// <summary>A hash of <see cref="Json"/>: equal options get one key in every process and after every restart.</summary>
    public string Key { get; }

    public static PreparedPromptOptions Of(PromptOptions options)
    {
        var json = JsonSerializer.Serialize(options, DialogJson.Options);
        return new(options, json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16)));
    }
}
