using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Reads and writes a <see cref="DialogState"/> by hand: through the serializer, every level of nesting (the stack, a
/// dialog, its state, its inner stack, …) took frames allocated anew on every turn, about 7 % of what a turn allocated.
/// The names and shape are those the serializer wrote (<see cref="DialogJson.Options"/>: camel case, nulls left out,
/// Persian as itself); names it does not know are skipped, anything malformed is a <see cref="JsonException"/>.
/// </summary>
internal static class DialogStateJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = DialogJson.Options.Encoder };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static DialogState Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadState(json);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // A value of the wrong kind (a number where a name belongs, a version past int): as unreadable as bad syntax.
            throw new JsonException(ex.Message, ex);
        }
    }

    private static DialogState ReadState(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return new DialogState();
        }

        Expect(ref reader, JsonTokenType.StartObject);
        List<DialogInstance> stack = [];
        JsonObject values = [];
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("stack"u8))
            {
                reader.Read();
                stack = ReadStack(ref reader) ?? [];
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                values = ReadObject(ref reader) ?? [];
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new DialogState { Stack = stack, Values = values };
    }

    public static byte[] Write(DialogState state)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("stack"u8);
        WriteStack(writer, state.Stack);
        writer.WritePropertyName("values"u8);
        state.Values.WriteTo(writer, DialogJson.Options);
        writer.WriteEndObject();
        writer.Flush();
        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null; // an unusually large state is not held by the thread for good
        }

        return json;
    }

    private static List<DialogInstance>? ReadStack(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var stack = new List<DialogInstance>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            stack.Add(ReadInstance(ref reader));
        }

        return stack;
    }

    private static DialogInstance ReadInstance(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? id = null;
        int? version = null;
        DialogInstanceState? state = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                version = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                reader.Read();
                state = reader.TokenType == JsonTokenType.Null ? null : ReadInstanceState(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (id is null || version is null)
        {
            throw new JsonException("A dialog on the stack has no id or version.");
        }

        return new DialogInstance { Id = id, Version = version.Value, State = state ?? new() };
    }

    private static DialogInstanceState ReadInstanceState(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var state = new DialogInstanceState();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("step"u8))
            {
                reader.Read();
                state.Step = reader.GetString();
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                state.Values = ReadObject(ref reader);
            }
            else if (reader.ValueTextEquals("stack"u8))
            {
                reader.Read();
                state.Stack = ReadStack(ref reader);
            }
            else if (reader.ValueTextEquals("options"u8))
            {
                reader.Read();
                state.Options = reader.TokenType == JsonTokenType.Null ? null : JsonNode.Parse(ref reader);
            }
            else if (reader.ValueTextEquals("sharedOptions"u8))
            {
                reader.Read();
                state.SharedOptions = reader.GetString();
            }
            else if (reader.ValueTextEquals("attempts"u8))
            {
                reader.Read();
                state.Attempts = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return state;
    }

    private static JsonObject? ReadObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        return (JsonObject)JsonNode.Parse(ref reader)!;
    }

    private static void WriteStack(Utf8JsonWriter writer, List<DialogInstance> stack)
    {
        writer.WriteStartArray();
        foreach (var instance in stack)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, instance.Id);
            writer.WriteNumber("version"u8, instance.Version);
            writer.WritePropertyName("state"u8);
            WriteInstanceState(writer, instance.State);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteInstanceState(Utf8JsonWriter writer, DialogInstanceState state)
    {
        writer.WriteStartObject();
        if (state.Step is { } step)
        {
            writer.WriteString("step"u8, step);
        }

        if (state.Values is { } values)
        {
            writer.WritePropertyName("values"u8);
            values.WriteTo(writer, DialogJson.Options);
        }

        if (state.Stack is { } stack)
        {
            writer.WritePropertyName("stack"u8);
            WriteStack(writer, stack);
        }

        if (state.Options is { } options)
        {
            writer.WritePropertyName("options"u8);
            options.WriteTo(writer, DialogJson.Options);
        }

        if (state.SharedOptions is { } key)
        {
            writer.WriteString("sharedOptions"u8, key);
        }

        if (state.Attempts is { } attempts)
        {
            writer.WriteNumber("attempts"u8, attempts);
        }

        writer.WriteEndObject();
    }

    /// <summary>Moves to the next property name of the object being read; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        Expect(ref reader, JsonTokenType.PropertyName);
        return true;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token} in a dialog state, found {reader.TokenType}.");
        }
    }
}
