using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Web;

namespace CorpusForge.Stages.Tests.Readers;

/// <summary>The WARC reader never hangs and never succeeds silently: overflowing and damaged lengths, other archive
/// formats and compressions, lenient framing, and <c>mime_types: ["*"]</c>.</summary>
public sealed class WarcRobustnessTests : IDisposable
{
    private const string Date = "2024-03-14T06:30:00Z";
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-warc-robust").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Html(string body) => Encoding.UTF8.GetBytes($"<html><head><title>t</title></head><body><p>{body}</p></body></html>");

    private static WarcBuilder Three(long? firstLength = null) => new WarcBuilder()
        .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("one"), firstLength)
        .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two"))
        .Response("3", "https://x.example/3", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("three"));

    private (List<ReadResult> Results, WarcReadCounts Counts) Read(byte[] bytes, string name, WarcReaderOptions? options = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        var reader = new WarcReader(options ?? new WarcReaderOptions());
        var watch = Stopwatch.StartNew();
        var results = reader.Read(new InputFile(path, name, "web", bytes.Length), CancellationToken.None).Take(10_000).ToList();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"reading took {watch.Elapsed}");
        return (results, reader.LastCounts!);
    }

    private static List<string> Texts(IEnumerable<ReadResult> results) =>
        results.Where(r => r.Document is not null).Select(r => r.Document!.Text).ToList();

    private static List<string> Reasons(IEnumerable<ReadResult> results) =>
        results.Where(r => r.Bad is not null).Select(r => r.Bad!.Reason.Split(':')[0]).ToList();

    [Theory]
    [InlineData(9_223_372_036_854_775_000L, false)]
    [InlineData(9_223_372_036_854_775_000L, true)]
    [InlineData(long.MaxValue, false)]
    [InlineData(1_000_000_000_000L, false)]
    [InlineData(1_000_000_000_000L, true)]
    public void A_huge_or_overflowing_content_length_ends_and_resynchronises_at_the_next_record(long length, bool gzip)
    {
        var builder = Three(length);
        var (results, counts) = Read(gzip ? builder.GzipPerRecord() : builder.Plain(), gzip ? "h.warc.gz" : "h.warc");
        Assert.Equal(["record_too_large"], Reasons(results));
        Assert.Equal(2, Texts(results).Count);
        Assert.Contains("three", Texts(results)[1]);
        Assert.Equal(2, counts.Documents);
        Assert.Equal(1, counts.Quarantined);
    }

    [Fact]
    public void Warc_0_18_records_are_read()
    {
        var plain = Encoding.ASCII.GetString(Three().Plain()).Replace("WARC/1.1\r\n", "WARC/0.18\r\n");
        var (results, _) = Read(Encoding.ASCII.GetBytes(plain), "clueweb.warc");
        Assert.Equal(3, Texts(results).Count);
        Assert.Empty(Reasons(results));
    }

    private static byte[] Arc()
    {
        var sb = new MemoryStream();
        void Record(string url, string type, byte[] content)
        {
            sb.Write(Encoding.ASCII.GetBytes($"{url} 192.0.2.1 20240314063000 {type} {content.Length}\n"));
            sb.Write(content);
            sb.Write("\n"u8);
        }

        Record("filedesc://crawl.arc", "text/plain", "1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"u8.ToArray());
        Record("http://a.example/", "text/html", [.. "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"u8, .. Html("arc page")]);
        Record("dns:a.example", "text/dns", "20240314063000\na.example. 300 IN A 192.0.2.1\n"u8.ToArray());
        Record("http://b.example/", "text/html", [.. "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"u8, .. Html("second arc page")]);
        return sb.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Arc_and_arc_gz_files_are_read(bool gzip)
    {
        var bytes = gzip ? WarcBuilder.Gzip(Arc()) : Arc();
        var (results, counts) = Read(bytes, gzip ? "crawl.arc.gz" : "crawl.arc");
        Assert.Empty(Reasons(results));
        var docs = results.Where(r => r.Document is not null).Select(r => r.Document!).ToList();
        Assert.Equal(2, docs.Count);
        Assert.Contains("arc page", docs[0].Text);
        Assert.Equal("http://a.example/", docs[0].Url);
        Assert.Equal("2024-03-14T06:30:00Z", docs[0].Metadata["warc_date"]);
        Assert.Equal(1, counts.Skipped["warcinfo"]);
        Assert.Equal(1, counts.Skipped["resource"]);
    }

    [Fact]
    public void Zstd_and_lz4_compressed_warc_files_are_read()
    {
        var plain = Three().Plain();
        using var zstd = new ZstdSharp.Compressor(3);
        var (zResults, _) = Read(zstd.Wrap(plain).ToArray(), "z.warc.zst");
        Assert.Equal(3, Texts(zResults).Count);

        using var lz4 = new MemoryStream();
        using (var encoder = K4os.Compression.LZ4.Streams.LZ4Stream.Encode(lz4, leaveOpen: true)) encoder.Write(plain);
        var (lResults, lCounts) = Read(lz4.ToArray(), "l.warc.lz4");
        Assert.Equal(3, Texts(lResults).Count);
        Assert.Equal(0, lCounts.Quarantined);
    }

    [Theory]
    [InlineData(new byte[] { 0x42, 0x5a, 0x68, 0x39, 0x31, 0x41 }, "bzip2")]
    [InlineData(new byte[] { 0x5d, 0x2a, 0x4d, 0x18, 0x04, 0x00, 0x00, 0x00, 1, 2, 3, 4 }, "zstd with a dictionary")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'1', (byte)'}', (byte)'\n' }, "neither a WARC record line")]
    public void Unsupported_formats_fail_the_file_with_a_clear_message(byte[] bytes, string expected)
    {
        var path = Path.Combine(_dir, "x.warc");
        File.WriteAllBytes(path, bytes);
        var reader = new WarcReader(new WarcReaderOptions());
        var error = Assert.ThrowsAny<IOException>(() => reader.Read(new InputFile(path, "x.warc", "web", bytes.Length), CancellationToken.None).ToList());
        Assert.Contains("unsupported format", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Contains("x.warc", error.Message);
    }

    [Fact]
    public void Lenient_framing_is_read_and_counted_as_anomalies()
    {
        var records = Three().Records;
        // An extra LF after the first record, LF-only line endings in the second, CR CR LF in the third, and a lone
        // CRLF at the end of the file.
        var second = Reframe(records[1], "\n");
        var third = Reframe(records[2], "\r\r\n");
        byte[] bytes = [.. records[0], .. "\n"u8, .. second, .. third, .. "\r\n"u8];
        var (results, counts) = Read(bytes, "lenient.warc");
        Assert.Empty(Reasons(results));
        Assert.Equal(3, Texts(results).Count);
        Assert.Contains("three", Texts(results)[2]);
        Assert.True(counts.Anomalies.GetValueOrDefault("blank_lines_between_records") >= 1, counts.ToString());
        Assert.True(counts.Anomalies.Values.Sum() >= 4, counts.ToString());
        Assert.True(counts.Anomalies.GetValueOrDefault("header_line_endings") >= 2, counts.ToString());
        Assert.Contains("framing anomalies", counts.ToString());
    }

    /// <summary>The record with its WARC header lines and trailer ended by <paramref name="newline"/> instead of CRLF
    /// (the content, whose length the header states, is left alone).</summary>
    private static byte[] Reframe(byte[] record, string newline)
    {
        var text = Encoding.Latin1.GetString(record);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var header = text[..headerEnd].Replace("\r\n", newline);
        var content = text[headerEnd..^4];
        return Encoding.Latin1.GetBytes(header + content + newline + newline);
    }

    [Fact]
    public void A_record_without_its_trailer_at_the_end_of_the_file_is_read()
    {
        var plain = Three().Plain();
        var (results, counts) = Read(plain[..^4], "cut.warc");
        Assert.Equal(3, Texts(results).Count);
        Assert.Equal(1, counts.Anomalies["short_trailer_at_end"]);
    }

    [Fact]
    public void Star_mime_type_keeps_every_type()
    {
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/a.json", Date, "HTTP/1.1 200 OK\nContent-Type: application/json", "{\"a\": 1}"u8.ToArray())
            .Response("2", "https://x.example/b", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two"))
            .Response("3", "https://x.example/c.js", Date, "HTTP/1.1 200 OK\nContent-Type: application/javascript", "var a = 1;"u8.ToArray());
        var (results, counts) = Read(builder.Plain(), "mime.warc", new WarcReaderOptions { MimeTypes = ["*", "application/json"] });
        Assert.Equal(3, counts.Documents);
        Assert.Empty(counts.Skipped);
        Assert.Equal(3, Texts(results).Count);
    }

    [Fact]
    public void Max_record_mb_is_bounded_so_lengths_cannot_overflow()
    {
        Assert.Contains(new WarcReaderOptions { MaxRecordMb = 4096 }.Validate(), e => e.Contains("max_record_mb"));
    }
}
