using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Extraction;

/// <summary>The text of a page and how its encoding was chosen, or why it could not be decoded.</summary>
/// <param name="Text">Decoded text; null when <see cref="Error"/> is set.</param>
/// <param name="Charset">Web name of the encoding used (e.g. <c>utf-8</c>, <c>windows-1251</c>).</param>
/// <param name="Source">Where the encoding came from: <c>bom</c>, <c>http</c>, <c>meta</c>, <c>detected</c> or <c>default</c>.</param>
/// <param name="Error">Reason key when the page cannot be decoded (<c>charset_unknown</c>, <c>charset_undecodable</c>).</param>
/// <param name="Detail">Human-readable detail of the choice or the failure.</param>
public readonly record struct DecodedText(string? Text, string Charset, string Source, string? Error = null, string? Detail = null);

/// <summary>Chooses a page's character encoding and decodes it: byte-order mark, then the HTTP header's charset,
/// then a <c>&lt;meta&gt;</c> declaration, then statistical detection (UTF.Unknown), then windows-1252.</summary>
/// <remarks>
/// The order follows the WHATWG HTML encoding-sniffing algorithm, with three departures that real crawls need: a
/// declared UTF-8 that the bytes contradict gives way to detection; a declared legacy encoding gives way to UTF-8
/// when the bytes hold non-ASCII and are valid UTF-8 (servers that label every page ISO-8859-1, pages re-saved as
/// UTF-8 under their old meta tag: legacy-encoded prose almost never forms valid multi-byte UTF-8 sequences, see
/// M. Dürst, "The Properties and Promises of UTF-8", 11th International Unicode Conference, 1997); and labels map to
/// encodings the way the WHATWG Encoding Standard says browsers do (<c>iso-8859-1</c> and <c>us-ascii</c> mean
/// windows-1252, <c>gb2312</c> means GB18030, and so on), because pages are written against browsers, not against
/// the IANA registry.
/// </remarks>
public static partial class CharsetDecoder
{
    /// <summary>Bytes of the page that the meta prescan reads (the HTML standard says 1024; real pages put long
    /// scripts first, so more is read).</summary>
    public const int PrescanBytes = 4096;

    private const int DetectionBytes = 1 << 16;
    private static readonly ConcurrentDictionary<string, Encoding?> Encodings = new(StringComparer.OrdinalIgnoreCase);

    static CharsetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="declared"/> is the HTTP header's charset, if any;
    /// <paramref name="isHtml"/> enables the meta prescan.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string? declared, bool isHtml = true)
    {
        if (TryBom(bytes, out var bomEncoding, out var bomLength))
            return Finish(bytes[bomLength..], bomEncoding, "bom", null);

        string? unknownLabel = null;
        if (declared is not null)
        {
            var encoding = Resolve(declared);
            if (encoding is not null && ContradictedByUtf8(bytes, encoding) && Finish(bytes, Encoding.UTF8, "detected", null) is { Error: null } utf8) return utf8;
            if (encoding is not null && Accept(Finish(bytes, encoding, "http", null), encoding) is { } result) return result;
            if (encoding is null) unknownLabel = declared;
        }

        if (isHtml && PrescanMeta(bytes) is { } metaLabel)
        {
            var encoding = Resolve(metaLabel);
            // A page that is UTF-16 on the wire has a BOM; a meta tag saying UTF-16 in ASCII-compatible bytes is wrong.
            if (encoding is UnicodeEncoding) encoding = Encoding.UTF8;
            if (encoding is not null && ContradictedByUtf8(bytes, encoding) && Finish(bytes, Encoding.UTF8, "detected", null) is { Error: null } utf8) return utf8;
            if (encoding is not null && Accept(Finish(bytes, encoding, "meta", null), encoding) is { } result) return result;
            if (encoding is null) unknownLabel ??= metaLabel;
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Finish(bytes, Encoding.UTF8, "detected", unknownLabel);
        if (MostlyUtf8(bytes) && Finish(bytes, Encoding.UTF8, "detected", unknownLabel) is { Error: null } asUtf8) return asUtf8;

        var sample = bytes[..Math.Min(bytes.Length, DetectionBytes)].ToArray();
        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(sample).Detected;
        if (detected is { Confidence: >= 0.3f } && Resolve(detected.EncodingName) is { } detectedEncoding)
        {
            var result = Finish(bytes, detectedEncoding, "detected", unknownLabel);
            if (result.Error is null || unknownLabel is null) return result;
        }

        if (unknownLabel is not null)
        {
            return new DecodedText(null, unknownLabel, "http", "charset_unknown",
                $"unknown charset label '{unknownLabel}' and no confident detection");
        }

        return Finish(bytes, Resolve("windows-1252")!, "default", null);
    }

    /// <summary>The encoding a label names, by the WHATWG Encoding Standard's label table for the common labels
    /// and by .NET's registry for the rest; null for an unknown label.</summary>
    public static Encoding? Resolve(string label) => Encodings.GetOrAdd(label.Trim().Trim('"', '\''), static l =>
    {
        var name = l.ToLowerInvariant() switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            "latin1" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "l1" or "ascii" or "us-ascii" or "ansi_x3.4-1968"
                or "cp1252" or "x-cp1252" or "cp819" or "ibm819" or "iso-ir-100" or "windows-1252" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "chinese" or "csgb2312" or "iso-ir-58" or "gb_2312-80" or "cp936" or "gb18030" => "gb18030",
            "shift_jis" or "shift-jis" or "sjis" or "x-sjis" or "ms_kanji" or "ms932" or "windows-31j" or "csshiftjis" => "shift_jis",
            "euc-kr" or "ks_c_5601-1987" or "windows-949" or "cseuckr" or "korean" => "ks_c_5601-1987",
            "iso-8859-9" or "latin5" or "l5" => "windows-1254",
            "tis-620" or "iso-8859-11" or "windows-874" => "windows-874",
            "x-mac-cyrillic" or "x-mac-ukrainian" => "x-mac-cyrillic",
            _ => l,
        };
        // Encoding.UTF8 already replaces invalid bytes with U+FFFD, and keeps the runtime's fast path.
        if (name == "utf-8") return Encoding.UTF8;
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    /// <summary>The charset named by the first <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> Content-Type in the
    /// first <see cref="PrescanBytes"/> bytes.</summary>
    public static string? PrescanMeta(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        foreach (Match meta in MetaTag().Matches(head))
        {
            var charset = MetaCharset().Match(meta.Value);
            if (charset.Success) return charset.Groups[1].Value;
        }

        return null;
    }

    private static DecodedText Finish(ReadOnlySpan<byte> bytes, Encoding encoding, string source, string? unknownLabel)
    {
        var text = encoding.GetString(bytes);
        var bad = CountUndecodable(bytes, text, encoding);
        var detail = unknownLabel is null ? null : $"declared charset '{unknownLabel}' is unknown";
        // A few stray bytes are normal in crawled pages; many mean the text is not in this encoding at all.
        if (bad > 16 && bad > text.Length / 100)
        {
            return new DecodedText(null, encoding.WebName, source, "charset_undecodable",
                $"{bad} of {text.Length} characters are undecodable or binary as {encoding.WebName}");
        }

        return new DecodedText(text, encoding.WebName, source, null, detail);
    }

    /// <summary>Replacement characters and control characters other than whitespace in <paramref name="text"/>, the
    /// marks of undecodable or binary bytes. For UTF-8 they are counted on <paramref name="bytes"/> where that is
    /// exact and cheaper (half the memory to scan): a control character is a byte below 0x20 that no invalid sequence
    /// can swallow (the decoder replaces only maximal ill-formed subparts, which never contain an ASCII byte), and
    /// text decoded from ASCII bytes holds no replacement character.</summary>
    internal static int CountUndecodable(ReadOnlySpan<byte> bytes, string text, Encoding encoding)
    {
        if (encoding is UTF8Encoding)
        {
            var controls = CountAny(bytes, ControlBytes);
            return bytes.ContainsAnyInRange((byte)0x80, (byte)0xff) ? controls + text.AsSpan().Count('\uFFFD') : controls;
        }

        return text.AsSpan().Count('\uFFFD') + CountAny(text.AsSpan(), Controls);
    }

    private static int CountAny<T>(ReadOnlySpan<T> span, System.Buffers.SearchValues<T> values)
        where T : IEquatable<T>
    {
        var count = 0;
        for (var at = span.IndexOfAny(values); at >= 0; at = span.IndexOfAny(values))
        {
            count++;
            span = span[(at + 1)..];
        }

        return count;
    }

    // Control characters other than whitespace: with replacement characters, the marks of undecodable or binary bytes.
    private const string ControlChars =
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f";

    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(ControlChars);
    private static readonly System.Buffers.SearchValues<byte> ControlBytes = System.Buffers.SearchValues.Create(ControlChars.Select(c => (byte)c).ToArray());

    /// <summary>A declared encoding's result, unless the declaration was UTF-8 and the bytes contradict it (then
    /// detection decides).</summary>
    /// <summary>True when a declared legacy encoding must give way to UTF-8: the bytes hold non-ASCII and are valid
    /// UTF-8. Pure ASCII keeps its label (ISO-2022-JP and other 7-bit encodings are ASCII bytes).</summary>
    private static bool ContradictedByUtf8(ReadOnlySpan<byte> bytes, Encoding declared) =>
        declared is not UTF8Encoding && !System.Text.Ascii.IsValid(bytes) && MostlyUtf8(bytes);

    /// <summary>True when <paramref name="bytes"/> are UTF-8: valid, or with at most one ill-formed sequence per ten
    /// well-formed multi-byte ones (a UTF-8 page with a few stray Latin-1 bytes from a template or a truncated
    /// snippet; those become U+FFFD). Legacy-encoded text fails by far: an accented Latin-1 or Cyrillic letter is
    /// one byte followed by ASCII or by another letter byte, and GBK, Shift_JIS and EUC-KR pairs form a valid
    /// sequence only now and then.</summary>
    internal static bool MostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return true;
        int wellFormed = 0, illFormed = 0;
        var rest = bytes;
        while (true)
        {
            var next = rest.IndexOfAnyInRange((byte)0x80, (byte)0xff);
            if (next < 0) break;
            rest = rest[next..];
            if (System.Text.Rune.DecodeFromUtf8(rest, out _, out var consumed) == System.Buffers.OperationStatus.Done) wellFormed++;
            else if (++illFormed > 64 && illFormed > wellFormed) return false; // legacy text: give up early
            rest = rest[Math.Max(1, consumed)..];
        }

        return wellFormed >= 10 && illFormed * 10 <= wellFormed;
    }

    private static DecodedText? Accept(DecodedText result, Encoding encoding) =>
        result.Error is not null && encoding is UTF8Encoding ? null : result;

    private static bool TryBom(ReadOnlySpan<byte> bytes, out Encoding encoding, out int length)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xef, 0xbb, 0xbf])) (encoding, length) = (Encoding.UTF8, 3);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xff, 0xfe])) (encoding, length) = (Encoding.Unicode, 2);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xfe, 0xff])) (encoding, length) = (Encoding.BigEndianUnicode, 2);
        else (encoding, length) = (Encoding.UTF8, 0);
        return length > 0;
    }

    [GeneratedRegex(@"<meta\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
