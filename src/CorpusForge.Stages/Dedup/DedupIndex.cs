using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Dedup;

/// <summary>The persistent state of a dedup stage: keys (content hashes, URL hashes or LSH band keys) mapped to
/// document sequence numbers, and records of kept documents, with what in-flight shards added held apart until the
/// shard is committed (then stored) or aborted (then forgotten).</summary>
/// <remarks>Sequence numbers count every document the stage has seen, across runs, in input order; they order
/// candidates and serve as cluster ids. Thread-safe: the engine reports shard commits from its writer threads.</remarks>
public sealed class DedupIndex : IDisposable
{
    private const string SequenceKey = "next_sequence";
    private readonly object _gate = new();
    private readonly SegmentedIndex _keys;
    private readonly DocumentLog _records;
    private readonly Dictionary<string, PendingShard> _pending = new(StringComparer.Ordinal);
    private long _nextSequence;

    private DedupIndex(SegmentedIndex keys, DocumentLog records)
    {
        _keys = keys;
        _records = records;
        _nextSequence = keys.Metadata.GetValueOrDefault(SequenceKey);
    }

    /// <summary>Opens (or creates) the index in <paramref name="directory"/>.</summary>
    /// <param name="directory">State folder.</param>
    /// <param name="payloadKind">What the payloads of kept documents hold (checked on open, so that a changed
    /// configuration does not read records it cannot interpret).</param>
    /// <param name="tableLimit">Entries held in memory before spilling to disk.</param>
    public static DedupIndex Open(string directory, int payloadKind, long tableLimit)
    {
        var keys = SegmentedIndex.Open(Path.Combine(directory, "keys"), tableLimit);
        try
        {
            return new DedupIndex(keys, DocumentLog.Open(Path.Combine(directory, "records"), payloadKind, Math.Max(1, tableLimit / 4)));
        }
        catch
        {
            keys.Dispose();
            throw;
        }
    }

    /// <summary>Key entries stored (committed and pending).</summary>
    public long KeyCount
    {
        get
        {
            lock (_gate) return _keys.Count + _pending.Values.Sum(p => p.KeyCount);
        }
    }

    /// <summary>Bytes of the index on disk.</summary>
    public long DiskBytes
    {
        get
        {
            lock (_gate) return _keys.DiskBytes + _records.DiskBytes;
        }
    }

    /// <summary>The next sequence number (one per document seen, across runs).</summary>
    public long TakeSequence()
    {
        lock (_gate) return _nextSequence++;
    }

    /// <summary>Appends the sequences stored under <paramref name="key"/>, committed and pending, to
    /// <paramref name="sequences"/>; returns how many.</summary>
    public int Lookup(ulong key, List<ulong> sequences)
    {
        lock (_gate)
        {
            var found = _keys.Lookup(key, sequences);
            foreach (var shard in _pending.Values)
            {
                if (shard.Keys.TryGetValue(key, out var list))
                {
                    sequences.Add(list.First);
                    found++;
                    if (list.More is null) continue;
                    sequences.AddRange(list.More);
                    found += list.More.Count;
                }
            }

            return found;
        }
    }

    /// <summary>Stores <paramref name="key"/> → <paramref name="sequence"/> for a document of <paramref name="shard"/>.</summary>
    public void Add(string shard, ulong key, ulong sequence)
    {
        lock (_gate)
        {
            var pending = Pending(shard);
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(pending.Keys, key, out var exists);
            if (!exists) list.First = sequence;
            else (list.More ??= []).Add(sequence);
            pending.KeyCount++;
        }
    }

    /// <summary>Records a kept document of <paramref name="shard"/>.</summary>
    public void AddRecord(string shard, ulong sequence, string id, ReadOnlySpan<byte> payload)
    {
        lock (_gate) Pending(shard).Records[sequence] = (id, payload.ToArray());
    }

    /// <summary>Reads a kept document's record; false when the sequence is not a kept document.</summary>
    public bool TryGetRecord(ulong sequence, out string id, out byte[] payload)
    {
        lock (_gate)
        {
            foreach (var shard in _pending.Values)
            {
                if (shard.Records.TryGetValue(sequence, out var record))
                {
                    id = record.Id;
                    payload = record.Payload;
                    return true;
                }
            }

            return _records.TryRead(sequence, out id, out payload);
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

    /// <summary>Moves what <paramref name="shard"/> added into the persistent index.</summary>
    public void Commit(string shard)
    {
        lock (_gate)
        {
            if (!_pending.Remove(shard, out var pending)) return;
            foreach (var (sequence, record) in pending.Records.OrderBy(r => r.Key)) _records.Append(sequence, record.Id, record.Payload);
            foreach (var key in pending.Keys.Keys.Order())
            {
                var list = pending.Keys[key];
                _keys.Add(key, list.First);
                foreach (var sequence in list.More ?? []) _keys.Add(key, sequence);
            }
        }
    }

    /// <summary>Forgets what <paramref name="shard"/> added.</summary>
    public void Abort(string shard)
    {
        lock (_gate) _pending.Remove(shard);
    }

    /// <summary>Writes everything committed to disk.</summary>
    public void Save()
    {
        lock (_gate)
        {
            _records.Save();
            _keys.Metadata[SequenceKey] = _nextSequence;
            _keys.Save();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _keys.Dispose();
            _records.Dispose();
        }
    }

    private PendingShard Pending(string shard)
    {
        if (!_pending.TryGetValue(shard, out var pending)) _pending[shard] = pending = new PendingShard();
        return pending;
    }

    private sealed class PendingShard
    {
        // Most keys hold one sequence: it is stored inline, further ones in a list.
        public Dictionary<ulong, (ulong First, List<ulong>? More)> Keys { get; } = [];
        public Dictionary<ulong, (string Id, byte[] Payload)> Records { get; } = [];
        public long KeyCount { get; set; }
    }
}
