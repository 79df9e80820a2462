using System.Numerics;

namespace CorpusForge.Stages.Text;

/// <summary>Counts occurrences of 64-bit hashes (n-grams, lines) with open addressing. Reused across documents on
/// one thread: <see cref="Reset"/> is O(1) through a generation stamp, so counting a short text costs no clearing
/// of a large table.</summary>
internal sealed class HashCounter
{
    private ulong[] _keys = new ulong[1024];
    private int[] _counts = new int[1024];
    private int[] _stamps = new int[1024];
    private int[] _firsts = new int[1024];
    private int _generation = 1;
    private int _size;

    [ThreadStatic]
    private static HashCounter? _shared;

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
        if (needed > _keys.Length)
        {
            _keys = new ulong[needed];
            _counts = new int[needed];
            _stamps = new int[needed];
            _firsts = new int[needed];
            _generation = 1;
            return;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>The highest count of any key so far (0 when empty).</summary>
    public int MaxCount { get; private set; }

    /// <summary>The <c>first</c> value given with the key that reached <see cref="MaxCount"/> first (-1 when empty).</summary>
    public int MaxFirst { get; private set; }

    /// <summary>Adds one occurrence of <paramref name="key"/>; <paramref name="first"/> is remembered with a new key
    /// (e.g. the position of its first occurrence). Returns the key's count after adding.</summary>
    public int Add(ulong key, int first = 0)
    {
        if ((_size + 1) * 2 > _keys.Length) Grow();
        var mask = _keys.Length - 1;
        var slot = (int)(key * 0x9E3779B97F4A7C15UL >> 40) & mask;
        while (true)
        {
            if (_stamps[slot] != _generation)
            {
                _stamps[slot] = _generation;
                _keys[slot] = key;
                _counts[slot] = 1;
                _firsts[slot] = first;
                _size++;
                return Track(1, first);
            }

            if (_keys[slot] == key) return Track(++_counts[slot], _firsts[slot]);
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
        var keys = _keys;
        var counts = _counts;
        var stamps = _stamps;
        var firsts = _firsts;
        var generation = _generation;
        _keys = new ulong[keys.Length * 2];
        _counts = new int[keys.Length * 2];
        _stamps = new int[keys.Length * 2];
        _firsts = new int[keys.Length * 2];
        _generation = 1;
        _size = 0;
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (stamps[i] != generation) continue;
            var slot = (int)(keys[i] * 0x9E3779B97F4A7C15UL >> 40) & mask;
            while (_stamps[slot] == _generation) slot = (slot + 1) & mask;
            _stamps[slot] = _generation;
            _keys[slot] = keys[i];
            _counts[slot] = counts[i];
            _firsts[slot] = firsts[i];
            _size++;
        }
    }
}
