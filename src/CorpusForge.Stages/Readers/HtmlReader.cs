using System.ComponentModel;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="HtmlReader"/>.</summary>
public sealed class HtmlReaderOptions : IValidatableOptions
{
    /// <summary>File name endings read from a folder.</summary>
    [Description("File name endings read when the input is a folder (case-insensitive); a file named directly is always read.")]
    public List<string> Extensions { get; set; } = [".html", ".htm"];

    /// <summary>Largest file read.</summary>
    [Description("Largest file read, in bytes; a larger file is quarantined, not loaded.")]
    public long MaxFileBytes { get; set; } = 64L << 20;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (Extensions.Count == 0) yield return "extensions must name at least one file ending";
        if (MaxFileBytes <= 0) yield return $"max_file_bytes must be positive (got {MaxFileBytes})";
    }
}

/// <summary>HTML files, one raw-HTML document per file, for the extraction stage to turn into text.</summary>
/// <remarks>
/// The encoding is found as browsers do, in a reduced form of the WHATWG HTML "encoding sniffing" steps: a byte
/// order mark first, then a <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv content="…; charset=…"&gt;</c> in
/// the first 1024 bytes, else UTF-8. Metadata records <c>content_type</c> (<c>text/html</c>), <c>charset</c> (the
/// encoding used) and <c>charset_source</c> (<c>bom</c>, <c>meta</c> or <c>default</c>).
/// </remarks>
[Component("reader.html_v1", "HTML files or folders of them (.html, .htm), one raw-HTML document per file; charset from BOM or <meta>")]
public sealed class HtmlReader(HtmlReaderOptions options) : FileDocumentReader(options.Extensions, options.MaxFileBytes)
{
    /// <summary>How far into the file a charset declaration is looked for (the WHATWG prescan limit).</summary>
    private const int PrescanBytes = 1024;

    static HtmlReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <inheritdoc />
    protected override string Decode(byte[] bytes, Document document)
    {
        document.Metadata["content_type"] = "text/html";
        var (encoding, source, skip) = Sniff(bytes);
        document.Metadata["charset"] = encoding.WebName;
        document.Metadata["charset_source"] = source;
        var body = bytes.AsSpan(skip);
        if (encoding is UTF8Encoding)
        {
            var text = Utf8Text.Decode(body, out var invalid);
            if (invalid > 0) document.Metadata[Utf8Text.InvalidSequencesKey] = (long)invalid;
            return text;
        }

        return encoding.GetString(body);
    }

    /// <summary>The encoding of an HTML file, where it was found, and the length of its byte order mark.</summary>
    internal static (Encoding Encoding, string Source, int Skip) Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Encoding.UTF8, "bom", 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Encoding.Unicode, "bom", 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Encoding.BigEndianUnicode, "bom", 2);
        var label = DeclaredCharset(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        if (label is not null && FromLabel(label) is { } declared) return (declared, "meta", 0);
        return (Encoding.UTF8, "default", 0);
    }

    /// <summary>The charset named by the first <c>&lt;meta&gt;</c> tag that names one, or null.</summary>
    internal static string? DeclaredCharset(ReadOnlySpan<byte> head)
    {
        // Declarations are ASCII; Latin-1 keeps every byte as one char, so indices stay byte offsets.
        var text = Encoding.Latin1.GetString(head);
        var at = 0;
        while ((at = text.IndexOf("<meta", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var close = text.IndexOf('>', at);
            var tag = close < 0 ? text[at..] : text[at..close];
            at += 5;
            var charset = tag.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
            if (charset < 0) continue;
            var i = charset + 7;
            while (i < tag.Length && tag[i] is ' ' or '\t' or '\n' or '\r' or '\f') i++;
            if (i >= tag.Length || tag[i] != '=') continue;
            i++;
            while (i < tag.Length && tag[i] is ' ' or '\t' or '\n' or '\r' or '\f' or '"' or '\'') i++;
            var start = i;
            while (i < tag.Length && (char.IsAsciiLetterOrDigit(tag[i]) || tag[i] is '-' or '_' or '.' or ':')) i++;
            if (i > start) return tag[start..i];
        }

        return null;
    }

    /// <summary>An encoding for a charset label, with the WHATWG Encoding Standard's aliases that matter most: the
    /// Latin-1 and ASCII labels mean windows-1252, and a UTF-16 label inside an ASCII-readable meta tag means UTF-8.</summary>
    private static Encoding? FromLabel(string label)
    {
        var name = label.ToLowerInvariant() switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" or "utf-16" or "utf-16le" or "utf-16be" => "utf-8",
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "cp1252" or "windows-1252" => "windows-1252",
            var other => other,
        };
        if (name == "utf-8") return Encoding.UTF8;
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
