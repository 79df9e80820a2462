using System.ComponentModel;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;
using CorpusForge.Stages.Readers.Warc;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="WarcReader"/>.</summary>
public sealed class WarcReaderOptions : IValidatableOptions
{
    /// <summary>MIME types of responses to keep; <c>*</c> keeps every type (bodies are decoded as text, and a binary
    /// body is then quarantined by the charset check rather than skipped).</summary>
    [Description("MIME types of HTTP responses to keep; '*' keeps every type")]
    public List<string> MimeTypes { get; set; } = ["text/html", "application/xhtml+xml"];

    /// <summary>Lowest HTTP status kept.</summary>
    [Description("lowest HTTP status kept")]
    public int MinStatus { get; set; } = 200;

    /// <summary>Highest HTTP status kept.</summary>
    [Description("highest HTTP status kept")]
    public int MaxStatus { get; set; } = 299;

    /// <summary>Largest WARC record content held in memory; larger records are quarantined.</summary>
    [Description("largest WARC record content in MB; larger records are quarantined as record_too_large")]
    public int MaxRecordMb { get; set; } = 20;

    /// <summary>Largest HTTP body after content decoding (guards against compression bombs).</summary>
    [Description("largest decoded HTTP body in MB; larger bodies are quarantined as payload_too_large")]
    public int MaxPayloadMb { get; set; } = 20;

    /// <summary>Read WET <c>conversion</c> records as plain-text documents.</summary>
    [Description("read WET 'conversion' records as text documents")]
    public bool Conversions { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinStatus > MaxStatus) yield return $"min_status ({MinStatus}) is greater than max_status ({MaxStatus})";
        if (MaxRecordMb is < 1 or > 1024) yield return "max_record_mb must be between 1 and 1024";
        if (MaxPayloadMb < 1) yield return "max_payload_mb must be at least 1";
        if (MimeTypes.Count == 0) yield return "mime_types must name at least one type (or '*')";
    }
}

/// <summary>Reads WARC 1.0/1.1 files (one gzip member per record as Common Crawl writes them, whole-file gzip, or
/// uncompressed): HTTP responses become documents holding the decoded page, WET conversions become text documents.</summary>
/// <remarks>
/// Document id is the WARC-Record-ID, url the WARC-Target-URI; metadata carries <c>warc_date</c>, <c>warc_type</c>,
/// <c>content_type</c>, <c>http_status</c>, <c>charset</c> and <c>charset_source</c>. Provenance holds the record
/// number and the offset of the record in the file as stored: the gzip member's offset for per-record gzip (what a
/// CDX index stores), the byte offset for uncompressed files, and the decompressed offset inside a whole-file gzip.
/// Records that are not wanted (requests, metadata, revisits, warcinfo, other MIME types or statuses) are counted
/// and skipped, and the counts are logged per file; damaged records are quarantined with a reason and reading
/// resumes at the next record.
/// </remarks>
[Component("reader.warc_v1", "WARC/WET files (gzip per record, whole-file gzip or plain): HTML responses and WET text as documents")]
public sealed class WarcReader : IDocumentReader
{
    private readonly WarcReaderOptions _options;
    private readonly ComponentContext? _context;
    private readonly bool _anyMime;

    /// <summary>Creates the reader.</summary>
    public WarcReader(WarcReaderOptions options, ComponentContext context)
        : this(options)
    {
        _context = context;
    }

    /// <summary>Creates the reader without a run context (nothing is logged).</summary>
    internal WarcReader(WarcReaderOptions options)
    {
        _options = options;
        _anyMime = options.MimeTypes.Contains("*");
    }

    /// <summary>Threads that inflate gzip members ahead of the record parser (see <see cref="GzipMemberPrefetcher"/>)
    /// and turn records into documents in ordered batches; 1 reads on the calling thread alone. The documents, their
    /// order, the quarantines and every count are the same at any value.</summary>
    internal int InflateWorkers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Threads that convert a batch of records into documents (with <see cref="InflateWorkers"/> above 1):
    /// half the threads the cores allow, at least one. Converting is about 40 % of the work, and more threads than
    /// that only competed for the cores: on 2 cores one conversion thread cost 0.2–0.3 CPU-s per 100 MB less than two
    /// (bench warc, alternating runs at load 6–10), at a higher wall speed.</summary>
    internal int ConvertThreads { get; init; } = Math.Max(1, Math.Clamp(Environment.ProcessorCount, 1, 4) / 2);

    /// <summary>Compressed bytes per prefetch segment (tests use small ones to exercise many segments).</summary>
    internal int InflateSegmentBytes { get; init; } = GzipMemberPrefetcher.SegmentBytes;

    /// <summary>Size of the buffers that records are framed in and handed to conversion threads without a copy
    /// (tests use small ones, so that records often straddle a change of buffer).</summary>
    internal int RecordBufferBytes { get; init; } = 4 << 20;

    /// <summary>Inflate gzip members whole with libdeflate where the system has it (see
    /// <see cref="WholeMemberInflater"/>); false uses zlib alone (tests compare the two).</summary>
    internal bool WholeMembers { get; init; } = true;

    /// <summary>Records of the most recently finished file that prefetch workers converted (for the bench and tests).</summary>
    internal long LastConvertedAhead { get; private set; }

    /// <summary>What happened to the records of the most recently finished file.</summary>
    public WarcReadCounts? LastCounts { get; private set; }

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var counts = new WarcReadCounts();
        var file = new FileStream(input.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var magicLength = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        // With workers, a member that holds exactly one record is converted by the worker that inflated it (the
        // provenance's record number is set here, in file order); the parser takes the result where it reaches
        // that member at a record boundary, which is where it would have framed that same record.
        Func<WarcRecord, ConvertedRecord>? convert = InflateWorkers > 1
            ? record =>
            {
                var (result, skip) = Convert(record, new Provenance(input.RelativePath, -1, record.Offset), input.InputName);
                return new ConvertedRecord(result, skip);
            }
            : null;
        var (compression, source) = Open(file, magic[..magicLength], input, convert);
        var members = source as GzipMemberStream;
        using var parser = new WarcRecordParser(source, members, _options.MaxRecordMb * 1048576L);
        long index = 0;
        // With more than one thread, records are turned into documents in ordered batches on several threads (the
        // charset decoding and the document strings are about 40 % of the reader's CPU time); results, their order
        // and the counts are those of the one-thread path. The records stay in the parser's buffers, which it lends
        // to each batch instead of reusing them (no copy of the content).
        var batch = InflateWorkers > 1 ? new List<Pending>() : null;
        var pool = batch is null ? null : new RecordBufferPool(RecordBufferBytes);
        if (pool is not null) parser.LendBuffers(pool);
        Task<List<ReadResult>>? converting = null;
        long batchBytes = 0;
        using var records = parser.Read(cancellationToken).GetEnumerator();
        while (true)
        {
            WarcParseResult parsed;
            string? streamFailure = null;
            var more = true;
            try
            {
                more = records.MoveNext();
                parsed = more ? records.Current : default;
            }
            catch (UnsupportedWarcFormatException e)
            {
                throw new UnsupportedWarcFormatException($"{input.RelativePath}: {e.Message}");
            }
            catch (Exception e) when (compression is "zstd" or "lz4" && (Compression.IsCorruption(e) || e is InvalidOperationException))
            {
                // One compressed stream for the whole file: nothing after the damage can be found again.
                parsed = default;
                streamFailure = $"{compression}_corrupt: {e.Message}";
            }

            ReadResult? ready = null;
            if (streamFailure is not null) ready = ReadResult.Failed(new Provenance(input.RelativePath, index++, parser.Position), streamFailure);
            else if (more && parsed.Error is { } error)
            {
                ready = ReadResult.Failed(new Provenance(input.RelativePath, index++, error.FileOffset),
                    $"{error.Reason}: {error.Detail}", parsed.Preview);
            }

            var end = !more || streamFailure is not null;
            if (batch is null)
            {
                if (end && ready is null) break;
                var (result, skip) = ready is not null ? (ready, null) : Convert(parsed.Record!, new Provenance(input.RelativePath, index++, parsed.Record!.Offset), input.InputName);
                counts.Add(result, skip);
                if (result is { } r) yield return r;
                if (end) break;
                continue;
            }

            if (ready is not null) batch.Add(new Pending(null, default, ready, null));
            else if (more && parsed.Converted is { } converted)
                batch.Add(new Pending(null, default, Numbered(converted.Result, index++), converted.Skip));
            else if (more)
            {
                var record = parsed.Record!;
                batch.Add(new Pending(record, new Provenance(input.RelativePath, index++, record.Offset), null, null));
                batchBytes += record.Content.Length;
            }

            if (end || batch.Count >= 64 || batchBytes >= 2 << 20)
            {
                // One batch converts on other threads while this one frames the next: the calling thread, the
                // critical path, keeps only framing. Batches finish, and their results are yielded, in order.
                if (converting is not null)
                {
                    foreach (var r in converting.GetAwaiter().GetResult()) yield return r;
                }

                var full = batch;
                var buffers = parser.DetachBuffers();
                if (full.Exists(p => p.Record is not null))
                    converting = Task.Run(() => ConvertBatch(full, buffers, pool!, counts, input.InputName), CancellationToken.None);
                else
                {
                    // Everything in it was converted on the inflate workers (or failed): nothing to hand to a thread.
                    converting = null;
                    foreach (var r in ConvertBatch(full, buffers, pool!, counts, input.InputName)) yield return r;
                }

                batch = [];
                batchBytes = 0;
            }

            if (end) break;
        }

        if (converting is not null)
        {
            foreach (var r in converting.GetAwaiter().GetResult()) yield return r;
        }

        foreach (var (kind, n) in parser.Anomalies) counts.Anomalies[kind] = n;
        LastConvertedAhead = members?.ConvertedTaken ?? 0;
        LastCounts = counts;
        _context?.Log($"warc {input.RelativePath}: {counts}");
    }

    /// <summary>The decompressed bytes of the file, by its first bytes (not its name): gzip (per record or whole
    /// file), zstd and LZ4 frames, or plain. bzip2 and dictionary-compressed zstd (the <c>.warc.zst</c> layout whose
    /// first frame is a skippable frame holding the dictionary) fail the file as unsupported.</summary>
    private (string Compression, Stream Stream) Open(FileStream file, ReadOnlySpan<byte> magic, InputFile input, Func<WarcRecord, ConvertedRecord>? convert)
    {
        if (magic.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
            return ("gzip", new GzipMemberStream(file, InflateWorkers, InflateSegmentBytes, WholeMembers, convert, _options.MaxRecordMb * 1048576L));
        if (magic.SequenceEqual((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
            return ("zstd", new ZstdSharp.DecompressionStream(file, checkEndOfStream: true, leaveOpen: false));
        if (magic.SequenceEqual((ReadOnlySpan<byte>)[0x04, 0x22, 0x4d, 0x18]))
            return ("lz4", K4os.Compression.LZ4.Streams.LZ4Stream.Decode(file, leaveOpen: false));
        string? unsupported = null;
        if (magic.Length == 4 && (magic[0] & 0xf0) == 0x50 && magic[1..].SequenceEqual((ReadOnlySpan<byte>)[0x2a, 0x4d, 0x18]))
            unsupported = "zstd with a dictionary in a skippable frame";
        else if (magic.StartsWith("BZh"u8)) unsupported = "bzip2";
        if (unsupported is null) return ("none", file);
        file.Dispose();
        throw new UnsupportedWarcFormatException($"{input.RelativePath}: unsupported format: {unsupported}");
    }

    /// <summary>A record waiting in a batch (its content in a buffer the parser lent), or a result already known
    /// (<paramref name="Ready"/>, or a record skipped for the reason <paramref name="Skip"/>).</summary>
    private readonly record struct Pending(WarcRecord? Record, Provenance Where, ReadResult? Ready, string? Skip);

    /// <summary>A result converted on a worker, with the record number it has in the file.</summary>
    private static ReadResult? Numbered(ReadResult? result, long index)
    {
        if (result?.Document is { } doc) doc.Provenance = doc.Provenance with { Record = index };
        else if (result?.Bad is { } bad) return ReadResult.Failed(bad.Where with { Record = index }, bad.Reason, bad.Preview);
        return result;
    }

    /// <summary>Converts a batch on up to <see cref="ConvertThreads"/> threads; results come back in record order.
    /// <paramref name="buffers"/> hold the batch's records and go back to the pool afterwards.</summary>
    private List<ReadResult> ConvertBatch(List<Pending> batch, List<byte[]> buffers, RecordBufferPool pool, WarcReadCounts counts, string source)
    {
        var outcomes = new (ReadResult? Result, string? Skip)[batch.Count];
        try
        {
            if (!batch.Exists(p => p.Record is not null))
            {
                for (var i = 0; i < batch.Count; i++) outcomes[i] = (batch[i].Ready, batch[i].Skip);
            }
            else Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = ConvertThreads }, i =>
                outcomes[i] = batch[i].Record is { } record ? Convert(record, batch[i].Where, source) : (batch[i].Ready, batch[i].Skip));
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        finally
        {
            foreach (var buffer in buffers) pool.Return(buffer);
        }

        var results = new List<ReadResult>(outcomes.Length);
        foreach (var (result, skip) in outcomes)
        {
            counts.Add(result, skip);
            if (result is { } r) results.Add(r);
        }

        return results;
    }

    /// <summary>What becomes of one record: a document, a quarantine, or nothing (then <c>Skip</c> names why). Pure,
    /// so that records can be converted on several threads and counted afterwards in order.</summary>
    private (ReadResult? Result, string? Skip) Convert(WarcRecord record, Provenance where, string source)
    {
        var type = record["WARC-Type"]?.ToLowerInvariant();
        switch (type)
        {
            case "response":
                return FromResponse(record, where, source);
            case "conversion" when _options.Conversions:
                return (FromConversion(record, where, source), null);
            case null:
                return (ReadResult.Failed(where, "missing_warc_type: record has no WARC-Type header"), null);
            default:
                return (null, type);
        }
    }

    private (ReadResult? Result, string? Skip) FromResponse(WarcRecord record, Provenance where, string source)
    {
        if (!HttpResponse.TryParse(record.Content, out var http, out var error))
        {
            return (ReadResult.Failed(where, $"bad_http_response: {error}", Preview(record.Content)), null);
        }

        if (http!.Status < _options.MinStatus || http.Status > _options.MaxStatus)
        {
            return (null, $"status_{http.Status / 100}xx");
        }

        var mime = http.MimeType ?? "";
        if (!IsWanted(mime))
        {
            return (null, mime.Length == 0 ? "no_mime_type" : mime);
        }

        if (!http.TryDecodeBody(_options.MaxPayloadMb * 1048576L, out var body, out error))
        {
            var reason = error.Contains("limit", StringComparison.Ordinal) ? "payload_too_large" : "bad_content_encoding";
            return (ReadResult.Failed(where, $"{reason}: {error}", Preview(record.Content)), null);
        }

        var isHtml = mime.Contains("html", StringComparison.Ordinal) || mime.Contains("xml", StringComparison.Ordinal);
        var decoded = CharsetDecoder.Decode(body.Span, http.Charset, isHtml);
        if (decoded.Error is not null)
        {
            return (ReadResult.Failed(where, $"{decoded.Error}: {decoded.Detail}", Preview(body)), null);
        }

        var doc = NewDocument(record, where, source, decoded.Text!);
        doc.Metadata["content_type"] = mime;
        doc.Metadata["http_status"] = (long)http.Status;
        doc.Metadata["charset"] = decoded.Charset;
        doc.Metadata["charset_source"] = decoded.Source;
        return (doc, null);
    }

    private ReadResult FromConversion(WarcRecord record, Provenance where, string source)
    {
        var decoded = CharsetDecoder.Decode(record.Content.Span, "utf-8", isHtml: false);
        if (decoded.Error is not null)
        {
            return ReadResult.Failed(where, $"{decoded.Error}: {decoded.Detail}", Preview(record.Content));
        }

        var doc = NewDocument(record, where, source, decoded.Text!);
        doc.Metadata["content_type"] = HttpResponse.ParseContentType(record["Content-Type"]).Mime ?? "text/plain";
        doc.Metadata["charset"] = decoded.Charset;
        return doc;
    }

    private static Document NewDocument(WarcRecord record, Provenance where, string source, string text)
    {
        var doc = new Document
        {
            Id = StripBrackets(record["WARC-Record-ID"]) ?? $"{where.File}#{where.ByteOffset}",
            Text = text,
            Source = source,
            Url = StripBrackets(record["WARC-Target-URI"]),
            Provenance = where,
        };
        doc.Metadata["warc_type"] = record["WARC-Type"]!.ToLowerInvariant();
        if (record["WARC-Date"] is { } date) doc.Metadata["warc_date"] = date;
        return doc;
    }

    private bool IsWanted(string mime)
    {
        if (_anyMime) return true;
        foreach (var wanted in _options.MimeTypes)
        {
            if (string.Equals(wanted, mime, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    /// <summary>WARC 1.0 wraps URIs in angle brackets; WARC 1.1 does not.</summary>
    private static string? StripBrackets(string? value) =>
        value is { Length: >= 2 } && value[0] == '<' && value[^1] == '>' ? value[1..^1] : value;

    private static string Preview(ReadOnlyMemory<byte> bytes)
    {
        var head = bytes.Span[..Math.Min(bytes.Length, 256)];
        return Encoding.UTF8.GetString(head);
    }
}

/// <summary>What a <see cref="WarcReader"/> did with the records of one file.</summary>
public sealed class WarcReadCounts
{
    /// <summary>Records that became documents.</summary>
    public long Documents { get; set; }

    /// <summary>Records or stretches of the file that were quarantined.</summary>
    public long Quarantined { get; set; }

    /// <summary>Framing that departs from the standard but was read (LF-only line endings, extra blank lines, a short
    /// trailer at the end of the file), by kind.</summary>
    public SortedDictionary<string, long> Anomalies { get; } = new(StringComparer.Ordinal);

    /// <summary>Records skipped on purpose, by WARC type, MIME type or status class.</summary>
    public SortedDictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

    internal void Skip(string key) => Skipped[key] = Skipped.GetValueOrDefault(key) + 1;

    /// <summary>Counts what became of one record.</summary>
    internal void Add(ReadResult? result, string? skip)
    {
        if (result?.Document is not null) Documents++;
        else if (result?.Bad is not null) Quarantined++;
        if (skip is not null) Skip(skip);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Documents} documents, {Quarantined} quarantined, skipped: " +
        (Skipped.Count == 0 ? "none" : string.Join(", ", Skipped.Select(kv => $"{kv.Key} {kv.Value}"))) +
        (Anomalies.Count == 0 ? "" : "; framing anomalies read: " + string.Join(", ", Anomalies.Select(kv => $"{kv.Key} {kv.Value}")));
}
