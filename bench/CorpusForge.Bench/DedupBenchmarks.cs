using System.Diagnostics;
using System.Runtime;
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
        switch (context.Part)
        {
            case null:
                Accuracy(context);
                SignatureSpeed(context);
                FullRun(context);
                Books(context);
                break;
            case "books":
                Books(context);
                break;
            case "books-streaming" or "books-multistage":
                BooksCost(context, streaming: context.Part == "books-streaming");
                break;
            case "full":
                FullRun(context);
                break;
            case "books-export":
                BooksExport(context);
                break;
            case "full-export":
                FullExport(context);
                break;
            default:
                context.Out.WriteLine($"unknown part {context.Part}; parts: books, books-streaming, books-multistage, books-export, full, full-export (none = all but the cost and export parts)");
                break;
        }
    }

    // Planted near-duplicates in real book prose, scored per true cluster at J >= 0.8, dev and held-out books.
    private static void Books(BenchContext context)
    {
        var folder = SharedData.Folder("books-dev");
        if (folder is null)
        {
            context.Out.WriteLine("books: skipped (shared/data/books-dev not found beside the repository)");
            return;
        }

        foreach (var heldOut in new[] { false, true })
        {
            var set = BookNearDuplicateSet.Generate(folder, heldOut, seed: heldOut ? 77 : 13);
            var clusters = set.Clusters.GroupBy(c => c).Count(g => g.Count() > 1);
            context.Out.WriteLine($"books ({(heldOut ? "held-out" : "dev")}): {set.Documents.Count} documents, {clusters} true clusters at J >= 0.8 ({set.PairsAbove} pairs), {set.Clusters.GroupBy(c => c).Count(g => g.Count() == 1 && set.Families.Count(f => f == set.Families[g.First()]) > 1)} hard negatives / lone family members");
            context.Out.WriteLine($"  best recall any first-seen stream can reach in this order: {set.StreamingBound:F4} (a document whose cluster partners all arrive later must be kept)");
            context.Out.WriteLine("  form                                         precision   recall   removed   over-removed clusters   lone members removed");
            var forms = new (string Name, Func<BookNearDuplicateSet, string, (bool[] Kept, string?[] KeptIds)> Run)[]
            {
                ("streaming dedup.minhash_v1", (s, d) => BooksStreaming(s.Documents, d, context.Workers)),
                ("multi-stage, keep: first_seen", (s, d) => BooksMultiStage(s.Documents, d, KeepRule.FirstSeen)),
                ("multi-stage, keep: longest (components)", (s, d) => BooksMultiStage(s.Documents, d, KeepRule.Longest)),
            };
            bool[]? streamingKept = null;
            foreach (var (name, run) in forms)
            {
                var (kept, keptIds) = run(set, Path.Combine(context.WorkDirectory, $"books-{heldOut}-{name.Length}"));
                var r = set.Score(kept, keptIds);
                context.Out.WriteLine($"  {name,-44} {r.Precision,9:F4} {r.Recall,8:F4} {r.Removed,9} {r.OverRemoved,22} {r.HardNegativesRemoved,21}");
                if (streamingKept is null)
                {
                    // Removals of documents without a planted partner: show what they matched (natural repeats in the books).
                    var byId = set.Documents.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
                    var shingler = new Shingler(5);
                    foreach (var i in Enumerable.Range(0, kept.Length).Where(i => !kept[i] && set.Clusters.Count(c => c == set.Clusters[i]) == 1).Take(5))
                    {
                        var partner = set.Documents[byId[keptIds[i]!]];
                        context.Out.WriteLine($"    removed without a planted partner: {set.Documents[i].Id} ~ {partner.Id} (other family), J = {Shingler.Jaccard(shingler.ShingleSet(set.Documents[i].Text), shingler.ShingleSet(partner.Text)):F3}: \"{set.Documents[i].Text[..Math.Min(80, set.Documents[i].Text.Length)]}…\"");
                    }

                    streamingKept = kept;
                }
                else context.Out.WriteLine($"    documents decided differently from streaming: {kept.Where((k, i) => k != streamingKept[i]).Count()}");
            }
        }
    }

    // CPU time and memory of one form over dev + held-out books. The planted set is generated here and written to a
    // file; the form runs in a child process that reads it, so its peak working set holds the documents and the
    // form's own state, not the generator's.
    private static void BooksCost(BenchContext context, bool streaming)
    {
        var file = Environment.GetEnvironmentVariable("CORPUSFORGE_BENCH_BOOKS_SET");
        if (file is null)
        {
            var folder = SharedData.Folder("books-dev");
            if (folder is null)
            {
                context.Out.WriteLine("books: skipped (shared/data/books-dev not found beside the repository)");
                return;
            }

            file = Path.Combine(context.WorkDirectory, "books-set.jsonl");
            using (var writer = new StreamWriter(file))
            {
                foreach (var set in new[] { BookNearDuplicateSet.Generate(folder, false, 13), BookNearDuplicateSet.Generate(folder, true, 77) })
                {
                    foreach (var d in set.Documents)
                        writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new[] { d.Id, d.Provenance.File, d.Text }));
                }
            }

            var host = Environment.ProcessPath!;
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(DedupBenchmark).Assembly.Location);
            foreach (var a in new[] { "dedup", "--part", context.Part!, "--workers", context.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
            start.Environment["CORPUSFORGE_BENCH_BOOKS_SET"] = file;
            using var child = Process.Start(start)!;
            foreach (var line in child.StandardOutput.ReadToEnd().Split('\n').Where(l => !l.StartsWith("==", StringComparison.Ordinal) && l.Length > 0)) context.Out.WriteLine(line);
            child.WaitForExit();
            return;
        }

        var documents = File.ReadLines(file).Select(line => System.Text.Json.JsonSerializer.Deserialize<string[]>(line)!)
            .Select(x => new Document { Id = x[0], Text = x[2], Provenance = new Provenance(x[1], 0) }).ToList();
        var parts = documents.GroupBy(d => d.Id[0]).Select(g => g.ToList()).ToList();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64 / 1048576.0;
        var (wall, cpu) = Timed(() =>
        {
            foreach (var part in parts)
            {
                var work = Path.Combine(context.WorkDirectory, $"cost-{part[0].Id[0]}");
                if (streaming) BooksStreaming(part, work, context.Workers);
                else BooksMultiStage(part, work, KeepRule.FirstSeen);
            }
        });
        context.Out.WriteLine($"books, {(streaming ? "streaming dedup.minhash_v1" : "multi-stage (1 task per stage)")}, {documents.Count} documents, {context.Workers} workers:");
        context.Report("time, CPU (all threads)", cpu, "s");
        context.Report("time, wall clock", wall, "s");
        context.Report("machine load average (1 min) at the end", LoadAverage(), "");
        context.Report("working set before the run (documents in memory)", before, "MB");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
        ReportGc(context);
    }

    // What the garbage collector held at its last collection, and how often it ran.
    private static void ReportGc(BenchContext context)
    {
        var info = GC.GetGCMemoryInfo();
        context.Report("managed heap at the last collection", info.HeapSizeBytes / 1048576.0, "MB");
        context.Report("memory the GC had committed then", info.TotalCommittedBytes / 1048576.0, "MB");
        context.Report("collections gen0 / gen1 / gen2", GC.CollectionCount(0), $"/ {GC.CollectionCount(1)} / {GC.CollectionCount(2)} ({(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "not concurrent" : "concurrent")})");
    }

    // Writes the dev and held-out planted sets as JSONL files (d-part-NNN.jsonl, h-part-NNN.jsonl: 2000 documents
    // each, in stream order) to CORPUSFORGE_BENCH_BOOKS_OUT, so that the CLI (`corpusforge run` with the dedup stages,
    // `corpusforge dedup`) can be measured on the same documents as the cost parts, e.g. under /usr/bin/time -v.
    private static void BooksExport(BenchContext context)
    {
        var output = Environment.GetEnvironmentVariable("CORPUSFORGE_BENCH_BOOKS_OUT");
        var folder = SharedData.Folder("books-dev");
        if (output is null || folder is null)
        {
            context.Out.WriteLine("books-export: set CORPUSFORGE_BENCH_BOOKS_OUT=DIR (and shared/data/books-dev must exist beside the repository)");
            return;
        }

        Directory.CreateDirectory(output);
        var count = 0;
        foreach (var (set, prefix) in new[] { (BookNearDuplicateSet.Generate(folder, false, 13), "d-"), (BookNearDuplicateSet.Generate(folder, true, 77), "h-") })
        {
            foreach (var file in set.Documents.GroupBy(d => d.Provenance.File))
            {
                using var writer = new StreamWriter(Path.Combine(output, prefix + file.Key));
                foreach (var d in file)
                {
                    writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { id = d.Id, text = d.Text }));
                    count++;
                }
            }
        }

        context.Out.WriteLine($"books-export: {count} documents written to {output}");
    }

    // Writes the documents of the `full` part (--size-mb of 2 KB documents, files of 20 000) as JSONL files to
    // CORPUSFORGE_BENCH_FULL_OUT, to measure `corpusforge run` with dedup.minhash_v1 on them.
    private static void FullExport(BenchContext context)
    {
        var output = Environment.GetEnvironmentVariable("CORPUSFORGE_BENCH_FULL_OUT");
        if (output is null)
        {
            context.Out.WriteLine("full-export: set CORPUSFORGE_BENCH_FULL_OUT=DIR");
            return;
        }

        Directory.CreateDirectory(output);
        var count = (int)(context.SizeMb * 1_000_000L / 2048);
        foreach (var file in Synthetic(count, seed: 7, shardSize: 20_000).GroupBy(d => d.Provenance.File))
        {
            using var writer = new StreamWriter(Path.Combine(output, file.Key + ".jsonl"));
            foreach (var d in file) writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { id = d.Id, text = d.Text }));
        }

        context.Out.WriteLine($"full-export: {count} documents written to {output}");
    }

    private static List<Document> Fresh(IReadOnlyList<Document> set) =>
        set.Select(d => new Document { Id = d.Id, Text = d.Text, Provenance = d.Provenance, ShardKey = d.Provenance.File }).ToList();

    private static (bool[] Kept, string?[] KeptIds) BooksStreaming(IReadOnlyList<Document> set, string directory, int workers)
    {
        var documents = Fresh(set);
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), ComponentContext.ForDirectory(directory, workers));
        stage.Open();
        var results = new StageResult[documents.Count];
        // Batches of 256 inside shards of 2000 documents, each committed when the next begins, as the engine does.
        foreach (var shard in documents.Select((d, i) => (d, i)).GroupBy(x => x.d.ShardKey))
        {
            var members = shard.ToList();
            for (var start = 0; start < members.Count; start += 256)
            {
                var slice = members.Skip(start).Take(256).ToList();
                stage.ProcessBatch(slice.Select(x => x.d).ToList(), results.AsSpan(slice[0].i, slice.Count));
            }

            stage.ShardCommitted(shard.Key!);
        }

        stage.Close();
        return (results.Select(r => r.Outcome != StageOutcome.Drop).ToArray(), documents.Select(d => d.Attributes.GetValueOrDefault("dedup.kept_id") as string).ToArray());
    }

    private static (bool[] Kept, string?[] KeptIds) BooksMultiStage(IReadOnlyList<Document> set, string directory, KeepRule keep)
    {
        var documents = Fresh(set);
        var files = documents.GroupBy(d => d.Provenance.File).Select(g => new InputFile("/virtual/" + g.Key, g.Key, "books", 0)).ToList();
        var byFile = documents.GroupBy(d => d.Provenance.File).ToDictionary(g => g.Key, g => g.ToList());
        var runner = new MultiStageMinHash(new MinHashDedupOptions { Keep = keep }, directory);
        IEnumerable<Document> Read(InputFile file) => byFile[file.RelativePath];
        runner.Signatures(files, Read, 0, 1);
        runner.Buckets(files.Count, 0, 1);
        runner.Clusters(files.Count, 1, 0, 1);
        var position = documents.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var kept = new bool[documents.Count];
        var keptIds = new string?[documents.Count];
        runner.Remove(files, Read, 1, 0, 1, (_, d, r) =>
        {
            kept[position[d.Id]] = r.Outcome != StageOutcome.Drop;
            keptIds[position[d.Id]] = d.Attributes.GetValueOrDefault("dedup.kept_id") as string;
        });
        return (kept, keptIds);
    }

    private static void Accuracy(BenchContext context)
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 4000, wordsPerDocument: 300, seed: 2024);
        var directory = Path.Combine(context.WorkDirectory, "accuracy");
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), ComponentContext.ForDirectory(directory, context.Workers));
        var results = RunStage(stage, corpus.Documents, shardSize: int.MaxValue);
        var report = corpus.Score(results.Select(r => r.Outcome != StageOutcome.Drop).ToArray());
        context.Out.WriteLine($"accuracy on {corpus.Documents.Count} documents ({corpus.Pairs.Count} labelled pairs), defaults (16x7, exact verification at 0.8):");
        context.Out.WriteLine("  true Jaccard      pairs   recall (not both kept)");
        foreach (var bin in report.Bins) context.Out.WriteLine($"  [{bin.From:F2}, {bin.To:F2}{(bin.From >= 1 ? "]" : ")")}  {bin.Pairs,7}   {bin.Recall:F4}");
        context.Out.WriteLine($"{"recall, pairs with J >= 0.85",-48} {report.RecallAbove085,12:F4}");
        context.Out.WriteLine($"{"recall, pairs with J >= 0.80",-48} {report.RecallAbove080,12:F4}");
        context.Out.WriteLine($"{"precision of removals (kept partner >= 0.75)",-48} {report.Precision,12:F4}");
        context.Report("documents removed", report.Removed, "docs");
        context.Report("families that lost every member", report.LostFamilies, "");
        context.Out.WriteLine("other verification modes (16x7):       recall J>=0.85   recall J>=0.80   precision   removed");
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
        ReportGc(context);

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
