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
        private readonly OutputTarget _target;
        private readonly CompressionKind _codec;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + (FlushThreshold >> 2));
        private readonly Utf8JsonWriter _json;
        private readonly List<AtomicFile> _parts = [];
        private AtomicFile? _file;
        private Stream? _stream;
        private long _records;
        private long _bytes;
        private bool _finished;

        public ShardWriter(JsonlWriterOptions options, OutputTarget target)
        {
            _options = options;
            _target = target;
            _codec = options.Compression switch
            {
                JsonlCompression.Gzip => CompressionKind.Gzip,
                JsonlCompression.Zstd => CompressionKind.Zstd,
                _ => CompressionKind.None,
            };
            _json = new Utf8JsonWriter(_buffer, DocumentJson.WriterOptions);
        }

        public void Write(Document document)
        {
            if (_finished) throw new InvalidOperationException($"the output of {_target.BaseName} was already committed or aborted");
            if (_file is not null && ((_options.MaxRecords > 0 && _records >= _options.MaxRecords) || (_options.MaxBytes > 0 && _bytes >= _options.MaxBytes)))
                ClosePart();
            if (_file is null) OpenPart();

            var before = _buffer.WrittenCount;
            _json.Reset();
            DocumentJson.Write(_json, document);
            _json.Flush();
            _buffer.Write(Newline);
            _bytes += _buffer.WrittenCount - before;
            _records++;
            if (_buffer.WrittenCount >= FlushThreshold) FlushBuffer();
        }

        public IReadOnlyList<string> Commit()
        {
            if (_finished) throw new InvalidOperationException($"the output of {_target.BaseName} was already committed or aborted");
            if (_file is not null) ClosePart();
            _finished = true;
            foreach (var part in _parts) part.Commit();
            return _parts.Select(p => p.FinalPath).ToList();
        }

        public void Abort()
        {
            if (_finished) return;
            _finished = true;
            try
            {
                if (!ReferenceEquals(_stream, _file?.Stream)) _stream?.Dispose();
            }
            catch (IOException)
            {
                // The part is being thrown away; a failure to finish its compressed frame does not matter.
            }

            foreach (var part in _parts) part.Abort();
            _file?.Abort();
        }

        public void Dispose()
        {
            Abort();
            _json.Dispose();
        }

        private void OpenPart()
        {
            var name = $"{_target.BaseName}.{_parts.Count:D5}.jsonl{Compression.Extension(_codec)}";
            _file = AtomicFile.Create(Path.Combine(_target.Directory, name));
            _stream = Compression.WrapWrite(_file.Stream, _codec, _options.CompressionLevel, leaveOpen: true);
            _records = 0;
            _bytes = 0;
        }

        private void FlushBuffer()
        {
            _stream!.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        /// <summary>Finishes the current part's compressed stream; the file stays temporary until commit.</summary>
        private void ClosePart()
        {
            FlushBuffer();
            if (!ReferenceEquals(_stream, _file!.Stream)) _stream!.Dispose();
            _parts.Add(_file);
            _file = null;
            _stream = null;
        }
    }
}
