namespace CorpusForge.Stages.Readers.Warc;

/// <summary>Decompresses a file of concatenated gzip members one member at a time, knowing the file offset where
/// each member starts, checking each member's CRC-32 and length, and skipping corrupt members and garbage.</summary>
/// <remarks>
/// <see cref="System.IO.Compression.GZipStream"/> reads concatenated members as one stream and cannot say where a
/// member ended, which a WARC reader needs twice: Common Crawl writes one member per record, so a member's offset is
/// the record's address, and a corrupt member must be skipped to resynchronise at the next one. Each member is
/// therefore inflated by a <see cref="GzipInflater"/>, which stops exactly at the member's end and verifies its
/// trailer. With a <see cref="GzipMemberPrefetcher"/>, members that worker threads already inflated speculatively
/// are taken from it when (and only when) one starts exactly at the offset where this stream's previous member ended;
/// every other member, and every failure, goes through the sequential path below, so the bytes, member offsets and
/// failures seen by the caller are the same at any number of workers.
/// A failure is reported once as a <see cref="WarcFormatException"/> from <see cref="Read(Span{byte})"/>, after the
/// bytes inflated before it; the next call continues with the next good member. A <see cref="Read(Span{byte})"/>
/// never returns bytes of two members.
/// </remarks>
internal sealed class GzipMemberStream : Stream
{
    private static ReadOnlySpan<byte> Magic => [0x1f, 0x8b, 0x08];

    private readonly Stream _file;
    private readonly GzipMemberPrefetcher? _prefetcher;
    private readonly GzipInflater _inflater = new();
    private readonly WholeMemberInflater? _whole;
    private readonly int _maxWholeInput;
    private byte[] _wholeOutput = [];
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _fileDone;

    private bool _inMember;
    private GzipMemberPrefetcher.Member? _cached;
    private int _cachedRead;
    // The member a worker inflated that this stream started last, and the position of its first byte.
    private GzipMemberPrefetcher.Member? _current;
    private long _currentPosition;
    private WarcFormatException? _pending;
    private long _position;
    private long _memberOffset;
    private readonly Queue<(long Position, long FileOffset)> _memberStarts = new();

    /// <param name="file">The compressed file, positioned at its start.</param>
    /// <param name="workers">Threads that inflate members ahead speculatively; 1 or less reads sequentially. Only a
    /// seekable <see cref="FileStream"/> longer than one segment is read in parallel.</param>
    /// <param name="segmentBytes">Compressed bytes per prefetch segment (small values are for tests).</param>
    /// <param name="wholeMembers">Inflate members whole with libdeflate when the system has it (see
    /// <see cref="WholeMemberInflater"/>); false inflates every member with zlib (tests compare the two).</param>
    /// <param name="convert">With workers: converts the record of a member that holds exactly one on the worker
    /// (see <see cref="GzipMemberPrefetcher"/>); the parser takes it with <see cref="TryTakeConverted"/>.</param>
    /// <param name="maxRecordBytes">Largest record content <paramref name="convert"/> is given.</param>
    public GzipMemberStream(Stream file, int workers = 1, int segmentBytes = GzipMemberPrefetcher.SegmentBytes, bool wholeMembers = true,
        Func<WarcRecord, ConvertedRecord>? convert = null, long maxRecordBytes = 0)
    {
        _file = file;
        _whole = wholeMembers && WholeMemberInflater.Available ? new WholeMemberInflater() : null;
        // Every member a worker could accept (it reads at most two segments from a segment's start) fits here too.
        _maxWholeInput = Math.Max(WholeMemberInflater.MaxInputBytes, 2 * segmentBytes);
        // Whole members need their compressed bytes in one piece: a larger buffer, refilled only when it runs low.
        _buffer = new byte[_whole is null ? 1 << 17 : 1 << 20];
        if (workers > 1 && file is FileStream { CanSeek: true } fs && fs.Length > segmentBytes)
            _prefetcher = new GzipMemberPrefetcher(fs.SafeFileHandle, fs.Length, workers, segmentBytes, wholeMembers: _whole is not null, convert: convert, maxRecordBytes: maxRecordBytes);
    }

    /// <summary>Most bytes handed out by the first read of a member whose record a worker converted: a parser that
    /// reaches the member at a record boundary takes the converted record and skips the member, so only the few
    /// bytes it looked at first were copied (the record's framing needs fewer).</summary>
    private const int ConvertedFirstRead = 64;

    /// <summary>When the member this stream started last begins at decompressed <paramref name="position"/> and a
    /// worker converted its record: that result, and the member's decompressed length. The rest of the member is
    /// skipped (the caller drops what it read of it), and reading goes on after it.</summary>
    public bool TryTakeConverted(long position, out ConvertedRecord converted, out int length)
    {
        converted = default;
        length = 0;
        if (_current is not { Converted: { } result } member || _currentPosition != position) return false;
        converted = result;
        length = member.Length;
        // The caller asks for no position up to this member's end any more: forget the starts there (they would pile
        // up, since the parser maps no offset for records it takes converted).
        while (_memberStarts.Count > 0 && _memberStarts.Peek().Position <= position) _memberStarts.Dequeue();
        _position = position + member.Length;
        _cached = null;
        _current = null;
        ConvertedTaken++;
        return true;
    }

    /// <summary>Records taken converted from the workers with <see cref="TryTakeConverted"/> (for the bench and tests).</summary>
    public long ConvertedTaken { get; private set; }

    /// <summary>Members taken from the prefetcher, and members inflated here (for the bench and tests).</summary>
    public (long Prefetched, long Sequential) MemberCounts { get; private set; }

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
        if (destination.IsEmpty) return 0;
        if (_pending is { } pending)
        {
            _pending = null;
            throw pending;
        }

        while (true)
        {
            if (_cached is { } cached)
            {
                var n = Math.Min(destination.Length, cached.Length - _cachedRead);
                if (_cachedRead == 0 && cached.Converted is not null) n = Math.Min(n, ConvertedFirstRead);
                cached.Bytes.AsSpan(cached.Start + _cachedRead, n).CopyTo(destination);
                _cachedRead += n;
                if (_cachedRead == cached.Length) _cached = null;
                if (n == 0) continue;
                _position += n;
                return n;
            }

            if (!_inMember && !StartMember()) return 0;
            if (!_inMember) continue;
            if (Available == 0 && !Fill(1)) throw Fail("file ends inside a gzip member");
            var status = _inflater.Inflate(_buffer.AsSpan(_start, Available), destination, out var consumed, out var produced);
            _start += consumed;
            if (status == InflateStatus.End) _inMember = false;
            if (status == InflateStatus.Error)
            {
                var failure = Fail($"corrupt gzip member: {_inflater.LastError}");
                if (produced == 0) throw failure;
                // The bytes inflated before the damage are handed out first, the failure on the next call.
                _pending = failure;
            }

            if (produced > 0)
            {
                _position += produced;
                return produced;
            }

            if (status == InflateStatus.More && consumed == 0 && !Fill(Available + 1))
                throw Fail("file ends inside a gzip member");
        }
    }

    /// <summary>Starts the next member (from the prefetcher when it has this exact one); false at a clean end of file.</summary>
    private bool StartMember()
    {
        var memberOffset = _bufferOffset + _start;
        _memberOffset = memberOffset;
        _current = null;
        // Asked before reading the file here: while the workers keep up, this stream never reads it at all.
        if (_prefetcher?.TryTake(memberOffset) is { } member)
        {
            _memberStarts.Enqueue((_position, memberOffset));
            MemberCounts = (MemberCounts.Prefetched + 1, MemberCounts.Sequential);
            (_current, _currentPosition) = (member, _position);
            _cached = member.Length > 0 ? member : null;
            _cachedRead = 0;
            MoveTo(member.End);
            return true;
        }

        if (!Fill(10) && Available == 0) return false;

        if (Available < 4 || !_buffer.AsSpan(_start, 3).SequenceEqual(Magic) || (_buffer[_start + 3] & 0xe0) != 0)
        {
            var skipped = SkipToMagic();
            throw new WarcFormatException("warc_garbage", $"{skipped} bytes that are not a gzip member", memberOffset);
        }

        _memberStarts.Enqueue((_position, memberOffset));
        MemberCounts = (MemberCounts.Prefetched, MemberCounts.Sequential + 1);
        if (_whole is not null && WholeMemberInflater.Decides(_buffer.AsSpan(_start, Available)) && InflateWhole(memberOffset)) return true;
        _inflater.Reset();
        _inMember = true;
        return true;
    }

    /// <summary>Inflates the member at the read position whole with libdeflate; false leaves it to zlib (libdeflate
    /// rejects it within <see cref="_maxWholeInput"/> compressed bytes, or it inflates to more than
    /// <see cref="GzipMemberPrefetcher.MaxMemberBytes"/>), with the read position unchanged.</summary>
    private bool InflateWhole(long memberOffset)
    {
        const int lowWater = 1 << 16;
        if (Available < lowWater) Fill(lowWater);
        if (_wholeOutput.Length == 0) _wholeOutput = GC.AllocateUninitializedArray<byte>(1 << 20);
        while (true)
        {
            var input = _buffer.AsSpan(_start, Math.Min(Available, _maxWholeInput));
            var room = Math.Min(_wholeOutput.Length, GzipMemberPrefetcher.MaxMemberBytes);
            var status = _whole!.Inflate(input, _wholeOutput.AsSpan(0, room), out var consumed, out var produced);
            if (status == WholeMemberStatus.Ok)
            {
                _cached = produced > 0 ? new GzipMemberPrefetcher.Member(memberOffset, memberOffset + consumed, _wholeOutput, 0, produced) : null;
                _cachedRead = 0;
                _start += consumed;
                return true;
            }

            if (status == WholeMemberStatus.OutputTooSmall)
            {
                if (room >= GzipMemberPrefetcher.MaxMemberBytes) return false;
                _wholeOutput = GC.AllocateUninitializedArray<byte>(Math.Min(_wholeOutput.Length * 4, GzipMemberPrefetcher.MaxMemberBytes));
                continue;
            }

            // Rejected: damaged, or longer than the bytes given; only more bytes can tell.
            if (input.Length >= _maxWholeInput || _fileDone) return false;
            var before = Available;
            Fill(Math.Min(_maxWholeInput, Available * 2));
            if (Available == before) return false;
        }
    }

    /// <summary>Continues reading the file at <paramref name="fileOffset"/> (after a prefetched member).</summary>
    private void MoveTo(long fileOffset)
    {
        if (fileOffset <= _bufferOffset + _end)
        {
            _start = (int)(fileOffset - _bufferOffset);
            return;
        }

        _file.Seek(fileOffset, SeekOrigin.Begin);
        _bufferOffset = fileOffset;
        _start = _end = 0;
        _fileDone = false;
    }

    private int Available => _end - _start;

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="_start"/>; false at end of file.</summary>
    private bool Fill(int count)
    {
        if (Available >= count) return true;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(count, _buffer.Length * 2));
        while (Available < count && !_fileDone)
        {
            var n = _file.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _fileDone = true;
            _end += n;
        }

        return Available >= count;
    }

    /// <summary>Skips to the next gzip magic after the current byte (or the end of the file); returns how many bytes
    /// were skipped.</summary>
    private long SkipToMagic()
    {
        long skipped = 0;
        while (true)
        {
            Fill(1 << 15);
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

    /// <summary>Abandons the current member and moves to the next gzip magic after its first byte. The failure counts
    /// as truncation when no member follows (the file ends inside the damaged one).</summary>
    /// <remarks>The scan restarts at the member's first byte whatever was buffered, so that where reading resumes does
    /// not depend on how the file happened to be read (which differs with and without prefetching).</remarks>
    private WarcFormatException Fail(string detail)
    {
        var memberOffset = _memberOffset;
        _inMember = false;
        if (memberOffset >= _bufferOffset) _start = (int)(memberOffset - _bufferOffset);
        else if (_file.CanSeek)
        {
            _file.Seek(memberOffset, SeekOrigin.Begin);
            _bufferOffset = memberOffset;
            _start = _end = 0;
            _fileDone = false;
            Fill(1);
        }
        else _start = 0;

        SkipToMagic();
        var truncated = Available == 0 && _fileDone;
        return new WarcFormatException(truncated ? "gzip_truncated" : "gzip_corrupt",
            truncated ? $"file ends inside a damaged or incomplete gzip member ({detail})" : detail, memberOffset);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _prefetcher?.Dispose();
            _inflater.Dispose();
            _whole?.Dispose();
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
