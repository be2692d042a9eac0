using System.Text.Json;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Options written to JSON once, for a question asked of many citizens alike (the subject menu): a prompt keeps its
/// options in the dialog state as this JSON, and writing it afresh for every citizen was most of such a turn's work.
/// </summary>
public sealed class PreparedPromptOptions
{
    private PreparedPromptOptions(PromptOptions options, string json) => (Options, Json) = (options, json);

    public PromptOptions Options { get; }

    public string Json { get; }

    public static PreparedPromptOptions Of(PromptOptions options) => new(options, JsonSerializer.Serialize(options, DialogJson.Options));
}
