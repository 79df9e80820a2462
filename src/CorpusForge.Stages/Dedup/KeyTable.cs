using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Dedup;

/// <summary>An in-memory multimap from 64-bit keys to 64-bit values in one flat array of pairs (open addressing with
/// linear probing): 16 bytes per pair at a load of 1/2 to 3/4, no object per key, nothing for the garbage collector
/// to trace.</summary>
/// <remarks>
/// It replaces <c>Dictionary&lt;ulong, (ulong, List&lt;ulong&gt;?)&gt;</c> in the dedup index, whose key tables were
/// the largest objects of a dedup run: 32-byte entries plus 4-byte buckets, up to twice as many slots as entries after
/// a resize (which doubles, leaving the old array as large-object garbage), and a list object for every key stored
/// more than once (every band bucket two near-duplicates share). Here a key stored n times takes n slots; the table
/// grows by half; <see cref="Lookup"/> returns a key's values in no particular order (callers sort or take the least).
/// A slot stores the value plus one so that a zero value word marks it empty: <see cref="ulong.MaxValue"/> cannot be
/// stored. Not thread-safe; concurrent readers are safe while nobody adds.
/// </remarks>
internal sealed class KeyTable
{
    /// <summary>The most pairs a table holds (its slot array is one .NET array, filled to at most 3/4).</summary>
    public static readonly long MaxPairs = Array.MaxLength / 2 / 4 * 3;

    private const int MinCapacity = 64;
    private readonly long _maxPairs;
    // Slot i: [2i] the key, [2i + 1] the value + 1 (0 = empty).
    private ulong[] _slots;
    private int _capacity;

    /// <summary>Creates an empty table.</summary>
    /// <param name="maxPairs">Pairs the owner will ever hold before it empties the table (growth stops at the
    /// capacity that holds them, rather than at the next step of 1.5×).</param>
    public KeyTable(long maxPairs = int.MaxValue)
    {
        _maxPairs = Math.Max(1, maxPairs);
        _capacity = MinCapacity;
        _slots = new ulong[2 * _capacity];
    }

    /// <summary>Pairs stored.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the slot array (what the table holds in memory).</summary>
    public long MemoryBytes => _slots.LongLength * sizeof(ulong);

    /// <summary>Stores one more (key, value) pair; the same pair may be stored more than once.</summary>
    public void Add(ulong key, ulong value)
    {
        if (value == ulong.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), "ulong.MaxValue cannot be stored in a key table");
        if ((Count + 1) * 4L > _capacity * 3L) Grow();
        Insert(_slots, _capacity, key, value + 1);
        Count++;
    }

    /// <summary>Appends every value stored under <paramref name="key"/> to <paramref name="values"/>; returns how many.</summary>
    public int Lookup(ulong key, List<ulong> values)
    {
        var found = 0;
        var slots = _slots;
        for (var i = Home(key, _capacity); ; i = i + 1 == _capacity ? 0 : i + 1)
        {
            var stored = slots[2 * i + 1];
            if (stored == 0) return found;
            if (slots[2 * i] != key) continue;
            values.Add(stored - 1);
            found++;
        }
    }

    /// <summary>True when <paramref name="key"/> is stored; its first value found goes to <paramref name="value"/>.</summary>
    public bool TryGetFirst(ulong key, out ulong value)
    {
        var slots = _slots;
        for (var i = Home(key, _capacity); ; i = i + 1 == _capacity ? 0 : i + 1)
        {
            var stored = slots[2 * i + 1];
            if (stored == 0) break;
            if (slots[2 * i] != key) continue;
            value = stored - 1;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Every pair, sorted by key then value, in a new array (the table is unchanged, so concurrent readers may go on).</summary>
    public KeyValue[] ToSortedArray()
    {
        var pairs = new KeyValue[Count];
        var n = 0;
        for (var i = 0; i < _capacity; i++)
        {
            var stored = _slots[2 * i + 1];
            if (stored != 0) pairs[n++] = new KeyValue(_slots[2 * i], stored - 1);
        }

        Array.Sort(pairs);
        return pairs;
    }

    /// <summary>Sorts every pair by key then value inside the table's own array, without allocating, and returns
    /// them; the table is unusable until <see cref="Clear"/>.</summary>
    public ReadOnlySpan<KeyValue> SortInPlace()
    {
        var n = 0;
        for (var i = 0; i < _capacity; i++)
        {
            var stored = _slots[2 * i + 1];
            if (stored == 0) continue;
            // n <= i, so this never overwrites a slot not yet read.
            _slots[2 * n] = _slots[2 * i];
            _slots[2 * n + 1] = stored - 1;
            n++;
        }

        var pairs = MemoryMarshal.Cast<ulong, KeyValue>(_slots.AsSpan(0, 2 * n));
        pairs.Sort();
        return pairs;
    }

    /// <summary>Removes every pair; keeps the array when <paramref name="keepMemory"/> (it will fill again), else
    /// returns to the smallest size.</summary>
    public void Clear(bool keepMemory)
    {
        if (keepMemory) Array.Clear(_slots);
        else
        {
            _capacity = MinCapacity;
            _slots = new ulong[2 * _capacity];
        }

        Count = 0;
    }

    // Fibonacci hashing, then the high word of (hash × capacity) picks the slot: any capacity works, and keys that
    // are not random (sequence numbers) spread too.
    private static int Home(ulong key, int capacity) => (int)Math.BigMul(key * 0x9E3779B97F4A7C15UL, (ulong)capacity, out _);

    private static void Insert(ulong[] slots, int capacity, ulong key, ulong stored)
    {
        var i = Home(key, capacity);
        while (slots[2 * i + 1] != 0) i = i + 1 == capacity ? 0 : i + 1;
        slots[2 * i] = key;
        slots[2 * i + 1] = stored;
    }

    private void Grow()
    {
        // Enough for every pair the owner will hold at a load of 3/4, and no more.
        var limit = Math.Min(_maxPairs * 4 / 3 + 1, Array.MaxLength / 2);
        var capacity = (int)Math.Min(limit, _capacity + (long)_capacity / 2);
        if (capacity <= _capacity) capacity = (int)Math.Min(Array.MaxLength / 2, _capacity + (long)_capacity / 2);
        if (capacity <= _capacity) throw new InvalidOperationException($"key table full at {Count} pairs");
        var slots = new ulong[2 * capacity];
        for (var i = 0; i < _capacity; i++)
        {
            var stored = _slots[2 * i + 1];
            if (stored != 0) Insert(slots, capacity, _slots[2 * i], stored);
        }

        _slots = slots;
        _capacity = capacity;
    }
}

/// <summary>One (key, value) pair of a <see cref="KeyTable"/>, ordered by key then value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyValue(ulong Key, ulong Value) : IComparable<KeyValue>
{
    /// <inheritdoc />
    public int CompareTo(KeyValue other)
    {
        var byKey = Key.CompareTo(other.Key);
        return byKey != 0 ? byKey : Value.CompareTo(other.Value);
    }
}
