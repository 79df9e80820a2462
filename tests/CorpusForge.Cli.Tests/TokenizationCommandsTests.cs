using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Cli.Tests;

public sealed class TokenizationCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-cli-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteShards()
    {
        var output = Path.Combine(_dir, "tokens");
        var writer = new TokenShardWriter(new TokenShardWriterOptions { Tokenizer = "gpt2", ValidationFraction = 0, Shuffle = false }, ComponentContext.ForDirectory(_dir));
        writer.Open();
        using (var shard = writer.Open(new OutputTarget(output, "docs")))
        {
            shard.Write(new Document { Id = "first", Text = "Hello world, this is the first document.", Source = "web", Provenance = new Provenance("data/a.jsonl", 0) });
            shard.Write(new Document { Id = "second", Text = "And a second one\r\nwith CRLF.", Source = "web", Provenance = new Provenance("data/a.jsonl", 1, 120) });
            shard.Commit();
        }

        writer.Close();
        return output;
    }

    [Fact]
    public void InspectDecodesAWindowAndNamesItsDocuments()
    {
        var output = WriteShards();
        var (exit, stdout, error) = CliProcess.Run(_dir, "shards", "inspect", output, "--position", "5", "--tokens", "12");
        Assert.True(exit == 0, error);
        Assert.Contains("2 documents", stdout);
        Assert.Contains("tokenizer gpt2", stdout);
        Assert.Contains("document first", stdout);
        Assert.Contains("from data/a.jsonl:1", stdout);
        Assert.Contains("document second", stdout);
        Assert.Contains("from data/a.jsonl:2 (byte 120)", stdout);
        Assert.Contains("<|endoftext|>", stdout);
    }

    [Fact]
    public void VerifyPassesAndThenReportsADamagedFile()
    {
        var output = WriteShards();
        var (exit, stdout, _) = CliProcess.Run(_dir, "shards", "verify", output);
        Assert.Equal(0, exit);
        Assert.Contains("ok:", stdout);

        var bin = Path.Combine(output, "llmc", "train_000000.bin");
        var bytes = File.ReadAllBytes(bin);
        bytes[8] ^= 1;
        File.WriteAllBytes(bin, bytes);
        var (failed, _, error) = CliProcess.Run(_dir, "shards", "verify", output);
        Assert.Equal(ExitCodes.Fatal, failed);
        Assert.Contains("llmc/train_000000.bin", error);
        Assert.Contains("SHA-256", error);
    }

    [Fact]
    public void TokenizerTrainWritesAVocabularyThatLoads()
    {
        var lines = Enumerable.Range(0, 400).Select(i => $"{{\"id\":\"d{i}\",\"text\":\"document {i} says the tokenizer learns merges from text number {i % 17}\"}}");
        File.WriteAllLines(Path.Combine(_dir, "docs.jsonl"), lines);
        var (exit, stdout, error) = CliProcess.Run(_dir, "tokenizer", "train", "docs.jsonl", "--out", "bpe", "--vocab-size", "300", "--heldout-mb", "1");
        Assert.True(exit == 0, error);
        Assert.Contains("trained 300 ids", stdout);
        Assert.Contains("bytes per token", stdout);
        var tokenizer = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "bpe", Vocab = Path.Combine(_dir, "bpe", "vocab.json"), Merges = Path.Combine(_dir, "bpe", "merges.txt") });
        Assert.Equal(299, tokenizer.EosId);
        Assert.Equal("the tokenizer learns", tokenizer.Decode(tokenizer.Encode("the tokenizer learns")));
    }
}
