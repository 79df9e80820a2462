using System.Buffers;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class JsonlReaderTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static List<ReadResult> ReadAll(InputFile input, JsonlReaderOptions? options = null) =>
        new JsonlReader(options ?? new JsonlReaderOptions()).Read(input, CancellationToken.None).ToList();

    private static string Lines(int count) => string.Concat(Enumerable.Range(0, count)
        .Select(i => $"{{\"id\":\"d{i}\",\"text\":\"Document number {i} has a few words of prose in it.\",\"lang\":\"en\"}}\n"));

    [Fact]
    public void Reads_id_text_url_and_keeps_other_fields_as_metadata()
    {
        var input = _scratch.Write("data/a.jsonl",
            "{\"id\":\"x1\",\"text\":\"Hello \\\"world\\\"\",\"url\":\"https://example.org/a\",\"lang\":\"en\",\"score\":0.5,\"n\":3,\"ok\":true,\"tags\":[\"a\",\"b\"]}\n" +
            "\n" +
            "{\"text\":\"no id here\",\"id\":17}\r\n" +
            "{\"text\":\"and no id at all\"}");
        var docs = ReadAll(input).Select(r => r.Document!).ToList();

        Assert.Equal(3, docs.Count);
        var first = docs[0];
        Assert.Equal("x1", first.Id);
        Assert.Equal("Hello \"world\"", first.Text);
        Assert.Equal("https://example.org/a", first.Url);
        Assert.Equal("test", first.Source);
        Assert.Equal("en", first.Metadata["lang"]);
        Assert.Equal(0.5, first.Metadata["score"]);
        Assert.Equal(3L, first.Metadata["n"]);
        Assert.Equal(true, first.Metadata["ok"]);
        Assert.Equal("[\"a\",\"b\"]", ((JsonElement)first.Metadata["tags"]!).GetRawText());
        Assert.False(first.Metadata.ContainsKey("id"));
        Assert.Equal(new Provenance("data/a.jsonl", 0, 0), first.Provenance);

        Assert.Equal("17", docs[1].Id);
        Assert.Equal(2, docs[1].Provenance.Record); // the blank line still counts as a line
        Assert.Equal("data/a.jsonl#3", docs[2].Id);
        Assert.Equal("and no id at all", docs[2].Text);
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_of_the_file_is_skipped()
    {
        var input = _scratch.Write("bom.jsonl", [0xEF, 0xBB, 0xBF, .. "{\"text\":\"first\"}\n{\"text\":\"second\"}\n"u8]);
        Assert.Equal(["first", "second"], ReadAll(input).Select(r => r.Document!.Text));
    }

    [Fact]
    public void Configured_fields_are_used()
    {
        var input = _scratch.Write("b.jsonl", "{\"doc_id\":\"k\",\"content\":\"body\",\"link\":\"u\",\"text\":\"other\"}\n");
        var doc = ReadAll(input, new JsonlReaderOptions { IdField = "doc_id", TextField = "content", UrlField = "link" })[0].Document!;
        Assert.Equal(("k", "body", "u"), (doc.Id, doc.Text, doc.Url));
        Assert.Equal("other", doc.Metadata["text"]);
    }

    [Theory]
    [InlineData("c.jsonl.gz")]
    [InlineData("c.jsonl.zst")]
    public void Compressed_files_read_like_plain_ones(string name)
    {
        var text = Lines(2000);
        var plain = ReadAll(_scratch.Write("c.jsonl", text)).Select(r => (r.Document!.Id, r.Document.Text, r.Document.Provenance)).ToList();
        var compressed = ReadAll(_scratch.WriteCompressed(name, text)).Select(r => (r.Document!.Id, r.Document.Text, r.Document.Provenance with { File = "c.jsonl" })).ToList();
        Assert.Equal(2000, plain.Count);
        Assert.Equal(plain, compressed);
    }

    [Theory]
    [InlineData("t.jsonl.gz", "gzip")]
    [InlineData("t.jsonl.zst", "zstd")]
    public void Truncated_stream_keeps_what_was_read_then_reports_and_stops(string name, string codec)
    {
        var full = Scratch.Compress(Encoding.UTF8.GetBytes(Lines(20000)), name);
        var input = _scratch.Write(name, full[..(full.Length * 6 / 10)]);

        var results = ReadAll(input);

        var docs = results.TakeWhile(r => r.Document is not null).Select(r => r.Document!).ToList();
        Assert.InRange(docs.Count, 1000, 19999);
        Assert.Equal(Enumerable.Range(0, docs.Count).Select(i => $"d{i}"), docs.Select(d => d.Id));
        Assert.Equal(docs.Count + 1, results.Count);
        var bad = results[^1].Bad!;
        Assert.Contains($"{name}: truncated {codec} stream after line {docs.Count}", bad.Reason);
        Assert.Equal(name, bad.Where.File);
        Assert.Equal(docs.Count, bad.Where.Record);
    }

    [Fact]
    public void Malformed_line_is_quarantined_with_file_and_line_and_reading_goes_on()
    {
        var input = _scratch.Write("m.jsonl", "{\"text\":\"one\"}\n{\"text\": \"two\",,}\n{\"text\":\"three\"} trailing\n[1,2]\n{\"text\":\"five\"}\n");
        var results = ReadAll(input);

        Assert.Equal(5, results.Count);
        Assert.Equal("one", results[0].Document!.Text);
        Assert.StartsWith("m.jsonl line 2: malformed JSON", results[1].Bad!.Reason);
        Assert.Equal("{\"text\": \"two\",,}", results[1].Bad!.Preview);
        Assert.Equal(new Provenance("m.jsonl", 1, 15), results[1].Bad!.Where);
        Assert.StartsWith("m.jsonl line 3: malformed JSON", results[2].Bad!.Reason);
        Assert.Equal("m.jsonl line 4: record is a JSON startarray, not an object", results[3].Bad!.Reason);
        Assert.Equal("five", results[4].Document!.Text);
    }

    [Fact]
    public void Missing_or_non_string_text_is_quarantined()
    {
        var input = _scratch.Write("t.jsonl", "{\"id\":\"a\"}\n{\"text\":5}\n{\"text\":null}\n{\"text\":{\"x\":1}}\n");
        var reasons = ReadAll(input).Select(r => r.Bad!.Reason).ToList();
        Assert.Equal(
        [
            "t.jsonl line 1: missing text field 'text'",
            "t.jsonl line 2: text field 'text' is a JSON number, not a string",
            "t.jsonl line 3: text field 'text' is null",
            "t.jsonl line 4: text field 'text' is a JSON object, not a string",
        ], reasons);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_counted_not_dropped()
    {
        var bytes = new List<byte>();
        bytes.AddRange("{\"text\":\"caf"u8.ToArray());
        bytes.AddRange(new byte[] { 0xC3 }); // lead byte without its continuation
        bytes.AddRange(" ok "u8.ToArray());
        bytes.AddRange(new byte[] { 0xFF, 0xFE }); // never valid in UTF-8: two sequences
        bytes.AddRange("\",\"k\":\"v\"}\n{\"text\":\"fine\"}\n"u8.ToArray());
        var results = ReadAll(_scratch.Write("u.jsonl", bytes.ToArray()));

        var doc = results[0].Document!;
        Assert.Equal("caf\uFFFD ok \uFFFD\uFFFD", doc.Text);
        Assert.Equal(3L, doc.Metadata["invalid_utf8_sequences"]);
        Assert.Equal("v", doc.Metadata["k"]);
        Assert.False(results[1].Document!.HasMetadata);
    }

    [Fact]
    public void Lone_surrogate_escapes_are_replaced_and_counted_and_pairs_kept()
    {
        var input = _scratch.Write("s.jsonl", "{\"text\":\"cut \\ud83d here, whole \\ud83d\\ude00, stray \\udc00\\n\\\"q\\\" \\u00e9\",\"title\":\"t\\ud800\"}\n");
        var doc = Assert.Single(ReadAll(input)).Document!;
        Assert.Equal("cut \uFFFD here, whole \U0001F600, stray \uFFFD\n\"q\" \u00e9", doc.Text);
        Assert.Equal(2L, doc.Metadata["invalid_utf8_sequences"]);
        Assert.Equal("t\uFFFD", doc.Metadata["title"]);
    }

    [Theory]
    [InlineData("e.jsonl")]
    [InlineData("e.jsonl.gz")]
    [InlineData("e.jsonl.zst")]
    public void Empty_file_gives_no_documents_and_no_error(string name)
    {
        var input = name.EndsWith(".jsonl", StringComparison.Ordinal) ? _scratch.Write(name, "") : _scratch.WriteCompressed(name, "");
        Assert.Empty(ReadAll(input));
    }

    [Fact]
    public void Line_over_the_limit_is_skipped_with_a_preview_and_neighbours_survive()
    {
        var longText = new string('x', 200_000);
        var input = _scratch.Write("l.jsonl", $"{{\"text\":\"before\"}}\n{{\"text\":\"{longText}\"}}\n{{\"text\":\"after\"}}\n");
        var results = ReadAll(input, new JsonlReaderOptions { MaxRecordBytes = 4096 });

        Assert.Equal(3, results.Count);
        Assert.Equal("before", results[0].Document!.Text);
        var bad = results[1].Bad!;
        Assert.Equal("l.jsonl line 2: record of 200011 bytes exceeds max_record_bytes (4096)", bad.Reason);
        Assert.Equal(BadRecord.MaxPreviewChars, bad.Preview!.Length);
        Assert.StartsWith("{\"text\":\"xxx", bad.Preview);
        Assert.Equal(new Provenance("l.jsonl", 1, 18), bad.Where);
        Assert.Equal("after", results[2].Document!.Text);
        Assert.Equal(2, results[2].Document!.Provenance.Record);
    }

    [Fact]
    public void A_200_MB_single_line_document_streams_past_the_limit_in_bounded_memory()
    {
        var path = _scratch.PathOf("huge.jsonl");
        const int textBytes = 200 << 20;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write("{\"id\":\"huge\",\"text\":\""u8);
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 40_000)));
            for (long written = 0; written < textBytes; written += chunk.Length) file.Write(chunk);
            file.Write("\"}\n{\"id\":\"next\",\"text\":\"still here\"}\n"u8);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var results = ReadAll(_scratch.Input("huge.jsonl"), new JsonlReaderOptions { MaxRecordBytes = 64 << 20 });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, results.Count);
        Assert.Contains("huge.jsonl line 1: record of", results[0].Bad!.Reason);
        Assert.Contains("exceeds max_record_bytes (67108864)", results[0].Bad!.Reason);
        Assert.Equal("next", results[1].Document!.Id);
        // Holding the line would take its 200 MB of bytes plus a 400 MB string; the reader may only grow its
        // buffer to the record limit (64 MiB, reached by doubling).
        Assert.True(allocated < 200L << 20, $"reading allocated {allocated >> 20} MB");
    }

    [Fact]
    public void Reads_back_corpusforge_output_with_attributes_and_provenance()
    {
        var original = new Document
        {
            Id = "doc-1",
            Text = "Text with ünïcödé",
            Source = "web",
            Url = "https://example.org",
            Path = "a/b.html",
            Provenance = new Provenance("raw/part-0.warc.gz", 41, 1234),
        };
        original.Metadata["lang"] = "de";
        original.Attributes["length.words"] = 3L;
        original.Attributes["quality.score"] = 0.25;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentJson.WriterOptions)) DocumentJson.Write(writer, original);
        var input = _scratch.Write("out.jsonl", Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n");

        var doc = ReadAll(input)[0].Document!;

        Assert.Equal((original.Id, original.Text, original.Source, original.Url, original.Path), (doc.Id, doc.Text, doc.Source, doc.Url, doc.Path));
        Assert.Equal(original.Provenance, doc.Provenance);
        Assert.Equal(original.Metadata, doc.Metadata);
        Assert.Equal(original.Attributes, doc.Attributes);
    }
}
