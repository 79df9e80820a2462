using System.IO.Compression;
using System.ComponentModel;
using CorpusForge.Stages.Extraction;
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
/// The encoding is chosen by <see cref="CharsetDecoder"/>, as for pages from web archives: a byte order
/// mark, then a <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration, then detection, then windows-1252.
/// Metadata records <c>content_type</c> (<c>text/html</c>), <c>charset</c> (the encoding used) and
/// <c>charset_source</c> (<c>bom</c>, <c>meta</c>, <c>detected</c> or <c>default</c>). A page that cannot be decoded
/// is quarantined with the reason. A gzip-compressed file (a page saved as served with <c>Content-Encoding:
/// gzip</c>) is decompressed whatever its name; an empty file is quarantined as <c>empty_file</c>.
/// </remarks>
[Component("reader.html_v1", "HTML files or folders of them (.html, .htm), one raw-HTML document per file; charset from BOM, <meta> or detection")]
public sealed class HtmlReader(HtmlReaderOptions options) : FileDocumentReader(options.Extensions, options.MaxFileBytes)
{
    /// <inheritdoc />
    protected override string? Decode(byte[] bytes, Document document, out string? failure)
    {
        if (bytes.Length == 0)
        {
            failure = "empty_file: the file has no bytes";
            return null;
        }

        // Crawlers and mirrors save pages as served, so a gzip body often sits in a file named .html.
        if (bytes.Length >= 3 && bytes[0] == 0x1f && bytes[1] == 0x8b && bytes[2] == 0x08)
        {
            if (!TryGunzip(bytes, out bytes, out failure)) return null;
            document.Metadata["content_encoding"] = "gzip";
            if (bytes.Length == 0)
            {
                failure = "empty_file: the gzip data holds no bytes";
                return null;
            }
        }

        // The same charset rules as pages from web archives, minus the HTTP header a file does not have.
        var decoded = CharsetDecoder.Decode(bytes, declared: null);
        document.Metadata["content_type"] = "text/html";
        document.Metadata["charset"] = decoded.Charset;
        document.Metadata["charset_source"] = decoded.Source;
        failure = decoded.Error is null ? null : $"{decoded.Error}: {decoded.Detail}";
        return decoded.Text;
    }

    /// <summary>Inflates a gzip file's bytes, at most max_file_bytes of output (a compression bomb is refused).</summary>
    private bool TryGunzip(byte[] compressed, out byte[] bytes, out string? failure)
    {
        bytes = [];
        failure = null;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > options.MaxFileBytes)
                {
                    failure = $"gzip_too_large: the decompressed page exceeds max_file_bytes ({options.MaxFileBytes})";
                    return false;
                }
            }

            bytes = output.ToArray();
            return true;
        }
        catch (InvalidDataException e)
        {
            failure = $"gzip_corrupt: {e.Message}";
            return false;
        }
    }
}
