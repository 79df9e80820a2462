using System.Diagnostics;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Normalization;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Writers;

namespace CorpusForge.Bench;

/// <summary>Single-threaded throughput of the JSONL/Parquet readers and writers and of the text normaliser.</summary>
/// <remarks>Every figure is MB of the generated plain JSONL per second, so formats compare directly; the
/// normaliser's figure is MB of UTF-8 text per second. Each is given per second of wall-clock time and per second
/// of this process's CPU time: on a shared machine the second is the steadier measure of single-thread speed.</remarks>
public sealed class IoBenchmark : IBenchmark
{
    public string Name => "io";

    public string Description => "single-threaded read / normalise / write MB/s for jsonl, jsonl.gz, jsonl.zst and parquet";

    public void Run(BenchContext context)
    {
        var source = Path.Combine(context.WorkDirectory, "docs.jsonl");
        var jsonlBytes = JsonlPipelineBenchmark.WriteJsonl(source, context.SizeMb * 1_000_000L);
        var megabytes = jsonlBytes / 1e6;
        context.Report("input (plain JSONL, 2-5 KB prose documents)", megabytes, "MB");

        // Warm up the JIT on a small file so that the first measured format is not penalised.
        var warm = Path.Combine(context.WorkDirectory, "warm.jsonl");
        JsonlPipelineBenchmark.WriteJsonl(warm, 2_000_000);
        Read(new JsonlReader(new JsonlReaderOptions()), warm);

        var documents = Read(new JsonlReader(new JsonlReaderOptions()), source);
        var (_, readTime) = Timed(() => Count(new JsonlReader(new JsonlReaderOptions()), source));
        Report(context, "read jsonl", megabytes, readTime);

        // The least any JSONL reader does (file bytes split into lines, each parsed, text decoded), measured under
        // the same machine load: the ratio to "read jsonl" is the reader's own overhead.
        var (_, baselineTime) = Timed(() => ParseOnly(source));
        Report(context, "  baseline: split + Utf8JsonReader + text decode", megabytes, baselineTime);

        var normalizer = new TextNormalizer(new TextNormalizerOptions());
        var textBytes = documents.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
        var (changed, normalizeTime) = Timed(() => documents.Count(d => !ReferenceEquals(normalizer.Normalize(d.Text), d.Text)));
        Report(context, "normalize.text_v1", textBytes / 1e6, normalizeTime, "MB/s of text");
        context.Report("  documents changed by normalisation", 100.0 * changed / documents.Count, "%");

        var formats = new (string Name, IDocumentWriter Writer, IDocumentReader Reader)[]
        {
            ("jsonl", new JsonlWriter(new JsonlWriterOptions { Compression = JsonlCompression.None }), new JsonlReader(new JsonlReaderOptions())),
            ("jsonl.gz", new JsonlWriter(new JsonlWriterOptions { Compression = JsonlCompression.Gzip }), new JsonlReader(new JsonlReaderOptions())),
            ("jsonl.zst", new JsonlWriter(new JsonlWriterOptions { Compression = JsonlCompression.Zstd }), new JsonlReader(new JsonlReaderOptions())),
            ("parquet", new ParquetWriter(new ParquetWriterOptions()), new ParquetReader(new ParquetReaderOptions())),
        };
        foreach (var (name, writer, reader) in formats)
        {
            var folder = Path.Combine(context.WorkDirectory, name.Replace('.', '-'));
            var (files, writeTime) = Timed(() =>
            {
                using var shard = writer.Open(new OutputTarget(folder, "bench"));
                foreach (var document in documents) shard.Write(document);
                return shard.Commit();
            });
            var size = files.Sum(f => new FileInfo(f).Length) / 1e6;
            Report(context, $"write {name}", megabytes, writeTime);
            var (readBack, readBackTime) = Timed(() => files.Sum(f => Count(reader, f)));
            if (readBack != documents.Count) throw new InvalidOperationException($"{name}: read {readBack} of {documents.Count} documents back");
            Report(context, $"read {name}", megabytes, readBackTime);
            context.Report($"  {name} size", size, "MB");
        }

        // The pipeline's work without the engine, on one thread: what one core contributes to the end-to-end rate.
        var chainFolder = Path.Combine(context.WorkDirectory, "chain");
        var chainReader = new JsonlReader(new JsonlReaderOptions());
        var chainWriter = new JsonlWriter(new JsonlWriterOptions { Compression = JsonlCompression.None });
        var (_, chainTime) = Timed(() =>
        {
            using var shard = chainWriter.Open(new OutputTarget(chainFolder, "chain"));
            var input = new InputFile(source, "docs.jsonl", "bench", jsonlBytes);
            foreach (var result in chainReader.Read(input, CancellationToken.None))
            {
                var document = result.Document!;
                var outcome = normalizer.Process(document);
                shard.Write(outcome.Document ?? document);
            }

            return shard.Commit();
        });
        Report(context, "chain jsonl → normalize → jsonl, one thread", megabytes, chainTime);

        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
    }

    private static long ParseOnly(string path)
    {
        var bytes = File.ReadAllBytes(path).AsSpan();
        long chars = 0;
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            var reader = new System.Text.Json.Utf8JsonReader(line);
            while (reader.Read())
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.String) chars += reader.GetString()!.Length;
            }

            bytes = end < 0 ? default : bytes[(end + 1)..];
        }

        return chars;
    }

    /// <summary>Reads without keeping the documents, as the engine does (retaining them would time the GC instead).</summary>
    private static int Count(IDocumentReader reader, string path)
    {
        var input = new InputFile(path, Path.GetFileName(path), "bench", new FileInfo(path).Length);
        var count = 0;
        foreach (var result in reader.Read(input, CancellationToken.None))
        {
            if (result.Document is null) throw new InvalidOperationException(result.Bad!.Reason);
            count++;
        }

        return count;
    }

    private static List<Document> Read(IDocumentReader reader, string path)
    {
        var input = new InputFile(path, Path.GetFileName(path), "bench", new FileInfo(path).Length);
        return reader.Read(input, CancellationToken.None).Select(r => r.Document ?? throw new InvalidOperationException(r.Bad!.Reason)).ToList();
    }

    /// <summary>Runs <paramref name="action"/> <see cref="Repeats"/> times and keeps the fastest wall and CPU times
    /// (on a shared machine, the fastest run is the one least disturbed by other work).</summary>
    private static (T Result, Timing Time) Timed<T>(Func<T> action)
    {
        using var process = Process.GetCurrentProcess();
        T result = default!;
        var best = new Timing(double.MaxValue, double.MaxValue);
        for (var run = 0; run < Repeats; run++)
        {
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = action();
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            best = new Timing(Math.Min(best.Wall, wall), Math.Min(best.Cpu, (process.TotalProcessorTime - cpu).TotalSeconds));
        }

        return (result, best);
    }

    private const int Repeats = 5;

    private readonly record struct Timing(double Wall, double Cpu);

    private static void Report(BenchContext context, string name, double megabytes, Timing time, string unit = "MB/s")
    {
        context.Report(name, megabytes / time.Wall, unit);
        context.Report($"  per CPU second", megabytes / time.Cpu, unit);
    }
}
