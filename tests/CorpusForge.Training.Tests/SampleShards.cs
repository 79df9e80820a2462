using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Training;

namespace CorpusForge.Training.Tests;

/// <summary>Token shards made from the quick-start sample articles with a byte-level code (token = UTF-8 byte,
/// 256 = end of text), written by Core's shard writer: real text, no tokenizer package needed.</summary>
internal sealed class SampleShards : IDisposable
{
    public const int Eos = 256;
    public const int Vocabulary = 257;

    public SampleShards()
    {
        Root = Directory.CreateTempSubdirectory("cf-train-").FullName;
        Shards = Path.Combine(Root, "tokens");
        var samples = Path.Combine(RepositoryRoot(), "samples", "quickstart");
        using var gz = new GZipStream(File.OpenRead(Path.Combine(samples, "more-articles.jsonl.gz")), CompressionMode.Decompress);
        using var more = new StreamReader(gz);
        var texts = File.ReadLines(Path.Combine(samples, "articles.jsonl")).Concat(more.ReadToEnd().Split('\n'))
            .Select(TextOf)
            .OfType<string>()
            .ToList();
        var manifest = new TokenShardManifest
        {
            Tokenizer = new TokenizerIdentity { Name = "bytes", VocabSize = Vocabulary, EosId = Eos, EosToken = "<eos>", VocabHash = "bytes-v1" },
            Dtype = TokenDType.UInt16.Name(),
            Layouts = ["llmc"],
            ValidationFraction = 0.25,
        };
        // Every fourth article is held out for validation.
        manifest.Splits["train"] = WriteSplit("train", texts.Where((_, i) => i % 4 != 3).ToList());
        manifest.Splits["validation"] = WriteSplit("validation", texts.Where((_, i) => i % 4 == 3).ToList());
        manifest.Tokens = manifest.Splits.Values.Sum(s => s.Tokens);
        manifest.Documents = manifest.Splits.Values.Sum(s => s.Documents);
        manifest.Save(Path.Combine(Shards, TokenShardManifest.FileName));
    }

    public string Root { get; }

    public string Shards { get; }

    public static int[] Encode(string text) => [.. Encoding.UTF8.GetBytes(text).Select(b => (int)b)];

    public static string Decode(IEnumerable<int> tokens) => Encoding.UTF8.GetString(tokens.Where(t => t < 256).Select(t => (byte)t).ToArray());

    /// <summary>A tiny-model run on these shards with few steps; callers adjust what they test.</summary>
    public TrainConfig Config(string name, int steps) => new()
    {
        Name = name,
        Output = Path.Combine(Root, name),
        Data = new DataOptions { Shards = Shards },
        Model = new ModelOptions { Preset = "tiny" },
        Training = new OptimizationOptions
        {
            Steps = steps, BatchSize = 8, LearningRate = 3e-3, MinLearningRate = 3e-4, WarmupSteps = Math.Min(10, steps), Device = DeviceChoice.Cpu, LogInterval = 5, Threads = 1,
        },
        Evaluation = new EvaluationOptions { Interval = 0, Batches = 2 },
        Checkpoints = new CheckpointOptions { Dir = Path.Combine(Root, name, "checkpoints"), Interval = 0, Keep = 2 },
    };

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CorpusForge.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CorpusForge.sln not found above the test folder.");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // The samples include a deliberately broken line (for the pipeline's quarantine); it is skipped here.
    private static string? TextOf(string line)
    {
        try
        {
            return line.Length > 0 ? JsonDocument.Parse(line).RootElement.GetProperty("text").GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TokenSplit WriteSplit(string split, List<string> texts)
    {
        using var writer = new TokenShardFileWriter(Shards, $"{split}_000000", TokenDType.UInt16, TokenLayouts.Llmc);
        for (var i = 0; i < texts.Count; i++)
            writer.Add([.. Encode(texts[i]), Eos], $"{split}-{i}", "sample", new Provenance("articles.jsonl", i));
        var entry = writer.Commit();
        return new TokenSplit { Tokens = entry.Tokens, Documents = entry.Documents, Shards = [entry] };
    }
}
