using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;

namespace CorpusForge.Bench;

/// <summary>Near-duplicate detection: accuracy on a labelled corpus, signature speed per core, and the full
/// MinHash stage over --size-mb of 2 KB documents (time, memory, index size).</summary>
public sealed class DedupBenchmark : IBenchmark
{
    public string Name => "dedup";

    public string Description => "MinHash near-dedup: recall/precision on planted near-duplicates, signatures MB/s per core, full run over --size-mb of 2 KB docs";

    public void Run(BenchContext context)
    {
        Accuracy(context);
        SignatureSpeed(context);
        FullRun(context);
    }

    private static void Accuracy(BenchContext context)
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 4000, wordsPerDocument: 300, seed: 2024);
        var directory = Path.Combine(context.WorkDirectory, "accuracy");
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), ComponentContext.ForDirectory(directory, context.Workers));
        var results = RunStage(stage, corpus.Documents, shardSize: int.MaxValue);
        var report = corpus.Score(results.Select(r => r.Outcome != StageOutcome.Drop).ToArray());
        context.Out.WriteLine($"accuracy on {corpus.Documents.Count} documents ({corpus.Pairs.Count} labelled pairs), defaults (14x8, exact verification at 0.8):");
        context.Out.WriteLine("  true Jaccard      pairs   recall (not both kept)");
        foreach (var bin in report.Bins) context.Out.WriteLine($"  [{bin.From:F2}, {bin.To:F2}{(bin.From >= 1 ? "]" : ")")}  {bin.Pairs,7}   {bin.Recall:F4}");
        context.Out.WriteLine($"{"recall, pairs with J >= 0.85",-48} {report.RecallAbove085,12:F4}");
        context.Out.WriteLine($"{"recall, pairs with J >= 0.80",-48} {report.RecallAbove080,12:F4}");
        context.Out.WriteLine($"{"precision of removals (kept partner >= 0.75)",-48} {report.Precision,12:F4}");
        context.Report("documents removed", report.Removed, "docs");
        context.Report("families that lost every member", report.LostFamilies, "");
        context.Out.WriteLine("other verification modes (14x8):       recall J>=0.85   recall J>=0.80   precision   removed");
        foreach (var verify in new[] { Verification.Estimated, Verification.None })
        {
            using var other = new MinHashDedupStage(new MinHashDedupOptions { Verify = verify }, ComponentContext.ForDirectory(Path.Combine(context.WorkDirectory, "accuracy-" + verify), context.Workers));
            var r = corpus.Score(RunStage(other, corpus.Documents, shardSize: int.MaxValue).Select(x => x.Outcome != StageOutcome.Drop).ToArray());
            context.Out.WriteLine($"  verify: {verify,-30} {r.RecallAbove085,14:F4} {r.RecallAbove080,16:F4} {r.Precision,11:F4} {r.Removed,9}");
        }
    }

    private static void SignatureSpeed(BenchContext context)
    {
        var documents = Synthetic(count: 10_000, seed: 1).ToList();
        var bytes = documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
        var signer = new MinHashDedupOptions().CreateSigner();
        var signature = new uint[signer.Hashes];
        foreach (var d in documents.Take(500)) signer.Sign(d.Text, signature);
        // CPU time as well as wall time: on a shared machine the wall clock also counts time spent waiting for a core.
        var (wall, cpu) = Timed(() =>
        {
            foreach (var d in documents) signer.Sign(d.Text, signature);
        });
        context.Report("signatures (112 hashes), one thread, wall clock", bytes / 1e6 / wall, "MB/s");
        context.Report("signatures (112 hashes), per CPU-second", bytes / 1e6 / cpu, "MB/s");
        (wall, cpu) = Timed(() =>
        {
            foreach (var d in documents) signer.Sign(d.Text, signature, out _);
        });
        context.Report("signatures + shingle set, one thread, wall clock", bytes / 1e6 / wall, "MB/s");
        context.Report("signatures + shingle set, per CPU-second", bytes / 1e6 / cpu, "MB/s");
    }

    private static (double Wall, double Cpu) Timed(Action action)
    {
        var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalSeconds;
        return (wall, (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu).TotalSeconds);
    }

    private static void FullRun(BenchContext context)
    {
        var count = (int)(context.SizeMb * 1_000_000L / 2048);
        var directory = Path.Combine(context.WorkDirectory, "full");
        var options = new MinHashDedupOptions();
        using var stage = new MinHashDedupStage(options, ComponentContext.ForDirectory(directory, context.Workers));
        var clock = Stopwatch.StartNew();
        var cpuStart = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
        long bytes = 0;
        var removed = 0;
        stage.Open();
        var batch = new List<Document>(256);
        var results = new StageResult[256];
        var shard = 0;
        foreach (var document in Synthetic(count, seed: 7, shardSize: 20_000))
        {
            bytes += document.Text.Length;
            document.ShardKey = document.Provenance.File;
            batch.Add(document);
            if (batch.Count == 256) Flush();
            if (document.Provenance.File != $"shard-{shard}")
            {
                Flush();
                stage.ShardCommitted($"shard-{shard}");
                shard++;
            }
        }

        Flush();
        stage.ShardCommitted($"shard-{shard}");
        stage.Close();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpuStart).TotalSeconds;
        var indexBytes = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        context.Out.WriteLine($"full near-dedup (dedup.minhash_v1 defaults, {context.Workers} workers, shards of 20000 docs):");
        context.Report("documents", count, "docs");
        context.Report("text", bytes / 1e6, "MB");
        context.Report("removed as near-duplicates", removed, "docs");
        context.Report("time, wall clock", seconds, "s");
        context.Report("time, CPU (all threads)", cpuSeconds, "s");
        context.Report("machine load average (1 min) at the end", LoadAverage(), "");
        context.Report("throughput", count / seconds, "docs/s");
        context.Report("throughput", bytes / 1e6 / seconds, "MB/s");
        context.Report("projected time for 1,000,000 docs (linear)", 1_000_000 / (count / seconds), "s");
        context.Report("index on disk", indexBytes / 1e6, "MB");
        context.Report("index bytes per document", indexBytes / (double)count, "B");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");

        void Flush()
        {
            if (batch.Count == 0) return;
            stage.ProcessBatch(batch, results.AsSpan(0, batch.Count));
            for (var i = 0; i < batch.Count; i++) removed += results[i].Outcome == StageOutcome.Drop ? 1 : 0;
            batch.Clear();
        }
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    private static StageResult[] RunStage(MinHashDedupStage stage, IReadOnlyList<Document> documents, int shardSize)
    {
        stage.Open();
        var results = new StageResult[documents.Count];
        for (var start = 0; start < documents.Count; start += 256)
        {
            var slice = documents.Skip(start).Take(256).ToList();
            stage.ProcessBatch(slice, results.AsSpan(start, slice.Count));
        }

        foreach (var shard in documents.Select(d => d.ShardKey ?? "").Distinct()) stage.ShardCommitted(shard);
        stage.Close();
        return results;
    }

    // Word i written in base 26 with letters, scrambled so that frequent words are not all short.
    private static string Word(int i)
    {
        var n = i * 7919L % 1_000_003 + 26;
        var sb = new StringBuilder();
        for (; n > 0; n /= 26) sb.Append((char)('a' + n % 26));
        return sb.ToString();
    }

    // About 2 KB documents of Zipf-ish random words; one in ten is a lightly edited copy of a recent document.
    private static IEnumerable<Document> Synthetic(int count, int seed, int shardSize = int.MaxValue)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 50_000).Select(Word).ToArray();
        var recent = new string[1000];
        var sb = new StringBuilder(2200);
        for (var i = 0; i < count; i++)
        {
            string text;
            if (i > 1000 && random.Next(10) == 0)
            {
                var words = recent[random.Next(recent.Length)].Split(' ');
                for (var k = 0; k < 3; k++) words[random.Next(words.Length)] = vocabulary[random.Next(vocabulary.Length)];
                text = string.Join(' ', words);
            }
            else
            {
                sb.Clear();
                while (sb.Length < 2000)
                {
                    var u = random.NextDouble();
                    sb.Append(vocabulary[(int)(u * u * vocabulary.Length)]).Append(' ');
                }

                text = sb.ToString();
            }

            recent[i % recent.Length] = text;
            yield return new Document { Id = $"d{i}", Text = text, Provenance = new Provenance($"shard-{i / shardSize}", i % shardSize) };
        }
    }
}
