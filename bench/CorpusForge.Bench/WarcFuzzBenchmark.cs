using System.Diagnostics;
using System.IO.Compression;
using CorpusForge.Stages.Tests.Web;

namespace CorpusForge.Bench;

/// <summary><c>warc-fuzz</c>: seeded mutants of the sample WARC in three layouts (per-record gzip, whole-file gzip,
/// plain), <c>--size-mb N</c> × 100 of them (10,000 by default), each read with a 30 s limit: no crash, no hang, counts
/// add up. Prints the failures with their seeds (reproducible with <see cref="WarcMutator.Mutate"/>).</summary>
public sealed class WarcFuzzBenchmark : IBenchmark
{
    public string Name => "warc-fuzz";
    public string Description => "seeded mutation fuzzing of samples/web/sample.warc.gz: --size-mb N runs N*100 mutants";

    public void Run(BenchContext context)
    {
        var sample = FindSample();
        var perRecord = File.ReadAllBytes(sample);
        using var gzip = new GZipStream(new MemoryStream(perRecord), CompressionMode.Decompress);
        using var plainStream = new MemoryStream();
        gzip.CopyTo(plainStream);
        var plain = plainStream.ToArray();
        var layouts = new (string Name, byte[] Bytes)[] { ("plain.warc", plain), ("record.warc.gz", perRecord), ("whole.warc.gz", WarcBuilder.Gzip(plain)) };
        var count = context.SizeMb * 100;
        var failures = 0;
        long documents = 0, quarantined = 0, anomalies = 0;
        var watch = Stopwatch.StartNew();
        for (var seed = 0; seed < count; seed++)
        {
            var (name, bytes) = layouts[seed % layouts.Length];
            var mutant = seed % 6 == 4 ? WarcBuilder.Gzip(WarcMutator.Mutate(plain, seed)) : WarcMutator.Mutate(bytes, seed);
            var path = Path.Combine(context.WorkDirectory, name);
            File.WriteAllBytes(path, mutant);
            var problem = WarcMutator.Check(path, TimeSpan.FromSeconds(30), out var counts);
            if (problem is not null)
            {
                failures++;
                context.Out.WriteLine($"  seed {seed} ({name}): {problem}");
            }

            documents += counts?.Documents ?? 0;
            quarantined += counts?.Quarantined ?? 0;
            anomalies += counts?.Anomalies.Values.Sum() ?? 0;
        }

        context.Report("mutants", count, "files");
        context.Report("failures (crash, hang, miscount)", failures, "files");
        context.Report("documents / quarantined / anomalies", documents, $"/ {quarantined} / {anomalies}");
        context.Report("mutants per second", count / watch.Elapsed.TotalSeconds, "files/s");
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "web", "sample.warc.gz");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("samples/web/sample.warc.gz not found above the current folder");
    }
}
