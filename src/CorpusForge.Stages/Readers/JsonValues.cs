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
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => JsonElement.ParseValue(ref reader),
    };

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
