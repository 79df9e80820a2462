using System.IO.Compression;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers;

public class BookReaderTests
{
    private static BookReader Reader(TextEncodingChoice encoding = TextEncodingChoice.Auto) => new(new BookReaderOptions { Encoding = encoding });

    [Fact]
    public void ReadsGutenbergBookWithHeaderMetadata()
    {
        var (docs, bad) = SourceSamples.ReadAll(Reader(), SourceSamples.Input(SourceSamples.Sample("books/the-lighthouse-keeper.txt")));
        Assert.Empty(bad);
        var book = Assert.Single(docs);
        Assert.Equal("the-lighthouse-keeper.txt", book.Id);
        Assert.Equal("The Lighthouse Keeper's Almanac", book.Metadata["title"]);
        Assert.Equal("Marten Olafsby", book.Metadata["author"]);
        Assert.Equal("English", book.Metadata["language"]);
        Assert.Equal("utf-8", book.Metadata["encoding"]);
        Assert.Contains("*** START OF THE PROJECT GUTENBERG EBOOK", book.Text);
    }

    [Fact]
    public void DetectsAndDecodesWindows1252()
    {
        var (docs, bad) = SourceSamples.ReadAll(Reader(), SourceSamples.Input(SourceSamples.Sample("books/a-winter-letter-cp1252.txt")));
        Assert.Empty(bad);
        var book = Assert.Single(docs);
        Assert.Equal("windows-1252", book.Metadata["encoding"]);
        Assert.Contains("The caf\u00e9 by the harbour", book.Text);
        Assert.Contains("\u201cuntil the ice goes,\u201d", book.Text);
        Assert.Contains("owner\u2019s cat", book.Text);
        Assert.Contains("J\u00f6rg", book.Text);
        Assert.Equal("a winter letter cp1252", book.Metadata["title"]);
    }

    [Fact]
    public void StrictUtf8QuarantinesA1252BookWithTheByteOffset()
    {
        var path = SourceSamples.Sample("books/a-winter-letter-cp1252.txt");
        var (docs, bad) = SourceSamples.ReadAll(Reader(TextEncodingChoice.Utf8), SourceSamples.Input(path));
        Assert.Empty(docs);
        var record = Assert.Single(bad);
        var firstHighByte = Array.FindIndex(File.ReadAllBytes(path), b => b >= 0x80);
        Assert.Contains($"invalid UTF-8 at byte {firstHighByte}", record.Reason);
        Assert.Equal("a-winter-letter-cp1252.txt", record.Where.File);
    }

    [Fact]
    public void ReadsGzipAndUtf8BomAndCrLf()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "book.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([0xEF, 0xBB, 0xBF, .. "Line one\r\nLine two \u00e9\r\n"u8]);
        var (docs, _) = SourceSamples.ReadAll(Reader(), SourceSamples.Input(path));
        var book = Assert.Single(docs);
        Assert.Equal("Line one\nLine two \u00e9\n", book.Text);
        Assert.Equal("book", book.Metadata["title"]);
    }

    [Fact]
    public void OversizedBookIsQuarantined()
    {
        using var temp = new TempFolder();
        var path = temp.Write("big.txt", new string('a', 5000));
        var reader = new BookReader(new BookReaderOptions { MaxBytes = 1000 });
        var (docs, bad) = SourceSamples.ReadAll(reader, SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.Contains("max_bytes", Assert.Single(bad).Reason);
    }
}
