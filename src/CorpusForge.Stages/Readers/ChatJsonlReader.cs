using System.ComponentModel;
using System.Text.Json;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Chat;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of the chat-data readers.</summary>
public sealed class ChatReaderOptions : IValidatableOptions
{
    /// <summary>Field holding the record id.</summary>
    [Description("Field holding the record id (string or number); without it the id is '{relative path}#{record}' with the 0-based line number.")]
    public string IdField { get; set; } = "id";

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(IdField)) yield return "id_field must not be empty";
    }
}

/// <summary>The common part of the chat-data readers: JSON Lines (plain or compressed), one row per line, parsed by
/// the fine-tuning formats' own parser (<see cref="FinetuneRecords"/>, the one the trainer uses), each row becoming
/// one or more chat documents (<see cref="ChatDocument"/>). A row that breaks its format is quarantined with its file,
/// line and reason; fields the format does not use are kept as metadata.</summary>
public abstract class ChatJsonlReader(ChatReaderOptions options) : IDocumentReader
{
    // The document form CorpusForge's JSONL writer uses (a chat document read back): its parts are not row fields.
    private static readonly HashSet<string> WrittenFields = new(["text", "metadata", "attributes", "provenance", "source"], StringComparer.Ordinal);

    /// <summary>The fields a row's format reads (not copied to metadata).</summary>
    protected abstract IReadOnlySet<string> FormatFields { get; }

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(Compression.OpenRead(input.FullPath), new UTF8Encoding(false, throwOnInvalidBytes: false));
        long record = -1;
        while (true)
        {
            string? line;
            string? failure = null;
            try
            {
                line = reader.ReadLine();
            }
            catch (Exception e) when (Compression.IsCorruption(e))
            {
                line = null;
                failure = e.Message;
            }

            if (failure is not null)
            {
                yield return ReadResult.Failed(new Provenance(input.RelativePath, record + 1), $"{input.RelativePath}: unreadable after line {record + 1} ({failure}); the rows before it were kept");
                yield break;
            }

            if (line is null) yield break;
            record++;
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = new Provenance(input.RelativePath, record);
            List<Document> documents;
            string? problem = null;
            try
            {
                documents = Parse(line, input, where);
            }
            catch (JsonException e)
            {
                documents = [];
                problem = $"invalid JSON: {e.Message}";
            }
            catch (RecordException e)
            {
                documents = [];
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return ReadResult.Failed(where, $"{input.RelativePath} line {record + 1}: {problem}", line.Length > BadRecord.MaxPreviewChars ? line[..BadRecord.MaxPreviewChars] : line);
                continue;
            }

            foreach (var document in documents) yield return document;
        }
    }

    /// <summary>The parts of each document a row gives (one list per document).</summary>
    protected abstract IReadOnlyList<List<ChatSegment>> Documents(JsonElement row);

    private List<Document> Parse(string line, InputFile input, Provenance where)
    {
        using var json = JsonDocument.Parse(line);
        var row = json.RootElement;
        if (row.ValueKind != JsonValueKind.Object) throw new RecordException($"expected a JSON object, got {row.ValueKind.ToString().ToLowerInvariant()}");
        var parts = Documents(row);
        var id = row.TryGetProperty(options.IdField, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : $"{input.RelativePath}#{where.Record}";
        var documents = new List<Document>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var document = new Document { Id = parts.Count == 1 ? id : $"{id}.{i}", Text = "", Source = input.InputName, Provenance = where };
            foreach (var property in row.EnumerateObject())
            {
                if (property.Name != options.IdField && !FormatFields.Contains(property.Name) && !WrittenFields.Contains(property.Name))
                    document.Metadata[property.Name] = property.Value.Clone();
            }

            ChatDocument.Store(document, parts[i]);
            documents.Add(document);
        }

        return documents;
    }
}
