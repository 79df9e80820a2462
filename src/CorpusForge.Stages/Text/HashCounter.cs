using System.Numerics;

namespace CorpusForge.Stages.Text;

/// <summary>Counts occurrences of 64-bit hashes (n-grams, lines) with open addressing. Reused across documents on
/// one thread: <see cref="Reset"/> is O(1) through a generation stamp, so counting a short text costs no clearing
/// of a large table.</summary>
internal sealed class HashCounter
{
    private Entry[] _entries = new Entry[1024];
    private int _generation = 1;
    private int _size;

    [ThreadStatic]
    private static HashCounter? _shared;

    /// <summary>One slot: key, count and first-seen value live together so that a probe touches one cache line.</summary>
    private struct Entry
    {
        public ulong Key;
        public int Stamp;
        public int Count;
        public int First;
    }

    /// <summary>The highest count of any key so far (0 when empty).</summary>
    public int MaxCount { get; private set; }

    /// <summary>The <c>first</c> value given with the key that reached <see cref="MaxCount"/> first (-1 when empty).</summary>
    public int MaxFirst { get; private set; }

    /// <summary>An empty counter private to the calling thread (do not keep it across calls that may use it too).</summary>
    public static HashCounter Rent(int expected)
    {
        var counter = _shared ??= new HashCounter();
        counter.Reset(expected);
        return counter;
    }

    /// <summary>Forgets every key; grows the table so that <paramref name="expected"/> keys fit at half load.</summary>
    public void Reset(int expected)
    {
        _size = 0;
        MaxCount = 0;
        MaxFirst = -1;
        var needed = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        if (needed > _entries.Length)
        {
            _entries = new Entry[needed];
            _generation = 1;
            return;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_entries);
            _generation = 1;
        }
    }

    /// <summary>Adds one occurrence of <paramref name="key"/>; <paramref name="first"/> is remembered with a new key
    /// (e.g. the position of its first occurrence). Returns the key's count after adding.</summary>
    public int Add(ulong key, int first = 0)
    {
        if ((_size + 1) * 2 > _entries.Length) Grow();
        var entries = _entries;
        var mask = entries.Length - 1;
        var slot = (int)(key * 0x9E3779B97F4A7C15UL >> 40) & mask;
        while (true)
        {
            ref var entry = ref entries[slot];
            if (entry.Stamp != _generation)
            {
                entry.Stamp = _generation;
                entry.Key = key;
                entry.Count = 1;
                entry.First = first;
                _size++;
                return Track(1, first);
            }

            if (entry.Key == key) return Track(++entry.Count, entry.First);
            slot = (slot + 1) & mask;
        }
    }

    private int Track(int count, int first)
    {
        if (count > MaxCount)
        {
            MaxCount = count;
            MaxFirst = first;
        }

        return count;
    }

    private void Grow()
    {
        var old = _entries;
        var generation = _generation;
        _entries = new Entry[old.Length * 2];
        _generation = 1;
        var mask = _entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Stamp != generation) continue;
            var slot = (int)(entry.Key * 0x9E3779B97F4A7C15UL >> 40) & mask;
            while (_entries[slot].Stamp == _generation) slot = (slot + 1) & mask;
            _entries[slot] = entry with { Stamp = _generation };
        }
    }
}
