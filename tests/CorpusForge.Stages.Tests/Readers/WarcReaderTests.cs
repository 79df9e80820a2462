using System.IO.Compression;
using System.Text;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Web;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class WarcReaderTests : IDisposable
{
    private const string Date = "2024-03-14T06:30:00Z";
    private readonly string _dir = Directory.CreateTempSubdirectory("warc-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Html(string body, string? meta = null) =>
        Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>");

    private static WarcBuilder Typical()
    {
        var b = new WarcBuilder();
        b.Add("warcinfo", "00000000-0000-0000-0000-000000000000", null, Date, "software: test\r\n"u8.ToArray(), contentType: "application/warc-fields");
        b.Add("request", "00000000-0000-0000-0000-000000000001", "https://a.example/", Date, "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"u8.ToArray(), contentType: "application/http; msgtype=request");
        b.Response("00000000-0000-0000-0000-000000000002", "https://a.example/", Date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8", Html("first page"));
        b.Add("metadata", "00000000-0000-0000-0000-000000000003", "https://a.example/", Date, "fetchTimeMs: 12\r\n"u8.ToArray(), contentType: "application/warc-fields");
        b.Response("00000000-0000-0000-0000-000000000004", "https://b.example/x", Date, "HTTP/1.1 301 Moved Permanently\nLocation: https://b.example/y\nContent-Type: text/html", Html("moved"));
        b.Response("00000000-0000-0000-0000-000000000005", "https://b.example/doc.pdf", Date, "HTTP/1.1 200 OK\nContent-Type: application/pdf", "%PDF-1.4 binary"u8.ToArray());
        b.Add("revisit", "00000000-0000-0000-0000-000000000006", "https://a.example/", Date, "HTTP/1.1 304 Not Modified\r\n\r\n"u8.ToArray(),
            [("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")]);
        b.Response("00000000-0000-0000-0000-000000000007", "https://c.example/page", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("second page"));
        return b;
    }

    private (List<ReadResult> Results, WarcReadCounts Counts) Read(byte[] bytes, string name = "test.warc.gz", WarcReaderOptions? options = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        var reader = new WarcReader(options ?? new WarcReaderOptions());
        var results = reader.Read(new InputFile(path, name, "web", bytes.Length), CancellationToken.None).ToList();
        return (results, reader.LastCounts!);
    }

    private static List<string> Texts(IEnumerable<ReadResult> results) =>
        results.Where(r => r.Document is not null).Select(r => r.Document!.Text).ToList();

    private static List<string> Reasons(IEnumerable<ReadResult> results) =>
        results.Where(r => r.Bad is not null).Select(r => r.Bad!.Reason.Split(':')[0]).ToList();

    [Fact]
    public void Per_record_gzip_yields_html_responses_with_ids_urls_metadata_and_member_offsets()
    {
        var builder = Typical();
        var bytes = builder.GzipPerRecord();
        var (results, counts) = Read(bytes);

        var docs = results.Select(r => r.Document).ToList();
        Assert.All(docs, Assert.NotNull);
        Assert.Equal(2, docs.Count);
        var first = docs[0]!;
        Assert.Equal("urn:uuid:00000000-0000-0000-0000-000000000002", first.Id);
        Assert.Equal("https://a.example/", first.Url);
        Assert.Equal("web", first.Source);
        Assert.Contains("first page", first.Text);
        Assert.Equal("text/html", first.Metadata["content_type"]);
        Assert.Equal(200L, first.Metadata["http_status"]);
        Assert.Equal("utf-8", first.Metadata["charset"]);
        Assert.Equal("http", first.Metadata["charset_source"]);
        Assert.Equal(Date, first.Metadata["warc_date"]);
        Assert.Equal(2, first.Provenance.Record);
        Assert.Equal(7, docs[1]!.Provenance.Record);

        // The offset is the record's gzip member: decompressing from there gives exactly that record.
        foreach (var doc in docs)
        {
            using var member = new GZipStream(new MemoryStream(bytes, (int)doc!.Provenance.ByteOffset, bytes.Length - (int)doc.Provenance.ByteOffset), CompressionMode.Decompress);
            var head = new StreamReader(member).ReadToEnd();
            Assert.StartsWith("WARC/1.1\r\nWARC-Type: response\r\n", head);
            Assert.Contains(doc.Id, head.Split("\r\n\r\n")[0]);
        }

        Assert.Equal(2, counts.Documents);
        Assert.Equal(0, counts.Quarantined);
        Assert.Equal(1, counts.Skipped["warcinfo"]);
        Assert.Equal(1, counts.Skipped["request"]);
        Assert.Equal(1, counts.Skipped["metadata"]);
        Assert.Equal(1, counts.Skipped["revisit"]);
        Assert.Equal(1, counts.Skipped["status_3xx"]);
        Assert.Equal(1, counts.Skipped["application/pdf"]);
    }

    [Fact]
    public void Plain_and_whole_file_gzip_read_the_same_documents()
    {
        var builder = Typical();
        var plain = Read(builder.Plain(), "test.warc").Results;
        var whole = Read(builder.GzipWhole()).Results;
        var perRecord = Read(builder.GzipPerRecord()).Results;
        Assert.Equal(Texts(perRecord), Texts(plain));
        Assert.Equal(Texts(perRecord), Texts(whole));

        // Uncompressed: the offset is the byte where the record starts.
        var raw = builder.Plain();
        foreach (var doc in plain.Select(r => r.Document!))
            Assert.Equal("WARC/1.1", Encoding.ASCII.GetString(raw, (int)doc.Provenance.ByteOffset, 8));
    }

    [Fact]
    public void Chunked_gzip_deflate_and_brotli_bodies_are_decoded()
    {
        var html = Html("encoded body");
        var chunked = Encoding.ASCII.GetBytes($"{10:x}\r\n").Concat(html[..10]).Concat("\r\n"u8.ToArray())
            .Concat(Encoding.ASCII.GetBytes($"{html.Length - 10:x};ext=1\r\n")).Concat(html[10..]).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
        using var br = new MemoryStream();
        using (var s = new BrotliStream(br, CompressionLevel.Fastest, leaveOpen: true)) s.Write(html);
        using var zlib = new MemoryStream();
        using (var s = new ZLibStream(zlib, CompressionLevel.Fastest, leaveOpen: true)) s.Write(html);
        var b = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nTransfer-Encoding: chunked", chunked)
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip", WarcBuilder.Gzip(html))
            .Response("3", "https://x.example/3", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: br", br.ToArray())
            .Response("4", "https://x.example/4", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: deflate", zlib.ToArray())
            // Crawlers that store the decoded body but keep the header (the body does not look encoded).
            .Response("5", "https://x.example/5", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip", html);
        var texts = Texts(Read(b.GzipPerRecord()).Results);
        Assert.Equal(5, texts.Count);
        Assert.All(texts, t => Assert.Equal(Encoding.UTF8.GetString(html), t));
    }

    [Fact]
    public void Mime_and_status_options_widen_what_is_kept()
    {
        var b = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 404 Not Found\nContent-Type: text/html", Html("missing"))
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/plain", "plain text"u8.ToArray());
        Assert.Empty(Texts(Read(b.GzipPerRecord()).Results));
        var options = new WarcReaderOptions { MimeTypes = ["*"], MaxStatus = 499 };
        Assert.Equal(2, Texts(Read(b.GzipPerRecord(), options: options).Results).Count);
    }

    [Fact]
    public void Wet_conversion_records_become_text_documents()
    {
        var b = new WarcBuilder()
            .Add("warcinfo", "0", null, Date, "isPartOf: test\r\n"u8.ToArray())
            .Add("conversion", "1", "https://x.example/a", Date, "Zürich weather today\nSunny and mild."u8.ToArray(),
                [("WARC-Refers-To", "<urn:uuid:9>")], contentType: "text/plain");
        var (results, _) = Read(b.GzipPerRecord(), "x.warc.wet.gz");
        var doc = Assert.Single(results).Document!;
        Assert.Equal("Zürich weather today\nSunny and mild.", doc.Text);
        Assert.Equal("text/plain", doc.Metadata["content_type"]);
        Assert.Equal("https://x.example/a", doc.Url);
    }

    [Fact]
    public void Truncated_last_member_is_quarantined_and_earlier_records_kept()
    {
        var bytes = Typical().GzipPerRecord();
        var (results, counts) = Read(bytes[..^40]);
        Assert.Equal(["first page"], Texts(results).Select(t => t.Contains("first page") ? "first page" : t).ToList());
        Assert.Equal(["gzip_truncated"], Reasons(results));
        Assert.Equal(1, counts.Quarantined);
    }

    [Fact]
    public void File_ending_inside_a_gzip_header_is_quarantined()
    {
        var complete = Typical().GzipPerRecord();
        var (results, _) = Read([.. complete, 0x1f, 0x8b, 0x08, 0x00, 0x00]);
        Assert.Equal(2, Texts(results).Count);
        var bad = Assert.Single(results, r => r.Bad is not null).Bad!;
        Assert.StartsWith("gzip_truncated", bad.Reason);
        Assert.Equal(complete.Length, bad.Where.ByteOffset);
    }

    [Fact]
    public void Corrupt_member_in_the_middle_is_quarantined_and_reading_resumes_at_the_next_member()
    {
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("one " + new string('x', 5000)))
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two " + string.Join(' ', Enumerable.Range(0, 3000))))
            .Response("3", "https://x.example/3", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("three"));
        var bytes = builder.GzipPerRecord((i, member) =>
        {
            if (i != 1) return member;
            var broken = member.ToArray();
            for (var k = 40; k < broken.Length - 20; k += 7) broken[k] ^= 0x5a;
            return broken;
        });
        var (results, _) = Read(bytes);
        var texts = Texts(results);
        Assert.Equal(2, texts.Count);
        Assert.Contains("one", texts[0]);
        Assert.Contains("three", texts[1]);
        Assert.Single(Reasons(results), r => r == "gzip_corrupt");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Garbage_between_records_is_quarantined_and_skipped(bool gzip)
    {
        var garbage = new byte[3000];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0x00;
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("one"))
            .Raw(garbage)
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two"));
        var bytes = gzip ? builder.GzipPerRecord((i, member) => i == 1 ? garbage : member) : builder.Plain();
        var (results, _) = Read(bytes, gzip ? "g.warc.gz" : "g.warc");
        Assert.True(Texts(results).Count == 2, string.Join("; ", results.Select(r => r.Bad?.ToString() ?? "doc")));
        var bad = Assert.Single(results, r => r.Bad is not null).Bad!;
        Assert.Equal(gzip ? "warc_garbage" : "missing_warc_header", bad.Reason.Split(':')[0]);
        Assert.True(bad.Where.ByteOffset > 0);
    }

    [Fact]
    public void Record_without_a_warc_version_line_is_quarantined()
    {
        var builder = new WarcBuilder()
            .Raw("WARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"u8.ToArray())
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two"));
        foreach (var bytes in new[] { builder.Plain(), builder.GzipPerRecord() })
        {
            var (results, _) = Read(bytes, bytes[0] == 0x1f ? "m.warc.gz" : "m.warc");
            Assert.Equal(["missing_warc_header"], Reasons(results));
            Assert.Contains("two", Assert.Single(Texts(results)));
        }
    }

    [Theory]
    [InlineData(-7, false)]
    [InlineData(-7, true)]
    [InlineData(40, false)]
    [InlineData(40, true)]
    [InlineData(100_000, true)]
    public void Wrong_content_length_is_quarantined_and_the_next_record_is_found(int delta, bool gzip)
    {
        var body = Html("broken");
        var http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"u8.ToArray();
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", body, contentLength: http.Length + body.Length + delta)
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("two"))
            .Response("3", "https://x.example/3", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("three"));
        var (results, _) = Read(gzip ? builder.GzipPerRecord() : builder.Plain(), gzip ? "c.warc.gz" : "c.warc");
        var reasons = Reasons(results);
        Assert.Single(reasons);
        Assert.Contains(reasons[0], new[] { "content_length_mismatch", "truncated_record" });
        var texts = Texts(results);
        Assert.Equal(2, texts.Count);
        Assert.Contains("two", texts[0]);
        Assert.Contains("three", texts[1]);
    }

    [Fact]
    public void A_50_MB_page_is_quarantined_as_too_large_and_the_next_record_is_read()
    {
        var huge = new byte[50 * 1024 * 1024];
        Array.Fill(huge, (byte)'a');
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/huge", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", huge)
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("after"));
        var (results, _) = Read(builder.GzipPerRecord());
        Assert.Equal(["record_too_large"], Reasons(results));
        Assert.Contains("after", Assert.Single(Texts(results)));
        Assert.Equal(0, results.First().Bad!.Where.ByteOffset);
    }

    [Fact]
    public void Unknown_charset_is_detected_when_possible_and_quarantined_when_not()
    {
        var binary = new byte[4000];
        new Random(3).NextBytes(binary);
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/1", Date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=x-klingon", Html("Grüße aus Köln"))
            .Response("2", "https://x.example/2", Date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=x-klingon", binary);
        var (results, _) = Read(builder.GzipPerRecord());
        var doc = Assert.Single(results, r => r.Document is not null).Document!;
        Assert.Contains("Grüße aus Köln", doc.Text);
        Assert.Equal("detected", doc.Metadata["charset_source"]);
        Assert.Equal(["charset_unknown"], Reasons(results));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Responses_skipped_by_mime_type_or_status_are_decided_from_their_headers_without_decoding_the_body(int threads)
    {
        // A body that fails to decode (damaged gzip Content-Encoding) or is binary would be quarantined if it were
        // decoded: kept, it is (the control); skipped by MIME type or status, it is only counted as skipped.
        byte[] damagedGzip = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xff, 0xfe, 0xfd, 0xfc, 0xfb];
        var binary = new byte[4000];
        new Random(5).NextBytes(binary);
        var builder = new WarcBuilder()
            .Response("1", "https://x.example/kept", Date, "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip", damagedGzip)
            .Response("2", "https://x.example/a.png", Date, "HTTP/1.1 200 OK\nContent-Type: image/png\nContent-Encoding: gzip", damagedGzip)
            .Response("3", "https://x.example/b.png", Date, "HTTP/1.1 200 OK\nContent-Type: image/png", binary)
            .Response("4", "https://x.example/gone", Date, "HTTP/1.1 404 Not Found\nContent-Type: text/html\nContent-Encoding: gzip", damagedGzip)
            .Response("5", "https://x.example/page", Date, "HTTP/1.1 200 OK\nContent-Type: text/html", Html("the page"));
        var path = Path.Combine(_dir, $"skip-{threads}.warc.gz");
        var bytes = builder.GzipPerRecord();
        File.WriteAllBytes(path, bytes);
        var reader = new WarcReader(new WarcReaderOptions()) { InflateWorkers = threads, InflateSegmentBytes = 256 };
        var results = reader.Read(new InputFile(path, "skip.warc.gz", "web", bytes.Length), CancellationToken.None).ToList();
        var counts = reader.LastCounts!;

        Assert.Equal(["bad_content_encoding"], Reasons(results));
        Assert.Contains("the page", Assert.Single(Texts(results)));
        Assert.Equal(2, counts.Skipped["image/png"]);
        Assert.Equal(1, counts.Skipped["status_4xx"]);
        Assert.Equal(5, counts.Documents + counts.Quarantined + counts.Skipped.Values.Sum());
    }
}
