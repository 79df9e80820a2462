using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Engine;

namespace CorpusForge.Bench;

/// <summary>End to end: JSONL file → normalize.text_v1 → JSONL file, through the real engine, reader and writer.</summary>
public sealed class JsonlPipelineBenchmark : IBenchmark
{
    public string Name => "pipeline";

    public string Description => "JSONL → normalize → JSONL end to end (MB/s of input, peak memory); --size-mb sets the input size";

    public void Run(BenchContext context)
    {
        var input = Path.Combine(context.WorkDirectory, "in");
        Directory.CreateDirectory(input);
        var bytes = WriteJsonl(Path.Combine(input, "docs.jsonl"), context.SizeMb * 1_000_000L);
        foreach (var compression in new[] { "none", "gzip" })
        {
            var yaml = $"""
                corpus: corpus-{compression}
                inputs:
                  - name: docs
                    reader: reader.jsonl_v1
                    paths: [in/*.jsonl]
                stages:
                  - stage: normalize.text_v1
                outputs:
                  - writer: writer.jsonl_v1
                    path: out
                    options: {"{"} compression: {compression} {"}"}
                """;
            var spec = BenchPipelines.Load(context.WorkDirectory, yaml);
            var clock = Stopwatch.StartNew();
            var result = new PipelineRunner().RunAsync(spec, new RunOptions { Workers = context.Workers, Force = true }).GetAwaiter().GetResult();
            var seconds = clock.Elapsed.TotalSeconds;
            var phase = result.Stats.Phases[0];
            context.Report($"jsonl → normalize → jsonl ({compression}), {context.Workers} workers", bytes / 1e6 / seconds, "MB/s");
            context.Report($"  documents/s", phase.Written / seconds, "docs/s");
        }

        context.Report("input size", bytes / 1e6, "MB");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
    }

    /// <summary>Writes realistic JSONL (2–5 KB prose documents with a few metadata fields) up to <paramref name="target"/> bytes.</summary>
    public static long WriteJsonl(string path, long target)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var texts = Enumerable.Range(0, 64).Select(i => BenchText.Prose(2000 + i * 47, seed: i)).ToArray();
        long written = 0;
        for (var i = 0; written < target; i++)
        {
            json.Reset(stream);
            json.WriteStartObject();
            json.WriteString("id", $"doc-{i:D9}");
            json.WriteString("url", $"https://example.org/articles/{i}");
            json.WriteString("text", texts[i % texts.Length]);
            json.WriteString("crawl", "bench");
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
            written = stream.Position;
        }

        return written;
    }
}

/// <summary>Memory stays flat with input size: generated documents (no input file) → normalize → gzip JSONL.</summary>
public sealed class MemoryBenchmark : IBenchmark
{
    public string Name => "memory";

    public string Description => "peak memory for 1× and 10× --size-mb of generated text through normalize → JSONL";

    public void Run(BenchContext context)
    {
        foreach (var factor in new[] { 1, 10 })
        {
            var megabytes = context.SizeMb * factor;
            var documents = megabytes * 1_000_000L / 3000;
            var yaml = $$"""
                corpus: corpus-{{factor}}
                inputs:
                  - name: synthetic
                    reader: bench.synthetic_v1
                    paths: [marker]
                    options: { documents: {{documents}}, chars: 3000 }
                stages:
                  - stage: normalize.text_v1
                outputs:
                  - writer: writer.jsonl_v1
                    path: out
                    options: { compression: none }
                """;
            var spec = BenchPipelines.Load(context.WorkDirectory, yaml);
            var clock = Stopwatch.StartNew();
            new PipelineRunner().RunAsync(spec, new RunOptions { Workers = context.Workers, Force = true }).GetAwaiter().GetResult();
            context.Report($"{megabytes} MB of text: time", clock.Elapsed.TotalSeconds, "s");
            context.Report($"{megabytes} MB of text: peak working set so far", BenchContext.PeakMemoryMb(), "MB");
            Directory.Delete(Path.Combine(context.WorkDirectory, $"corpus-{factor}"), recursive: true);
        }
    }
}
