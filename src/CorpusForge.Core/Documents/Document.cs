namespace CorpusForge.Core.Documents;

/// <summary>One unit of text flowing through a pipeline, with where it came from and what stages learned about it.</summary>
/// <remarks>
/// <see cref="Metadata"/> holds fields carried over from the source (JSONL fields, WARC headers, repository info);
/// <see cref="Attributes"/> holds values stages compute (scores, language, dedup cluster). Both accept
/// <c>null</c>, <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="int"/>, <see cref="double"/>,
/// <see cref="string"/>[] and <see cref="System.Text.Json.JsonElement"/> values; anything else cannot be written.
/// A document is owned by one stage at a time, so it is mutable and not thread-safe.
/// </remarks>
public sealed class Document
{
    private Dictionary<string, object?>? _metadata;
    private Dictionary<string, object?>? _attributes;
    private Dictionary<Type, object>? _analysis;
    private string? _analysisText;

    /// <summary>Stable identifier: taken from the source, or derived from the source path and record position.</summary>
    public required string Id { get; set; }

    /// <summary>The document text (after any stage that replaced it).</summary>
    public required string Text { get; set; }

    /// <summary>Name of the pipeline input (or dataset) the document came from.</summary>
    public string? Source { get; set; }

    /// <summary>URL for web documents.</summary>
    public string? Url { get; set; }

    /// <summary>Path inside its origin (file in a repository, entry in an archive), when it has one.</summary>
    public string? Path { get; set; }

    /// <summary>Input file and record the document was read from.</summary>
    public Provenance Provenance { get; set; }

    /// <summary>Key of the input shard the document belongs to, set by the engine (the key that
    /// <see cref="Stages.IShardAware"/> reports); null for documents made outside a pipeline run.</summary>
    public string? ShardKey { get; set; }

    /// <summary>Fields carried from the source record.</summary>
    public Dictionary<string, object?> Metadata => _metadata ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Values computed by stages (scores, labels). Keys are conventionally <c>stage_prefix.name</c>.</summary>
    public Dictionary<string, object?> Attributes => _attributes ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>True when <see cref="Metadata"/> has at least one entry (without allocating it).</summary>
    public bool HasMetadata => _metadata is { Count: > 0 };

    /// <summary>True when <see cref="Attributes"/> has at least one entry (without allocating it).</summary>
    public bool HasAttributes => _attributes is { Count: > 0 };

    /// <summary>Derived data computed once per text and shared by the stages that need it (word spans, line
    /// statistics). The cache is tied to the current <see cref="Text"/> instance: replacing the text invalidates it.
    /// Keyed by <typeparamref name="T"/>, so each analysis type is one entry.</summary>
    public T Analysis<T>(Func<string, T> compute) where T : class
    {
        if (_analysisText is not null && !ReferenceEquals(_analysisText, Text)) _analysis = null;
        _analysisText = Text;
        _analysis ??= new Dictionary<Type, object>(2);
        if (_analysis.TryGetValue(typeof(T), out var cached)) return (T)cached;
        var value = compute(Text);
        _analysis[typeof(T)] = value;
        return value;
    }

    /// <summary>Reads a numeric attribute, whether stored as double, long or int.</summary>
    public bool TryGetScore(string name, out double value)
    {
        value = 0;
        if (_attributes is null || !_attributes.TryGetValue(name, out var raw)) return false;
        switch (raw)
        {
            case double d: value = d; return true;
            case long l: value = l; return true;
            case int i: value = i; return true;
            case float f: value = f; return true;
            default: return false;
        }
    }

    /// <summary>A shallow copy with other text: ids, provenance, metadata and attributes are carried over.</summary>
    public Document WithText(string text)
    {
        var copy = new Document
        {
            Id = Id,
            Text = text,
            Source = Source,
            Url = Url,
            Path = Path,
            Provenance = Provenance,
            ShardKey = ShardKey,
        };
        if (_metadata is not null) copy._metadata = new Dictionary<string, object?>(_metadata, StringComparer.Ordinal);
        if (_attributes is not null) copy._attributes = new Dictionary<string, object?>(_attributes, StringComparer.Ordinal);
        return copy;
    }
}

/// <summary>Where a document was read: the input file, the record number in it (0-based) and, when known, the byte offset.</summary>
/// <param name="File">Input file path, relative to the pipeline's input root where possible.</param>
/// <param name="Record">0-based record number in the file (line for JSONL, row for Parquet, record for WARC).</param>
/// <param name="ByteOffset">Offset of the record in the (uncompressed, unless noted by the reader) file; -1 when unknown.</param>
public readonly record struct Provenance(string File, long Record, long ByteOffset = -1)
{
    /// <summary>A human-readable location such as <c>data/a.jsonl:12</c> (record numbers shown 1-based).</summary>
    public override string ToString() => ByteOffset >= 0
        ? $"{File}:{Record + 1} (byte {ByteOffset})"
        : $"{File}:{Record + 1}";
}
