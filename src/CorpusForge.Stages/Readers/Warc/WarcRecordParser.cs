using System.Text;

namespace CorpusForge.Stages.Readers.Warc;

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

/// <summary>What the parser found next: a record, or a problem at a file offset (the record in question is lost).</summary>
internal readonly record struct WarcParseResult(WarcRecord? Record, WarcFormatException? Error, string? Preview);

/// <summary>Splits a decompressed WARC byte stream into records (WARC/1.0 and 1.1), checking each record's framing
/// and resynchronising at the next <c>WARC/1.x</c> line after any damage.</summary>
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
    private static ReadOnlySpan<byte> VersionPrefix => "WARC/1."u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private readonly Stream _source;
    private readonly GzipMemberStream? _members;
    private readonly long _maxRecordBytes;
    private byte[] _buffer = new byte[1 << 16];
    private long _bufferPosition;
    private int _start;
    private int _end;
    private bool _sourceDone;

    /// <param name="source">Decompressed bytes of the file.</param>
    /// <param name="members">The same stream when the file is gzip: it maps positions to member offsets.</param>
    /// <param name="maxRecordBytes">Largest record content held in memory; larger records are reported and skipped.</param>
    public WarcRecordParser(Stream source, GzipMemberStream? members, long maxRecordBytes)
    {
        _source = source;
        _members = members;
        _maxRecordBytes = maxRecordBytes;
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
    private long Position => _bufferPosition + _start;

    private WarcParseResult? Next()
    {
        try
        {
            if (!SkipBlankLines()) return null;
            var recordStart = Position;
            var offset = OffsetOf(recordStart);
            if (!Fill(VersionPrefix.Length) || !_buffer.AsSpan(_start, VersionPrefix.Length).SequenceEqual(VersionPrefix))
            {
                var preview = Preview(_start);
                var skipped = Resync(_start + 1);
                return Problem("missing_warc_header", $"{skipped} bytes before the next WARC/1.x record line", offset, preview);
            }

            var headerLength = FindHeaderEnd();
            if (headerLength < 0)
            {
                var preview = Preview(_start);
                Resync(_start + 1);
                return Problem("bad_warc_header", $"no end of header block within {MaxHeaderBytes} bytes", offset, preview);
            }

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
                Skip(headerLength + contentLength);
                SkipTrailer();
                return Problem("record_too_large", $"content of {contentLength} bytes exceeds the limit of {_maxRecordBytes}", offset, preview);
            }

            var total = headerLength + (int)contentLength + HeaderEnd.Length;
            if (!Fill(total))
            {
                var preview = Preview(_start);
                var skipped = Resync(_start + headerLength);
                return Problem("truncated_record",
                    $"Content-Length {contentLength} runs past the end of the data ({skipped} bytes skipped)", offset, preview);
            }

            if (!_buffer.AsSpan(_start + headerLength + (int)contentLength, HeaderEnd.Length).SequenceEqual(HeaderEnd))
            {
                var preview = Preview(_start);
                Resync(_start + headerLength);
                return Problem("content_length_mismatch",
                    $"record does not end with CRLF CRLF after Content-Length {contentLength} bytes", offset, preview);
            }

            var record = new WarcRecord
            {
                Offset = offset,
                Headers = headers,
                Content = _buffer.AsMemory(_start + headerLength, (int)contentLength),
            };
            _start += total;
            return new WarcParseResult(record, null, null);
        }
        catch (WarcFormatException e)
        {
            // The compressed data under the record is damaged; what was buffered of it is worthless.
            _bufferPosition = _source.Position;
            _start = _end = 0;
            return new WarcParseResult(null, e, null);
        }
    }

    private WarcParseResult Problem(string reason, string detail, long offset, string preview) =>
        new(null, new WarcFormatException(reason, detail, offset), preview);

    /// <summary>File offset to report for a record starting at decompressed <paramref name="position"/>: the gzip
    /// member's offset when the record starts a member (the Common Crawl layout), else the decompressed position.</summary>
    private long OffsetOf(long position) =>
        _members is not null && _members.TryGetMemberStart(position, out var fileOffset) ? fileOffset : position;

    private bool SkipBlankLines()
    {
        while (true)
        {
            if (!Fill(1)) return false;
            var b = _buffer[_start];
            if (b != (byte)'\r' && b != (byte)'\n') return true;
            _start++;
        }
    }

    /// <summary>Length of the header block including its blank line, or -1.</summary>
    private int FindHeaderEnd()
    {
        var searched = 0;
        while (true)
        {
            var window = _buffer.AsSpan(_start, Math.Min(Available, MaxHeaderBytes));
            var at = window[Math.Max(0, searched - 3)..].IndexOf(HeaderEnd);
            if (at >= 0) return Math.Max(0, searched - 3) + at + HeaderEnd.Length;
            searched = window.Length;
            if (searched >= MaxHeaderBytes || !Fill(Available + 1)) return -1;
        }
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(ReadOnlySpan<byte> block)
    {
        var headers = new List<KeyValuePair<string, string>>(16);
        var text = Encoding.UTF8.GetString(block);
        var lines = text.Split("\r\n");
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
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

    /// <summary>Moves to the next <c>WARC/1.0</c> or <c>WARC/1.1</c> version line at or after buffer index
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

            var keep = Math.Min(Available, VersionPrefix.Length + 3);
            _start = _end - keep;
            if (!Fill(Available + 1))
            {
                _start = _end;
                return Position - skippedBefore;
            }
        }
    }

    private bool IsVersionLine(int index) =>
        index + VersionPrefix.Length + 3 <= _end &&
        _buffer[index + VersionPrefix.Length] is (byte)'0' or (byte)'1' &&
        _buffer[index + VersionPrefix.Length + 1] == '\r' && _buffer[index + VersionPrefix.Length + 2] == '\n';

    private bool IsMemberStart(long position) => _members is not null && _members.TryGetMemberStart(position, out _);

    /// <summary>Consumes <paramref name="count"/> bytes without holding them.</summary>
    private void Skip(long count)
    {
        while (count > 0)
        {
            if (Available == 0 && !Fill(1)) return;
            var n = (int)Math.Min(count, Available);
            _start += n;
            count -= n;
        }
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

    /// <summary>Makes <paramref name="count"/> bytes available from <see cref="_start"/>; false when the data ends first.</summary>
    private bool Fill(int count)
    {
        if (Available >= count) return true;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
            _bufferPosition += _start;
            _end -= _start;
            _start = 0;
        }

        if (count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(count, Math.Min(_buffer.Length * 2, int.MaxValue / 2)));
        while (Available < count && !_sourceDone)
        {
            var n = _source.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _sourceDone = true;
            _end += n;
        }

        return Available >= count;
    }

    public void Dispose() => _source.Dispose();
}
