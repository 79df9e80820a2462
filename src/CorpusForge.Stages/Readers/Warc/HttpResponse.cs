using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>An HTTP response as stored in a WARC <c>response</c> record: status, the headers a reader needs, body.</summary>
internal sealed class HttpResponse
{
    public required int Status { get; init; }

    /// <summary>The MIME type, lower case, without parameters; null when absent.</summary>
    public string? MimeType { get; init; }

    /// <summary>The <c>charset</c> parameter of Content-Type, as written; null when absent.</summary>
    public string? Charset { get; init; }

    public string? ContentEncoding { get; init; }
    public string? TransferEncoding { get; init; }

    /// <summary>The body as stored (possibly chunked and compressed).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Parses the status line and header block; false with a message when it is not an HTTP response.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> content, out HttpResponse? response, out string error)
    {
        response = null;
        var span = content.Span;
        var headerEnd = span.IndexOf("\r\n\r\n"u8);
        var separator = 4;
        if (headerEnd < 0)
        {
            // Some crawlers store bare LF line ends.
            headerEnd = span.IndexOf("\n\n"u8);
            separator = 2;
        }

        if (headerEnd < 0)
        {
            error = "no end of the HTTP header block";
            return false;
        }

        var lines = Encoding.Latin1.GetString(span[..headerEnd]).Split('\n');
        var statusLine = lines[0].TrimEnd('\r').Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) ||
            !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            error = $"bad HTTP status line '{Truncate(lines[0].TrimEnd('\r'), 80)}'";
            return false;
        }

        string? contentType = null, contentEncoding = null, transferEncoding = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line.AsSpan(0, colon).Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType ??= value;
            else if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)) contentEncoding ??= value.ToLowerInvariant();
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) transferEncoding ??= value.ToLowerInvariant();
        }

        var (mime, charset) = ParseContentType(contentType);
        response = new HttpResponse
        {
            Status = status,
            MimeType = mime,
            Charset = charset,
            ContentEncoding = contentEncoding,
            TransferEncoding = transferEncoding,
            Body = content[(headerEnd + separator)..],
        };
        error = "";
        return true;
    }

    /// <summary>Splits <c>text/html; charset=utf-8</c> into the lower-case MIME type and the charset label.</summary>
    public static (string? Mime, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return (null, null);
        var parts = contentType.Split(';');
        var mime = parts[0].Trim().ToLowerInvariant();
        string? charset = null;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || !part.AsSpan(0, eq).Trim().Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            charset = part[(eq + 1)..].Trim().Trim('"', '\'');
            if (charset.Length == 0) charset = null;
        }

        return (mime.Length == 0 ? null : mime, charset);
    }

    /// <summary>The body with transfer and content codings undone (chunked; gzip, deflate, br), at most
    /// <paramref name="maxBytes"/> long. Crawlers that already decoded the body but kept the headers (Common Crawl
    /// renames them, others do not) are recognised by the body not looking encoded, and it is then used as is.</summary>
    public bool TryDecodeBody(long maxBytes, out ReadOnlyMemory<byte> body, out string error)
    {
        body = ReadOnlyMemory<byte>.Empty;
        error = "";
        var data = Body;
        if (TransferEncoding?.Contains("chunked", StringComparison.Ordinal) == true && TryDechunk(data.Span, out var dechunked))
            data = dechunked;

        var coding = ContentEncoding?.Split(',')[^1].Trim();
        try
        {
            switch (coding)
            {
                case "gzip" or "x-gzip" when data.Length >= 2 && data.Span[0] == 0x1f && data.Span[1] == 0x8b:
                    return Inflate(new GZipStream(AsStream(data), CompressionMode.Decompress), maxBytes, out body, out error);
                case "deflate" when data.Length >= 2 && LooksLikeZlib(data.Span):
                    return Inflate(new ZLibStream(AsStream(data), CompressionMode.Decompress), maxBytes, out body, out error);
                case "deflate" when data.Length > 0 && !LooksLikeText(data.Span):
                    return Inflate(new DeflateStream(AsStream(data), CompressionMode.Decompress), maxBytes, out body, out error);
                case "br" when data.Length > 0 && !LooksLikeText(data.Span):
                    return Inflate(new BrotliStream(AsStream(data), CompressionMode.Decompress), maxBytes, out body, out error);
            }
        }
        catch (InvalidDataException e)
        {
            error = $"cannot decode Content-Encoding {coding}: {e.Message}";
            return false;
        }
        catch (IOException e)
        {
            error = $"cannot decode Content-Encoding {coding}: {e.Message}";
            return false;
        }

        if (data.Length > maxBytes)
        {
            error = $"body of {data.Length} bytes exceeds the limit of {maxBytes}";
            return false;
        }

        body = data;
        return true;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    private static bool Inflate(Stream decoder, long maxBytes, out ReadOnlyMemory<byte> body, out string error)
    {
        using (decoder)
        {
            using var output = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = decoder.Read(chunk)) > 0)
            {
                if (output.Length + n > maxBytes)
                {
                    body = ReadOnlyMemory<byte>.Empty;
                    error = $"decoded body exceeds the limit of {maxBytes} bytes";
                    return false;
                }

                output.Write(chunk, 0, n);
            }

            body = output.GetBuffer().AsMemory(0, (int)output.Length);
            error = "";
            return true;
        }
    }

    /// <summary>Undoes <c>Transfer-Encoding: chunked</c> (RFC 9112 §7.1); false when the body is not well chunked.</summary>
    internal static bool TryDechunk(ReadOnlySpan<byte> data, out ReadOnlyMemory<byte> result)
    {
        result = ReadOnlyMemory<byte>.Empty;
        var output = new MemoryStream(data.Length);
        var i = 0;
        while (true)
        {
            var lineEnd = data[i..].IndexOf((byte)'\n');
            if (lineEnd < 0) return false;
            var line = data.Slice(i, lineEnd).TrimEnd((byte)'\r');
            var semicolon = line.IndexOf((byte)';');
            if (semicolon >= 0) line = line[..semicolon];
            line = line.Trim((byte)' ');
            if (line.IsEmpty || !long.TryParse(Encoding.ASCII.GetString(line), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
                return false;
            i += lineEnd + 1;
            if (size == 0) break;
            if (size > data.Length - i) return false;
            output.Write(data.Slice(i, (int)size));
            i += (int)size;
            if (i < data.Length && data[i] == '\r') i++;
            if (i < data.Length && data[i] == '\n') i++;
        }

        result = output.GetBuffer().AsMemory(0, (int)output.Length);
        return true;
    }

    private static bool LooksLikeZlib(ReadOnlySpan<byte> data) =>
        (data[0] & 0x0f) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;

    /// <summary>True when the first bytes are plain markup or text (the body was already decoded by the crawler).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(64, data.Length)];
        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0d && b < 0x20)) return false;
        }

        var first = head.TrimStart(" \t\r\n"u8);
        return first.Length > 0 && (first[0] == '<' || (first.Length >= 3 && first[0] == 0xef && first[1] == 0xbb && first[2] == 0xbf));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
