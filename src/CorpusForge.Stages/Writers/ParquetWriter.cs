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
/// <c>metadata</c> and <c>attributes</c> (each a JSON object text, as <see cref="DocumentJson.MapToJson"/> writes it),
/// <c>provenance_file</c>, <c>provenance_record</c> (int64). Files are named <c>{base}.{part:D5}.parquet</c> and
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
    private static readonly DataField<string> MetadataField = new("metadata");
    private static readonly DataField<string> AttributesField = new("attributes");
    private static readonly DataField<string> ProvenanceFileField = new("provenance_file");
    private static readonly DataField<long?> ProvenanceRecordField = new("provenance_record");

    private static readonly ParquetSchema Schema = new(IdField, TextField, SourceField, UrlField, PathField,
        MetadataField, AttributesField, ProvenanceFileField, ProvenanceRecordField);

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new ShardWriter(options, target);

    /// <summary>Rewrites a file this writer made without the rows <paramref name="remove"/> selects (given id and
    /// url), keeping the row groups (less the removed rows), the schema and the codec. The new file is an
    /// <see cref="AtomicFile"/>, so inside a <see cref="PublishScope"/> it waits under its temporary name. Returns the
    /// removed rows' ids; nothing is written when none matches.</summary>
    public static List<string> RemoveRows(string path, Func<string, string?, bool> remove)
    {
        var removed = new List<string>();
        var groups = new List<string?[][]>();
        var records = new List<long?[]>();
        var method = CompressionMethod.Snappy;
        var reader = Parquet.ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            var names = string.Join(",", fields.Select(f => f.Name));
            if (names != string.Join(",", Schema.GetDataFields().Select(f => f.Name)))
                throw new InvalidDataException($"{path}: not a writer.parquet_v1 file (columns {names}); it cannot be rewritten");
            if (reader.Metadata?.RowGroups is { Count: > 0 } metaGroups && metaGroups[0].Columns is { Count: > 0 } chunks
                && chunks[0].MetaData?.Codec.ToString() is { } codec)
                method = codec == "UNCOMPRESSED" ? CompressionMethod.None : Enum.TryParse<CompressionMethod>(codec, true, out var m) ? m : CompressionMethod.Snappy;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var columns = new string?[8][];
                for (var c = 0; c < 8; c++)
                {
                    columns[c] = new string?[count];
                    group.ReadAsync(fields[c], columns[c].AsMemory()).AsTask().GetAwaiter().GetResult();
                }

                var provenance = new long?[count];
                group.ReadAsync(fields[8], provenance.AsMemory()).AsTask().GetAwaiter().GetResult();
                var keep = new List<int>(count);
                for (var i = 0; i < count; i++)
                {
                    if (remove(columns[0][i] ?? "", columns[3][i])) removed.Add(columns[0][i] ?? "");
                    else keep.Add(i);
                }

                if (keep.Count == 0) continue;
                groups.Add([.. columns.Select(col => keep.Select(i => col[i]).ToArray())]);
                records.Add([.. keep.Select(i => provenance[i])]);
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (removed.Count == 0) return removed;
        using var file = AtomicFile.Create(path);
        var writer = Parquet.ParquetWriter.CreateAsync(Schema, file.Stream, new ParquetOptions { CompressionMethod = method }).GetAwaiter().GetResult();
        try
        {
            var stringFields = new[] { IdField, TextField, SourceField, UrlField, PathField, MetadataField, AttributesField, ProvenanceFileField };
            for (var g = 0; g < groups.Count; g++)
            {
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < 8; c++) group.WriteAsync(stringFields[c], groups[g][c]).GetAwaiter().GetResult();
                group.WriteAsync<long>(ProvenanceRecordField, records[g].AsMemory()).GetAwaiter().GetResult();
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        file.Commit();
        return removed;
    }

    private sealed class ShardWriter(ParquetWriterOptions options, OutputTarget target) : IShardWriter
    {
        private readonly List<string> _ids = [];
        private readonly List<string> _texts = [];
        private readonly List<string?> _sources = [];
        private readonly List<string?> _urls = [];
        private readonly List<string?> _paths = [];
        private readonly List<string?> _metadata = [];
        private readonly List<string?> _attributes = [];
        private readonly List<string?> _provenanceFiles = [];
        private readonly List<long?> _provenanceRecords = [];
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

            _ids.Add(document.Id);
            _texts.Add(document.Text);
            _sources.Add(document.Source);
            _urls.Add(document.Url);
            _paths.Add(document.Path);
            _metadata.Add(document.HasMetadata ? DocumentJson.MapToJson(document.Metadata) : null);
            _attributes.Add(document.HasAttributes ? DocumentJson.MapToJson(document.Attributes) : null);
            var hasProvenance = document.Provenance.File is not null;
            _provenanceFiles.Add(hasProvenance ? document.Provenance.File : null);
            _provenanceRecords.Add(hasProvenance ? document.Provenance.Record : null);

            var bytes = Encoding.UTF8.GetByteCount(document.Text);
            _parts.Add(bytes);
            _groupBytes += bytes;
            if (_ids.Count >= options.RowGroupSize || _groupBytes >= options.RowGroupBytes) WriteRowGroup();
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
            _writer = Parquet.ParquetWriter.CreateAsync(Schema, _parts.Open().Stream, _parquetOptions).GetAwaiter().GetResult();

        private void WriteRowGroup()
        {
            using (var group = _writer!.CreateRowGroup())
            {
                group.WriteAsync(IdField, _ids).GetAwaiter().GetResult();
                group.WriteAsync(TextField, _texts).GetAwaiter().GetResult();
                group.WriteAsync(SourceField, _sources).GetAwaiter().GetResult();
                group.WriteAsync(UrlField, _urls).GetAwaiter().GetResult();
                group.WriteAsync(PathField, _paths).GetAwaiter().GetResult();
                group.WriteAsync(MetadataField, _metadata).GetAwaiter().GetResult();
                group.WriteAsync(AttributesField, _attributes).GetAwaiter().GetResult();
                group.WriteAsync(ProvenanceFileField, _provenanceFiles).GetAwaiter().GetResult();
                group.WriteAsync<long>(ProvenanceRecordField, _provenanceRecords.ToArray().AsMemory()).GetAwaiter().GetResult();
            }

            _ids.Clear();
            _texts.Clear();
            _sources.Clear();
            _urls.Clear();
            _paths.Clear();
            _metadata.Clear();
            _attributes.Clear();
            _provenanceFiles.Clear();
            _provenanceRecords.Clear();
            _groupBytes = 0;
        }

        /// <summary>Writes the last row group and the footer; the file stays temporary until commit.</summary>
        private void ClosePart()
        {
            if (_ids.Count > 0) WriteRowGroup();
            _writer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer = null;
            _parts.Close();
        }
    }
}
