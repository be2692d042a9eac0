using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;

namespace ChatIntake.Open311;

/// <summary>Writes an <see cref="Open311Node"/> answer as UTF-8 XML or JSON, Persian as itself rather than escaped.</summary>
public static class Open311Writer
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    public static IResult Result(Open311Format format, string rootName, Open311Node root, int status = StatusCodes.Status200OK) =>
        format == Open311Format.Json
            ? new Answer(Json(root), "application/json; charset=utf-8", status)
            : new Answer(Xml(rootName, root), "text/xml; charset=utf-8", status);

    public static byte[] Json(Open311Node root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteJson(writer, root);
        }

        return buffer.ToArray();
    }

    public static byte[] Xml(string rootName, Open311Node root)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, XmlSettings))
        {
            writer.WriteStartDocument();
            WriteXml(writer, rootName, root);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter writer, Open311Node? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case Open311Node.Fields fields:
                writer.WriteStartObject();
                foreach (var (name, value) in fields.Items)
                {
                    writer.WritePropertyName(name);
                    WriteJson(writer, value);
                }

                writer.WriteEndObject();
                break;
            case Open311Node.List list:
                writer.WriteStartArray();
                foreach (var value in list.Values)
                {
                    WriteJson(writer, value);
                }

                writer.WriteEndArray();
                break;
            case Open311Node.Text text:
                writer.WriteStringValue(text.Value);
                break;
            case Open311Node.Literal literal:
                writer.WriteRawValue(literal.Value, skipInputValidation: false);
                break;
        }
    }

    private static void WriteXml(XmlWriter writer, string name, Open311Node? node)
    {
        writer.WriteStartElement(name);
        switch (node)
        {
            case Open311Node.Fields fields:
                foreach (var (child, value) in fields.Items)
                {
                    WriteXml(writer, child, value);
                }

                break;
            case Open311Node.List list:
                foreach (var value in list.Values)
                {
                    WriteXml(writer, list.ItemName, value);
                }

                break;
            case Open311Node.Text text:
                writer.WriteString(XmlSafe(text.Value));
                break;
            case Open311Node.Literal literal:
                writer.WriteString(literal.Value);
                break;
        }

        writer.WriteEndElement();
    }

    /// <summary>Characters XML 1.0 cannot carry (a control character a citizen pasted) are dropped rather than failing the whole answer.</summary>
    private static string XmlSafe(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i, 2);
                i++;
            }
        }

        return kept.Length == text.Length ? text : kept.ToString();
    }

    private sealed class Answer(byte[] body, string contentType, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
