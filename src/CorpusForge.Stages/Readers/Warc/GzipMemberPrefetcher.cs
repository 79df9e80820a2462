using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>Inflates the gzip members of a file ahead of a <see cref="GzipMemberStream"/> on worker threads,
/// speculatively: each worker takes a segment of the file, finds the first plausible gzip header in it and inflates
/// member after member while they start inside the segment. The stream takes a member only when it starts exactly
/// where the stream's previous member ended, so a false header (gzip magic inside stored, uncompressed data) or a
/// member a worker could not read costs time, never correctness.</summary>
/// <remarks>
/// Why this is exact: a member's bytes and its end are a function of the file bytes from its first byte on
/// (<see cref="GzipInflater"/> stops at the member's end and checks its CRC-32 and length), so a member a worker
/// inflated from offset X is byte for byte what the sequential reader would inflate from X. Members that failed, were
/// larger than the limits below, or did not start at a header a worker tried, are left to the stream, which inflates
/// them itself and reports damage as it always does.
/// Memory stays bounded: at most <c>2 × workers</c> segments are inflated ahead of the stream, each holding one
/// segment of compressed input (<see cref="SegmentBytes"/> plus the tail of its last member, up to another segment)
/// and its members' output (a member over <see cref="MaxMemberBytes"/> is left to the stream).
/// </remarks>
internal sealed class GzipMemberPrefetcher : IDisposable
{
    /// <summary>Compressed bytes per segment.</summary>
    public const int SegmentBytes = 1 << 20;

    /// <summary>Largest inflated member a worker keeps.</summary>
    public const int MaxMemberBytes = 16 << 20;

    private static ReadOnlySpan<byte> Magic => [0x1f, 0x8b, 0x08];

    /// <summary>A member inflated by a worker: it starts at <see cref="Offset"/>, its compressed bytes end at
    /// <see cref="End"/>, and its output is <see cref="Length"/> bytes of <see cref="Bytes"/> from <see cref="Start"/>.
    /// <see cref="Converted"/> is what the reader made of the record the member holds, when it holds exactly one
    /// (<see cref="WarcRecordParser.WholeRecord"/>) and a converter was given.</summary>
    public sealed record Member(long Offset, long End, byte[] Bytes, int Start, int Length, ConvertedRecord? Converted = null);

    private sealed class Segment
    {
        public readonly List<Member> Members = [];
        public byte[]? Output;
        public bool Done;
    }

    private readonly SafeFileHandle _file;
    private readonly long _length;
    private readonly int _segmentBytes;
    private readonly int _maxMemberBytes;
    private readonly int _ahead;
    private readonly long _segmentCount;
    private readonly bool _wholeMembers;
    private readonly Func<WarcRecord, ConvertedRecord>? _convert;
    private readonly long _maxRecordBytes;
    private readonly Thread[] _threads;
    // Segment output buffers are rented on the workers and given back on the reading thread, which would spread
    // them over the shared pool's per-thread and per-core caches (and its trimming at each gen-2 collection); a pool
    // of their own keeps the few in flight warm instead of faulting in fresh memory for each segment.
    private readonly RecordBufferPool _outputs;
    private readonly object _lock = new();
    private readonly Dictionary<long, Segment> _segments = [];
    private long _base;
    private long _next;
    private int _lookup;
    private long _lookupSegment = -1;
    private bool _stopped;

    /// <param name="file">The open file that the stream reads too (positional reads do not move its position); the
    /// same handle, so that workers cannot see another file put in place under the same name meanwhile. The caller
    /// keeps it open until this is disposed.</param>
    /// <param name="wholeMembers">Inflate members with libdeflate (<see cref="WholeMemberInflater"/>) where it decides
    /// them; the stream that takes the members must decide them the same way.</param>
    /// <param name="convert">Turns the record of a member that holds exactly one record (content up to
    /// <paramref name="maxRecordBytes"/>) into its result on the worker, so that reading scales with the workers:
    /// inflating and converting are most of a reader's work. It must be pure (the member may not be used).</param>
    public GzipMemberPrefetcher(SafeFileHandle file, long length, int workers, int segmentBytes = SegmentBytes, int maxMemberBytes = MaxMemberBytes, bool wholeMembers = false,
        Func<WarcRecord, ConvertedRecord>? convert = null, long maxRecordBytes = 0)
    {
        _file = file;
        _convert = convert;
        // Sized for HTML's usual 4-8x ratio (a segment's buffer grows by doubling); kept: every segment in flight.
        _outputs = new RecordBufferPool(Math.Max(1 << 16, segmentBytes * 8), keep: 2 * workers + workers + 1);
        _maxRecordBytes = maxRecordBytes;
        _wholeMembers = wholeMembers && WholeMemberInflater.Available;
        _length = length;
        _segmentBytes = segmentBytes;
        _maxMemberBytes = maxMemberBytes;
        _ahead = 2 * workers;
        _segmentCount = (length + segmentBytes - 1) / segmentBytes;
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"warc-inflate-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>The member starting exactly at <paramref name="offset"/>, if a worker inflated it; null otherwise.
    /// Offsets must be asked in increasing order; what lies before <paramref name="offset"/> is released.</summary>
    public Member? TryTake(long offset)
    {
        var index = offset / _segmentBytes;
        if (index >= _segmentCount) return null;
        Segment segment;
        lock (_lock)
        {
            if (index > _base)
            {
                for (var k = _base; k < index; k++)
                {
                    // A segment still being inflated is freed by its worker when it finishes (it sees k < _base).
                    if (_segments.Remove(k, out var old) && old.Done) Free(old);
                }

                _base = index;
                if (_next < _base) _next = _base;
                Monitor.PulseAll(_lock);
            }

            while (!_segments.TryGetValue(index, out segment!) || !segment.Done)
            {
                if (_stopped) return null;
                Monitor.Wait(_lock);
            }
        }

        if (_lookupSegment != index) (_lookupSegment, _lookup) = (index, 0);
        var members = segment.Members;
        while (_lookup < members.Count && members[_lookup].Offset < offset) _lookup++;
        return _lookup < members.Count && members[_lookup].Offset == offset ? members[_lookup] : null;
    }

    private void Work()
    {
        using var inflater = new GzipInflater();
        using var whole = _wholeMembers ? new WholeMemberInflater() : null;
        var input = ArrayPool<byte>.Shared.Rent(2 * _segmentBytes);
        try
        {
            while (true)
            {
                long index;
                Segment segment;
                lock (_lock)
                {
                    while (!_stopped && (_next >= _base + _ahead || _next >= _segmentCount))
                    {
                        if (_next >= _segmentCount) return;
                        Monitor.Wait(_lock);
                    }

                    if (_stopped) return;
                    index = _next++;
                    segment = new Segment();
                    _segments[index] = segment;
                }

                try
                {
                    Inflate(index, segment, inflater, whole, input);
                }
                catch (Exception)
                {
                    // Whatever a worker could not do is left to the sequential path, which reports real problems.
                    segment.Members.Clear();
                }

                lock (_lock)
                {
                    segment.Done = true;
                    if (index < _base)
                    {
                        // Released while it was being inflated (TryTake left it to this worker).
                        Free(segment);
                    }

                    Monitor.PulseAll(_lock);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            lock (_lock) Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Inflates the members that start in segment <paramref name="index"/>, beginning at its first plausible
    /// gzip header and, after anything that does not inflate, at the next one.</summary>
    private void Inflate(long index, Segment segment, GzipInflater inflater, WholeMemberInflater? whole, byte[] input)
    {
        var start = index * _segmentBytes;
        var length = (int)Math.Min(_length - start, 2L * _segmentBytes);

        // Read the segment and a little of the next (where its last member ends); more only when a member needs it.
        var read = 0;
        Extend(Math.Min(length, _segmentBytes + _segmentBytes / 4));
        var inSegment = (int)Math.Min(_segmentBytes, length);
        // The inflated members lie end to end in one buffer per segment (sized for HTML's usual 4-8x ratio; it
        // grows by doubling).
        var output = _outputs.Rent(0);
        var used = 0;
        var at = NextHeader(input.AsSpan(0, read), 0, inSegment);
        while (at >= 0 && !_stopped)
        {
            var consumed = 0;
            var produced = 0;
            var ok = false;
            if (whole is not null && WholeMemberInflater.Decides(input.AsSpan(at, read - at)))
            {
                // libdeflate decides this member, as the stream's sequential path would: no zlib fallback here.
                while (true)
                {
                    var room = Math.Min(output.Length - used, _maxMemberBytes);
                    var status = whole.Inflate(input.AsSpan(at, read - at), output.AsSpan(used, room), out consumed, out produced);
                    if (status == WholeMemberStatus.Ok) ok = true;
                    else if (status == WholeMemberStatus.OutputTooSmall && room < _maxMemberBytes)
                    {
                        var bigger = _outputs.Rent(output.Length * 2);
                        output.AsSpan(0, used).CopyTo(bigger);
                        _outputs.Return(output);
                        output = bigger;
                        continue;
                    }
                    else if (status == WholeMemberStatus.Rejected && read < length)
                    {
                        // Perhaps only cut short by what was read: read all a worker may, once.
                        Extend(length);
                        continue;
                    }

                    break;
                }
            }
            else
            {
                inflater.Reset();
                while (true)
                {
                    if (used + produced == output.Length)
                    {
                        if (produced >= _maxMemberBytes) break;
                        var bigger = _outputs.Rent(output.Length * 2);
                        output.AsSpan(0, used + produced).CopyTo(bigger);
                        _outputs.Return(output);
                        output = bigger;
                    }

                    var room = Math.Min(output.Length - used - produced, _maxMemberBytes + 1 - produced);
                    var status = inflater.Inflate(input.AsSpan(at + consumed, read - at - consumed), output.AsSpan(used + produced, room), out var c, out var p);
                    consumed += c;
                    produced += p;
                    if (status == InflateStatus.End)
                    {
                        ok = produced <= _maxMemberBytes;
                        break;
                    }

                    if (status == InflateStatus.Error || produced > _maxMemberBytes) break;
                    // Out of input: read on, unless the member runs past what a worker may read (or the file ends in it).
                    if (c == 0 && p == 0 && at + consumed == read)
                    {
                        if (read == length) break;
                        Extend(Math.Min(length, read + _segmentBytes / 2));
                    }
                }
            }

            if (ok)
            {
                ConvertedRecord? converted = null;
                if (_convert is not null && WarcRecordParser.WholeRecord(output.AsMemory(used, produced), start + at, _maxRecordBytes) is { } record)
                    converted = _convert(record);
                segment.Members.Add(new Member(start + at, start + at + consumed, output, used, produced, converted));
                used += produced;
                at += consumed;
                if (at >= inSegment) break;
                if (!IsHeader(input.AsSpan(0, read), at)) at = NextHeader(input.AsSpan(0, read), at + 1, inSegment);
            }
            else at = NextHeader(input.AsSpan(0, read), at + 1, inSegment);
        }

        // Members hold the final buffer (a buffer replaced while growing held none of the kept members' bytes
        // that were not copied along).
        for (var i = 0; i < segment.Members.Count; i++)
        {
            if (segment.Members[i].Bytes != output) segment.Members[i] = segment.Members[i] with { Bytes = output };
        }

        segment.Output = output;

        void Extend(int to)
        {
            while (read < to)
            {
                var n = RandomAccess.Read(_file, input.AsSpan(read, to - read), start + read);
                if (n == 0)
                {
                    length = read;
                    break;
                }

                read += n;
            }
        }
    }

    /// <summary>First offset in [<paramref name="from"/>, <paramref name="limit"/>) where a gzip member header could
    /// start (magic, deflate method, no reserved flag bits), or -1.</summary>
    private static int NextHeader(ReadOnlySpan<byte> data, int from, int limit)
    {
        while (from < limit)
        {
            var at = data[from..].IndexOf(Magic);
            if (at < 0 || from + at >= limit) return -1;
            if (IsHeader(data, from + at)) return from + at;
            from += at + 1;
        }

        return -1;
    }

    private static bool IsHeader(ReadOnlySpan<byte> data, int at) =>
        at + 10 <= data.Length && data.Slice(at, 3).SequenceEqual(Magic) && (data[at + 3] & 0xe0) == 0;

    private void Free(Segment segment)
    {
        if (segment.Output is { } output) _outputs.Return(output);
        segment.Output = null;
        segment.Members.Clear();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }

        foreach (var thread in _threads) thread.Join();
        lock (_lock)
        {
            foreach (var segment in _segments.Values) Free(segment);

            _segments.Clear();
        }
    }
}
