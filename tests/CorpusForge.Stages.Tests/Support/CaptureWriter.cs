using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Support;

/// <summary>Options of <see cref="CaptureWriter"/> (none).</summary>
public sealed class CaptureWriterOptions;

/// <summary>Test writer standing in for <c>writer.jsonl_v1</c> in end-to-end runs: one JSON document per line in
/// {base}.jsonl, through the shared document JSON format, published atomically.</summary>
[Component("test.sources_capture_v1", "test writer: documents as JSON lines")]
public sealed class CaptureWriter : IDocumentWriter
{
    /// <summary>Creates the writer.</summary>
    public CaptureWriter(CaptureWriterOptions options) => ArgumentNullException.ThrowIfNull(options);

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".jsonl"));

        public void Write(Document document)
        {
            using (var writer = new Utf8JsonWriter(_file.Stream, DocumentJson.WriterOptions)) DocumentJson.Write(writer, document);
            _file.Stream.WriteByte((byte)'\n');
        }

        public IReadOnlyList<string> Commit()
        {
            _file.Commit();
            return [_file.FinalPath];
        }

        public void Abort() => _file.Abort();

        public void Dispose() => _file.Dispose();
    }
}
