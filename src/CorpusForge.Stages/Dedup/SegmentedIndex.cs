using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using CorpusForge.Core.IO;

namespace CorpusForge.Stages.Dedup;

/// <summary>A persistent multimap from 64-bit keys to 64-bit values: an in-memory table that spills to immutable
/// sorted segment files, memory-mapped for lookups and merged when there are too many (a small log-structured
/// merge tree). Memory stays bounded by the table limit plus one key in <see cref="FenceStride"/> per segment.</summary>
/// <remarks>
/// Folder layout: <c>manifest.json</c> (format name, version, live segments, caller metadata), published atomically
/// by <see cref="Save"/>, and <c>seg-NNNNNN.bin</c> files. A segment starts with a 32-byte header (magic
/// <c>CFSEG001</c>, format version, record count) followed by (key, value) pairs of little-endian uint64 sorted by key
/// then value. Files not named by the manifest are leftovers of an unsaved run and are deleted on open. Not
/// thread-safe.
/// </remarks>
public sealed class SegmentedIndex : IDisposable
{
    /// <summary>Format version written in segment headers and the manifest.</summary>
    public const int FormatVersion = 1;

    /// <summary>One key in this many records is kept in memory per segment to start binary searches.</summary>
    public const int FenceStride = 256;

    private const string ManifestName = "manifest.json";
    private const int HeaderSize = 32;
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("CFSEG001"u8);

    private readonly string _directory;
    private readonly long _tableLimit;
    private readonly int _maxSegments;
    private readonly KeyTable _table;
    private readonly List<Segment> _segments = [];
    private int _nextSegment;

    private SegmentedIndex(string directory, long tableLimit, int maxSegments)
    {
        _directory = directory;
        _tableLimit = tableLimit;
        _maxSegments = maxSegments;
        _table = new KeyTable(tableLimit);
    }

    /// <summary>Values the caller stores with the index (counters, lengths), saved in the manifest.</summary>
    public Dictionary<string, long> Metadata { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Entries held on disk and in memory.</summary>
    public long Count => _table.Count + _segments.Sum(s => s.Count);

    /// <summary>Bytes of the segment files.</summary>
    public long DiskBytes => _segments.Sum(s => HeaderSize + s.Count * 16L);

    /// <summary>Segment files now live.</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>Opens (or creates) the index in <paramref name="directory"/>.</summary>
    /// <param name="directory">Folder of the index.</param>
    /// <param name="tableLimit">Entries held in memory before they are written to a segment.</param>
    /// <param name="maxSegments">Segments allowed before all are merged into one.</param>
    public static SegmentedIndex Open(string directory, long tableLimit = 4_000_000, int maxSegments = 8)
    {
        Directory.CreateDirectory(directory);
        // The in-memory table is one array: past what it can hold, spill instead of failing to grow.
        var index = new SegmentedIndex(directory, Math.Clamp(tableLimit, 1, KeyTable.MaxPairs), Math.Max(2, maxSegments));
        var manifestPath = Path.Combine(directory, ManifestName);
        var live = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(manifestPath))
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath))
                ?? throw new InvalidDataException($"{manifestPath}: empty manifest");
            if (manifest.Format != "corpusforge.segmented-index" || manifest.Version != FormatVersion)
                throw new InvalidDataException($"{manifestPath}: unsupported index format '{manifest.Format}' version {manifest.Version} (expected version {FormatVersion})");
            index._nextSegment = manifest.NextSegment;
            index.Metadata = new Dictionary<string, long>(manifest.Metadata, StringComparer.Ordinal);
            foreach (var name in manifest.Segments)
            {
                live.Add(name);
                index._segments.Add(Segment.Open(Path.Combine(directory, name)));
            }
        }

        foreach (var file in Directory.EnumerateFiles(directory, "seg-*.bin"))
        {
            if (!live.Contains(Path.GetFileName(file))) File.Delete(file);
        }

        AtomicFile.CleanTemporaries(directory);
        return index;
    }

    /// <summary>Adds one (key, value) pair (any value but <see cref="ulong.MaxValue"/>); spills the in-memory table
    /// when it is full.</summary>
    public void Add(ulong key, ulong value)
    {
        _table.Add(key, value);
        if (_table.Count >= _tableLimit) Spill();
    }

    /// <summary>Appends every value stored under <paramref name="key"/> to <paramref name="values"/>; returns how many.</summary>
    public int Lookup(ulong key, List<ulong> values)
    {
        var before = values.Count;
        foreach (var segment in _segments) segment.Lookup(key, values);
        _table.Lookup(key, values);
        return values.Count - before;
    }

    /// <summary>Writes the in-memory table to a segment and publishes the manifest: everything added so far survives.</summary>
    public void Save()
    {
        if (_table.Count > 0) Spill();
        var manifest = new Manifest
        {
            Format = "corpusforge.segmented-index",
            Version = FormatVersion,
            NextSegment = _nextSegment,
            Segments = _segments.Select(s => Path.GetFileName(s.Path)).ToList(),
            Metadata = new SortedDictionary<string, long>(Metadata, StringComparer.Ordinal),
        };
        AtomicFile.WriteAllText(Path.Combine(_directory, ManifestName), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _segments) s.Dispose();
        _segments.Clear();
    }

    private void Spill()
    {
        var path = NextSegmentPath();
        using (var writer = new SegmentWriter(path))
        {
            // Sorted inside the table's own array: spilling allocates nothing, and the array is reused as it fills again.
            foreach (var pair in _table.SortInPlace()) writer.Write(pair.Key, pair.Value);
            writer.Commit();
        }

        _table.Clear(keepMemory: true);
        _segments.Add(Segment.Open(path));
        if (_segments.Count > _maxSegments) Compact();
    }

    // Merges every segment into one by a k-way merge; streams, so memory does not grow with the data.
    private void Compact()
    {
        var path = NextSegmentPath();
        using (var writer = new SegmentWriter(path))
        {
            var queue = new PriorityQueue<int, (ulong Key, ulong Value, int Segment)>();
            var positions = new long[_segments.Count];
            for (var i = 0; i < _segments.Count; i++)
            {
                if (_segments[i].Count > 0) queue.Enqueue(i, (_segments[i].KeyAt(0), _segments[i].ValueAt(0), i));
            }

            while (queue.TryDequeue(out var i, out var top))
            {
                writer.Write(top.Key, top.Value);
                if (++positions[i] < _segments[i].Count)
                    queue.Enqueue(i, (_segments[i].KeyAt(positions[i]), _segments[i].ValueAt(positions[i]), i));
            }

            writer.Commit();
        }

        var old = _segments.ToList();
        _segments.Clear();
        _segments.Add(Segment.Open(path));
        foreach (var s in old)
        {
            s.Dispose();
            File.Delete(s.Path);
        }
    }

    private string NextSegmentPath() => Path.Combine(_directory, $"seg-{_nextSegment++:D6}.bin");

    private sealed class Manifest
    {
        public string Format { get; set; } = "";
        public int Version { get; set; }
        public int NextSegment { get; set; }
        public List<string> Segments { get; set; } = [];
        public SortedDictionary<string, long> Metadata { get; set; } = [];
    }

    private sealed class SegmentWriter : IDisposable
    {
        private readonly AtomicFile _file;
        private readonly BufferedStream _out;
        private readonly byte[] _record = new byte[16];
        private long _count;

        public SegmentWriter(string path)
        {
            _file = AtomicFile.Create(path);
            _out = new BufferedStream(_file.Stream, 1 << 20);
            _out.Write(new byte[HeaderSize]);
        }

        public void Write(ulong key, ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_record, key);
            BinaryPrimitives.WriteUInt64LittleEndian(_record.AsSpan(8), value);
            _out.Write(_record);
            _count++;
        }

        public void Commit()
        {
            _out.Flush();
            var header = new byte[HeaderSize];
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), _count);
            _file.Stream.Position = 0;
            _file.Stream.Write(header);
            _file.Commit();
        }

        public void Dispose() => _file.Dispose();
    }

    private sealed unsafe class Segment : IDisposable
    {
        private readonly MemoryMappedFile? _map;
        private readonly MemoryMappedViewAccessor? _view;
        private readonly byte* _records;
        private readonly ulong[] _fences;

        private Segment(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* records, long count)
        {
            Path = path;
            _map = map;
            _view = view;
            _records = records;
            Count = count;
            _fences = new ulong[(count + FenceStride - 1) / FenceStride];
            for (long i = 0; i < _fences.Length; i++) _fences[i] = KeyAt(i * FenceStride);
        }

        public string Path { get; }

        public long Count { get; }

        public static Segment Open(string path)
        {
            var length = new FileInfo(path).Length;
            if (length < HeaderSize) throw new InvalidDataException($"{path}: truncated index segment ({length} bytes)");
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var header = new ReadOnlySpan<byte>(pointer, HeaderSize);
            var count = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != FormatVersion
                || HeaderSize + count * 16 != length)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
                map.Dispose();
                throw new InvalidDataException($"{path}: not an index segment of version {FormatVersion}, or truncated");
            }

            return new Segment(path, map, view, pointer + HeaderSize, count);
        }

        public ulong KeyAt(long i) => BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_records + i * 16, 8));

        public ulong ValueAt(long i) => BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_records + i * 16 + 8, 8));

        public void Lookup(ulong key, List<ulong> values)
        {
            if (Count == 0) return;
            // The first fence at or above the key bounds the block that can hold its first record.
            var fence = Array.BinarySearch(_fences, key);
            if (fence < 0) fence = ~fence;
            else while (fence > 0 && _fences[fence - 1] == key) fence--;
            long lo = Math.Max(0, (long)(fence - 1) * FenceStride);
            long hi = Math.Min(Count, (long)fence * FenceStride);
            while (lo < hi)
            {
                var mid = lo + (hi - lo) / 2;
                if (KeyAt(mid) < key) lo = mid + 1;
                else hi = mid;
            }

            for (var i = lo; i < Count && KeyAt(i) == key; i++) values.Add(ValueAt(i));
        }

        public void Dispose()
        {
            if (_view is null) return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map!.Dispose();
        }
    }
}
