using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class SegmentedIndexTests
{
    [Fact]
    public void Spills_merges_and_reopens_with_every_value()
    {
        using var dir = new TempDir();
        var random = new Random(3);
        var expected = new Dictionary<ulong, List<ulong>>();
        using (var index = SegmentedIndex.Open(dir.Path, tableLimit: 1000, maxSegments: 3))
        {
            for (ulong v = 0; v < 20_000; v++)
            {
                var key = (ulong)random.Next(5000) * 0x9E3779B97F4A7C15UL;
                index.Add(key, v);
                (expected.TryGetValue(key, out var list) ? list : expected[key] = []).Add(v);
            }

            Assert.InRange(index.SegmentCount, 1, 3);
            index.Save();
        }

        using var reopened = SegmentedIndex.Open(dir.Path);
        Assert.Equal(20_000, reopened.Count);
        var found = new List<ulong>();
        foreach (var (key, values) in expected)
        {
            found.Clear();
            reopened.Lookup(key, found);
            found.Sort();
            Assert.Equal(values, found);
        }

        found.Clear();
        Assert.Equal(0, reopened.Lookup(12345, found));
    }

    [Fact]
    public void Entries_added_after_the_last_save_are_gone_after_reopening()
    {
        using var dir = new TempDir();
        using (var index = SegmentedIndex.Open(dir.Path, tableLimit: 10))
        {
            index.Add(1, 1);
            index.Save();
            for (ulong i = 2; i < 50; i++) index.Add(i, i);
        }

        using var reopened = SegmentedIndex.Open(dir.Path);
        Assert.Equal(1, reopened.Count);
        Assert.Single(Directory.GetFiles(dir.Path, "seg-*.bin"));
    }
}
