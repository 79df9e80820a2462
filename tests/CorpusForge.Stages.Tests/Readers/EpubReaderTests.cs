using System.IO.Compression;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers;

public class EpubReaderTests
{
    private const string Container = """
        <?xml version="1.0"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
          <rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles>
        </container>
        """;

    private static string Opf(params string[] spine) => $"""
        <?xml version="1.0"?>
        <package xmlns="http://www.idpf.org/2007/opf" version="2.0">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Built Book</dc:title><dc:creator>A. Tester</dc:creator><dc:language>fr</dc:language></metadata>
          <manifest>
            <item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>
            <item id="b" href="sub/b.xhtml" media-type="application/xhtml+xml"/>
          </manifest>
          <spine>{string.Concat(spine.Select(s => $"<itemref idref=\"{s}\"/>"))}</spine>
        </package>
        """;

    private static string Chapter(string heading, string paragraph) =>
        $"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>{heading}</h1><p>{paragraph}</p></body></html>";

    private static string BuildEpub(TempFolder temp, string name, IEnumerable<(string Path, string Content)> entries)
    {
        var path = Path.Combine(temp.Path, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryPath, content) in entries)
        {
            using var writer = new StreamWriter(zip.CreateEntry(entryPath).Open());
            writer.Write(content);
        }

        return path;
    }

    [Fact]
    public void ReadsSampleInSpineOrderWithMetadataAndHeadings()
    {
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(SourceSamples.Sample("books/notes-from-the-tide-line.epub")));
        Assert.Empty(bad);
        var book = Assert.Single(docs);
        Assert.Equal("Notes from the Tide Line", book.Metadata["title"]);
        Assert.Equal("Ilse Varga", book.Metadata["author"]);
        Assert.Equal("en", book.Metadata["language"]);
        Assert.Equal(new[] { "Chapter One: Low Water", "Chapter Two: The Returning Tide" }, (string[])book.Metadata["chapter_titles"]!);
        Assert.Equal(
            "Chapter One: Low Water\n\n" +
            "At low water the bay empties like a bowl tipped on its side, and the mud flats shine all the way to the island.\n\n" +
            "The oyster catchers arrive first, then the curlews, then the children with their buckets.\n\n" +
            "Tide out, tide in,\nwhere the herons have been.\n\n" +
            "Chapter Two: The Returning Tide\n\n" +
            "The tide comes back faster than anyone expects. By noon the flats are gone and the island is an island again.\n\n" +
            "Only the posts of the old jetty show where the path used to be.",
            book.Text);
        Assert.DoesNotContain("never run", book.Text);
        Assert.DoesNotContain("COVER IMAGE", book.Text);
    }

    [Fact]
    public void CorruptZipIsOneBadRecord()
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("broken.epub", [.. "PK\u0003\u0004 not really a zip file"u8, .. new byte[200]]);
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.Contains("corrupt EPUB", Assert.Single(bad).Reason);
    }

    [Fact]
    public void TruncatedZipIsOneBadRecord()
    {
        using var temp = new TempFolder();
        var sample = File.ReadAllBytes(SourceSamples.Sample("books/notes-from-the-tide-line.epub"));
        var path = temp.WriteBytes("truncated.epub", sample[..(sample.Length / 2)]);
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.Single(bad);
    }

    [Fact]
    public void SpineItemWithMissingFileIsQuarantinedAndTheRestIsRead()
    {
        using var temp = new TempFolder();
        var path = BuildEpub(temp, "missing.epub", [
            ("META-INF/container.xml", Container),
            ("OPS/book.opf", Opf("a", "b", "ghost")),
            ("OPS/a.xhtml", Chapter("One", "First chapter text.")),
        ]);
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(path));
        Assert.Equal(2, bad.Count);
        Assert.Contains("spine item 2 points to a missing file 'OPS/sub/b.xhtml'", bad[0].Reason);
        Assert.Equal(1, bad[0].Where.Record);
        Assert.Contains("manifest id 'ghost'", bad[1].Reason);
        var book = Assert.Single(docs);
        Assert.Equal("One\n\nFirst chapter text.", book.Text);
        Assert.Equal(2L, book.Metadata["missing_chapters"]);
        Assert.Equal("fr", book.Metadata["language"]);
    }

    [Fact]
    public void MissingContainerIsOneBadRecord()
    {
        using var temp = new TempFolder();
        var path = BuildEpub(temp, "nocontainer.epub", [("OPS/a.xhtml", Chapter("One", "Text."))]);
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.Equal("invalid EPUB: META-INF/container.xml is missing", Assert.Single(bad).Reason);
    }

    [Fact]
    public void MalformedPackageXmlIsOneBadRecord()
    {
        using var temp = new TempFolder();
        var path = BuildEpub(temp, "badopf.epub", [("META-INF/container.xml", Container), ("OPS/book.opf", "<package><spine>")]);
        var (docs, bad) = SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.StartsWith("invalid EPUB: malformed XML", Assert.Single(bad).Reason);
    }

    private static string BuildEpubBytes(TempFolder temp, string name, IEnumerable<(string Path, byte[] Content)> entries)
    {
        var path = Path.Combine(temp.Path, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryPath, content) in entries)
        {
            using var stream = zip.CreateEntry(entryPath).Open();
            stream.Write(content);
        }

        return path;
    }

    private static (List<CorpusForge.Core.Documents.Document> Docs, List<CorpusForge.Core.Stages.BadRecord> Bad) ReadChapter(string chapter, string? encryption = null)
    {
        using var temp = new TempFolder();
        var entries = new List<(string, byte[])>
        {
            ("META-INF/container.xml", System.Text.Encoding.UTF8.GetBytes(Container)),
            ("OPS/book.opf", System.Text.Encoding.UTF8.GetBytes(Opf("a"))),
            ("OPS/a.xhtml", chapter.StartsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"", StringComparison.Ordinal)
                ? System.Text.Encoding.Latin1.GetBytes(chapter) : System.Text.Encoding.UTF8.GetBytes(chapter)),
        };
        if (encryption is not null) entries.Add(("META-INF/encryption.xml", System.Text.Encoding.UTF8.GetBytes(encryption)));
        return SourceSamples.ReadAll(new EpubReader(new EpubReaderOptions()), SourceSamples.Input(BuildEpubBytes(temp, "b.epub", entries)));
    }

    private static string Encryption(string algorithm) => $"""
        <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
          <enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>
            <enc:CipherData><enc:CipherReference URI="OPS/fonts/face.otf"/></enc:CipherData></enc:EncryptedData>
        </encryption>
        """;

    [Theory]
    [InlineData("http://www.idpf.org/2008/embedding")]
    [InlineData("http://ns.adobe.com/pdf/enc#RC")]
    public void FontObfuscationIsNotDrm(string algorithm)
    {
        var (docs, bad) = ReadChapter(Chapter("One", "The text is readable."), Encryption(algorithm));
        Assert.Empty(bad);
        Assert.Equal("One\n\nThe text is readable.", Assert.Single(docs).Text);
    }

    [Fact]
    public void ContentEncryptionIsDrm()
    {
        var (docs, bad) = ReadChapter(Chapter("One", "Scrambled."), Encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc"));
        Assert.Empty(docs);
        Assert.Contains("encrypted (DRM)", Assert.Single(bad).Reason);
    }

    [Fact]
    public void InternalSubsetEntitiesAreResolvedAndNeverLeak()
    {
        var (docs, bad) = ReadChapter("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html [
              <!ENTITY D "&#x2014;">
              <!ENTITY O "&#x2019;">
              <!ENTITY both "&D;&O;">
              <!ENTITY xxe SYSTEM "file:///etc/passwd">
            ]>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>Head title</title></head>
            <body><p>Wait&D;it&O;s here&xxe;, then&both;done &amp; dusted.</p></body></html>
            """);
        Assert.Empty(bad);
        var text = Assert.Single(docs).Text;
        Assert.Equal("Wait\u2014it\u2019s here, then\u2014\u2019done & dusted.", text);
    }

    [Fact]
    public void EntityBombIsAQuarantinedChapterNotAnOutOfMemory()
    {
        var levels = string.Concat(Enumerable.Range(1, 7).Select(i => $"<!ENTITY e{i} \"{string.Concat(Enumerable.Repeat($"&e{i - 1};", 20))}\">"));
        var (docs, bad) = ReadChapter($"<!DOCTYPE html [<!ENTITY e0 \"laugh\">{levels}]><html><body><p>&e7;</p></body></html>");
        Assert.Empty(docs);
        Assert.Contains(bad, b => b.Reason.Contains("entity expansion", StringComparison.Ordinal));
    }

    [Fact]
    public void XmlDeclaredIso88591ChapterIsDecodedAsDeclared()
    {
        var (docs, _) = ReadChapter("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>café à Liège</p></body></html>");
        Assert.Equal("café à Liège", Assert.Single(docs).Text);
    }

    [Fact]
    public void SvgTextIsKeptAndHiddenElementsAreDropped()
    {
        var (docs, _) = ReadChapter("""
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <nav epub:type="landmarks" hidden=""><ol><li>Start of content</li></ol></nav>
            <div style="display: none">Only with scripting.</div>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 800"><title>page image</title>
              <text x="10" y="20">It was the first line</text><text x="10" y="40">and <tspan>the second</tspan> one.</text></svg>
            </body></html>
            """);
        Assert.Equal("It was the first line\n\nand the second one.", Assert.Single(docs).Text);
    }
}
