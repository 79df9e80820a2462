using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;

namespace CorpusForge.Stages.Chat;

/// <summary>One part of a chat document: a message (label <c>system</c>, <c>user</c>, <c>assistant</c>) or a candidate
/// answer of a preference (<c>chosen</c>, <c>rejected</c>), with its text.</summary>
public sealed record ChatSegment(string Label, string Content);

/// <summary>How a conversation travels through a pipeline as one <see cref="Document"/>: the text is the parts'
/// content only (so filters, PII redaction, dedup and decontamination see what a model will read, with no markup),
/// and metadata <c>chat</c> holds the structure: per part its label and how many paragraphs of the text it owns.</summary>
/// <remarks>
/// Paragraphs are pieces of text between blank lines; the text is every part's paragraphs joined by one blank line.
/// Counting paragraphs rather than characters keeps the structure valid after stages that rewrite text inside a
/// paragraph (a redacted e-mail, a normalised space). Within a part, gaps of several blank lines come back as one,
/// and blank lines at a part's start or end are not kept. A stage that adds or removes a paragraph break makes the
/// document unreadable as chat, which <see cref="Segments"/> reports with the document's id and location.
/// </remarks>
public static partial class ChatDocument
{
    /// <summary>Metadata key of the structure.</summary>
    public const string StructureKey = "chat";

    /// <summary>Name of this layout, recorded in the structure.</summary>
    public const string FormatName = "corpusforge.chat_v1";

    /// <summary>Labels of the candidate answers of a preference.</summary>
    public const string Chosen = "chosen", Rejected = "rejected";

    /// <summary>Sets <paramref name="document"/>'s text and structure to <paramref name="segments"/>.</summary>
    public static void Store(Document document, IReadOnlyList<ChatSegment> segments)
    {
        var paragraphs = new List<string>();
        var counts = new List<int>();
        foreach (var segment in segments)
        {
            var pieces = Paragraphs(segment.Content);
            if (pieces.Count == 0) throw new ArgumentException($"the {segment.Label} part is empty");
            paragraphs.AddRange(pieces);
            counts.Add(pieces.Count);
        }

        document.Text = string.Join("\n\n", paragraphs);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteStartArray("parts");
            for (var i = 0; i < segments.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("label", segments[i].Label);
                json.WriteNumber("paragraphs", counts[i]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        document.Metadata[StructureKey] = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>The parts of a chat document, their content rebuilt from its (possibly rewritten) text.</summary>
    /// <exception cref="InvalidDataException">The document has no chat structure, or its text no longer matches it.</exception>
    public static List<ChatSegment> Segments(Document document)
    {
        if (!document.HasMetadata || !document.Metadata.TryGetValue(StructureKey, out var raw) || raw is null)
            throw new InvalidDataException($"{Where(document)}: no chat structure (metadata '{StructureKey}'); read chat data with reader.chat_v1 or reader.preferences_v1");
        var structure = raw switch
        {
            JsonElement element => element,
            string text => JsonDocument.Parse(text).RootElement.Clone(),
            _ => throw new InvalidDataException($"{Where(document)}: metadata '{StructureKey}' is a {raw.GetType().Name}, not the chat structure"),
        };
        if (structure.ValueKind != JsonValueKind.Object || !structure.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName
            || !structure.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{Where(document)}: metadata '{StructureKey}' is not a {FormatName} structure");

        var layout = parts.EnumerateArray().Select(p => (Label: p.GetProperty("label").GetString() ?? "", Count: p.GetProperty("paragraphs").GetInt32())).ToList();
        var paragraphs = Paragraphs(document.Text);
        var expected = layout.Sum(p => p.Count);
        if (paragraphs.Count != expected || layout.Any(p => p.Count < 1))
            throw new InvalidDataException($"{Where(document)}: the text has {paragraphs.Count} paragraphs but its chat structure {expected}; a stage added or removed a blank line, so the turns cannot be told apart");
        var segments = new List<ChatSegment>(layout.Count);
        var next = 0;
        foreach (var (label, count) in layout)
        {
            segments.Add(new ChatSegment(label, string.Join("\n\n", paragraphs.GetRange(next, count))));
            next += count;
        }

        return segments;
    }

    /// <summary>The parts of a JSONL row that CorpusForge's <c>writer.jsonl_v1</c> wrote for a chat document (its
    /// <c>text</c> and <c>metadata.chat</c>), so the trainer reads what a pipeline filtered; false for any other row.</summary>
    /// <exception cref="InvalidDataException">The row has the chat structure but its text no longer matches it.</exception>
    public static bool TryReadWrittenRow(JsonElement row, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out List<ChatSegment>? segments)
    {
        segments = null;
        if (!row.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty(StructureKey, out var structure) || !row.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            return false;
        var document = new Document { Id = row.TryGetProperty("id", out var id) ? id.ToString() : "?", Text = text.GetString()!, Provenance = new Provenance("row", 0) };
        document.Metadata[StructureKey] = structure.Clone();
        segments = Segments(document);
        return true;
    }

    /// <summary>The messages of parts that are all messages (system, user, assistant).</summary>
    public static List<ChatMessage> Messages(IEnumerable<ChatSegment> segments) =>
        [.. segments.Select(s => new ChatMessage(RoleOf(s.Label) ?? throw new InvalidDataException($"part '{s.Label}' is not a message (system, user or assistant)"), s.Content))];

    /// <summary>The messages of an SFT document.</summary>
    public static List<ChatMessage> Messages(Document document) =>
        [.. Segments(document).Select(s => new ChatMessage(Role(document, s.Label), s.Content))];

    /// <summary>The parts of a conversation.</summary>
    public static List<ChatSegment> FromMessages(IEnumerable<ChatMessage> messages) =>
        [.. messages.Select(m => new ChatSegment(m.Role.ToString().ToLowerInvariant(), m.Content))];

    private static ChatRole Role(Document document, string label) => RoleOf(label)
        ?? throw new InvalidDataException($"{Where(document)}: part '{label}' is not a message (system, user or assistant); preference documents are not SFT examples");

    private static ChatRole? RoleOf(string label) => label switch
    {
        "system" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        _ => null,
    };

    private static List<string> Paragraphs(string text) =>
        [.. BlankLines().Split(text.Replace("\r\n", "\n")).Where(p => p.Trim().Length > 0).Select(p => p.Trim('\n'))];

    private static string Where(Document document) => $"{document.Provenance} (document {document.Id})";

    // One or more blank (or whitespace-only) lines; the indentation of the next paragraph's first line is kept.
    [GeneratedRegex(@"\n(?:[ \t]*\n)+")]
    private static partial Regex BlankLines();
}
