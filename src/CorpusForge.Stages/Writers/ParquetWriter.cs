using System.ComponentModel;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using Parquet;
using Parquet.Schema;

namespace CorpusForge.Stages.Writers;

/// <summary>Compression codec of Parquet column chunks.</summary>
public enum ParquetCompression
{
    /// <summary>Uncompressed pages.</summary>
    None,
    /// <summary>Snappy: fast, and what most Parquet tools write by default.</summary>
    Snappy,
    /// <summary>Gzip.</summary>
    Gzip,
    /// <summary>Zstandard: smaller files, still fast.</summary>
    Zstd,
}

/// <summary>Options of <see cref="ParquetWriter"/>.</summary>
public sealed class ParquetWriterOptions : IValidatableOptions
{
    /// <summary>Rows per row group.</summary>
    [Description("Rows per row group; a row group also ends once it holds row_group_bytes of text.")]
    public int RowGroupSize { get; set; } = 10_000;

    /// <summary>Text bytes per row group.</summary>
    [Description("UTF-8 bytes of text per row group before it is written (bounds memory for long documents).")]
    public long RowGroupBytes { get; set; } = 64L << 20;

    /// <summary>Page compression.</summary>
    [Description("Compression of column chunks: none, snappy, gzip or zstd.")]
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>Documents per file before rolling.</summary>
    [Description("Documents per file before a new part is started; 0 = no limit.")]
    public long MaxRecords { get; set; }

    /// <summary>Text bytes per file before rolling.</summary>
    [Description("UTF-8 bytes of text per file before a new part is started (checked between documents); 0 = no limit.")]
    public long MaxBytes { get; set; } = 1L << 30;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (RowGroupSize <= 0) yield return $"row_group_size must be positive (got {RowGroupSize})";
        if (RowGroupBytes <= 0) yield return $"row_group_bytes must be positive (got {RowGroupBytes})";
        if (MaxRecords < 0) yield return $"max_records must be 0 (no limit) or positive (got {MaxRecords})";
        if (MaxBytes < 0) yield return $"max_bytes must be 0 (no limit) or positive (got {MaxBytes})";
    }
}

/// <summary>Writes documents to Parquet files readable by standard tools (DuckDB, pandas/pyarrow, Spark).</summary>
/// <remarks>
/// Schema (all optional UTF-8 strings unless noted): <c>id</c>, <c>text</c>, <c>source</c>, <c>url</c>, <c>path</c>,
/// <c>metadata</c> (MAP of string values), <c>metadata_numbers</c> (MAP of doubles), <c>metadata_json</c> (MAP of JSON
/// texts), <c>attributes</c> (MAP of doubles: scores), <c>attributes_text</c> (MAP of strings), <c>attributes_json</c>
/// (MAP of JSON texts: booleans, lists), <c>provenance_file</c>, <c>provenance_record</c> (int64); see
/// <see cref="ParquetMapColumns"/>. Files are named <c>{base}.{part:D5}.parquet</c> and
/// published together on commit; a shard with no documents publishes no file.
/// </remarks>
[Component("writer.parquet_v1", "Parquet files (id, text, source, url, path, metadata, attributes, provenance) in bounded row groups, rolled and published atomically")]
public sealed class ParquetWriter(ParquetWriterOptions options) : IDocumentWriter
{
    private static readonly DataField<string> IdField = new("id");
    private static readonly DataField<string> TextField = new("text");
    private static readonly DataField<string> SourceField = new("source");
    private static readonly DataField<string> UrlField = new("url");
    private static readonly DataField<string> PathField = new("path");
    private static readonly DataField<string> ProvenanceFileField = new("provenance_file");
    private static readonly DataField<long?> ProvenanceRecordField = new("provenance_record");

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new ShardWriter(options, target);

    /// <summary>Rewrites a file this writer made without the rows <paramref name="remove"/> selects (given id and
    /// url), keeping the row groups (less the removed rows), the schema and the codec. Rows are read back through
    /// <c>reader.parquet_v1</c>, so typed metadata and attribute maps survive unchanged. The new file is an
    /// <see cref="AtomicFile"/>, so inside a <see cref="PublishScope"/> it waits under its temporary name. Returns the
    /// removed rows' ids; nothing is written when none matches.</summary>
    public static List<string> RemoveRows(string path, Func<string, string?, bool> remove)
    {
        var buffer = new RowGroupBuffer();
        long[] groupRows;
        var method = CompressionMethod.Snappy;
        var layout = Parquet.ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            var names = string.Join(",", layout.Schema.GetDataFields().Select(f => f.Name));
            if (names != string.Join(",", buffer.Schema.GetDataFields().Select(f => f.Name)))
                throw new InvalidDataException($"{path}: not a writer.parquet_v1 file (columns {names}); it cannot be rewritten");
            groupRows = [.. Enumerable.Range(0, layout.RowGroupCount).Select(g => layout.RowGroups[g].RowCount)];
            if (layout.Metadata?.RowGroups is { Count: > 0 } metaGroups && metaGroups[0].Columns is { Count: > 0 } chunks
                && chunks[0].MetaData?.Codec.ToString() is { } codec)
                method = codec == "UNCOMPRESSED" ? CompressionMethod.None : Enum.TryParse<CompressionMethod>(codec, true, out var m) ? m : CompressionMethod.Snappy;
        }
        finally
        {
            layout.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var removed = new List<string>();
        var kept = new List<Document>();
        var keptPerGroup = new int[groupRows.Length];
        var (group, row, groupEnd) = (0, 0L, groupRows.Length > 0 ? groupRows[0] : 0);
        var input = new InputFile(path, Path.GetFileName(path), "takedown", new FileInfo(path).Length);
        foreach (var result in new Readers.ParquetReader(new Readers.ParquetReaderOptions()).Read(input, CancellationToken.None))
        {
            if (result.Document is not { } document)
                throw new InvalidDataException($"{path}: record {result.Bad!.Where.Record} cannot be read ({result.Bad.Reason}); it cannot be rewritten");
            while (row >= groupEnd) groupEnd += groupRows[++group];
            row++;
            if (remove(document.Id, document.Url)) removed.Add(document.Id);
            else
            {
                kept.Add(document);
                keptPerGroup[group]++;
            }
        }

        if (removed.Count == 0) return removed;
        using var file = AtomicFile.Create(path);
        var writer = Parquet.ParquetWriter.CreateAsync(buffer.Schema, file.Stream, new ParquetOptions { CompressionMethod = method }).GetAwaiter().GetResult();
        try
        {
            var next = 0;
            foreach (var count in keptPerGroup.Where(c => c > 0))
            {
                for (var i = 0; i < count; i++) buffer.Add(kept[next++]);
                buffer.WriteTo(writer);
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        file.Commit();
        return removed;
    }

    /// <summary>The columns of one row group being gathered, in the writer's schema.</summary>
    private sealed class RowGroupBuffer
    {
        private readonly ParquetMapColumns _metadata = new("metadata", numbersFirst: false);
        private readonly ParquetMapColumns _attributes = new("attributes", numbersFirst: true);
        private readonly List<string> _ids = [];
        private readonly List<string> _texts = [];
        private readonly List<string?> _sources = [];
        private readonly List<string?> _urls = [];
        private readonly List<string?> _paths = [];
        private readonly List<string?> _provenanceFiles = [];
        private readonly List<long?> _provenanceRecords = [];
        private ParquetSchema? _schema;

        public ParquetSchema Schema => _schema ??= new ParquetSchema(
            new Field[] { IdField, TextField, SourceField, UrlField, PathField }
                .Concat(_metadata.Fields).Concat(_attributes.Fields)
                .Concat([ProvenanceFileField, ProvenanceRecordField]).ToArray());

        public int Count => _ids.Count;

        public void Add(Document document)
        {
            _ids.Add(document.Id);
            _texts.Add(document.Text);
            _sources.Add(document.Source);
            _urls.Add(document.Url);
            _paths.Add(document.Path);
            _metadata.Add(document.HasMetadata ? document.Metadata : null);
            _attributes.Add(document.HasAttributes ? document.Attributes : null);
            var hasProvenance = document.Provenance.File is not null;
            _provenanceFiles.Add(hasProvenance ? document.Provenance.File : null);
            _provenanceRecords.Add(hasProvenance ? document.Provenance.Record : null);
        }

        /// <summary>Writes the gathered rows as one row group and empties the buffer.</summary>
        public void WriteTo(Parquet.ParquetWriter writer)
        {
            using (var group = writer.CreateRowGroup())
            {
                group.WriteAsync(IdField, _ids).GetAwaiter().GetResult();
                group.WriteAsync(TextField, _texts).GetAwaiter().GetResult();
                group.WriteAsync(SourceField, _sources).GetAwaiter().GetResult();
                group.WriteAsync(UrlField, _urls).GetAwaiter().GetResult();
                group.WriteAsync(PathField, _paths).GetAwaiter().GetResult();
                _metadata.WriteAsync(group).GetAwaiter().GetResult();
                _attributes.WriteAsync(group).GetAwaiter().GetResult();
                group.WriteAsync(ProvenanceFileField, _provenanceFiles).GetAwaiter().GetResult();
                group.WriteAsync<long>(ProvenanceRecordField, _provenanceRecords.ToArray().AsMemory()).GetAwaiter().GetResult();
            }

            _ids.Clear();
            _texts.Clear();
            _sources.Clear();
            _urls.Clear();
            _paths.Clear();
            _provenanceFiles.Clear();
            _provenanceRecords.Clear();
        }
    }

    private sealed class ShardWriter(ParquetWriterOptions options, OutputTarget target) : IShardWriter
    {
        private readonly RowGroupBuffer _buffer = new();
        private readonly RollingParts _parts = new(target, "parquet", options.MaxRecords, options.MaxBytes);
        private readonly ParquetOptions _parquetOptions = new()
        {
            CompressionMethod = options.Compression switch
            {
                ParquetCompression.None => CompressionMethod.None,
                ParquetCompression.Gzip => CompressionMethod.Gzip,
                ParquetCompression.Zstd => CompressionMethod.Zstd,
                _ => CompressionMethod.Snappy,
            },
            // Parquet.Net pools page buffers without bound unless told otherwise; keep memory flat over long runs.
            MaximumSmallPoolFreeBytes = 16 << 20,
            MaximumLargePoolFreeBytes = 128 << 20,
        };

        private Parquet.ParquetWriter? _writer;
        private long _groupBytes;

        public void Write(Document document)
        {
            _parts.ThrowIfFinished();
            if (_parts.IsFull) ClosePart();
            if (_parts.Current is null) OpenPart();

            _buffer.Add(document);
            var bytes = Encoding.UTF8.GetByteCount(document.Text);
            _parts.Add(bytes);
            _groupBytes += bytes;
            if (_buffer.Count >= options.RowGroupSize || _groupBytes >= options.RowGroupBytes) WriteRowGroup();
        }

        public IReadOnlyList<string> Commit()
        {
            _parts.ThrowIfFinished();
            if (_parts.Current is not null) ClosePart();
            return _parts.Commit();
        }

        public void Abort() => _parts.Abort(() => _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult());

        public void Dispose() => Abort();

        private void OpenPart() =>
            _writer = Parquet.ParquetWriter.CreateAsync(_buffer.Schema, _parts.Open().Stream, _parquetOptions).GetAwaiter().GetResult();

        private void WriteRowGroup()
        {
            _buffer.WriteTo(_writer!);
            _groupBytes = 0;
        }

        /// <summary>Writes the last row group and the footer; the file stays temporary until commit.</summary>
        private void ClosePart()
        {
            if (_buffer.Count > 0) WriteRowGroup();
            _writer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer = null;
            _parts.Close();
        }
    }
}
