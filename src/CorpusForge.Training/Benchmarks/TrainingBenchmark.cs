using CorpusForge.Core.Documents;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Benchmarks;

/// <summary>Settings of a training-speed measurement.</summary>
public sealed record TrainingBenchmarkOptions
{
    /// <summary>Model: a preset with any overrides (<see cref="TrainConfigLoader.BenchModel"/>).</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>Vocabulary (before padding); GPT-2's by default, as shards made with the gpt2 tokenizer.</summary>
    public int Vocabulary { get; init; } = 50257;

    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Timed steps.</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Untimed steps first (allocator and kernel warm-up).</summary>
    public int WarmupSteps { get; init; } = 3;

    /// <summary>libtorch CPU threads; 0 keeps the default.</summary>
    public int Threads { get; init; }

    /// <summary>Device.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Precision.</summary>
    public PrecisionChoice Precision { get; init; } = PrecisionChoice.Auto;

    /// <summary>Device peak TFLOP/s for MFU (0: 989 on CUDA, none on CPU).</summary>
    public double PeakTflops { get; init; }
}

/// <summary>What a measurement found.</summary>
public sealed record TrainingBenchmarkResult(
    string Preset, long Parameters, int Context, int BatchSize, int Threads, string Device, string Precision,
    double MsPerStep, double CpuMsPerStep, double TokensPerSecond, double? Mfu, long PeakRssBytes, long RssGrowthBytes, double FirstLoss, double LastLoss)
{
    /// <summary>One line for logs and docs.</summary>
    public override string ToString() =>
        $"{Preset}: {Parameters / 1e6:F2}M params, batch {BatchSize}×{Context}, {Threads} thread(s), {Device}/{Precision}: " +
        $"{MsPerStep:F1} ms/step (CPU time {CpuMsPerStep:F1} ms/step), {TokensPerSecond:N0} tokens/s" + (Mfu is { } m ? $", MFU {100 * m:F1}%" : "") +
        $", peak RSS {PeakRssBytes / 1048576.0:F0} MiB (RSS growth over the timed steps {RssGrowthBytes / 1048576.0:F1} MiB), loss {FirstLoss:F2} → {LastLoss:F2}";
}

/// <summary>Measures the trainer's own steps (forward, backward, clipping, AdamW, and the bf16 master-weight copies
/// where used) on shards of random tokens written to a temporary folder, so the figure is the trainer's speed
/// without needing a corpus. Used by <c>corpusforge train --bench</c> and scripts/gpu-check.sh.</summary>
public static class TrainingBenchmark
{
    /// <summary>Runs the measurement.</summary>
    public static TrainingBenchmarkResult Run(TrainingBenchmarkOptions o, Action<string>? log = null)
    {
        TorchNativeLoader.EnsureLoaded();
        var shape = o.Model.Resolve(o.Vocabulary);
        var root = Directory.CreateTempSubdirectory("cf-bench-").FullName;
        try
        {
            var steps = o.WarmupSteps + o.Steps;
            var shards = WriteRandomShards(Path.Combine(root, "tokens"), o.Vocabulary, (long)steps * o.BatchSize * shape.ContextLength + 1);
            var config = new TrainConfig
            {
                Name = "bench",
                Output = Path.Combine(root, "out"),
                Data = new DataOptions { Shards = shards, ValidationSplit = "", Order = CorpusForge.Core.Tokens.WindowOrder.Sequential },
                Model = o.Model,
                Training = new OptimizationOptions
                {
                    Steps = steps, BatchSize = o.BatchSize, WarmupSteps = 0, Threads = o.Threads, Device = o.Device,
                    Precision = o.Precision, PeakTflops = o.PeakTflops, LogInterval = Math.Max(1, steps / 4),
                },
                Checkpoints = new CheckpointOptions { Dir = Path.Combine(root, "checkpoints"), Interval = 0, Resume = false },
            };
            var result = new Trainer(config, log) { WriteArtifacts = false, UntimedSteps = o.WarmupSteps }.Run();
            var mfu = result.Device == "cuda" || o.PeakTflops > 0
                ? shape.TrainingFlopsPerToken(result.Parameters, shape.ContextLength) * result.TokensPerSecond / (o.PeakTflops > 0 ? o.PeakTflops * 1e12 : 989e12)
                : (double?)null;
            var described = $"{o.Model.Preset} ({shape.Layers}×{shape.Width}, {shape.Positions}/{shape.Norm}/{shape.Mlp}{(shape.Bias ? ", biases" : "")})".ToLowerInvariant();
            return new TrainingBenchmarkResult(described, result.Parameters, shape.ContextLength, o.BatchSize, get_num_threads(), result.Device,
                result.Precision, result.MsPerStep, result.CpuMsPerStep, result.TokensPerSecond, mfu, result.PeakRssBytes, result.RssGrowthBytes,
                result.Losses[0], result.Losses[^1]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string WriteRandomShards(string folder, int vocabulary, long tokens)
    {
        var random = new Random(1);
        var dtype = TokenDTypes.ForVocabulary(vocabulary);
        var split = new TokenSplit();
        using (var writer = new TokenShardFileWriter(folder, "train_000000", dtype, TokenLayouts.Llmc))
        {
            var document = new int[4096];
            for (long written = 0; written < tokens; written += document.Length)
            {
                for (var i = 0; i < document.Length; i++) document[i] = random.Next(vocabulary);
                writer.Add(document, $"random-{written}", null, new Provenance("random", written / document.Length));
            }

            var entry = writer.Commit();
            split.Shards.Add(entry);
            split.Tokens = entry.Tokens;
            split.Documents = entry.Documents;
        }

        var manifest = new TokenShardManifest
        {
            Tokenizer = new TokenizerIdentity { Name = "random", VocabSize = vocabulary },
            Dtype = dtype.Name(),
            Layouts = ["llmc"],
            Tokens = split.Tokens,
            Documents = split.Documents,
        };
        manifest.Splits["train"] = split;
        manifest.Save(Path.Combine(folder, TokenShardManifest.FileName));
        return folder;
    }
}
