using System.Text;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

public sealed class CharsetDecoderTests
{
    static CharsetDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Encode(string text, string charset) => Encoding.GetEncoding(charset).GetBytes(text);

    [Fact]
    public void Bom_wins_over_everything()
    {
        var bytes = new byte[] { 0xef, 0xbb, 0xbf }.Concat(Encoding.UTF8.GetBytes("<meta charset=windows-1251>Grüße")).ToArray();
        var result = CharsetDecoder.Decode(bytes, "iso-8859-1");
        Assert.Equal("bom", result.Source);
        Assert.EndsWith("Grüße", result.Text);
    }

    [Fact]
    public void Http_header_then_meta_then_detection()
    {
        const string russian = "<html><head><meta charset=\"windows-1251\"></head><body>Строительство второй линии метро планируется завершить в 2027 году.</body></html>";
        var bytes = Encode(russian, "windows-1251");
        var fromMeta = CharsetDecoder.Decode(bytes, null);
        Assert.Equal(("windows-1251", "meta"), (fromMeta.Charset, fromMeta.Source));
        Assert.Equal(russian, fromMeta.Text);

        var fromHeader = CharsetDecoder.Decode(Encode("<p>Café</p>", "windows-1252"), "ISO-8859-1");
        Assert.Equal(("windows-1252", "http"), (fromHeader.Charset, fromHeader.Source));
        Assert.Equal("<p>Café</p>", fromHeader.Text);

        var httpEquiv = Encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>燻製づくり</p>", "shift_jis");
        Assert.EndsWith("<p>燻製づくり</p>", CharsetDecoder.Decode(httpEquiv, null).Text);
    }

    [Fact]
    public void A_declared_utf8_that_the_bytes_contradict_gives_way_to_detection()
    {
        const string text = "<p>Строительство второй линии казанского метрополитена планируется завершить в 2027 году. Об этом на пресс-конференции сообщил министр транспорта республики.</p>";
        var result = CharsetDecoder.Decode(Encode(text, "windows-1251"), "utf-8");
        Assert.Equal("detected", result.Source);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Labels_follow_the_whatwg_table()
    {
        Assert.Equal("windows-1252", CharsetDecoder.Resolve("us-ascii")!.WebName);
        Assert.Equal("windows-1252", CharsetDecoder.Resolve("latin1")!.WebName);
        Assert.Equal("GB18030", CharsetDecoder.Resolve("gb2312")!.WebName, ignoreCase: true);
        Assert.Null(CharsetDecoder.Resolve("x-klingon"));
    }

    [Fact]
    public void Undecodable_bytes_are_reported()
    {
        var random = new byte[5000];
        new Random(1).NextBytes(random);
        var result = CharsetDecoder.Decode(random, "utf-8");
        Assert.NotNull(result.Error);
        Assert.Null(result.Text);
    }
}
