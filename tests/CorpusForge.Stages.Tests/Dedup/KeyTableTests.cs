using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class KeyTableTests
{
    // Keys whose home slot is the same at the table's first capacities, so that they probe past one another.
    private static List<ulong> Colliding(int count, int capacity)
    {
        var keys = new List<ulong>();
        for (ulong k = 1; keys.Count < count; k++)
        {
            var key = k * 0xD6E8FEB86659FD93UL;
            if ((int)Math.BigMul(key * 0x9E3779B97F4A7C15UL, (ulong)capacity, out _) == 5) keys.Add(key);
        }

        return keys;
    }

    [Fact]
    public void Holds_the_same_pairs_as_a_dictionary_through_collisions_repeats_and_growth()
    {
        var random = new Random(11);
        var table = new KeyTable();
        var reference = new Dictionary<ulong, List<ulong>>();
        var keys = Colliding(40, 64).Concat(Enumerable.Range(0, 3000).Select(_ => (ulong)random.NextInt64())).Append(0UL).Append(ulong.MaxValue).ToList();
        for (var i = 0; i < 60_000; i++)
        {
            // Skewed: a few keys get many values (shared buckets), some the same value twice.
            var key = keys[(int)(keys.Count * Math.Pow(random.NextDouble(), 3))];
            var value = random.Next(4) == 0 ? 0UL : (ulong)random.NextInt64(long.MaxValue);
            table.Add(key, value);
            (reference.TryGetValue(key, out var list) ? list : reference[key] = []).Add(value);
        }

        Assert.Equal(60_000, table.Count);
        var found = new List<ulong>();
        foreach (var key in keys.Concat(Enumerable.Range(0, 200).Select(_ => (ulong)random.NextInt64())))
        {
            found.Clear();
            var n = table.Lookup(key, found);
            Assert.Equal(n, found.Count);
            found.Sort();
            var expected = reference.TryGetValue(key, out var values) ? values.Order().ToList() : [];
            Assert.Equal(expected, found);
            Assert.Equal(expected.Count > 0, table.TryGetFirst(key, out var first));
            if (expected.Count > 0) Assert.Contains(first, expected);
        }

        var sorted = reference.SelectMany(p => p.Value.Select(v => new KeyValue(p.Key, v))).Order().ToArray();
        Assert.Equal(sorted, table.ToSortedArray());
        Assert.Equal(sorted, table.SortInPlace().ToArray());
        table.Clear(keepMemory: true);
        Assert.Equal(0, table.Count);
        found.Clear();
        Assert.Equal(0, table.Lookup(keys[0], found));
        table.Add(keys[0], 7);
        Assert.Equal(1, table.Lookup(keys[0], found));
        Assert.Equal(7UL, found[0]);
    }

    [Fact]
    public void Grows_no_further_than_the_pairs_its_owner_will_hold_and_refuses_the_reserved_value()
    {
        var table = new KeyTable(maxPairs: 10_000);
        for (ulong i = 0; i < 10_000; i++) table.Add(i, i);
        // 10 000 pairs at a load of at most 3/4: 13 334 slots of 16 bytes, not the next step of 1.5x.
        Assert.InRange(table.MemoryBytes, 10_000 * 16 * 4 / 3, 10_000 * 16 * 4 / 3 + 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Add(1, ulong.MaxValue));
    }
}
