using System.Text;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>What kind of archive a file holds.</summary>
internal enum WarcFileFormat
{
    Unknown,
    Warc,
    Arc,
}

/// <summary>A file that is neither WARC nor ARC (or a compression the reader does not read): the whole file fails.</summary>
internal sealed class UnsupportedWarcFormatException(string message) : IOException(message);

/// <summary>One WARC record: its named header fields and its content block.</summary>
/// <remarks><see cref="Content"/> points into the parser's buffer and is valid until the next record is read.</remarks>
internal sealed class WarcRecord
{
    public required long Offset { get; init; }
    public required List<KeyValuePair<string, string>> Headers { get; init; }
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The first value of a header field (names compare case-insensitively, as WARC 1.1 §5 says).</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
            }

            return null;
        }
    }
}

/// <summary>What a reader made of one record on a prefetch worker (see <see cref="GzipMemberPrefetcher"/>): a
/// document or a quarantine, or nothing and why it was skipped. Its provenance carries no record number yet (the
/// record's place in the file is known only when the parser reaches it), which the reader sets.</summary>
internal readonly record struct ConvertedRecord(CorpusForge.Core.Stages.ReadResult? Result, string? Skip);

/// <summary>What the parser found next: a record, a problem at a file offset (the record in question is lost), or
/// a record that a prefetch worker already turned into a result (<see cref="Converted"/>).</summary>
internal readonly record struct WarcParseResult(WarcRecord? Record, WarcFormatException? Error, string? Preview, ConvertedRecord? Converted = null);

/// <summary>Splits a decompressed WARC byte stream into records (WARC/1.0 and 1.1, and the 0.17/0.18 drafts early
/// crawls such as ClueWeb12 used), checking each record's framing and resynchronising at the next <c>WARC/x.y</c>
/// line after any damage.</summary>
/// <remarks>
/// A record is a version line, header fields, an empty line, <c>Content-Length</c> bytes of content and two CRLFs
/// (WARC 1.1 §4). A record is held in memory whole, up to the size limit, so that when its framing turns out wrong
/// (a Content-Length that overshoots into the next record, say) the parser can look for the next record inside the
/// bytes it already read. Records over the limit are reported and streamed past without being held.
/// </remarks>
internal sealed class WarcRecordParser : IDisposable
{
    private const int MaxHeaderBytes = 1 << 16;
    private const int PreviewBytes = 256;
    private static ReadOnlySpan<byte> VersionPrefix => "WARC/"u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private readonly Stream _source;
    private readonly GzipMemberStream? _members;
    private readonly long _maxRecordBytes;
    private byte[] _buffer = new byte[1 << 16];
    private long _bufferPosition;
    private int _start;
    private int _end;
    private bool _sourceDone;
    private WarcFileFormat _format;
    private WarcFormatException? _deferred;

    // Lending (see LendBuffers): the pool the buffers come from, the end of the last record handed out from the
    // current buffer (bytes before it must not be overwritten), and the earlier buffers that hold handed-out records.
    private RecordBufferPool? _pool;
    private int _lentEnd;
    private readonly List<byte[]> _retired = [];

    /// <param name="source">Decompressed bytes of the file.</param>
    /// <param name="members">The same stream when the file is gzip: it maps positions to member offsets.</param>
    /// <param name="maxRecordBytes">Largest record content held in memory; larger records are reported and skipped.</param>
    public WarcRecordParser(Stream source, GzipMemberStream? members, long maxRecordBytes)
    {
        _source = source;
        _members = members;
        _maxRecordBytes = maxRecordBytes;
    }

    /// <summary>Makes every record's <see cref="WarcRecord.Content"/> stay valid after the next record is read (until
    /// <see cref="DetachBuffers"/> hands its buffer to the caller), so that records can be converted on other threads
    /// without a copy: the parser never writes over bytes it has handed out, and takes a new buffer from
    /// <paramref name="pool"/> instead.</summary>
    public void LendBuffers(RecordBufferPool pool)
    {
        _pool = pool;
        var first = pool.Rent(Available);
        _buffer.AsSpan(_start, Available).CopyTo(first);
        _bufferPosition += _start;
        _end = Available;
        _start = 0;
        _buffer = first;
    }

    /// <summary>With <see cref="LendBuffers"/>: the buffers that hold every record handed out so far (the caller
    /// returns them to the pool when it is done with those records); the parser goes on in a new buffer.</summary>
    public List<byte[]> DetachBuffers()
    {
        if (_pool is null) throw new InvalidOperationException("buffers are not lent");
        if (_lentEnd > 0) SwitchBuffer(0);
        var detached = new List<byte[]>(_retired);
        _retired.Clear();
        return detached;
    }

    /// <summary>Moves the unread bytes to a buffer of at least <paramref name="length"/> bytes from the pool; the old
    /// buffer is kept for the caller when it holds handed-out records, else returned to the pool.</summary>
    private void SwitchBuffer(int length)
    {
        var next = _pool!.Rent(Math.Max(length, Available));
        _buffer.AsSpan(_start, Available).CopyTo(next);
        if (_lentEnd > 0) _retired.Add(_buffer);
        else _pool.Return(_buffer);
        _bufferPosition += _start;
        _end = Available;
        _start = 0;
        _lentEnd = 0;
        _buffer = next;
    }

    /// <summary>Every record and every problem, in file order.</summary>
    public IEnumerable<WarcParseResult> Read(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = Next();
            if (result is null) yield break;
            yield return result.Value;
        }
    }

    private int Available => _end - _start;

    /// <summary>Position in the decompressed data.</summary>
    public long Position => _bufferPosition + _start;

    private WarcParseResult? Next()
    {
        try
        {
            if (_deferred is { } deferred)
            {
                _deferred = null;
                throw deferred;
            }

            if (_format == WarcFileFormat.Unknown) _format = Sniff();
            if (_format == WarcFileFormat.Arc) return NextArc();
            if (!SkipBlankLines()) return null;
            if (TakeConverted() is { } converted) return converted;
            var recordStart = Position;
            var offset = OffsetOf(recordStart);
            if (!Fill(VersionPrefix.Length + 4) || !VersionLineAtStart())
            {
                var preview = Preview(_start);
                var skipped = Resync(_start + 1);
                return Problem("missing_warc_header", $"{skipped} bytes before the next WARC/x.y record line", offset, preview);
            }

            var headerLength = FindHeaderEnd(out var strictHeader);
            if (headerLength < 0)
            {
                var preview = Preview(_start);
                Resync(_start + 1);
                return Problem("bad_warc_header", $"no end of header block within {MaxHeaderBytes} bytes", offset, preview);
            }

            if (!strictHeader) Anomaly("header_line_endings");
            var headers = ParseHeaders(_buffer.AsSpan(_start, headerLength));
            var lengthText = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            if (!long.TryParse(lengthText, System.Globalization.NumberStyles.None, null, out var contentLength))
            {
                var preview = Preview(_start);
                Resync(_start + headerLength);
                return Problem("bad_content_length", $"Content-Length '{lengthText}' is missing or not a number", offset, preview);
            }

            if (contentLength > _maxRecordBytes)
            {
                var preview = Preview(_start);
                var early = SkipLargeRecord(headerLength, contentLength);
                return Problem("record_too_large", early < 0
                    ? $"content of {contentLength} bytes exceeds the limit of {_maxRecordBytes}"
                    : $"Content-Length {contentLength} exceeds the limit of {_maxRecordBytes}, and the next record starts {early} bytes into it: resynchronised there",
                    offset, preview);
            }

            // contentLength ≤ max_record_bytes ≤ 2^30 (validated), so these sums cannot overflow.
            var contentEnd = headerLength + (int)contentLength;
            if (!Fill(contentEnd))
            {
                var preview = Preview(_start);
                var skipped = Resync(_start + headerLength);
                return Problem("truncated_record",
                    $"Content-Length {contentLength} runs past the end of the data ({skipped} bytes skipped)", offset, preview);
            }

            // The record ends with CRLF CRLF (WARC 1.1 §4); like warcio, a record whose trailer is short, made of bare
            // LFs or missing at the end of the file is read, and the anomaly counted.
            const int maxTrailer = 8;
            FillAhead(contentEnd + maxTrailer + VersionPrefix.Length);
            var trailer = 0;
            while (trailer < maxTrailer && _start + contentEnd + trailer < _end && _buffer[_start + contentEnd + trailer] is (byte)'\r' or (byte)'\n') trailer++;
            var next = _start + contentEnd + trailer;
            var atEnd = next >= _end;
            var exact = trailer >= HeaderEnd.Length && _buffer.AsSpan(_start + contentEnd, HeaderEnd.Length).SequenceEqual(HeaderEnd);
            // Any other run of line breaks is accepted only when the next record (or the end of the data) follows it,
            // so that a Content-Length that overshoots into the next record's header lines is still caught.
            var lenient = !exact && trailer > 0 && (atEnd || _buffer.AsSpan(next, Math.Min(VersionPrefix.Length, _end - next)).SequenceEqual(VersionPrefix));
            if (!exact && !lenient && !(trailer == 0 && atEnd))
            {
                var preview = Preview(_start);
                Resync(_start + headerLength);
                return Problem("content_length_mismatch",
                    $"record does not end with CRLF CRLF after Content-Length {contentLength} bytes", offset, preview);
            }

            if (exact) trailer = HeaderEnd.Length;
            else Anomaly(atEnd ? "short_trailer_at_end" : "trailer_line_endings");

            var record = new WarcRecord
            {
                Offset = offset,
                Headers = headers,
                Content = _buffer.AsMemory(_start + headerLength, (int)contentLength),
            };
            if (_pool is not null) _lentEnd = _start + contentEnd;
            _start += contentEnd + trailer;
            return new WarcParseResult(record, null, null);
        }
        catch (WarcFormatException e)
        {
            // The compressed data under the record is damaged; what was buffered of it is worthless.
            if (_lentEnd > 0) SwitchBuffer(0);
            _bufferPosition = _source.Position;
            _start = _end = 0;
            return new WarcParseResult(null, e, null);
        }
    }

    /// <summary>The record of the gzip member starting here, when a prefetch worker found the member to hold exactly
    /// one well-framed record (<see cref="WholeRecord"/>) and already converted it: the member's bytes are skipped
    /// instead of copied and framed again. Null (and nothing changed) otherwise.</summary>
    /// <remarks>
    /// Exact: from a record boundary at the start of such a member, the steps below would frame that very record (the
    /// worker checked what they check), with no anomaly. After it they would look ahead <c>VersionPrefix.Length + 4</c>
    /// bytes past the member's end (the trailer check), which can meet damage in the next member and defer it; the
    /// same look-ahead is made here, from the same position, so the next member's failures surface at the same point.
    /// </remarks>
    private WarcParseResult? TakeConverted()
    {
        if (_members is null || _format != WarcFileFormat.Warc) return null;
        if (!_members.TryTakeConverted(Position, out var converted, out var length)) return null;
        // The bytes buffered so far are the start of that member (the stream has started no other); skip them and
        // the rest, keeping the buffer index where it is (bytes before it may be lent out).
        _bufferPosition = Position + length - _end;
        _start = _end;
        FillAhead(VersionPrefix.Length + 4);
        return new WarcParseResult(null, null, null, converted);
    }

    /// <summary>The record <paramref name="data"/> holds when it is exactly one record framed as WARC 1.1 §4 says
    /// (a version line, header lines each ended by CRLF, a blank line, <c>Content-Length</c> bytes of content, CRLF
    /// CRLF, nothing after), with its content within <paramref name="maxRecordBytes"/>; null for anything else.</summary>
    /// <remarks>This is what <see cref="Next"/> frames from the start of such bytes with no anomaly and no problem,
    /// so a prefetch worker may frame a member with it ahead of the parser (see <see cref="TakeConverted"/>).</remarks>
    public static WarcRecord? WholeRecord(ReadOnlyMemory<byte> data, long offset, long maxRecordBytes)
    {
        var span = data.Span;
        if (!IsVersionLine(span)) return null;
        var lineStart = 0;
        int headerLength;
        while (true)
        {
            var lf = span[lineStart..].IndexOf((byte)'\n');
            if (lf < 0) return null;
            var line = span.Slice(lineStart, lf);
            // Strict CRLF (as FindHeaderEnd judges it): anything else is read with an anomaly, so not here.
            if (line.Length == 0 || line[^1] != '\r' || (line.Length >= 2 && line[^2] == '\r')) return null;
            lineStart += lf + 1;
            if (line.Length == 1)
            {
                headerLength = lineStart;
                break;
            }

            if (lineStart > MaxHeaderBytes) return null;
        }

        if (headerLength > MaxHeaderBytes) return null;
        var headers = ParseHeaders(span[..headerLength]);
        var lengthText = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (!long.TryParse(lengthText, System.Globalization.NumberStyles.None, null, out var contentLength)) return null;
        if (contentLength > maxRecordBytes || headerLength + contentLength + HeaderEnd.Length != span.Length) return null;
        if (!span[^HeaderEnd.Length..].SequenceEqual(HeaderEnd)) return null;
        return new WarcRecord { Offset = offset, Headers = headers, Content = data.Slice(headerLength, (int)contentLength) };
    }

    /// <summary>What the first bytes of the data are: an ARC file starts with its <c>filedesc://</c> version block,
    /// a WARC file has a <c>WARC/x.y</c> line in its first 64 KB (damage before the first record is quarantined, not
    /// fatal). Anything else fails the file: reading it as WARC would report one misleading missing header and
    /// succeed.</summary>
    private WarcFileFormat Sniff()
    {
        Fill(VersionPrefix.Length + 8);
        var first = _buffer.AsSpan(_start, Available).TrimStart("\r\n"u8);
        if (first.StartsWith("filedesc"u8)) return WarcFileFormat.Arc;
        if (Available == 0 || IsVersionLine(_start)) return WarcFileFormat.Warc;
        try
        {
            Fill(MaxHeaderBytes);
        }
        catch (WarcFormatException)
        {
            // Damaged compressed data before any record: the parser reports it as it does everywhere else.
            _format = WarcFileFormat.Warc;
            throw;
        }

        var head = _buffer.AsSpan(_start, Available);
        if (head.TrimStart("\r\n"u8).StartsWith("filedesc://"u8)) return WarcFileFormat.Arc;
        for (var from = 0; from < head.Length;)
        {
            var at = head[from..].IndexOf(VersionPrefix);
            if (at < 0) break;
            if (IsVersionLine(_start + from + at)) return WarcFileFormat.Warc;
            from += at + 1;
        }

        throw new UnsupportedWarcFormatException(
            $"unsupported format: neither a WARC record line (WARC/x.y) nor an ARC version block (filedesc://) in the first {head.Length} bytes; starts with '{Preview(_start)[..Math.Min(40, Available)].ReplaceLineEndings(" ")}'");
    }

    /// <summary>The next ARC record (ARC v1 and v2 as the Internet Archive wrote them, read the way warcio does):
    /// a header line of space-separated fields (URL, IP, 14-digit date, content type, …, length last), the content,
    /// and a line feed. An http(s) record whose content starts with a status line becomes a <c>response</c>; the
    /// <c>filedesc://</c> block is the file's <c>warcinfo</c>; others are <c>resource</c> records.</summary>
    private WarcParseResult? NextArc()
    {
        while (true)
        {
            if (!Fill(1)) return null;
            if (_buffer[_start] is not ((byte)'\r' or (byte)'\n')) break;
            _start++;
        }

        var offset = OffsetOf(Position);
        var lf = -1;
        while (lf < 0)
        {
            lf = _buffer.AsSpan(_start, Math.Min(Available, MaxHeaderBytes)).IndexOf((byte)'\n');
            if (lf < 0 && (Available >= MaxHeaderBytes || !Fill(Available + 1))) break;
        }

        var fields = lf < 0 ? [] : Encoding.Latin1.GetString(_buffer, _start, lf).TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || !long.TryParse(fields[^1], System.Globalization.NumberStyles.None, null, out var length))
        {
            var preview = Preview(_start);
            var skipped = SkipToArcHeader();
            return Problem("bad_arc_header", $"not an ARC record header line ({skipped} bytes skipped)", offset, preview);
        }

        var headerLength = lf + 1;
        if (length > _maxRecordBytes)
        {
            var preview = Preview(_start);
            var end = length > long.MaxValue - Position - headerLength ? long.MaxValue : Position + headerLength + length;
            _start += headerLength;
            while (Position < end && Fill(1)) _start += (int)Math.Min(Available, end - Position);
            return Problem("record_too_large", $"content of {length} bytes exceeds the limit of {_maxRecordBytes}", offset, preview);
        }

        var total = headerLength + (int)length;
        if (!Fill(total))
        {
            var preview = Preview(_start);
            _start = _end;
            return Problem("truncated_record", $"ARC length {length} runs past the end of the data", offset, preview);
        }

        var url = fields[0];
        var content = _buffer.AsMemory(_start + headerLength, (int)length);
        var type = url.StartsWith("filedesc://", StringComparison.OrdinalIgnoreCase) ? "warcinfo"
            : (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) &&
              content.Span.StartsWith("HTTP/"u8) ? "response" : "resource";
        var headers = new List<KeyValuePair<string, string>>
        {
            new("WARC-Type", type),
            new("WARC-Target-URI", url),
            new("Content-Type", fields[3]),
            new("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (fields[2].Length == 14 && fields[2].All(char.IsAsciiDigit))
            headers.Add(new("WARC-Date", $"{fields[2][..4]}-{fields[2][4..6]}-{fields[2][6..8]}T{fields[2][8..10]}:{fields[2][10..12]}:{fields[2][12..14]}Z"));
        var record = new WarcRecord { Offset = offset, Headers = headers, Content = content };
        if (_pool is not null) _lentEnd = _start + total;
        _start += total;
        return new WarcParseResult(record, null, null);
    }

    /// <summary>Skips to the next line that starts like an ARC header (a URL scheme, or <c>dns:</c>/<c>filedesc:</c>);
    /// returns the bytes skipped.</summary>
    private long SkipToArcHeader()
    {
        var before = Position;
        _start = Math.Min(_start + 1, _end);
        while (true)
        {
            var lf = _buffer.AsSpan(_start, Available).IndexOf((byte)'\n');
            if (lf < 0)
            {
                _start = _end;
                if (!Fill(1)) return Position - before;
                continue;
            }

            _start += lf + 1;
            if (!Fill(12)) continue;
            var line = _buffer.AsSpan(_start, Math.Min(Available, 16));
            if (line.StartsWith("http://"u8) || line.StartsWith("https://"u8) || line.StartsWith("dns:"u8) ||
                line.StartsWith("filedesc://"u8) || line.StartsWith("ftp://"u8)) return Position - before;
        }
    }

    private WarcParseResult Problem(string reason, string detail, long offset, string preview) =>
        new(null, new WarcFormatException(reason, detail, offset), preview);

    /// <summary>File offset to report for a record starting at decompressed <paramref name="position"/>: the gzip
    /// member's offset when the record starts a member (the Common Crawl layout), else the decompressed position.</summary>
    private long OffsetOf(long position) =>
        _members is not null && _members.TryGetMemberStart(position, out var fileOffset) ? fileOffset : position;

    /// <summary>Skips line breaks between records (an extra LF after a record, a lone CRLF at the end of the file),
    /// counting them as an anomaly; false at the end of the data.</summary>
    private bool SkipBlankLines()
    {
        var skipped = false;
        while (true)
        {
            if (!Fill(1))
            {
                if (skipped) Anomaly("blank_lines_between_records");
                return false;
            }

            var b = _buffer[_start];
            if (b != (byte)'\r' && b != (byte)'\n')
            {
                if (skipped) Anomaly("blank_lines_between_records");
                return true;
            }

            skipped = true;
            _start++;
        }
    }

    /// <summary>Framing that departs from WARC 1.1 but was read all the same, by kind.</summary>
    public SortedDictionary<string, long> Anomalies { get; } = new(StringComparer.Ordinal);

    private void Anomaly(string kind) => Anomalies[kind] = Anomalies.GetValueOrDefault(kind) + 1;

    /// <summary>Length of the header block including its blank line, or -1. The blank line is a line holding only
    /// CRs, so LF-only and CR CR LF headers are found too (<paramref name="strict"/> is false for them).</summary>
    private int FindHeaderEnd(out bool strict)
    {
        strict = true;
        var lineStart = 0;
        while (true)
        {
            var lf = _buffer.AsSpan(_start + lineStart, Available - lineStart).IndexOf((byte)'\n');
            if (lf < 0)
            {
                if (Available >= MaxHeaderBytes || !Fill(Available + 1)) return -1;
                continue;
            }

            var line = _buffer.AsSpan(_start + lineStart, lf);
            if (line.Length == 0 || line[^1] != '\r' || (line.Length >= 2 && line[^2] == '\r')) strict = false;
            lineStart += lf + 1;
            if (line.IndexOfAnyExcept((byte)'\r') < 0) return lineStart;
            if (lineStart > MaxHeaderBytes) return -1;
        }
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(ReadOnlySpan<byte> block)
    {
        var headers = new List<KeyValuePair<string, string>>(16);
        var text = Encoding.UTF8.GetString(block);
        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    /// <summary>Moves to the next <c>WARC/x.y</c> version line at or after buffer index
    /// <paramref name="from"/> (a whole line, so that damage need not end with a line break); returns the bytes skipped.</summary>
    private long Resync(int from)
    {
        var skippedBefore = Position;
        _start = Math.Min(from, _end);
        while (true)
        {
            var window = _buffer.AsSpan(_start, Available);
            var searchFrom = 0;
            while (true)
            {
                var at = window[searchFrom..].IndexOf(VersionPrefix);
                if (at < 0) break;
                at += searchFrom;
                var index = _start + at;
                var position = _bufferPosition + index;
                if (IsVersionLine(index) || IsMemberStart(position))
                {
                    _start = index;
                    return Position - skippedBefore;
                }

                searchFrom = at + 1;
            }

            var keep = Math.Min(Available, VersionPrefix.Length + 12);
            _start = _end - keep;
            if (!Fill(Available + 1))
            {
                _start = _end;
                return Position - skippedBefore;
            }
        }
    }

    /// <summary>A whole <c>WARC/x.y</c> line (WARC/1.0, 1.1, and 0.17/0.18 as ClueWeb12 and other early crawls
    /// wrote them) at buffer <paramref name="index"/>, ended by LF with any CRs before it.</summary>
    private bool IsVersionLine(int index) => index <= _end && IsVersionLine(_buffer.AsSpan(index, _end - index));

    /// <summary>Longest version line a record may start with (<c>WARC/999.999</c>, CRs, LF).</summary>
    private const int MaxVersionLine = 32;

    /// <summary>Whether a record's version line starts here, judged on the whole line: the buffer is filled up to its
    /// LF first (or <see cref="MaxVersionLine"/> bytes, or the end of the data), so that where the buffered bytes
    /// happen to end (a lent buffer's end, a gzip member's end) cannot make a good record look damaged.</summary>
    private bool VersionLineAtStart()
    {
        while (Available < MaxVersionLine && _buffer.AsSpan(_start, Available).IndexOf((byte)'\n') < 0 && Fill(Available + 1))
        {
        }

        return IsVersionLine(_buffer.AsSpan(_start, Math.Min(Available, MaxVersionLine)));
    }

    /// <summary>Whether <paramref name="data"/> starts with a whole version line.</summary>
    private static bool IsVersionLine(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(VersionPrefix)) return false;
        var i = VersionPrefix.Length;
        var digits = 0;
        while (i < data.Length && char.IsAsciiDigit((char)data[i]) && digits < 3) (i, digits) = (i + 1, digits + 1);
        if (digits == 0 || i >= data.Length || data[i] != '.') return false;
        i++;
        digits = 0;
        while (i < data.Length && char.IsAsciiDigit((char)data[i]) && digits < 3) (i, digits) = (i + 1, digits + 1);
        if (digits == 0) return false;
        while (i < data.Length && data[i] == '\r') i++;
        return i < data.Length && data[i] == '\n';
    }

    private bool IsMemberStart(long position) => _members is not null && _members.TryGetMemberStart(position, out _);

    /// <summary>Streams past a record over the size limit without holding it. A damaged Content-Length (a huge
    /// number, or one near 2^63 whose sum with the header length would overflow) must not swallow the records after
    /// it: the scan stops at the first record start inside the claimed content — a gzip member start, or a version
    /// line right after a record trailer (CRLF CRLF) — and returns its distance from the record start; -1 when the
    /// record ended where its Content-Length said (or the data ended).</summary>
    private long SkipLargeRecord(int headerLength, long contentLength)
    {
        var recordStart = Position;
        // Saturating: a Content-Length near long.MaxValue must not wrap around to a negative end.
        var end = contentLength > long.MaxValue - recordStart - headerLength ? long.MaxValue : recordStart + headerLength + contentLength;
        _start += headerLength;
        const int keep = 32;
        while (Position < end)
        {
            Fill(Math.Min(_buffer.Length, 1 << 16));
            if (Available == 0) return -1;
            var length = (int)Math.Min(Available, end - Position);
            var window = _buffer.AsSpan(_start, length);
            var searchFrom = 0;
            while (true)
            {
                var at = window[searchFrom..].IndexOf(VersionPrefix);
                if (at < 0) break;
                at += searchFrom;
                var index = _start + at;
                var afterTrailer = index >= 4 && _buffer.AsSpan(index - 4, 4).SequenceEqual(HeaderEnd);
                if (IsVersionLine(index) && (afterTrailer || IsMemberStart(_bufferPosition + index)))
                {
                    _start = index;
                    return Position - recordStart;
                }

                searchFrom = at + 1;
            }

            // Keep a few bytes unconsumed so that a version line cut by the end of the window is seen next time.
            var whole = length < Available || Position + length == end || _sourceDone;
            _start += whole ? length : Math.Max(1, length - keep);
        }

        SkipTrailer();
        return -1;
    }

    private void SkipTrailer()
    {
        for (var i = 0; i < HeaderEnd.Length && Fill(1) && (_buffer[_start] == '\r' || _buffer[_start] == '\n'); i++) _start++;
    }

    private string Preview(int index)
    {
        var n = Math.Min(PreviewBytes, _end - index);
        if (n <= 0) return "";
        var chars = new char[n];
        for (var i = 0; i < n; i++)
        {
            var b = _buffer[index + i];
            chars[i] = b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t' ? (char)b : '\uFFFD';
        }

        return new string(chars);
    }

    /// <summary>Looks ahead past the current record: damage in the data after it (the next gzip member) is reported
    /// on the next call, so it does not cost the record already read.</summary>
    private void FillAhead(int count)
    {
        try
        {
            Fill(count);
        }
        catch (WarcFormatException e)
        {
            _deferred = e;
            _sourceDone = false;
        }
    }

    /// <summary>Makes <paramref name="count"/> bytes available from <see cref="_start"/>; false when the data ends first.</summary>
    private bool Fill(int count)
    {
        if (Available >= count) return true;
        if (_pool is not null)
        {
            if (count > _buffer.Length) SwitchBuffer(Math.Max(count, (int)Math.Min(_buffer.Length * 2L, int.MaxValue / 2)));
            // Bytes before _lentEnd belong to records handed out: never moved or overwritten, only left behind.
            else if (_buffer.Length - _start < count && _lentEnd > 0) SwitchBuffer(count);
            else if (_buffer.Length - _start < count) Compact();
        }
        else if (_start > 0) Compact();

        if (count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(count, Math.Min(_buffer.Length * 2, int.MaxValue / 2)));
        while (Available < count && !_sourceDone)
        {
            var n = _source.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _sourceDone = true;
            _end += n;
        }

        return Available >= count;
    }

    /// <summary>Moves the unread bytes to the start of the buffer.</summary>
    private void Compact()
    {
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
        _bufferPosition += _start;
        _end -= _start;
        _start = 0;
    }

    public void Dispose()
    {
        _source.Dispose();
        if (_pool is null) return;
        // Buffers never detached hold no record anyone still reads once the parser is gone.
        foreach (var buffer in _retired) _pool.Return(buffer);
        _retired.Clear();
        _pool.Return(_buffer);
        _buffer = [];
    }
}
