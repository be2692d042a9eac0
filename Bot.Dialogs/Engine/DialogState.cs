using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>A conversation's persisted dialog stack (top last) and its conversation-wide values.</summary>
public sealed class DialogState
{
    public List<DialogInstance> Stack { get; init; } = [];

    /// <summary>Values that outlive a single dialog.</summary>
    public JsonObject Values { get; init; } = [];

    public string ToJson() => Encoding.UTF8.GetString(ToUtf8Json());

    /// <summary>The state as UTF-8 JSON, the form SQLite stores: written as a string it was converted twice more every turn.</summary>
    public byte[] ToUtf8Json() => DialogStateJson.Write(this);

    /// <summary>Reads a stored state; anything unreadable becomes an empty state, flagged so the citizen is told.</summary>
    public static DialogState FromJson(string? json, out bool unreadable)
    {
        if (json is null)
        {
            unreadable = false;
            return new DialogState();
        }

        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return FromUtf8Json(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)), out unreadable);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Reads a state stored as UTF-8 (how the turns read it, with no string in between); as <see cref="FromJson"/>.</summary>
    public static DialogState FromUtf8Json(ReadOnlySpan<byte> json, out bool unreadable)
    {
        unreadable = false;
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new DialogState();
        }

        try
        {
            return DialogStateJson.Read(json);
        }
        catch (JsonException)
        {
            unreadable = true;
            return new DialogState();
        }
    }
}
