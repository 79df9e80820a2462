using System.IO.Compression;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>Decompresses a file of concatenated gzip members one member at a time, knowing the file offset where
/// each member starts, checking each member's length, and skipping corrupt members and garbage.</summary>
/// <remarks>
/// <see cref="GZipStream"/> reads concatenated members as one stream and cannot say where a member ended, which a
/// WARC reader needs twice: Common Crawl writes one member per record, so a member's offset is the record's address,
/// and a corrupt member must be skipped to resynchronise at the next one. Each member is therefore inflated with a
/// raw <see cref="DeflateStream"/> fed in small chunks; when it finishes, its end lies inside the last chunk fed, and
/// the 8-byte trailer whose length field matches what was inflated marks where the next member begins. The trailer's
/// CRC-32 is not recomputed: a managed CRC-32 ran slower than inflating here, and a corrupt deflate stream is already
/// caught by the inflater.
/// A failure is reported once as a <see cref="WarcFormatException"/> from <see cref="Read(Span{byte})"/>; the next
/// call continues with the next good member. A <see cref="Read(Span{byte})"/> never returns bytes of two members.
/// </remarks>
internal sealed class GzipMemberStream : Stream
{
    private const int FeedChunk = 32768;
    private static ReadOnlySpan<byte> Magic => [0x1f, 0x8b, 0x08];

    private readonly Stream _file;
    private byte[] _buffer = new byte[1 << 17];
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _fileDone;

    private DeflateStream? _inflater;
    private long _memberLength;
    private long _lastChunkStart;
    private long _position;
    private long _memberOffset;
    private readonly Queue<(long Position, long FileOffset)> _memberStarts = new();

    public GzipMemberStream(Stream file)
    {
        _file = file;
    }

    /// <summary>Decompressed bytes returned so far.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>File offset of the member whose first decompressed byte is at <paramref name="position"/>, when a
    /// member starts exactly there. Positions must be asked in increasing order (older starts are forgotten).</summary>
    public bool TryGetMemberStart(long position, out long fileOffset)
    {
        while (_memberStarts.Count > 0 && _memberStarts.Peek().Position < position) _memberStarts.Dequeue();
        fileOffset = -1;
        // Empty members may start at the same position; the last of them holds the data.
        foreach (var (p, offset) in _memberStarts)
        {
            if (p != position) break;
            fileOffset = offset;
        }

        return fileOffset >= 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        while (true)
        {
            if (_inflater is null && !StartMember()) return 0;
            int n;
            try
            {
                n = _inflater!.Read(destination);
            }
            catch (InvalidDataException e)
            {
                throw Fail($"corrupt deflate data: {e.Message}");
            }

            if (n > 0)
            {
                _memberLength += n;
                _position += n;
                return n;
            }

            FinishMember();
        }
    }

    /// <summary>Parses the next member's header; false at a clean end of file.</summary>
    private bool StartMember()
    {
        if (!Fill(10) && Available == 0) return false;
        var memberOffset = _bufferOffset + _start;
        _memberOffset = memberOffset;
        if (Available < 4 || !_buffer.AsSpan(_start, 3).SequenceEqual(Magic) || (_buffer[_start + 3] & 0xe0) != 0)
        {
            var skipped = SkipToMagic();
            throw new WarcFormatException("warc_garbage", $"{skipped} bytes that are not a gzip member", memberOffset);
        }

        if (!Fill(10)) throw Fail("file ends inside a gzip header");
        var flags = _buffer[_start + 3];
        var headerLength = 10;
        if ((flags & 0x04) != 0)
        {
            if (!Fill(headerLength + 2)) throw Fail("file ends inside a gzip header");
            headerLength += 2 + (_buffer[_start + headerLength] | (_buffer[_start + headerLength + 1] << 8));
        }

        foreach (var bit in (ReadOnlySpan<int>)[0x08, 0x10])
        {
            if ((flags & bit) == 0) continue;
            while (true)
            {
                if (!Fill(headerLength + 1)) throw Fail("file ends inside a gzip header");
                if (_buffer[_start + headerLength++] == 0) break;
                if (headerLength > 65536) throw Fail("gzip header name or comment too long");
            }
        }

        if ((flags & 0x02) != 0) headerLength += 2;
        if (!Fill(headerLength)) throw Fail("file ends inside a gzip header");
        _start += headerLength;
        _memberStarts.Enqueue((_position, memberOffset));
        _memberLength = 0;
        _inflater = new DeflateStream(new Feed(this), CompressionMode.Decompress, leaveOpen: false);
        return true;
    }

    /// <summary>The deflate data ended: find the trailer matching what was inflated, then position after it.</summary>
    private void FinishMember()
    {
        Span<byte> length = stackalloc byte[4];
        var inflated = (uint)_memberLength;
        length[0] = (byte)inflated;
        length[1] = (byte)(inflated >> 8);
        length[2] = (byte)(inflated >> 16);
        length[3] = (byte)(inflated >> 24);
        // The deflate data ended somewhere in the last chunk handed to the inflater; rewind there and look for the
        // trailer: CRC-32 (4 bytes), then the length.
        _start = (int)(_lastChunkStart - _bufferOffset);
        _inflater!.Dispose();
        _inflater = null;
        Fill(FeedChunk + 16);
        // The first match after the CRC-32 is the trailer: a false match inside this member's own compressed tail
        // needs four bytes to equal the length by chance (about one member in a hundred thousand with 32 KB chunks).
        var at = Available >= 8 ? _buffer.AsSpan(_start + 4, Available - 4).IndexOf(length) : -1;
        if (at < 0) throw Fail("gzip member trailer does not match the length of its data");
        var end = at + 8;
        _start += end;
    }

    private int Available => _end - _start;

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="_start"/>; false at end of file.</summary>
    private bool Fill(int count)
    {
        if (Available >= count) return true;
        // While a member is inflating, keep its last chunk: the member's end (and trailer) may lie inside it.
        var keep = _inflater is null ? _start : (int)Math.Clamp(_lastChunkStart - _bufferOffset, 0, _start);
        if (keep > 0)
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
            _bufferOffset += keep;
            _end -= keep;
            _start -= keep;
        }

        if (_start + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_start + count, _buffer.Length * 2));
        while (Available < count && !_fileDone)
        {
            var n = _file.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _fileDone = true;
            _end += n;
        }

        return Available >= count;
    }

    /// <summary>Skips to the next gzip magic (or the end of the file); returns how many bytes were skipped.</summary>
    private long SkipToMagic()
    {
        long skipped = 0;
        while (true)
        {
            Fill(FeedChunk);
            var window = _buffer.AsSpan(_start + 1, Math.Max(0, Available - 1));
            var at = window.IndexOf(Magic);
            if (at >= 0)
            {
                _start += at + 1;
                return skipped + at + 1;
            }

            var keep = Math.Min(Available, Magic.Length - 1);
            if (_fileDone)
            {
                skipped += Available;
                _start = _end;
                return skipped;
            }

            skipped += Available - keep;
            _start = _end - keep;
        }
    }

    /// <summary>Abandons the current member and moves to the next gzip magic after its start. The failure counts
    /// as truncation when no member follows (the file ends inside the damaged one).</summary>
    private WarcFormatException Fail(string detail)
    {
        var memberOffset = _memberOffset;
        _inflater?.Dispose();
        _inflater = null;
        var resume = Math.Max(memberOffset, _bufferOffset);
        _start = (int)Math.Min(resume - _bufferOffset, _end);
        SkipToMagic();
        var truncated = Available == 0 && _fileDone;
        return new WarcFormatException(truncated ? "gzip_truncated" : "gzip_corrupt",
            truncated ? $"file ends inside a damaged or incomplete gzip member ({detail})" : detail, memberOffset);
    }

    /// <summary>Hands the inflater the file in small chunks, remembering where the last one began.</summary>
    private sealed class Feed(GzipMemberStream owner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            if (!owner.Fill(1)) return 0;
            var n = Math.Min(Math.Min(destination.Length, FeedChunk), owner.Available);
            owner._lastChunkStart = owner._bufferOffset + owner._start;
            owner._buffer.AsSpan(owner._start, n).CopyTo(destination);
            owner._start += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater?.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A WARC file problem at a known place: the reason key and the file offset where it was found.</summary>
internal sealed class WarcFormatException(string reason, string detail, long fileOffset)
    : Exception($"{reason}: {detail} at byte {fileOffset}")
{
    public string Reason { get; } = reason;
    public string Detail { get; } = detail;
    public long FileOffset { get; } = fileOffset;
}
