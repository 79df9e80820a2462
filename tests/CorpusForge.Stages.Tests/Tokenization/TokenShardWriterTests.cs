using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Tests.Tokenization;

public sealed class TokenShardWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cf-tokshards-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not fail a test.
        }
    }

    private static Document Doc(int shard, int i) => new()
    {
        Id = $"in{shard}-{i:D3}",
        Text = i % 7 == 3 ? $"Document {i} of shard {shard}.\r\nIt has CRLF, <|endoftext|> literally, and emoji 🎉." : $"Document {i} of shard {shard}: " + string.Join(' ', Enumerable.Range(0, i % 13).Select(w => $"word{w}")),
        Source = "web",
        Provenance = new Provenance($"in/{shard}.jsonl", i, i * 80),
    };

    private TokenShardWriter Writer(string name, Action<TokenShardWriterOptions>? configure = null)
    {
        var options = new TokenShardWriterOptions { Tokenizer = "gpt2", ShardTokens = 300, ValidationFraction = 0.2, Seed = 7 };
        configure?.Invoke(options);
        return new TokenShardWriter(options, ComponentContext.ForDirectory(Path.Combine(_root, name), workers: 2));
    }

    /// <summary>Writes input shards in the given order (each committed), then closes the writer.</summary>
    private string Run(string name, int[] shardOrder, Action<TokenShardWriterOptions>? configure = null, int documents = 40)
    {
        var writer = Writer(name, configure);
        var output = Path.Combine(_root, name, "tokens");
        Directory.CreateDirectory(output);
        writer.Open();
        foreach (var s in shardOrder)
        {
            using var shard = writer.Open(new OutputTarget(output, $"input-{s}"));
            for (var i = 0; i < documents; i++) shard.Write(Doc(s, i));
            shard.Commit();
        }

        writer.Close();
        return output;
    }

    [Fact]
    public void EveryDocumentComesBackOnceWithItsTextAndLineage()
    {
        var output = Run("a", [0, 1, 2]);
        var manifest = TokenShardManifest.Load(output);
        Assert.Empty(TokenShardVerifier.Verify(output));
        Assert.Equal(120, manifest.Documents);
        Assert.Equal("gpt2", manifest.Tokenizer.Name);
        Assert.Equal("uint16", manifest.Dtype);
        Assert.Equal(["llmc", "megatron"], manifest.Layouts);
        Assert.InRange(manifest.Splits["validation"].Documents, 10, 40);

        var tokenizer = TokenizerFactory.FromIdentity(manifest.Tokenizer);
        var seen = new Dictionary<string, string>();
        foreach (var split in new[] { "train", "validation" })
        {
            using var reader = TokenShardReader.Open(output, split);
            for (var s = 0; s < reader.ShardCount; s++)
            {
                Assert.InRange(reader.ShardTokensUInt16(s).Length, 1, 300 + 60);
                foreach (var document in reader.DocumentsOf(s))
                {
                    var ids = new int[document.Tokens];
                    reader.Copy(reader.ShardStart(s) + document.Start, ids);
                    Assert.Equal(50256, ids[^1]);
                    Assert.DoesNotContain(50256, ids[..^1]);
                    seen.Add(document.Id, tokenizer.Decode(ids[..^1]));
                    var shardNumber = int.Parse(document.Id[2..document.Id.IndexOf('-')]);
                    var index = int.Parse(document.Id[(document.Id.IndexOf('-') + 1)..]);
                    Assert.Equal(new Provenance($"in/{shardNumber}.jsonl", index, index * 80), document.Provenance);
                }
            }
        }

        Assert.Equal(120, seen.Count);
        foreach (var (id, text) in seen)
        {
            var shardNumber = int.Parse(id[2..id.IndexOf('-')]);
            Assert.Equal(Doc(shardNumber, int.Parse(id[(id.IndexOf('-') + 1)..])).Text, text);
        }
    }

    [Fact]
    public void ShardsAreCutAtTheTokenTargetWithoutSplittingDocuments()
    {
        var output = Run("cut", [0], o => o.ValidationFraction = 0);
        using var reader = TokenShardReader.Open(output);
        Assert.True(reader.ShardCount > 2);
        for (var s = 0; s < reader.ShardCount - 1; s++)
        {
            var docs = reader.DocumentsOf(s);
            var tokens = docs.Sum(d => d.Tokens);
            Assert.True(tokens <= 300);
            Assert.True(tokens + reader.DocumentsOf(s + 1)[0].Tokens > 300);
        }
    }

    [Fact]
    public void OutputIsIdenticalWhateverTheOrderOrNumberOfRuns()
    {
        var once = Run("once", [0, 1, 2]);
        var reversed = Run("reversed", [2, 1, 0]);
        // Two runs into one folder: the first sees shards 1 and 2, the second adds 0.
        Run("twice", [1, 2]);
        var twice = Run("twice", [0]);
        foreach (var other in new[] { reversed, twice })
        {
            var files = Directory.GetFiles(once, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/parts/")).Select(f => Path.GetRelativePath(once, f)).Order().ToList();
            Assert.Equal(files, Directory.GetFiles(other, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/parts/")).Select(f => Path.GetRelativePath(other, f)).Order());
            foreach (var file in files.Where(f => f != TokenShardManifest.FileName))
                Assert.True(File.ReadAllBytes(Path.Combine(once, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(other, file))), file);
        }
    }

    [Fact]
    public void AnAbortedShardLeavesNothingAndItsRerunDoesNotDuplicate()
    {
        var writer = Writer("abort");
        var output = Path.Combine(_root, "abort", "tokens");
        writer.Open();
        using (var shard = writer.Open(new OutputTarget(output, "input-0")))
        {
            for (var i = 0; i < 40; i++) shard.Write(Doc(0, i));
            shard.Commit();
        }

        using (var shard = writer.Open(new OutputTarget(output, "input-1")))
        {
            for (var i = 0; i < 10; i++) shard.Write(Doc(1, i));
            shard.Abort();
        }

        writer.Close();
        Assert.Equal(40, TokenShardManifest.Load(output).Documents);

        var rerun = Writer("abort");
        rerun.Open();
        using (var shard = rerun.Open(new OutputTarget(output, "input-1")))
        {
            for (var i = 0; i < 40; i++) shard.Write(Doc(1, i));
            shard.Commit();
        }

        rerun.Close();
        Assert.Equal(80, TokenShardManifest.Load(output).Documents);
        Assert.Empty(TokenShardVerifier.Verify(output));
    }

    [Fact]
    public void ShuffleDependsOnTheSeed()
    {
        string FirstIds(string name, long seed)
        {
            var output = Run(name, [0], o => { o.Seed = seed; o.ValidationFraction = 0; });
            using var reader = TokenShardReader.Open(output);
            return string.Join(",", reader.DocumentsOf(0).Select(d => d.Id));
        }

        var a = FirstIds("s1", 1);
        Assert.Equal(a, FirstIds("s1b", 1));
        Assert.NotEqual(a, FirstIds("s2", 2));
        var unshuffled = Run("plain", [0], o => { o.Shuffle = false; o.ValidationFraction = 0; });
        using var reader = TokenShardReader.Open(unshuffled);
        Assert.Equal(["in0-000", "in0-001", "in0-002"], reader.DocumentsOf(0).Take(3).Select(d => d.Id));
    }

    [Fact]
    public void LargeVocabulariesUseUInt32AndOneLayoutCanBeChosen()
    {
        var output = Run("o200k", [0], o => { o.Tokenizer = "o200k_base"; o.Layouts = ["megatron"]; }, documents: 10);
        var manifest = TokenShardManifest.Load(output);
        Assert.Equal("uint32", manifest.Dtype);
        Assert.Equal(["megatron"], manifest.Layouts);
        Assert.False(Directory.Exists(Path.Combine(output, "llmc")));
        using var reader = TokenShardReader.Open(output);
        Assert.Equal(199999u, reader.ShardTokensUInt32(0)[^1]);
    }

    [Fact]
    public void PartsOfAnotherTokenizerAreNeverMixedIn()
    {
        Run("switch", [0]);
        var output = Run("switch", [1], o => o.Tokenizer = "cl100k_base");
        var manifest = TokenShardManifest.Load(output);
        Assert.Equal("cl100k_base", manifest.Tokenizer.Name);
        Assert.Equal(40, manifest.Documents);
        using var reader = TokenShardReader.Open(output);
        Assert.All(reader.DocumentsOf(0), d => Assert.StartsWith("in1-", d.Id));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var options = new TokenShardWriterOptions { Layouts = ["parquet"], ShardTokens = 0, ValidationFraction = 0.9 };
        var problems = options.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("unknown layout 'parquet'"));
        Assert.Contains(problems, p => p.Contains("shard_tokens"));
        Assert.Contains(problems, p => p.Contains("validation_fraction"));
    }
}
