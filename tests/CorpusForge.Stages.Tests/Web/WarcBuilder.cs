using System.IO.Compression;
using System.Text;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>Writes WARC 1.1 records for tests and for the sample file: plain, one gzip member per record (the Common
/// Crawl layout) or one gzip stream for the whole file.</summary>
public sealed class WarcBuilder
{
    private readonly List<byte[]> _records = [];

    /// <summary>Uncompressed records added so far.</summary>
    public IReadOnlyList<byte[]> Records => _records;

    /// <summary>Adds a record with the given type, headers and content; Content-Length is computed unless given.</summary>
    public WarcBuilder Add(string type, string id, string? uri, string date, byte[] content,
        IEnumerable<(string Name, string Value)>? extra = null, long? contentLength = null, string? contentType = null)
    {
        var header = new StringBuilder();
        header.Append("WARC/1.1\r\n");
        header.Append("WARC-Type: ").Append(type).Append("\r\n");
        header.Append("WARC-Record-ID: <urn:uuid:").Append(id).Append(">\r\n");
        header.Append("WARC-Date: ").Append(date).Append("\r\n");
        if (uri is not null) header.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        if (contentType is not null) header.Append("Content-Type: ").Append(contentType).Append("\r\n");
        foreach (var (name, value) in extra ?? []) header.Append(name).Append(": ").Append(value).Append("\r\n");
        header.Append("Content-Length: ").Append(contentLength ?? content.Length).Append("\r\n\r\n");
        _records.Add([.. Encoding.UTF8.GetBytes(header.ToString()), .. content, .. "\r\n\r\n"u8]);
        return this;
    }

    /// <summary>Adds an HTTP response record around <paramref name="body"/>.</summary>
    public WarcBuilder Response(string id, string uri, string date, string httpHeaders, byte[] body, long? contentLength = null)
    {
        var http = Encoding.ASCII.GetBytes(httpHeaders.Replace("\n", "\r\n").TrimEnd('\r', '\n') + "\r\n\r\n");
        return Add("response", id, uri, date, [.. http, .. body], contentLength: contentLength,
            contentType: "application/http; msgtype=response");
    }

    /// <summary>Adds raw bytes (garbage, or a hand-broken record) as its own unit.</summary>
    public WarcBuilder Raw(byte[] bytes)
    {
        _records.Add(bytes);
        return this;
    }

    /// <summary>The records concatenated, uncompressed.</summary>
    public byte[] Plain() => _records.SelectMany(r => r).ToArray();

    /// <summary>Each record as its own gzip member.</summary>
    public byte[] GzipPerRecord(Func<int, byte[], byte[]>? transform = null)
    {
        using var output = new MemoryStream();
        for (var i = 0; i < _records.Count; i++)
        {
            var member = Gzip(_records[i]);
            output.Write(transform is null ? member : transform(i, member));
        }

        return output.ToArray();
    }

    /// <summary>The whole file as one gzip stream.</summary>
    public byte[] GzipWhole() => Gzip(Plain());

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }
}
