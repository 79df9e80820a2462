using System.Buffers;
using System.ComponentModel;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Writers;

/// <summary>Compression of JSONL output files.</summary>
public enum JsonlCompression
{
    /// <summary>Plain <c>.jsonl</c>.</summary>
    None,
    /// <summary><c>.jsonl.gz</c>, readable everywhere.</summary>
    Gzip,
    /// <summary><c>.jsonl.zst</c>, smaller and faster than gzip.</summary>
    Zstd,
}

/// <summary>Options of <see cref="JsonlWriter"/>.</summary>
public sealed class JsonlWriterOptions : IValidatableOptions
{
    /// <summary>Compression of the files.</summary>
    [Description("Compression of the output files: none (.jsonl), gzip (.jsonl.gz) or zstd (.jsonl.zst).")]
    public JsonlCompression Compression { get; set; } = JsonlCompression.Gzip;

    /// <summary>Codec level.</summary>
    [Description("Compression level: 0 is the codec's fast default (gzip 'fastest', zstd 3); gzip 1-8 = optimal, 9 = smallest; zstd 1-22.")]
    public int CompressionLevel { get; set; }

    /// <summary>Documents per file before rolling.</summary>
    [Description("Documents per file before a new part is started; 0 = no limit.")]
    public long MaxRecords { get; set; }

    /// <summary>Uncompressed bytes per file before rolling.</summary>
    [Description("Uncompressed bytes per file before a new part is started (a document is never split, so a part may end one document past it); 0 = no limit.")]
    public long MaxBytes { get; set; } = 1L << 30;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxRecords < 0) yield return $"max_records must be 0 (no limit) or positive (got {MaxRecords})";
        if (MaxBytes < 0) yield return $"max_bytes must be 0 (no limit) or positive (got {MaxBytes})";
        if (CompressionLevel is < 0 or > 22) yield return $"compression_level must be between 0 and 22 (got {CompressionLevel})";
    }
}

/// <summary>Writes documents as JSON Lines in CorpusForge's document form (<see cref="DocumentJson"/>), one file per
/// part named <c>{base}.{part:D5}.jsonl[.gz|.zst]</c>, all published together on commit.</summary>
/// <remarks>A shard with no documents publishes no file.</remarks>
[Component("writer.jsonl_v1", "JSON Lines files (.jsonl, .jsonl.gz, .jsonl.zst) rolled by record count or size, published atomically per shard")]
public sealed class JsonlWriter(JsonlWriterOptions options) : IDocumentWriter
{
    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new ShardWriter(options, target);

    private sealed class ShardWriter : IShardWriter
    {
        private const int FlushThreshold = 1 << 20;
        private static readonly byte[] Newline = "\n"u8.ToArray();

        private readonly JsonlWriterOptions _options;
        private readonly CompressionKind _codec;
        private readonly RollingParts _parts;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + (FlushThreshold >> 2));
        private readonly Utf8JsonWriter _json;
        private Stream? _stream;

        public ShardWriter(JsonlWriterOptions options, OutputTarget target)
        {
            _options = options;
            _codec = options.Compression switch
            {
                JsonlCompression.Gzip => CompressionKind.Gzip,
                JsonlCompression.Zstd => CompressionKind.Zstd,
                _ => CompressionKind.None,
            };
            _parts = new RollingParts(target, "jsonl" + Compression.Extension(_codec), options.MaxRecords, options.MaxBytes);
            _json = new Utf8JsonWriter(_buffer, DocumentJson.WriterOptions);
        }

        public void Write(Document document)
        {
            _parts.ThrowIfFinished();
            if (_parts.IsFull) ClosePart();
            if (_parts.Current is null) OpenPart();

            var before = _buffer.WrittenCount;
            _json.Reset();
            DocumentJson.Write(_json, document);
            _json.Flush();
            _buffer.Write(Newline);
            _parts.Add(_buffer.WrittenCount - before);
            if (_buffer.WrittenCount >= FlushThreshold) FlushBuffer();
        }

        public IReadOnlyList<string> Commit()
        {
            _parts.ThrowIfFinished();
            if (_parts.Current is not null) ClosePart();
            return _parts.Commit();
        }

        public void Abort() => _parts.Abort(() =>
        {
            if (!ReferenceEquals(_stream, _parts.Current?.Stream)) _stream?.Dispose();
        });

        public void Dispose()
        {
            Abort();
            _json.Dispose();
        }

        private void OpenPart() =>
            _stream = Compression.WrapWrite(_parts.Open().Stream, _codec, _options.CompressionLevel, leaveOpen: true);

        private void FlushBuffer()
        {
            _stream!.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        /// <summary>Finishes the current part's compressed stream; the file stays temporary until commit.</summary>
        private void ClosePart()
        {
            FlushBuffer();
            if (!ReferenceEquals(_stream, _parts.Current!.Stream)) _stream!.Dispose();
            _parts.Close();
            _stream = null;
        }
    }
}
