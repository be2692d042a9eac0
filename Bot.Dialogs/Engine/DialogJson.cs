using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// How dialog state is written: every turn reads and writes it, so it is kept small. Nulls are left out, and Persian
/// text is stored as itself rather than as \uXXXX escapes (six characters for each letter). The state is never
/// embedded in HTML, so the relaxed encoder is safe here.
/// </summary>
public static class DialogJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
