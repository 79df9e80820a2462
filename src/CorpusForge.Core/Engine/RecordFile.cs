using System.Buffers;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Engine;

/// <summary>A gzip JSONL file of removed documents (rejected by a stage, or quarantined), published atomically
/// with its shard. Each line is the document in <see cref="DocumentJson"/> form plus drop_reason/drop_stage/drop_detail.</summary>
internal sealed class RecordFile : IDisposable
{
    private readonly AtomicFile _file;
    private readonly Stream _gzip;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 14);
    private readonly Utf8JsonWriter _json;

    public RecordFile(string path)
    {
        _file = AtomicFile.Create(path);
        _gzip = Compression.WrapWrite(_file.Stream, CompressionKind.Gzip, leaveOpen: true);
        _json = new Utf8JsonWriter(_buffer, DocumentJson.WriterOptions);
    }

    public string FinalPath => _file.FinalPath;

    public long Count { get; private set; }

    public void Write(Document document, string reason, string stage, string? detail)
    {
        DocumentJson.Write(_json, document, reason, stage, detail);
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
        _gzip.Write(_buffer.WrittenSpan);
        _buffer.Clear();
        Count++;
    }

    public void Commit()
    {
        _gzip.Dispose();
        _file.Commit();
    }

    public void Abort()
    {
        _gzip.Dispose();
        _file.Abort();
    }

    public void Dispose()
    {
        _json.Dispose();
        _file.Dispose();
    }
}
