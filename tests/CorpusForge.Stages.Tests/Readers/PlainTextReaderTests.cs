using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class TextReaderTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static List<ReadResult> ReadAll(InputFile input, PlainTextReaderOptions? options = null) =>
        new PlainTextReader(options ?? new PlainTextReaderOptions()).Read(input, CancellationToken.None).ToList();

    [Fact]
    public void A_folder_gives_one_document_per_matching_file_in_ordinal_order_with_ids_from_relative_paths()
    {
        _scratch.Write("docs/b.txt", "bee");
        _scratch.Write("docs/a/z.md", "# zed");
        _scratch.Write("docs/a/Y.TXT", "why");
        _scratch.Write("docs/skip.html", "<p>not text</p>");
        _scratch.Write("docs/B.txt", "upper bee");

        var docs = ReadAll(_scratch.Input("docs")).Select(r => r.Document!).ToList();

        Assert.Equal(["docs/B.txt", "docs/a/Y.TXT", "docs/a/z.md", "docs/b.txt"], docs.Select(d => d.Id));
        Assert.Equal(["upper bee", "why", "# zed", "bee"], docs.Select(d => d.Text));
        Assert.Equal("a/z.md", docs[2].Path);
        Assert.Equal(new Provenance("docs/a/z.md", 0, 0), docs[2].Provenance);
        Assert.All(docs, d => Assert.Equal("test", d.Source));
    }

    [Fact]
    public void A_file_is_one_document_with_bom_stripped()
    {
        var input = _scratch.Write("notes.log", [0xEF, 0xBB, 0xBF, .. "line one\nline two"u8]);
        var doc = Assert.Single(ReadAll(input)).Document!;
        Assert.Equal(("notes.log", "line one\nline two"), (doc.Id, doc.Text));
        Assert.False(doc.HasMetadata);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_counted()
    {
        var input = _scratch.Write("bad.txt", [.. "ok "u8, 0xC0, 0xAF, .. " end"u8]);
        var doc = Assert.Single(ReadAll(input)).Document!;
        Assert.Equal("ok \uFFFD\uFFFD end", doc.Text);
        Assert.Equal(2L, doc.Metadata["invalid_utf8_sequences"]);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_quarantined_and_the_rest_read()
    {
        _scratch.Write("d/big.txt", new string('a', 5000));
        _scratch.Write("d/small.txt", "small");
        var results = ReadAll(_scratch.Input("d"), new PlainTextReaderOptions { MaxFileBytes = 4096 });
        Assert.Equal("d/big.txt: file of 5000 bytes exceeds max_file_bytes (4096)", results[0].Bad!.Reason);
        Assert.Equal("small", results[1].Document!.Text);
    }

    [Fact]
    public void An_empty_file_is_an_empty_document_and_a_missing_input_fails_the_shard()
    {
        Assert.Equal("", Assert.Single(ReadAll(_scratch.Write("empty.txt", ""))).Document!.Text);
        Assert.Throws<FileNotFoundException>(() => ReadAll(_scratch.Input("missing.txt")));
    }
}
