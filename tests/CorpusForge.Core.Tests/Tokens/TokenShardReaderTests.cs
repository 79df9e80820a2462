using CorpusForge.Core.Tokens;

namespace CorpusForge.Core.Tests.Tokens;

public class TokenShardReaderTests
{
    private static int[] AllTokens(int shards, int documents, int eos = 50256) =>
        [.. Enumerable.Range(0, shards).SelectMany(s => Enumerable.Range(0, documents).SelectMany(d => TokenShardTestData.DocumentTokens(s, d, eos)))];

    [Theory]
    [InlineData(TokenDType.UInt16, TokenLayouts.All)]
    [InlineData(TokenDType.UInt16, TokenLayouts.Megatron)]
    [InlineData(TokenDType.UInt32, TokenLayouts.Llmc)]
    public void ReadsTheSplitAsOneStreamAcrossShards(TokenDType dtype, TokenLayouts layouts)
    {
        using var data = new TokenShardTestData();
        data.Write(dtype, layouts, shards: 3, documents: 4);
        using var reader = TokenShardReader.Open(data.Root);
        var expected = AllTokens(3, 4);
        Assert.Equal(expected.Length, reader.TokenCount);
        var all = new int[expected.Length];
        reader.Copy(0, all);
        Assert.Equal(expected, all);
        var across = new long[10];
        reader.Copy(10, across);
        Assert.Equal(expected.Skip(10).Take(10).Select(t => (long)t), across);
        Assert.Equal(expected[^1], reader.TokenAt(expected.Length - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Copy(expected.Length - 2, new int[3]));
    }

    [Fact]
    public void ShardTokensAreZeroCopyViews()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 1, documents: 2);
        using var reader = TokenShardReader.Open(data.Root);
        Assert.Equal(new ushort[] { 0, 1, 50256, 1000, 1001, 1002, 50256 }, reader.ShardTokensUInt16(0).ToArray());
        Assert.Throws<InvalidOperationException>(() => reader.ShardTokensUInt32(0).Length);
    }

    [Fact]
    public void LocateFindsTheDocumentAndItsProvenance()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.All, shards: 2, documents: 3);
        using var reader = TokenShardReader.Open(data.Root);
        // Shard 0 holds 3 + 4 + 5 = 12 tokens; position 12 + 3 + 1 is the second token of shard 1's second document.
        var location = reader.Locate(16);
        Assert.Equal(1, location.Shard);
        Assert.Equal("train_000001", location.ShardName);
        Assert.Equal(4, location.OffsetInShard);
        Assert.Equal(1, location.DocumentInShard);
        Assert.Equal(1, location.OffsetInDocument);
        Assert.Equal("doc-1-1", location.Document.Id);
        Assert.Equal("data/part1.jsonl", location.Document.Provenance.File);
        Assert.Equal(1, location.Document.Provenance.Record);
        Assert.Equal("web", location.Document.Source);
        Assert.Equal("doc-0-0", reader.Locate(0).Document.Id);
        Assert.Equal("doc-1-2", reader.Locate(reader.TokenCount - 1).Document.Id);
    }

    [Fact]
    public void OpeningAShardWhoseHeaderDisagreesWithTheManifestFails()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 1, documents: 2);
        var path = Path.Combine(data.Root, "llmc", "train_000000.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^2]);
        var error = Assert.Throws<InvalidDataException>(() => TokenShardReader.Open(data.Root));
        Assert.Contains("train_000000.bin", error.Message);
    }

    [Fact]
    public void SequentialWindowsTileTheStreamWithOneTokenOverlap()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 2, documents: 3);
        using var reader = TokenShardReader.Open(data.Root);
        var expected = AllTokens(2, 3);
        var sampler = new TokenWindowSampler(reader, windowTokens: 5, WindowOrder.Sequential);
        Assert.Equal((expected.Length - 1) / 4, sampler.WindowsPerEpoch);
        var window = new int[5];
        for (var k = 0; k < sampler.WindowsPerEpoch; k++)
        {
            Assert.Equal(k * 4, sampler.Next(window));
            Assert.Equal(expected.Skip(k * 4).Take(5), window);
        }

        Assert.Equal(0, sampler.Next(window));
        Assert.Equal(1, sampler.Epoch);
    }

    [Fact]
    public void RandomWindowsAreAPermutationPerEpochAndResumeExactly()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 3, documents: 6);
        using var reader = TokenShardReader.Open(data.Root);
        var sampler = new TokenWindowSampler(reader, 4, WindowOrder.Random, seed: 42);
        var n = (int)sampler.WindowsPerEpoch;
        var window = new int[4];
        var starts = Enumerable.Range(0, 2 * n).Select(_ => sampler.Next(window)).ToList();
        Assert.Equal(Enumerable.Range(0, n).Select(k => (long)k * 3), starts.Take(n).Order());
        Assert.Equal(Enumerable.Range(0, n).Select(k => (long)k * 3), starts.Skip(n).Order());
        Assert.NotEqual(starts.Take(n), starts.Skip(n));
        Assert.NotEqual(starts.Take(n), starts.Take(n).Order());

        var resumed = new TokenWindowSampler(reader, 4, WindowOrder.Random, seed: 42, position: n - 3);
        var resumedWindow = new int[4];
        for (var i = n - 3; i < 2 * n; i++)
        {
            Assert.Equal(starts[i], resumed.Next(resumedWindow));
            var expected = new int[4];
            reader.Copy(starts[i], expected);
            Assert.Equal(expected, resumedWindow);
        }

        var otherSeed = new TokenWindowSampler(reader, 4, WindowOrder.Random, seed: 43);
        Assert.NotEqual(starts.Take(n), Enumerable.Range(0, n).Select(_ => otherSeed.Next(window)));
    }

    [Fact]
    public void UnknownSplitNamesTheSplitsThatExist()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 1, documents: 1);
        Assert.Contains("has: train", Assert.Throws<ArgumentException>(() => TokenShardReader.Open(data.Root, "validation")).Message);
    }
}
