using System.IO.Compression;
using System.Text;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Readers.Warc;
using CorpusForge.Stages.Tests.Web;

namespace CorpusForge.Stages.Tests.Readers;

/// <summary>The parallel (speculative) gzip member path gives exactly what the sequential path gives: the same bytes,
/// member offsets and failures from the member stream, and the same documents, quarantines and counts from the
/// reader, at several worker counts and on files built to mislead it.</summary>
public sealed class WarcParallelInflateTests : IDisposable
{
    private const string Date = "2024-03-14T06:30:00Z";
    private const int Segment = 4096;
    private readonly string _dir = Directory.CreateTempSubdirectory("warc-parallel").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A crawl-shaped WARC: HTML pages of varied size, redirects, and binary responses stored without
    /// compression whose bytes hold gzip magic with plausible headers and whole embedded gzip members.</summary>
    private static WarcBuilder Crawl(int captures, int seed)
    {
        var random = new Random(seed);
        var b = new WarcBuilder();
        b.Add("warcinfo", Guid.Empty.ToString(), null, Date, "software: test\r\n"u8.ToArray(), contentType: "application/warc-fields");
        for (var i = 0; i < captures; i++)
        {
            var url = $"https://s{i % 7}.example/{i}";
            b.Add("request", Id(i, 1), url, Date, Encoding.ASCII.GetBytes($"GET /{i} HTTP/1.1\r\nHost: s.example\r\n\r\n"), contentType: "application/http; msgtype=request");
            switch (i % 5)
            {
                case 3:
                    b.Response(Id(i, 2), url, Date, "HTTP/1.1 200 OK\nContent-Type: application/octet-stream", Binary(random));
                    break;
                case 4:
                    b.Response(Id(i, 2), url, Date, "HTTP/1.1 301 Moved\nContent-Type: text/html", "<html>moved</html>"u8.ToArray());
                    break;
                default:
                    var words = string.Join(' ', Enumerable.Range(0, random.Next(10, 3000)).Select(_ => "w" + random.Next(5000)));
                    b.Response(Id(i, 2), url, Date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8",
                        Encoding.UTF8.GetBytes($"<html><head><title>{i}</title></head><body><p>page {i} {words}</p></body></html>"));
                    break;
            }

            b.Add("metadata", Id(i, 3), url, Date, Encoding.ASCII.GetBytes($"fetchTimeMs: {random.Next(1000)}\r\n"), contentType: "application/warc-fields");
        }

        return b;
    }

    private static string Id(int capture, int kind) => $"00000000-0000-0000-{kind:x4}-{capture:x12}";

    /// <summary>Random bytes with gzip magic (plausible flags) planted often, and a complete gzip member inside.</summary>
    private static byte[] Binary(Random random)
    {
        var blob = new byte[random.Next(3000, 12000)];
        random.NextBytes(blob);
        for (var i = 0; i + 10 < blob.Length; i += random.Next(200, 900)) (blob[i], blob[i + 1], blob[i + 2], blob[i + 3]) = ((byte)0x1f, (byte)0x8b, (byte)0x08, (byte)0);
        var embedded = WarcBuilder.Gzip(Encoding.ASCII.GetBytes("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n"));
        embedded.CopyTo(blob, blob.Length / 2);
        return blob;
    }

    /// <summary>Per-record gzip where binary records are stored (deflate level 0): their magic bytes appear verbatim
    /// in the compressed file, where a worker scanning for headers finds them.</summary>
    private static byte[] PerRecordStored(WarcBuilder builder) =>
        Concat(builder.Records.Select(r => r.AsSpan().IndexOf("application/octet-stream"u8) >= 0 ? Store(r) : WarcBuilder.Gzip(r)));

    private static byte[] Store(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.NoCompression, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    private string Write(byte[] bytes, string name = "t.warc.gz")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Everything a caller of the member stream can observe, read with a seeded pattern of read sizes.</summary>
    private static (string Transcript, (long Prefetched, long Sequential) Members) Stream(string path, int workers, int segment = Segment, bool wholeMembers = true)
    {
        var transcript = new StringBuilder();
        var random = new Random(5);
        using var stream = new GzipMemberStream(new FileStream(path, FileMode.Open, FileAccess.Read), workers, segment, wholeMembers);
        var buffer = new byte[70000];
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        while (true)
        {
            if (stream.TryGetMemberStart(stream.Position, out var offset)) transcript.Append($"member {stream.Position}->{offset}\n");
            int n;
            try
            {
                n = stream.Read(buffer, 0, random.Next(1, buffer.Length));
            }
            catch (WarcFormatException e)
            {
                transcript.Append($"error {e.Message} at position {stream.Position}\n");
                continue;
            }

            if (n == 0) break;
            hash.AppendData(buffer, 0, n);
        }

        transcript.Append($"end {stream.Position} {Convert.ToHexString(hash.GetHashAndReset())}\n");
        return (transcript.ToString(), stream.MemberCounts);
    }

    /// <summary>Everything the reader yields (documents with metadata and provenance, quarantines with reason,
    /// place and preview), and its counts. <paramref name="recordBuffer"/> is the size of the buffers the parser
    /// lends to conversion threads (small: records often straddle a change of buffer or outgrow one).</summary>
    private string Reader(string path, int workers, int segment = Segment, WarcReaderOptions? options = null, int recordBuffer = 4 << 20, bool wholeMembers = true, int convert = 2)
    {
        var reader = new WarcReader(options ?? new WarcReaderOptions())
        {
            InflateWorkers = workers, InflateSegmentBytes = segment, RecordBufferBytes = recordBuffer, WholeMembers = wholeMembers, ConvertThreads = convert,
        };
        var input = new InputFile(path, Path.GetFileName(path), "web", new FileInfo(path).Length);
        var text = new StringBuilder();
        foreach (var r in reader.Read(input, CancellationToken.None))
        {
            if (r.Document is { } d)
            {
                text.Append($"doc {d.Id} {d.Url} {d.Provenance} {d.Text.Length} {d.Text.GetHashCode()} ");
                foreach (var (k, v) in d.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) text.Append($"{k}={v};");
                text.Append('\n');
            }
            else text.Append($"bad {r.Bad!.Where} {r.Bad.Reason} [{r.Bad.Preview}]\n");
        }

        LastConvertedAhead = reader.LastConvertedAhead;
        return text.Append(reader.LastCounts).ToString();
    }

    /// <summary>Records the last <see cref="Reader"/> call took converted from the inflate workers.</summary>
    private long LastConvertedAhead { get; set; }

    private void AssertSameAtAnyParallelism(byte[] bytes, bool expectPrefetch = true)
    {
        var path = Write(bytes);
        var (sequential, seqMembers) = Stream(path, workers: 1);
        Assert.Equal(0, seqMembers.Prefetched);
        long prefetched = 0;
        foreach (var workers in new[] { 2, 3, 5 })
        {
            var (parallel, members) = Stream(path, workers);
            Assert.Equal(sequential, parallel);
            Assert.Equal(seqMembers.Prefetched + seqMembers.Sequential, members.Prefetched + members.Sequential);
            prefetched += members.Prefetched;
        }

        if (expectPrefetch) Assert.True(prefetched > 0, "the parallel path took no member from the workers");
        // zlib alone (no libdeflate) reads exactly the same, sequentially and in parallel.
        Assert.Equal(sequential, Stream(path, 1, wholeMembers: false).Transcript);
        Assert.Equal(sequential, Stream(path, 3, wholeMembers: false).Transcript);
        var expected = Reader(path, 1);
        foreach (var workers in new[] { 2, 4 }) Assert.Equal(expected, Reader(path, workers));
        Assert.Equal(expected, Reader(path, 2, convert: 1));
        Assert.Equal(expected, Reader(path, 4, convert: 4));
        foreach (var recordBuffer in new[] { 1000, 9000 }) Assert.Equal(expected, Reader(path, 2, recordBuffer: recordBuffer));
        Assert.Equal(expected, Reader(path, 1, wholeMembers: false));
        Assert.Equal(expected, Reader(path, 3, wholeMembers: false));
        Assert.Equal(expected, Reader(path, 3, segment: 1 << 20)); // file shorter than one segment: sequential
    }

    [Fact]
    public void Per_record_gzip_with_false_gzip_magic_in_stored_payloads_reads_the_same_in_parallel()
    {
        var builder = Crawl(120, seed: 1);
        var bytes = PerRecordStored(builder);
        // The test is only meaningful if the compressed file itself holds false headers for the workers to trip on.
        var magic = 0;
        for (var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x1f, 0x8b, 0x08]); at >= 0;)
        {
            magic++;
            var next = bytes.AsSpan(at + 1).IndexOf((ReadOnlySpan<byte>)[0x1f, 0x8b, 0x08]);
            at = next < 0 ? -1 : at + 1 + next;
        }

        Assert.True(magic > 120 * 3 + 50, $"only {magic} gzip magic sequences");
        AssertSameAtAnyParallelism(bytes);
        var path = Write(bytes);
        Assert.Contains("72 documents", Reader(path, 2));
        // Most records were framed and converted on the workers (every member here holds exactly one record).
        Assert.True(LastConvertedAhead > builder.Records.Count / 2, $"{LastConvertedAhead} of {builder.Records.Count} records converted ahead");
    }

    /// <summary>Members that do not hold exactly one record (a record cut over two members, several records in one
    /// member, a member of blank lines, a record whose Content-Length runs into the next member, header lines with
    /// bare LFs) are framed by the parser; the members around them may be converted on the workers, and the result
    /// is the sequential one.</summary>
    [Fact]
    public void Records_split_over_members_or_sharing_one_read_the_same_in_parallel()
    {
        var records = Crawl(90, seed: 10).Records;
        var members = new List<byte[]>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            switch (i % 11)
            {
                case 2 when r.Length > 40: // cut in two members
                    members.Add(WarcBuilder.Gzip(r[..(r.Length / 3)]));
                    members.Add(WarcBuilder.Gzip(r[(r.Length / 3)..]));
                    break;
                case 4 when i + 1 < records.Count: // two records in one member
                    members.Add(WarcBuilder.Gzip([.. r, .. records[++i]]));
                    break;
                case 6: // a member of blank lines after the record's
                    members.Add(WarcBuilder.Gzip(r));
                    members.Add(WarcBuilder.Gzip("\r\n\r\n"u8.ToArray()));
                    break;
                case 7: // the record's own member ends with an extra line break
                    members.Add(WarcBuilder.Gzip([.. r, .. "\n"u8]));
                    break;
                case 8: // Content-Length 30 bytes too long: runs into the next member (itself well framed)
                    var text = Encoding.Latin1.GetString(r);
                    var at = text.IndexOf("Content-Length: ", StringComparison.Ordinal) + 16;
                    var end = text.IndexOf('\r', at);
                    members.Add(WarcBuilder.Gzip(Encoding.Latin1.GetBytes(text[..at] + (long.Parse(text[at..end]) + 30) + text[end..])));
                    break;
                case 9: // LF-only header lines: read with an anomaly, so never converted ahead
                    members.Add(WarcBuilder.Gzip(Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(r).Replace("\r\nWARC-", "\nWARC-"))));
                    break;
                default:
                    members.Add(WarcBuilder.Gzip(r));
                    break;
            }
        }

        var bytes = Concat(members);
        AssertSameAtAnyParallelism(bytes);
        // Segments large enough for every member (with 4 KB ones, members over 8 KB compressed stay sequential).
        var sequential = Reader(Write(bytes), 1);
        var read = Reader(Write(bytes), 2, segment: 1 << 16);
        Assert.Equal(sequential, read);
        Assert.Contains("content_length_mismatch", read);
        Assert.Contains("header_line_endings", read);
        Assert.Contains("blank_lines_between_records", read);
        // Every member that holds exactly one well-framed record was converted ahead (here each one is reached at a
        // record boundary, after a damaged record too: resynchronising stops at the next member's version line).
        var whole = members.Count(m => WarcRecordParser.WholeRecord(Gunzip(m), 0, 20 << 20) is not null);
        Assert.True(whole > records.Count / 3, $"only {whole} of {members.Count} members hold one whole record");
        Assert.Equal(whole, LastConvertedAhead);
    }

    /// <summary>What lets a worker frame a member ahead: whenever <see cref="WarcRecordParser.WholeRecord"/> accepts
    /// bytes, the parser frames exactly that record from them, with no anomaly and nothing left over. Checked on a
    /// well-framed record, hand-made near misses and seeded mutants of records (damaged lengths, line endings,
    /// inserted version lines, cuts).</summary>
    [Fact]
    public void A_member_judged_one_whole_record_is_what_the_parser_frames_from_it()
    {
        var good = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"u8.ToArray();
        Assert.NotNull(WarcRecordParser.WholeRecord(good, 0, 100));
        string[] nearMisses =
        [
            "WARC/1.1\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n", // LF-only line
            "WARC/1.1\r\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n", // CR CR LF
            "\r\nWARC/1.1\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n", // blank line before
            "WARC/1.1\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n\r\n", // extra line break after
            "WARC/1.1\r\nContent-Length: 5\r\n\r\nhello\r\n", // short trailer
            "WARC/1.1\r\nContent-Length: 4\r\n\r\nhello\r\n\r\n", // length short
            "WARC/1.1\r\nContent-Length: 6\r\n\r\nhello\r\n\r\n", // length long
            "WARC/1.1\r\nContent-Length: +5\r\n\r\nhello\r\n\r\n",
            "WARC/1.1\r\nWARC-Type: conversion\r\n\r\nhello\r\n\r\n", // no Content-Length
            "WARC/1.1\r\nContent-Length: 5\r\n\r\nhello\r\n\r\nWARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n", // two records
            "WARC/1.1\r\nContent-Length: 105\r\n\r\n" + new string('x', 105) + "\r\n\r\n", // over the limit of 100
            "WARC/x.1\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n",
        ];
        foreach (var miss in nearMisses) Assert.Null(WarcRecordParser.WholeRecord(Encoding.ASCII.GetBytes(miss), 0, 100));

        var records = Crawl(20, seed: 12).Records;
        var accepted = 0;
        for (var seed = 0; seed < 3000; seed++)
        {
            var record = records[seed % records.Count];
            var data = seed < records.Count ? record : WarcMutator.Mutate(record, seed);
            if (WarcRecordParser.WholeRecord(data, 0, 1 << 20) is not { } whole) continue;
            accepted++;
            using var parser = new WarcRecordParser(new MemoryStream(data), null, 1 << 20);
            var framed = parser.Read(CancellationToken.None).ToList();
            Assert.True(framed.Count == 1 && framed[0].Record is not null, $"seed {seed}: {framed.Count} results");
            Assert.Equal(whole.Headers, framed[0].Record!.Headers);
            Assert.Equal(whole.Content.ToArray(), framed[0].Record!.Content.ToArray());
            Assert.Empty(parser.Anomalies);
        }

        Assert.True(accepted > 100, $"only {accepted} accepted");
    }

    /// <summary>A lent record buffer that ends a few bytes into the next record's version line (here exactly after
    /// <c>WARC/1.1\r</c>) must not make that record look damaged: the line is judged whole, at any buffer size.</summary>
    [Fact]
    public void A_record_buffer_ending_inside_a_version_line_reads_the_same()
    {
        var records = Crawl(6, seed: 13).Records;
        var plain = Write(Concat(records), "plain.warc");
        var expected = Reader(plain, 1);
        Assert.DoesNotContain("bad ", expected);
        for (var cut = 1; cut <= 12; cut++)
            Assert.Equal(expected, Reader(plain, 2, recordBuffer: records[0].Length + cut));
    }

    private static byte[] Gunzip(byte[] member)
    {
        using var gzip = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Gzip magic with a plausible header right before a member boundary (at the end of a stored
    /// payload, a few bytes before the member's CRC) and a whole member holding a well-framed record inside a stored
    /// payload: workers that start there convert a record that is not in the file, which must never be taken.</summary>
    [Fact]
    public void False_members_near_member_boundaries_are_never_taken()
    {
        var random = new Random(11);
        var b = new WarcBuilder();
        for (var i = 0; i < 150; i++)
        {
            var fake = WarcBuilder.Gzip(Encoding.ASCII.GetBytes(
                $"WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:{Id(i, 9)}>\r\nContent-Length: 11\r\n\r\nfake record\r\n\r\n"));
            var blob = new byte[random.Next(500, 6000)];
            random.NextBytes(blob);
            byte[] payload = (i % 3) switch
            {
                0 => [.. blob, .. fake], // a whole member ending where the stored member's trailer begins
                1 => [.. blob, 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3], // a bare header right before it
                _ => [.. fake, .. blob],
            };
            b.Response(Id(i, 2), $"https://f.example/{i}", Date, "HTTP/1.1 200 OK\nContent-Type: application/octet-stream", payload);
            b.Add("conversion", Id(i, 3), $"https://f.example/{i}", Date, Encoding.UTF8.GetBytes($"real text {i}"), contentType: "text/plain");
        }

        var bytes = PerRecordStored(b);
        foreach (var segment in new[] { 1024, 3000, Segment })
        {
            var path = Write(bytes, $"fake{segment}.warc.gz");
            var expected = Reader(path, 1, segment: segment);
            Assert.DoesNotContain("-0009-", expected); // no fake record became a document
            Assert.Equal(expected, Reader(path, 2, segment: segment));
            Assert.True(LastConvertedAhead > 0);
            Assert.Equal(expected, Reader(path, 4, segment: segment));
        }

        var options = new WarcReaderOptions { MimeTypes = ["*"] };
        var all = Write(bytes, "all.warc.gz");
        Assert.Equal(Reader(all, 1, options: options), Reader(all, 3, options: options));
    }

    [Fact]
    public void Whole_file_single_member_gzip_reads_the_same_in_parallel()
    {
        AssertSameAtAnyParallelism(Crawl(60, seed: 2).GzipWhole(), expectPrefetch: false);
    }

    [Fact]
    public void Truncated_last_member_reads_the_same_in_parallel()
    {
        var bytes = PerRecordStored(Crawl(60, seed: 3));
        AssertSameAtAnyParallelism(bytes[..^100]);
        Assert.Contains("gzip_truncated", Reader(Write(bytes[..^100]), 3));
    }

    [Fact]
    public void Corrupt_members_and_garbage_in_the_middle_give_the_same_quarantines_and_counts_in_parallel()
    {
        var builder = Crawl(80, seed: 4);
        var bytes = Concat(builder.Records.Select((r, i) =>
        {
            var member = r.AsSpan().IndexOf("application/octet-stream"u8) >= 0 ? Store(r) : WarcBuilder.Gzip(r);
            if (i % 37 == 5) for (var k = 30; k < member.Length - 20; k += 11) member[k] ^= 0x5a; // damaged deflate data
            if (i % 41 == 7) member[^6] ^= 0x01; // wrong length in the trailer
            if (i % 43 == 9) member[^8] ^= 0x01; // wrong CRC-32
            return i % 29 == 3 ? [.. member, .. "garbage between members"u8] : member;
        }));
        AssertSameAtAnyParallelism(bytes);
        var text = Reader(Write(bytes), 2);
        Assert.Contains("gzip_corrupt", text);
        Assert.Contains("warc_garbage", text);
    }

    [Fact]
    public void Mutants_of_a_crawl_read_the_same_in_parallel()
    {
        var bytes = PerRecordStored(Crawl(40, seed: 5));
        var failures = new List<string>();
        for (var seed = 0; seed < 24; seed++)
        {
            var path = Write(WarcMutator.Mutate(bytes, seed), $"m{seed}.warc.gz");
            var sequential = Reader(path, 1, segment: 2048);
            var parallel = Reader(path, 3, segment: 2048);
            if (sequential != parallel) failures.Add($"seed {seed}");
            if (sequential != Reader(path, 2, segment: 2048, recordBuffer: 5000)) failures.Add($"seed {seed} (small record buffers)");
            var (seqStream, _) = Stream(path, 1, 2048);
            var (parStream, _) = Stream(path, 2, 2048);
            if (seqStream != parStream) failures.Add($"seed {seed} (stream)");
            if (seqStream != Stream(path, 1, 2048, wholeMembers: false).Transcript) failures.Add($"seed {seed} (stream, zlib alone)");
            if (sequential != Reader(path, 1, segment: 2048, wholeMembers: false)) failures.Add($"seed {seed} (zlib alone)");
        }

        Assert.True(failures.Count == 0, string.Join(", ", failures));
    }

    [Fact]
    public void Libdeflate_is_used_where_the_system_has_it()
    {
        // Debian installs libdeflate0 with libtiff; where it is missing, zlib reads every member (same output).
        if (File.Exists("/usr/lib/x86_64-linux-gnu/libdeflate.so.0") && Environment.GetEnvironmentVariable("CORPUSFORGE_NO_LIBDEFLATE") != "1")
            Assert.True(WholeMemberInflater.Available);
        if (!WholeMemberInflater.Available) return;
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} ünïcödé\n")));
        var member = WarcBuilder.Gzip(data);
        using var inflater = new WholeMemberInflater();
        var output = new byte[data.Length + 10];
        Assert.Equal(WholeMemberStatus.Ok, inflater.Inflate([.. member, .. "trailing bytes"u8], output, out var consumed, out var produced));
        Assert.Equal((member.Length, data.Length), (consumed, produced));
        Assert.Equal(data, output[..produced]);
        Assert.Equal(WholeMemberStatus.OutputTooSmall, inflater.Inflate(member, new byte[100], out _, out _));
        Assert.Equal(WholeMemberStatus.Rejected, inflater.Inflate(member[..^20], output, out _, out _));
        var wrongCrc = member.ToArray();
        wrongCrc[^8] ^= 1;
        Assert.Equal(WholeMemberStatus.Rejected, inflater.Inflate(wrongCrc, output, out _, out _));
    }

    /// <summary>libdeflate skips a member's header CRC (FHCRC) where zlib checks it, so such members are zlib's in
    /// every path: a wrong header CRC is gzip_corrupt at any thread count, with or without libdeflate.</summary>
    [Fact]
    public void Members_with_a_header_crc_are_checked_by_zlib_in_every_path()
    {
        var builder = Crawl(30, seed: 6);
        var records = builder.Records.ToList();
        var bytes = Concat(records.Select((r, i) => i % 9 == 4 ? WithHeaderCrc(WarcBuilder.Gzip(r), wrong: i % 18 == 4) : WarcBuilder.Gzip(r)));
        var path = Write(bytes);
        var expected = Reader(path, 1, wholeMembers: false);
        Assert.Contains("gzip_corrupt", expected);
        Assert.Contains("header crc mismatch", expected);
        Assert.Equal(expected, Reader(path, 1));
        Assert.Equal(expected, Reader(path, 3));
        Assert.Equal(expected, Reader(path, 3, wholeMembers: false));
        // Members with a correct header CRC are read.
        var good = Write(Concat(records.Select((r, i) => i % 9 == 4 ? WithHeaderCrc(WarcBuilder.Gzip(r), wrong: false) : WarcBuilder.Gzip(r))), "good.warc.gz");
        var text = Reader(good, 3);
        Assert.DoesNotContain("bad ", text);
        Assert.Equal(Reader(Write(Concat(records.Select(WarcBuilder.Gzip)), "plain.warc.gz"), 1).Split('\n').Length, text.Split('\n').Length);
    }

    /// <summary>A member that inflates to more than a worker keeps (16 MB) is inflated by zlib, streaming, the same
    /// with and without libdeflate.</summary>
    [Fact]
    public void A_member_over_the_whole_member_limit_streams_through_zlib()
    {
        var big = new WarcBuilder();
        big.Add("resource", Id(1, 1), "https://big.example/", Date, new byte[GzipMemberPrefetcher.MaxMemberBytes + 5000], contentType: "application/octet-stream");
        var path = Write(Concat([.. Crawl(20, seed: 7).Records.Select(WarcBuilder.Gzip), .. big.Records.Select(WarcBuilder.Gzip), .. Crawl(20, seed: 8).Records.Select(WarcBuilder.Gzip)]));
        var (expected, _) = Stream(path, 1, wholeMembers: false);
        Assert.Equal(expected, Stream(path, 1).Transcript);
        Assert.Equal(expected, Stream(path, 2).Transcript);
        var options = new WarcReaderOptions { MaxRecordMb = 32 };
        Assert.Equal(Reader(path, 1, options: options, wholeMembers: false), Reader(path, 2, options: options));
    }

    /// <summary>Sets FHCRC on a gzip member and inserts the header CRC (the low 16 bits of the CRC-32 of the header,
    /// RFC 1952 §2.3.1), or a wrong one.</summary>
    private static byte[] WithHeaderCrc(byte[] member, bool wrong)
    {
        var header = member[..10];
        header[3] |= 0x02;
        var crc = Crc32(header);
        if (wrong) crc ^= 0x5a5a;
        return [.. header, (byte)crc, (byte)(crc >> 8), .. member[10..]];
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xffffffffu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
        }

        return ~crc;
    }
}
