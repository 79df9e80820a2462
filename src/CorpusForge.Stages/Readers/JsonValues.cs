using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CorpusForge.Stages.Readers;

/// <summary>Reads JSON values into the value kinds a document map holds: strings, longs (integers), doubles,
/// booleans, null; arrays and objects stay <see cref="JsonElement"/>s.</summary>
internal static class JsonValues
{
    /// <summary>Reads the value the reader is positioned on (and moves past it when it is an array or object).</summary>
    public static object? Read(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => ReadString(ref reader, out _),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => JsonElement.ParseValue(ref reader),
    };

    /// <summary>Reads the string token the reader is on. A lone surrogate escape (<c>\ud83d</c> without its pair,
    /// which Python's json module writes for text cut in the middle of an emoji) becomes U+FFFD and is counted in
    /// <paramref name="replaced"/>, where <see cref="Utf8JsonReader.GetString"/> would fail the whole record.</summary>
    public static string ReadString(ref Utf8JsonReader reader, out int replaced)
    {
        replaced = 0;
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException) when (reader.ValueIsEscaped)
        {
            return UnescapeLeniently(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, out replaced);
        }
    }

    private static string UnescapeLeniently(ReadOnlySpan<byte> raw, out int replaced)
    {
        replaced = 0;
        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var backslash = raw.IndexOf((byte)'\\');
            var run = backslash < 0 ? raw : raw[..backslash];
            text.Append(Encoding.UTF8.GetString(run));
            if (backslash < 0) break;
            raw = raw[backslash..];
            if (raw[1] != (byte)'u')
            {
                text.Append(raw[1] switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    var other => (char)other, // \" \\ \/
                });
                raw = raw[2..];
                continue;
            }

            var unit = Hex(raw);
            raw = raw[6..];
            if (char.IsHighSurrogate(unit) && raw.Length >= 6 && raw[0] == (byte)'\\' && raw[1] == (byte)'u' && char.IsLowSurrogate(Hex(raw)))
            {
                text.Append(unit).Append(Hex(raw));
                raw = raw[6..];
            }
            else if (char.IsSurrogate(unit))
            {
                text.Append('\uFFFD');
                replaced++;
            }
            else
            {
                text.Append(unit);
            }
        }

        return text.ToString();

        // The four hex digits of a \uXXXX escape that starts the span (the reader has already validated it).
        static char Hex(ReadOnlySpan<byte> escape) =>
            (char)int.Parse(escape.Slice(2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the members of the object the reader is positioned on into <paramref name="target"/>.</summary>
    public static void ReadMap(ref Utf8JsonReader reader, Dictionary<string, object?> target)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            target[key] = Read(ref reader);
        }
    }

    /// <summary>Adds the members of a JSON object text to <paramref name="target"/>; false (nothing added) when
    /// <paramref name="json"/> is not a JSON object.</summary>
    public static bool TryReadMap(string json, Dictionary<string, object?> target)
    {
        if (json.Length == 0 || json[0] != '{') return false;
        var staged = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            ReadMap(ref reader, staged);
            if (reader.Read()) return false;
        }
        catch (JsonException)
        {
            return false;
        }

        foreach (var (key, value) in staged) target[key] = value;
        return true;
    }
}
