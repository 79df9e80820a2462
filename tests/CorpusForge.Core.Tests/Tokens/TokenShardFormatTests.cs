using System.Buffers.Binary;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Core.Tests.Tokens;

public class TokenShardFormatTests
{
    [Fact]
    public void LlmcHeaderFollowsThePublishedLayout()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Llmc, shards: 1, documents: 2);
        var bytes = File.ReadAllBytes(Path.Combine(data.Root, "llmc", "train_000000.bin"));
        Assert.Equal(20240520, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.All(Enumerable.Range(3, 253), i => Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i))));
        Assert.Equal(1024 + 7 * 2, bytes.Length);
        ushort[] expected = [0, 1, 50256, 1000, 1001, 1002, 50256];
        Assert.Equal(expected, Enumerable.Range(0, 7).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024 + 2 * i))));
    }

    [Fact]
    public void LlmcUInt32ShardsUseTheLlama3Header()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt32, TokenLayouts.Llmc, shards: 1, documents: 1, eos: 199999);
        var bytes = File.ReadAllBytes(Path.Combine(data.Root, "llmc", "train_000000.bin"));
        Assert.Equal(20240801, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(199999u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(1024 + 8)));
    }

    [Fact]
    public void MegatronIndexBytesMatchThePublishedLayout()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.Megatron, shards: 1, documents: 2);
        var idx = File.ReadAllBytes(Path.Combine(data.Root, "megatron", "train_000000.idx"));
        var expected = new List<byte>();
        expected.AddRange("MMIDIDX\0\0"u8.ToArray());
        expected.AddRange(BitConverter.GetBytes(1UL));
        expected.Add(8);
        expected.AddRange(BitConverter.GetBytes(2UL));
        expected.AddRange(BitConverter.GetBytes(3UL));
        expected.AddRange(BitConverter.GetBytes(3));
        expected.AddRange(BitConverter.GetBytes(4));
        expected.AddRange(BitConverter.GetBytes(0L));
        expected.AddRange(BitConverter.GetBytes(6L));
        expected.AddRange(BitConverter.GetBytes(0L));
        expected.AddRange(BitConverter.GetBytes(1L));
        expected.AddRange(BitConverter.GetBytes(2L));
        Assert.Equal(expected.ToArray(), idx);
        Assert.Equal(14, new FileInfo(Path.Combine(data.Root, "megatron", "train_000000.bin")).Length);
    }

    [Fact]
    public void MegatronUsesInt32CodeForLargeVocabularies()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt32, TokenLayouts.Megatron, shards: 1, documents: 1);
        var index = MegatronIndexFormat.Read(Path.Combine(data.Root, "megatron", "train_000000.idx"));
        Assert.Equal(4, File.ReadAllBytes(Path.Combine(data.Root, "megatron", "train_000000.idx"))[17]);
        Assert.Equal(TokenDType.UInt32, index.DType);
        Assert.Equal([0L, 1L], index.DocumentIndices);
    }

    [Fact]
    public void BadLlmcHeaderIsRejectedWithTheFileName()
    {
        var header = new byte[LlmcShardFormat.HeaderBytes];
        LlmcShardFormat.WriteHeader(header, TokenDType.UInt16, 10);
        var error = Assert.Throws<InvalidDataException>(() => LlmcShardFormat.ReadHeader(header, LlmcShardFormat.HeaderBytes + 18, "x.bin"));
        Assert.Contains("x.bin", error.Message);
        Assert.Contains("10 tokens", error.Message);
        header[0] = 1;
        Assert.Contains("not an llm.c token shard", Assert.Throws<InvalidDataException>(() => LlmcShardFormat.ReadHeader(header, 1044, "x.bin")).Message);
    }

    [Theory]
    [InlineData(256, TokenDType.UInt16)]
    [InlineData(50257, TokenDType.UInt16)]
    [InlineData(65536, TokenDType.UInt16)]
    [InlineData(65537, TokenDType.UInt32)]
    [InlineData(200019, TokenDType.UInt32)]
    public void DTypeIsTheNarrowestThatFits(int vocabulary, TokenDType expected) =>
        Assert.Equal(expected, TokenDTypes.ForVocabulary(vocabulary));

    [Fact]
    public void UInt16ShardRefusesIdsThatDoNotFit()
    {
        using var data = new TokenShardTestData();
        using var writer = new TokenShardFileWriter(data.Root, "x", TokenDType.UInt16, TokenLayouts.All);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add([70000], "d", null, default));
    }

    [Fact]
    public void AbortLeavesNoFiles()
    {
        using var data = new TokenShardTestData();
        using (var writer = new TokenShardFileWriter(data.Root, "x", TokenDType.UInt16, TokenLayouts.All))
            writer.Add([1, 2, 3], "d", null, default);
        Assert.Empty(Directory.EnumerateFiles(data.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void ManifestRoundTripsAndRejectsOtherVersions()
    {
        using var data = new TokenShardTestData();
        var written = data.Write(TokenDType.UInt16, TokenLayouts.All);
        var loaded = TokenShardManifest.Load(data.Root);
        Assert.Equal(written.Tokens, loaded.Tokens);
        Assert.Equal(["llmc", "megatron"], loaded.Layouts);
        Assert.Equal(4, loaded.Splits["train"].Shards[0].Files.Count);
        Assert.All(loaded.Splits["train"].Shards[0].Files, f => Assert.Equal(64, f.Sha256.Length));
        var path = Path.Combine(data.Root, TokenShardManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"version\": 1", "\"version\": 99"));
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => TokenShardManifest.Load(path)).Message);
    }

    [Fact]
    public void VerifierAcceptsSoundShardsAndReportsCorruption()
    {
        using var data = new TokenShardTestData();
        data.Write(TokenDType.UInt16, TokenLayouts.All);
        Assert.Empty(TokenShardVerifier.Verify(data.Root));

        var bin = Path.Combine(data.Root, "megatron", "train_000001.bin");
        var bytes = File.ReadAllBytes(bin);
        bytes[3] ^= 0xFF;
        File.WriteAllBytes(bin, bytes);
        File.Delete(Path.Combine(data.Root, "index", "train_000000.docs.jsonl"));
        var problems = TokenShardVerifier.Verify(data.Root);
        Assert.Contains(problems, p => p.Contains("megatron/train_000001.bin") && p.Contains("SHA-256"));
        Assert.Contains(problems, p => p.Contains("index/train_000000.docs.jsonl: missing"));
    }
}
