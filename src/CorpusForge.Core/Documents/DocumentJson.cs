using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CorpusForge.Core.Documents;

/// <summary>The JSON form of a document that CorpusForge writes (JSONL outputs, rejected and quarantined records)
/// and reads back: <c>{"id","text","source","url","path","metadata":{},"attributes":{},"provenance":{}}</c>.</summary>
public static class DocumentJson
{
    /// <summary>Writer settings: no indentation, and only the escaping JSON requires (keeps non-ASCII text readable and compact).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Writes one document as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, Document document, string? dropReason = null, string? dropStage = null, string? dropDetail = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteString("text", document.Text);
        if (document.Source is not null) writer.WriteString("source", document.Source);
        if (document.Url is not null) writer.WriteString("url", document.Url);
        if (document.Path is not null) writer.WriteString("path", document.Path);
        if (dropReason is not null)
        {
            writer.WriteString("drop_reason", dropReason);
            if (dropStage is not null) writer.WriteString("drop_stage", dropStage);
            if (dropDetail is not null) writer.WriteString("drop_detail", dropDetail);
        }

        if (document.HasMetadata)
        {
            writer.WritePropertyName("metadata");
            WriteMap(writer, document.Metadata);
        }

        if (document.HasAttributes)
        {
            writer.WritePropertyName("attributes");
            WriteMap(writer, document.Attributes);
        }

        if (document.Provenance.File is not null)
        {
            writer.WritePropertyName("provenance");
            WriteProvenance(writer, document.Provenance);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a provenance object.</summary>
    public static void WriteProvenance(Utf8JsonWriter writer, Provenance provenance)
    {
        writer.WriteStartObject();
        writer.WriteString("file", provenance.File);
        writer.WriteNumber("record", provenance.Record);
        if (provenance.ByteOffset >= 0) writer.WriteNumber("offset", provenance.ByteOffset);
        writer.WriteEndObject();
    }

    /// <summary>Serialises a metadata or attribute map (keys in insertion order, which is deterministic per stage order).</summary>
    public static void WriteMap(Utf8JsonWriter writer, Dictionary<string, object?> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>One map value as compact JSON text.</summary>
    public static string ValueToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteValue(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A metadata or attribute map as a compact JSON string.</summary>
    public static string MapToJson(Dictionary<string, object?> map)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteMap(writer, map);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one value of the kinds a document map may hold.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(Math.Round(d, 6)); break;
            case double: writer.WriteNullValue(); break;
            case float f: writer.WriteNumberValue(Math.Round((double)f, 6)); break;
            case JsonElement e: e.WriteTo(writer); break;
            case string[] array:
                writer.WriteStartArray();
                foreach (var item in array) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case IEnumerable<KeyValuePair<string, object?>> nested:
                writer.WriteStartObject();
                foreach (var (k, v) in nested)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"Document value of type {value.GetType().Name} cannot be written; use string, number, bool, string[] or JsonElement.");
        }
    }

    /// <summary>Converts a JSON value read from a source into the value kinds a document map holds
    /// (strings, longs, doubles, booleans, null; arrays and objects stay as <see cref="JsonElement"/>).</summary>
    public static object? FromJsonElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.Clone(),
    };

    /// <summary>Reads a document written by <see cref="Write"/> (fields other than the known ones go to metadata).</summary>
    public static Document Read(JsonElement root, Provenance fallback)
    {
        var document = new Document
        {
            Id = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
            Text = root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "",
            Provenance = fallback,
        };
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id" or "text": break;
                case "source": document.Source = property.Value.GetString(); break;
                case "url": document.Url = property.Value.GetString(); break;
                case "path": document.Path = property.Value.GetString(); break;
                case "metadata" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var m in property.Value.EnumerateObject()) document.Metadata[m.Name] = FromJsonElement(m.Value);
                    break;
                case "attributes" when property.Value.ValueKind == JsonValueKind.Object:
                    foreach (var a in property.Value.EnumerateObject()) document.Attributes[a.Name] = FromJsonElement(a.Value);
                    break;
                case "provenance" when property.Value.ValueKind == JsonValueKind.Object:
                    var p = property.Value;
                    document.Provenance = new Provenance(
                        p.TryGetProperty("file", out var f) ? f.GetString() ?? fallback.File : fallback.File,
                        p.TryGetProperty("record", out var r) && r.TryGetInt64(out var rv) ? rv : fallback.Record,
                        p.TryGetProperty("offset", out var o) && o.TryGetInt64(out var ov) ? ov : -1);
                    break;
                default:
                    document.Metadata[property.Name] = FromJsonElement(property.Value);
                    break;
            }
        }

        return document;
    }
}
