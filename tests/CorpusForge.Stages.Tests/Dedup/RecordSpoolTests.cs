using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class RecordSpoolTests
{
    private static byte[] Payload(int i, int length) => Enumerable.Range(0, length).Select(k => (byte)(i * 31 + k)).ToArray();

    [Fact]
    public void Pending_records_live_in_a_scratch_file_until_their_shard_commits_or_aborts()
    {
        using var dir = new TempDir();
        var pending = Path.Combine(dir.Path, "cache", "pending");
        var expected = new Dictionary<ulong, (string Id, byte[] Payload)>();
        ulong big;
        using (var index = DedupIndex.Open(dir.Path, payloadKind: 7, tableLimit: 500))
        {
            // 3 000 records of ~300 bytes: several buffer flushes, so some are read back from the file, the last from the buffer.
            for (var i = 0; i < 3000; i++)
            {
                var sequence = (ulong)index.TakeSequence("a");
                expected[sequence] = ($"doc-{i}-é", Payload(i, 250 + i % 100));
                index.AddRecord("a", sequence, expected[sequence].Id, expected[sequence].Payload);
                index.Add("a", (ulong)i * 0x9E3779B97F4A7C15UL, sequence);
            }

            // A record larger than the write buffer, in a shard that is then aborted.
            big = (ulong)index.TakeSequence("b");
            index.AddRecord("b", big, "big", Payload(1, RecordSpool.BufferBytes * 2 + 3));
            Assert.Equal(2, Directory.GetFiles(pending, "*.rec").Length);
            Assert.True(index.TryGetRecord(big, out _, out var bigPayload));
            Assert.Equal(Payload(1, RecordSpool.BufferBytes * 2 + 3), bigPayload);
            AssertRecords(index, expected);

            index.Abort("b");
            Assert.False(index.TryGetRecord(big, out _, out _));
            Assert.Single(Directory.GetFiles(pending, "*.rec"));

            var written = index.Commit("a");
            Assert.Equal(Path.Combine(dir.Path, "inputs", "a.seg"), Assert.Single(written));
            Assert.Empty(Directory.GetFiles(pending));
            AssertRecords(index, expected);
        }

        using var reopened = DedupIndex.Open(dir.Path, payloadKind: 7, tableLimit: 500);
        AssertRecords(reopened, expected);
        Assert.False(reopened.TryGetRecord(big, out _, out _));
        var found = new List<ulong>();
        Assert.Equal(1, reopened.Lookup(unchecked(2999 * 0x9E3779B97F4A7C15UL), found));
        Assert.Equal(2999UL, found[0]);
    }

    private static void AssertRecords(DedupIndex index, Dictionary<ulong, (string Id, byte[] Payload)> expected)
    {
        foreach (var (sequence, (id, payload)) in expected)
        {
            Assert.True(index.TryGetRecord(sequence, out var readId, out var readPayload));
            Assert.Equal(id, readId);
            Assert.Equal(payload, readPayload);
        }
    }
}
