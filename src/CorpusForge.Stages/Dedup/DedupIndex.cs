namespace CorpusForge.Stages.Dedup;

/// <summary>The persistent state of a dedup stage: keys (content hashes, URL hashes or LSH band keys) mapped to
/// document sequence numbers, and per-document records (id + payload), with what in-flight shards added held apart until the
/// shard is committed (then saved as its own <see cref="InputSegment"/> file) or aborted (then forgotten).</summary>
/// <remarks>
/// The durable state is the set of segment files in <c>inputs/</c>, one per committed input; the engine publishes
/// each with its input's commit record and deletes it when the input is withdrawn, so on open the folder holds
/// exactly the committed inputs. <c>cache/</c> holds derived lookup structures rebuilt from the segments on every
/// open: keys → sequences, and sequences → (segment, offset) of records, which are read from the
/// segments themselves. Sequence numbers count every document the
/// stage has seen in input order, continuing after the highest committed one; they order candidates (cluster
/// ids are keepers' document ids, held in the records). Thread-safe: the engine reports shard commits from its sink thread.
/// </remarks>
public sealed class DedupIndex : IDisposable
{
    private readonly object _gate = new();
    private readonly string _inputs;
    private readonly string _spools;
    private readonly int _payloadKind;
    private const int OffsetBits = 40;
    private readonly SegmentedIndex _keys;
    // Sequence → (segment number << 40 | record offset): records are read from the input segments
    // themselves, so no payload is ever copied.
    private readonly SegmentedIndex _records;
    private readonly List<(Microsoft.Win32.SafeHandles.SafeFileHandle Handle, string Path)> _segments = [];
    private readonly List<ulong> _found = [];
    private readonly Dictionary<string, PendingShard> _pending = new(StringComparer.Ordinal);
    private long _nextSequence;
    private int _nextSpool;

    private DedupIndex(SegmentedIndex keys, SegmentedIndex records, string inputs, string spools, int payloadKind)
    {
        _keys = keys;
        _records = records;
        _inputs = inputs;
        _spools = spools;
        _payloadKind = payloadKind;
    }

    /// <summary>Opens (or creates) the index in <paramref name="directory"/>.</summary>
    /// <param name="directory">State folder.</param>
    /// <param name="payloadKind">What the record payloads hold (checked on open, so that a changed
    /// configuration does not read records it cannot interpret).</param>
    /// <param name="tableLimit">Entries held in memory before spilling to disk.</param>
    public static DedupIndex Open(string directory, int payloadKind, long tableLimit)
    {
        // The lookup cache is derived from the committed segments and rebuilt on every open (the folders of the
        // format before per-input segments are removed with it).
        foreach (var derived in new[] { "cache", "keys", "records" })
        {
            var path = Path.Combine(directory, derived);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }

        var keys = SegmentedIndex.Open(Path.Combine(directory, "cache", "keys"), tableLimit);
        DedupIndex? index = null;
        try
        {
            index = new DedupIndex(keys, SegmentedIndex.Open(Path.Combine(directory, "cache", "records"), Math.Max(1, tableLimit / 4)),
                Path.Combine(directory, "inputs"), Path.Combine(directory, "cache", "pending"), payloadKind);
            index.LoadCommitted();
            return index;
        }
        catch
        {
            if (index is not null) index.Dispose();
            else keys.Dispose();
            throw;
        }
    }

    private void LoadCommitted()
    {
        if (!Directory.Exists(_inputs)) return;
        foreach (var path in Directory.EnumerateFiles(_inputs, "*.seg").Order(StringComparer.Ordinal))
        {
            var number = (ulong)_segments.Count;
            _segments.Add((File.OpenHandle(path), path));
            var next = InputSegment.Read(path, _payloadKind, _keys.Add, (sequence, offset) => _records.Add(sequence, number << OffsetBits | (ulong)offset));
            _nextSequence = Math.Max(_nextSequence, next);
        }
    }

    /// <summary>Key entries stored (committed and pending).</summary>
    public long KeyCount
    {
        get
        {
            lock (_gate) return _keys.Count + _pending.Values.Sum(p => (long)p.Keys.Count);
        }
    }

    /// <summary>Bytes of the index on disk.</summary>
    public long DiskBytes
    {
        get
        {
            lock (_gate) return _keys.DiskBytes + _records.DiskBytes + _segments.Sum(s => RandomAccess.GetLength(s.Handle));
        }
    }

    /// <summary>The next sequence number (one per document seen, across runs), for a document of <paramref name="shard"/>.</summary>
    public long TakeSequence(string shard)
    {
        lock (_gate)
        {
            Pending(shard).NextSequence = _nextSequence + 1;
            return _nextSequence++;
        }
    }

    /// <summary>Appends the sequences stored under <paramref name="key"/>, committed and pending, to
    /// <paramref name="sequences"/>; returns how many.</summary>
    public int Lookup(ulong key, List<ulong> sequences)
    {
        lock (_gate)
        {
            var found = _keys.Lookup(key, sequences);
            foreach (var shard in _pending.Values) found += shard.Keys.Lookup(key, sequences);
            return found;
        }
    }

    /// <summary>Stores <paramref name="key"/> → <paramref name="sequence"/> for a document of <paramref name="shard"/>.</summary>
    public void Add(string shard, ulong key, ulong sequence)
    {
        lock (_gate)
        {
            Pending(shard).Keys.Add(key, sequence);
        }
    }

    /// <summary>Stores the record of a document of <paramref name="shard"/>: the id it stands for (itself when kept; for
    /// <c>dedup.minhash_v1</c> a removed member names its cluster's keeper) and its payload.</summary>
    public void AddRecord(string shard, ulong sequence, string id, ReadOnlySpan<byte> payload)
    {
        lock (_gate) Pending(shard).Records.Add(sequence, id, payload);
    }

    /// <summary>Reads a document's record; false when the sequence has none.</summary>
    public bool TryGetRecord(ulong sequence, out string id, out byte[] payload)
    {
        lock (_gate)
        {
            foreach (var shard in _pending.Values)
            {
                if (shard.Records.TryRead(sequence, out id, out payload)) return true;
            }

            _found.Clear();
            if (_records.Lookup(sequence, _found) == 0)
            {
                id = "";
                payload = [];
                return false;
            }

            var (handle, path) = _segments[(int)(_found[0] >> OffsetBits)];
            (id, payload) = InputSegment.ReadRecord(handle, (long)(_found[0] & ((1UL << OffsetBits) - 1)), path);
            return true;
        }
    }

    /// <summary>Shards with uncommitted additions.</summary>
    public IReadOnlyList<string> PendingShards
    {
        get
        {
            lock (_gate) return _pending.Keys.ToList();
        }
    }

    /// <summary>Saves what <paramref name="shard"/> added as its segment file <c>inputs/SHARD.seg</c> (through
    /// <see cref="CorpusForge.Core.IO.AtomicFile"/>) and moves it into the lookup structure; returns the file, or nothing when the shard
    /// added nothing.</summary>
    public IReadOnlyList<string> Commit(string shard)
    {
        PendingShard? pending;
        lock (_gate)
        {
            if (!_pending.TryGetValue(shard, out pending)) return [];
            pending.Records.Seal();
        }

        // The stage has moved past this shard, so its pending additions no longer change: the file is written
        // outside the lock while lookups for later shards go on (they only read this shard's tables and spool).
        var keys = pending.Keys.ToSortedArray();
        var path = Path.Combine(_inputs, shard + ".seg");
        Directory.CreateDirectory(_inputs);
        var records = pending.Records.SortedOffsets();
        var (written, offsets) = InputSegment.Write(path, _payloadKind, pending.NextSequence, keys, records.Length, pending.Records.Read(records));
        // Opened where the bytes are now: the handle stays valid when the engine renames the file into place.
        var handle = File.OpenHandle(written);
        lock (_gate)
        {
            var number = (ulong)_segments.Count;
            _segments.Add((handle, path));
            _pending.Remove(shard);
            pending.Records.Dispose();
            for (var r = 0; r < records.Length; r++) _records.Add(records[r].Key, number << OffsetBits | (ulong)offsets[r]);
            foreach (var (key, sequence) in keys) _keys.Add(key, sequence);
        }

        return [path];
    }

    /// <summary>Forgets what <paramref name="shard"/> added.</summary>
    public void Abort(string shard)
    {
        lock (_gate)
        {
            if (_pending.Remove(shard, out var pending)) pending.Records.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _keys.Dispose();
            _records.Dispose();
            foreach (var (handle, _) in _segments) handle.Dispose();
            _segments.Clear();
            foreach (var pending in _pending.Values) pending.Records.Dispose();
            _pending.Clear();
        }
    }

    private PendingShard Pending(string shard)
    {
        if (!_pending.TryGetValue(shard, out var pending))
            _pending[shard] = pending = new PendingShard(new RecordSpool(Path.Combine(_spools, $"{_nextSpool++:D6}.rec")));
        return pending;
    }

    // What a shard in flight added: its keys in memory (16 bytes a pair at a load of at most 3/4), its records in a
    // scratch file (RecordSpool), so that a large shard does not hold every payload in memory until it commits.
    private sealed class PendingShard(RecordSpool records)
    {
        public KeyTable Keys { get; } = new();
        public RecordSpool Records { get; } = records;
        public long NextSequence { get; set; }
    }
}
