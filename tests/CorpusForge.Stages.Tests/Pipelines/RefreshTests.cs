using System.Collections.Concurrent;
using System.Security.Cryptography;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Tests.Support;
using CorpusForge.Stages.Writers;

namespace CorpusForge.Stages.Tests.Pipelines;

/// <summary>The commit protocol through the real engine and dedup stages: a stopped run keeps exactly what it
/// committed, reprocessing replaces (never a duplicate of itself), a changed option is reported and rebuilt, and a
/// failing disk stops the run at once.</summary>
public sealed class RefreshTests
{
    private const string Pipeline = """
        version: 1
        name: refresh-test
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: dedup.url_v1
          - stage: dedup.exact_v1
          - stage: dedup.minhash_v1
          - stage: dedup.lines_v1
            options:
              min_chars: 20
          - stage: test.stop_at_v1
        outputs:
          - writer: writer.jsonl_v1
            path: out
        """;

    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + random.Next(100000)));
    }

    private static void WriteInputs(PipelineHarness harness, int files = 3, int perFile = 40)
    {
        for (var f = 0; f < files; f++)
        {
            var docs = Enumerable.Range(0, perFile).Select(i =>
            {
                // Every fifth document repeats one of an earlier file (exact, upper-cased or lightly edited).
                var n = f * perFile + i;
                var text = i % 5 == 0 && f > 0 ? Words(n - perFile, 120) : Words(n, 120);
                if (i % 10 == 5 && f > 0) text = text.ToUpperInvariant();
                return ($"d{n}", (string?)$"https://x.org/{n}", $"{text}\nShare this page with your friends and family today");
            }).ToArray();
            harness.WriteJsonl($"in/f{f}.jsonl", docs);
        }
    }

    private static Task<RunResult> Run(PipelineHarness harness, RunOptions? options = null, CancellationToken ct = default, params string[] overrides) =>
        new PipelineRunner().RunAsync(PipelineHarness.Load(harness.Write("pipeline.yaml", Pipeline), overrides), options ?? new RunOptions { Workers = 2, BatchSize = 8 }, ct);

    /// <summary>sha256 of every output and removed-document file, by path relative to the corpus.</summary>
    private static SortedDictionary<string, string> Digests(PipelineHarness harness)
    {
        var corpus = harness.PathOf("corpus");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "out", "rejected", "quarantine" })
        {
            var path = Path.Combine(corpus, folder);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(corpus, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    private static async Task<SortedDictionary<string, string>> FreshDigests(Action<PipelineHarness> inputs, params string[] overrides)
    {
        using var fresh = new PipelineHarness();
        inputs(fresh);
        await Run(fresh, overrides: overrides);
        return Digests(fresh);
    }

    [Fact]
    public async Task A_run_stopped_after_an_input_was_committed_remembers_what_dedup_learned_from_it()
    {
        // The repro: a.jsonl holds a document, b.jsonl its exact copy; the run stops while b is processed.
        using var harness = new PipelineHarness();
        var text = Words(7, 200);
        harness.WriteJsonl("in/a.jsonl", ("a1", null, text));
        harness.WriteJsonl("in/b.jsonl", [.. Enumerable.Range(0, 50).Select(i => ($"b{i}", (string?)null, Words(100 + i, 150))), ("STOP", null, Words(999, 150)), ("copy", null, text)]);
        using var stop = new CancellationTokenSource();
        StopAtStage.Register("STOP", stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(harness, ct: stop.Token));
        Assert.Single(Directory.GetFiles(harness.PathOf("corpus/state/main/commits"), "*.json"));

        await Run(harness);
        var kept = PipelineHarness.ReadDocuments(harness.PathOf("corpus/out")).Select(d => d.Id).ToList();
        Assert.Contains("a1", kept);
        Assert.DoesNotContain("copy", kept);
        Assert.Equal(await FreshDigests(h =>
        {
            h.WriteJsonl("in/a.jsonl", ("a1", null, text));
            h.WriteJsonl("in/b.jsonl", [.. Enumerable.Range(0, 50).Select(i => ($"b{i}", (string?)null, Words(100 + i, 150))), ("STOP", null, Words(999, 150)), ("copy", null, text)]);
        }), Digests(harness));
    }

    [Fact]
    public async Task Force_withdraws_every_input_first_so_the_result_equals_a_fresh_run()
    {
        using var harness = new PipelineHarness();
        WriteInputs(harness);
        var first = await Run(harness);
        var written = first.Stats.Phases[0].Written;
        Assert.True(written > 0);
        var forced = await Run(harness, new RunOptions { Workers = 2, BatchSize = 8, Force = true });
        // Before the fix every document was removed as a copy of itself (kept 0).
        Assert.Equal(written, forced.Stats.Phases[0].Written);
        Assert.Equal(await FreshDigests(h => WriteInputs(h)), Digests(harness));
    }

    [Fact]
    public async Task A_changed_input_replaces_its_old_version_and_a_touched_one_is_not_reprocessed()
    {
        using var harness = new PipelineHarness();
        WriteInputs(harness);
        await Run(harness);
        File.SetLastWriteTimeUtc(harness.PathOf("in/f1.jsonl"), DateTime.UtcNow.AddHours(1));
        var touched = await Run(harness);
        Assert.Equal(3, touched.Stats.Phases[0].ShardsSkipped);

        void Changed(PipelineHarness h)
        {
            WriteInputs(h);
            File.AppendAllText(h.PathOf("in/f2.jsonl"), "{\"id\":\"late\",\"text\":\"a late addition to the last file\"}\n");
        }

        Changed(harness);
        var rerun = await Run(harness);
        Assert.Equal(1, rerun.Stats.Phases[0].ShardsCompleted);
        Assert.Equal(await FreshDigests(Changed), Digests(harness));
    }

    [Fact]
    public async Task A_changed_option_is_reported_as_stale_and_rebuild_recomputes_as_a_fresh_run_would()
    {
        using var harness = new PipelineHarness();
        WriteInputs(harness);
        await Run(harness);
        var error = await Assert.ThrowsAsync<StaleCorpusException>(() => Run(harness, overrides: "stages.1.options.lowercase=false"));
        Assert.Contains("stage dedup.exact_v1 (dedup.exact_v1) option lowercase: true → false", error.Message);
        Assert.Equal(3, error.Stale.Count);

        await Run(harness, new RunOptions { Workers = 2, BatchSize = 8, Rebuild = true }, default, "stages.1.options.lowercase=false");
        Assert.Equal(await FreshDigests(h => WriteInputs(h), "stages.1.options.lowercase=false"), Digests(harness));
    }

    [Fact]
    public async Task A_failing_disk_stops_the_run_in_seconds_with_the_message_and_a_rerun_completes_it()
    {
        using var harness = new PipelineHarness();
        WriteInputs(harness, files: 4);
        string[] fullDisk = ["outputs.0.writer=test.full_disk_writer_v1", "outputs.0.options.fail_at=d91"];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        FullDiskWriter.Full[harness.Root] = true;
        var error = await Assert.ThrowsAsync<StorageFailureException>(() =>
            Run(harness, new RunOptions { Workers = 2, BatchSize = 4, BoundedCapacityPerWorker = 1 }, default, fullDisk).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains("No space left on device", error.Message);
        Assert.Contains("docs.f2", error.Message);
        // f0 and f1 were committed before the failure; nothing of f2 was.
        Assert.Equal(2, Directory.GetFiles(harness.PathOf("corpus/state/main/commits"), "*.json").Length);
        Assert.Empty(Directory.GetFiles(harness.PathOf("corpus"), "*.tmp-*", SearchOption.AllDirectories));

        FullDiskWriter.Full[harness.Root] = false;
        await Run(harness, overrides: fullDisk);
        Assert.Equal(await FreshDigests(h => WriteInputs(h, files: 4), fullDisk), Digests(harness));
    }
}

/// <summary>Options of <see cref="StopAtStage"/>.</summary>
public sealed class StopAtOptions
{
    /// <summary>Unused; the stage is steered by <see cref="StopAtStage.Register"/>.</summary>
    public string Note { get; set; } = "";
}

/// <summary>Cancels a registered run when it meets a document with a registered id (a kill at a known moment).</summary>
[Component("test.stop_at_v1", "test stage: cancels the run at a registered document id")]
public sealed class StopAtStage(StopAtOptions options) : IDocumentStage
{
    private static readonly ConcurrentDictionary<string, CancellationTokenSource> Stops = new();

    /// <summary>Cancels <paramref name="source"/> when a document with <paramref name="id"/> passes.</summary>
    public static void Register(string id, CancellationTokenSource source) => Stops[id] = source;

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        _ = options;
        if (Stops.TryRemove(document.Id, out var source)) source.Cancel();
        return StageResult.Keep;
    }
}

/// <summary>Options of <see cref="FullDiskWriter"/>.</summary>
public sealed class FullDiskWriterOptions
{
    /// <summary>Id of the document whose write fails.</summary>
    public string FailAt { get; set; } = "";
}

/// <summary>writer.jsonl_v1 on a disk that fills up at one document (ENOSPC, as the OS reports it) while the test
/// says the disk of its folder is full.</summary>
[Component("test.full_disk_writer_v1", "test writer: JSONL that fails with 'No space left on device' at a given id")]
public sealed class FullDiskWriter(FullDiskWriterOptions options, ComponentContext context) : IDocumentWriter
{
    private readonly JsonlWriter _inner = new(new JsonlWriterOptions());

    /// <summary>Whether the disk is full, by test folder (the pipeline's folder).</summary>
    public static readonly ConcurrentDictionary<string, bool> Full = new();

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) =>
        new Writer(_inner.Open(target), Full.GetValueOrDefault(context.PipelineDirectory) ? options.FailAt : null, target);

    private sealed class Writer(IShardWriter inner, string? failAt, OutputTarget target) : IShardWriter
    {
        public void Write(Document document)
        {
            if (document.Id == failAt) throw new IOException($"No space left on device : '{Path.Combine(target.Directory, target.BaseName)}.00000.jsonl.gz'");
            inner.Write(document);
        }

        public IReadOnlyList<string> Commit() => inner.Commit();

        public void Abort() => inner.Abort();

        public void Dispose() => inner.Dispose();
    }
}
