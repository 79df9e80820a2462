using System.Buffers;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Readers;
using CorpusForge.Stages.Writers;

namespace CorpusForge.Stages.Tests.Writers;

public sealed class JsonlWriterTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private IReadOnlyList<string> WriteAll(IEnumerable<Document> documents, JsonlWriterOptions? options = null, string folder = "out")
    {
        using var shard = new JsonlWriter(options ?? new JsonlWriterOptions()).Open(new OutputTarget(_scratch.PathOf(folder), "shard"));
        foreach (var document in documents) shard.Write(document);
        return shard.Commit();
    }

    private static string Decompressed(string path)
    {
        using var stream = Compression.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData(JsonlCompression.None, "shard.00000.jsonl")]
    [InlineData(JsonlCompression.Gzip, "shard.00000.jsonl.gz")]
    [InlineData(JsonlCompression.Zstd, "shard.00000.jsonl.zst")]
    public void Writes_one_document_json_per_line_in_the_named_codec(JsonlCompression codec, string name)
    {
        var documents = SampleDocuments.Create(20);
        var files = WriteAll(documents, new JsonlWriterOptions { Compression = codec });

        Assert.Equal([_scratch.PathOf(Path.Combine("out", name))], files);
        var expected = new StringBuilder();
        foreach (var document in documents)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer, DocumentJson.WriterOptions)) DocumentJson.Write(json, document);
            expected.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }

        Assert.Equal(expected.ToString(), Decompressed(files[0]));
        if (codec == JsonlCompression.Gzip) Assert.Equal([0x1F, 0x8B], File.ReadAllBytes(files[0])[..2]);
    }

    [Fact]
    public void Round_trip_through_the_reader_preserves_every_part_and_rewrites_identical_bytes()
    {
        var documents = SampleDocuments.Create(30);
        var first = Assert.Single(WriteAll(documents, folder: "first"));
        var read = SampleDocuments.Read(new JsonlReader(new JsonlReaderOptions()), first).Select(r => r.Document!).ToList();

        Assert.Equal(documents.Select(SampleDocuments.Describe), read.Select(SampleDocuments.Describe));
        Assert.Equal(documents.Select(d => d.Provenance), read.Select(d => d.Provenance));

        var second = Assert.Single(WriteAll(read, folder: "second"));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Rolls_to_a_new_part_by_record_count()
    {
        var files = WriteAll(SampleDocuments.Create(7), new JsonlWriterOptions { MaxRecords = 3, Compression = JsonlCompression.None });

        Assert.Equal(["shard.00000.jsonl", "shard.00001.jsonl", "shard.00002.jsonl"], files.Select(Path.GetFileName));
        Assert.Equal([3, 3, 1], files.Select(f => File.ReadAllLines(f).Length));
        Assert.StartsWith("{\"id\":\"doc-0006\"", File.ReadAllText(files[2]));
    }

    [Fact]
    public void Rolls_to_a_new_part_by_uncompressed_size_without_splitting_documents()
    {
        var documents = SampleDocuments.Create(40);
        var files = WriteAll(documents, new JsonlWriterOptions { MaxBytes = 2000, Compression = JsonlCompression.Zstd });

        Assert.True(files.Count > 3, $"{files.Count} parts");
        var lines = files.Select(f => Decompressed(f).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(lines.SkipLast(1), part => Assert.InRange(part.Sum(l => Encoding.UTF8.GetByteCount(l) + 1), 2000, 2000 + 600));
        Assert.Equal(40, lines.Sum(l => l.Length));
    }

    [Fact]
    public void Nothing_is_visible_before_commit_and_nothing_is_left_after_abort()
    {
        var folder = _scratch.PathOf("atomic");
        using (var shard = new JsonlWriter(new JsonlWriterOptions { MaxRecords = 2 }).Open(new OutputTarget(folder, "s")))
        {
            foreach (var document in SampleDocuments.Create(5)) shard.Write(document);
            Assert.All(Directory.GetFiles(folder), f => Assert.Contains(".tmp-", Path.GetFileName(f)));
            var files = shard.Commit();
            Assert.Equal(["s.00000.jsonl.gz", "s.00001.jsonl.gz", "s.00002.jsonl.gz"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(files.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Order(StringComparer.Ordinal));
        }

        var aborted = _scratch.PathOf("aborted");
        using (var shard = new JsonlWriter(new JsonlWriterOptions { MaxRecords = 2 }).Open(new OutputTarget(aborted, "s")))
        {
            foreach (var document in SampleDocuments.Create(5)) shard.Write(document);
            Assert.NotEmpty(Directory.GetFiles(aborted));
            shard.Abort();
        }

        Assert.Empty(Directory.GetFiles(aborted));

        // Disposing without committing (a failed shard) also removes everything.
        var disposed = _scratch.PathOf("disposed");
        using (var shard = new JsonlWriter(new JsonlWriterOptions()).Open(new OutputTarget(disposed, "s")))
            shard.Write(SampleDocuments.One(1));
        Assert.Empty(Directory.GetFiles(disposed));
    }

    [Fact]
    public void A_shard_without_documents_publishes_no_file()
    {
        Assert.Empty(WriteAll([]));
        Assert.False(Directory.Exists(_scratch.PathOf("out")) && Directory.EnumerateFileSystemEntries(_scratch.PathOf("out")).Any());
    }
}
