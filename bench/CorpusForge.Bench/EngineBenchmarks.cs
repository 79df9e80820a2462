using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages;

namespace CorpusForge.Bench;

/// <summary>Engine overhead: time per stage per document of pass-through stages, on synthetic in-memory documents.</summary>
public sealed class EngineOverheadBenchmark : IBenchmark
{
    public string Name => "engine";

    public string Description => "engine overhead per stage per document (no-op stages, synthetic documents, no I/O)";

    public void Run(BenchContext context)
    {
        const int documents = 2_000_000;
        Measure(context, documents, stages: 0); // warm-up
        var baseline = Measure(context, documents, stages: 0);
        var eight = Measure(context, documents, stages: 8);
        context.Report("documents", documents, "docs");
        context.Report("reader + sink, no stages", baseline.TotalSeconds, "s");
        context.Report("reader + sink + 8 no-op stages", eight.TotalSeconds, "s");
        context.Report("engine overhead per stage per document", (eight - baseline).TotalMilliseconds * 1000 / (8.0 * documents), "µs");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
    }

    private static TimeSpan Measure(BenchContext context, int documents, int stages)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine($"corpus: corpus-{stages}");
        yaml.AppendLine("inputs:\n  - name: synthetic\n    reader: bench.synthetic_v1\n    paths: [marker]");
        yaml.AppendLine($"    options: {{ documents: {documents}, chars: 64 }}");
        yaml.AppendLine(stages == 0 ? "stages: []" : "stages:");
        for (var i = 0; i < stages; i++) yaml.AppendLine($"  - stage: bench.noop_v1\n    id: noop{i}");
        yaml.AppendLine("outputs:\n  - writer: bench.null_writer_v1\n    path: out");
        var spec = BenchPipelines.Load(context.WorkDirectory, yaml.ToString());
        var clock = Stopwatch.StartNew();
        var result = new PipelineRunner().RunAsync(spec, new RunOptions { Workers = context.Workers, Force = true }).GetAwaiter().GetResult();
        if (result.Stats.Phases[0].Written != documents) throw new InvalidOperationException("benchmark lost documents");
        return clock.Elapsed;
    }
}

/// <summary>Loads pipeline text with the built-in components plus the benchmark's own.</summary>
public static class BenchPipelines
{
    public static readonly ComponentRegistry Registry = BuiltInComponents.CreateRegistry(typeof(BenchPipelines).Assembly);

    public static PipelineSpec Load(string directory, string yaml)
    {
        File.WriteAllText(Path.Combine(directory, "marker"), "");
        var path = Path.Combine(directory, "pipeline.yaml");
        File.WriteAllText(path, yaml);
        return new PipelineLoader(Registry).Load(path);
    }
}

/// <summary>Options of <see cref="SyntheticReader"/>.</summary>
public sealed class SyntheticReaderOptions
{
    [Description("Documents to generate.")]
    public long Documents { get; set; } = 1000;

    [Description("Characters per document.")]
    public int Chars { get; set; } = 2000;
}

/// <summary>Generates documents in memory (no I/O), so the engine alone is measured.</summary>
[Component("bench.synthetic_v1", "benchmark reader: generated documents")]
public sealed class SyntheticReader(SyntheticReaderOptions options) : IDocumentReader
{
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var text = BenchText.Prose(options.Chars, seed: 1);
        for (var i = 0L; i < options.Documents; i++)
            yield return new Document { Id = i.ToString(), Text = text, Provenance = new Provenance(input.RelativePath, i) };
    }
}

/// <summary>Keeps every document.</summary>
[Component("bench.noop_v1", "benchmark stage: keeps everything")]
public sealed class NoopStage(NoOptions options) : IDocumentStage
{
    private readonly NoOptions _options = options;

    public StageResult Process(Document document) => StageResult.Keep;
}

/// <summary>No options.</summary>
public sealed class NoOptions;

/// <summary>Discards documents (counts them), so the engine alone is measured.</summary>
[Component("bench.null_writer_v1", "benchmark writer: discards documents")]
public sealed class NullWriter(NoOptions options) : IDocumentWriter
{
    private readonly NoOptions _options = options;

    public IShardWriter Open(OutputTarget target) => new Shard();

    private sealed class Shard : IShardWriter
    {
        public void Write(Document document)
        {
        }

        public IReadOnlyList<string> Commit() => [];

        public void Abort()
        {
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>Deterministic prose-like text for benchmarks.</summary>
public static class BenchText
{
    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were",
        "river", "council", "volunteers", "morning", "station", "network", "keyboard", "bread", "lighthouse", "season",
        "committee", "announced", "evening", "services", "passengers", "review", "summer", "garden", "project", "weekend",
        "café", "naïve", "résumé", "Straße", "über", "mañana",
    ];

    /// <summary>About <paramref name="chars"/> characters of sentences and paragraphs.</summary>
    public static string Prose(int chars, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(chars + 64);
        var sentence = 0;
        while (sb.Length < chars)
        {
            var length = random.Next(6, 20);
            for (var w = 0; w < length; w++)
            {
                var word = Words[random.Next(Words.Length)];
                sb.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                sb.Append(w == length - 1 ? ". " : " ");
            }

            if (++sentence % 5 == 0) sb.Append("\n\n");
        }

        return sb.ToString().TrimEnd();
    }
}
