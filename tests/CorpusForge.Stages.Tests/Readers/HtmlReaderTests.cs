using System.Text;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class HtmlReaderTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static List<ReadResult> ReadAll(InputFile input) =>
        new HtmlReader(new HtmlReaderOptions()).Read(input, CancellationToken.None).ToList();

    [Fact]
    public void Reads_html_files_of_a_folder_as_raw_html_with_content_type()
    {
        _scratch.Write("site/index.html", "<html><body><p>Hello</p></body></html>");
        _scratch.Write("site/old/page.HTM", "<p>Old</p>");
        _scratch.Write("site/readme.txt", "not html");

        var docs = ReadAll(_scratch.Input("site")).Select(r => r.Document!).ToList();

        Assert.Equal(["site/index.html", "site/old/page.HTM"], docs.Select(d => d.Id));
        Assert.Equal("<html><body><p>Hello</p></body></html>", docs[0].Text);
        Assert.Equal("text/html", docs[0].Metadata["content_type"]);
        Assert.Equal("utf-8", docs[0].Metadata["charset"]);
        Assert.Equal("detected", docs[0].Metadata["charset_source"]);
    }

    [Fact]
    public void Meta_charset_decides_the_encoding()
    {
        var html = "<html><head><meta charset=\"iso-8859-1\"><title>Caf\u00e9</title></head><body>na\u00efve</body></html>";
        var doc = ReadAll(_scratch.Write("latin.html", Encoding.Latin1.GetBytes(html)))[0].Document!;
        Assert.Equal(html, doc.Text);
        Assert.Equal("windows-1252", doc.Metadata["charset"]);
        Assert.Equal("meta", doc.Metadata["charset_source"]);
    }

    [Fact]
    public void Http_equiv_content_type_declares_the_charset_too()
    {
        var html = "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"></HEAD><BODY>\u041f\u0440\u0438\u0432\u0435\u0442</BODY></HTML>";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var doc = ReadAll(_scratch.Write("ru.html", Encoding.GetEncoding(1251).GetBytes(html)))[0].Document!;
        Assert.Equal(html, doc.Text);
        Assert.Equal("windows-1251", doc.Metadata["charset"]);
    }

    [Fact]
    public void A_byte_order_mark_wins_over_meta()
    {
        var html = "<meta charset=\"windows-1252\"><p>\u00fcber \u4e2d\u6587</p>";
        var doc = ReadAll(_scratch.Write("bom.html", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(html)]))[0].Document!;
        Assert.Equal(html, doc.Text);
        Assert.Equal("bom", doc.Metadata["charset_source"]);
    }

    [Fact]
    public void An_unknown_charset_label_gives_way_to_detection()
    {
        var doc = ReadAll(_scratch.Write("x.html", [.. "<meta charset=x-nonsense><p>a"u8, 0xFF, .. "b</p>"u8]))[0].Document!;
        Assert.Equal("<meta charset=x-nonsense><p>a\u00FFb</p>", doc.Text);
        Assert.Equal("detected", doc.Metadata["charset_source"]);
        Assert.Equal("windows-1252", doc.Metadata["charset"]);
    }

    [Fact]
    public void A_gzip_compressed_page_named_html_is_decompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes("<html><body><p>Zipped page</p></body></html>"));
        _scratch.Write("saved.html", buffer.ToArray());

        var doc = Assert.Single(ReadAll(_scratch.Input("saved.html"))).Document!;

        Assert.Equal("<html><body><p>Zipped page</p></body></html>", doc.Text);
        Assert.Equal("gzip", doc.Metadata["content_encoding"]);
    }

    [Fact]
    public void An_empty_file_has_its_own_reason()
    {
        _scratch.Write("empty.html", []);
        var bad = Assert.Single(ReadAll(_scratch.Input("empty.html"))).Bad!;
        Assert.Contains("empty_file", bad.Reason);
    }
}
