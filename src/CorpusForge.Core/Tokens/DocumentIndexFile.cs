using System.Text.Json;
using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Tokens;

/// <summary>One document inside a token shard: where its tokens are and where the document came from.</summary>
/// <param name="Start">Offset of its first token in the shard (in tokens).</param>
/// <param name="Tokens">Number of tokens, including the end-of-text token.</param>
/// <param name="Id">The document id.</param>
/// <param name="Source">The pipeline input it was read from.</param>
/// <param name="Provenance">Input file and record.</param>
public sealed record IndexedDocument(long Start, int Tokens, string Id, string? Source, Provenance Provenance);

/// <summary>The lineage file beside each token shard (<c>index/NAME.docs.jsonl</c>): a header line
/// <c>{"format":"corpusforge.document_index","version":1}</c> then one JSON line per document, in shard order, with
/// <c>start</c>, <c>tokens</c>, <c>id</c>, <c>source</c> and <c>provenance</c> (<c>file</c>, <c>record</c>, <c>offset</c>).</summary>
public static class DocumentIndexFile
{
    /// <summary>Format name in the header line.</summary>
    public const string FormatName = "corpusforge.document_index";

    /// <summary>Format version.</summary>
    public const int Version = 1;

    /// <summary>Writes the header line.</summary>
    public static void WriteHeader(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteNumber("version", Version);
        writer.WriteEndObject();
    }

    /// <summary>Writes one document line (without the newline).</summary>
    public static void WriteRecord(Utf8JsonWriter writer, IndexedDocument document)
    {
        writer.WriteStartObject();
        writer.WriteNumber("start", document.Start);
        writer.WriteNumber("tokens", document.Tokens);
        writer.WriteString("id", document.Id);
        if (document.Source is not null) writer.WriteString("source", document.Source);
        if (document.Provenance.File is not null)
        {
            writer.WritePropertyName("provenance");
            DocumentJson.WriteProvenance(writer, document.Provenance);
        }

        writer.WriteEndObject();
    }

    /// <summary>Parses one document line.</summary>
    /// <exception cref="InvalidDataException">The line is not a document record.</exception>
    public static IndexedDocument ParseRecord(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            var provenance = default(Provenance);
            if (root.TryGetProperty("provenance", out var p))
            {
                provenance = new Provenance(
                    p.GetProperty("file").GetString()!,
                    p.GetProperty("record").GetInt64(),
                    p.TryGetProperty("offset", out var offset) ? offset.GetInt64() : -1);
            }

            return new IndexedDocument(
                root.GetProperty("start").GetInt64(), root.GetProperty("tokens").GetInt32(), root.GetProperty("id").GetString()!,
                root.TryGetProperty("source", out var source) ? source.GetString() : null, provenance);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"bad document record ({e.Message})", e);
        }
    }

    /// <summary>Reads every document of a lineage file, checking the header and that documents are contiguous.</summary>
    /// <exception cref="InvalidDataException">The file is not a document index or is inconsistent (names the line).</exception>
    public static List<IndexedDocument> Read(string path)
    {
        var documents = new List<IndexedDocument>();
        var lineNumber = 0;
        long expectedStart = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            try
            {
                if (lineNumber == 1)
                {
                    using var json = JsonDocument.Parse(line);
                    var root = json.RootElement;
                    if (!root.TryGetProperty("format", out var format) || format.GetString() != FormatName)
                        throw new InvalidDataException("not a CorpusForge document index (header line missing)");
                    if (!root.TryGetProperty("version", out var version) || version.GetInt32() != Version)
                        throw new InvalidDataException($"unsupported version, expected {Version}");
                    continue;
                }

                var document = ParseRecord(System.Text.Encoding.UTF8.GetBytes(line));
                if (document.Start != expectedStart) throw new InvalidDataException($"document starts at token {document.Start}, expected {expectedStart}");
                documents.Add(document);
                expectedStart = document.Start + document.Tokens;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }

        if (lineNumber == 0) throw new InvalidDataException($"{path}: empty document index.");
        return documents;
    }
}
