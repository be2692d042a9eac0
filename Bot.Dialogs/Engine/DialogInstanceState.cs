using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// What one dialog on the stack keeps between turns, as typed fields: read and written on every message, a tree of
/// JSON nodes for it (rebuilt at every level of nesting) was a sixth of what a turn allocated. Stored under the same
/// names as that tree was, so states saved before read the same.
/// </summary>
public sealed class DialogInstanceState
{
    /// <summary>A waterfall's current step.</summary>
    public string? Step { get; set; }

    /// <summary>A waterfall's values (<see cref="WaterfallStepContext.Get{T}"/>).</summary>
    public JsonObject? Values { get; set; }

    /// <summary>A component dialog's inner stack, top last.</summary>
    public List<DialogInstance>? Stack { get; set; }

    /// <summary>
    /// A prompt's options written inline: their JSON as one string (kept as the stored node, so a known text is looked
    /// up without being unescaped), or an object in states saved before options were kept as a string.
    /// </summary>
    public JsonNode? Options { get; set; }

    /// <summary>A prompt's options kept once for everyone (<see cref="IPromptOptionsStore"/>), by key.</summary>
    public string? SharedOptions { get; set; }

    /// <summary>A prompt's answers so far.</summary>
    public int? Attempts { get; set; }
}
