using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Dedup;

/// <summary>Runs the dedup stages through the real engine from a pipeline file, twice, as a corpus refresh would.</summary>
public sealed class DedupPipelineTests
{
    private const string Pipeline = """
        version: 1
        name: dedup-test
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
        outputs:
          - writer: writer.jsonl_v1
            path: out
        """;

    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + random.Next(100000)));
    }

    [Fact]
    public async Task A_second_run_over_new_inputs_removes_duplicates_of_the_first_runs_output()
    {
        using var harness = new PipelineHarness();
        var article = Words(1, 300);
        var footer = "Share this page with your friends and family today";
        harness.WriteJsonl("in/a.jsonl",
            ("a1", "https://x.org/1", article),
            ("a2", "https://x.org/2", $"{Words(2, 200)}\n{footer}"),
            ("a3", "https://x.org/1", "anything at the same url"));
        harness.WriteJsonl("in/b.jsonl",
            ("b1", "https://y.org/1", article.ToUpperInvariant()),
            ("b2", "https://y.org/2", $"{Words(3, 200)}\n{footer}"));

        var log = new List<string>();
        var first = await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2, Log = log.Add });
        Assert.True(first.Succeeded);
        Assert.Equal(["a1", "a2", "b2"], OutputIds(harness));
        Assert.Contains(log, l => l.Contains("P=0.5 at s="));

        // New inputs: a near copy of a1, an exact copy of a2 and a new document carrying a2's boilerplate line.
        var nearCopy = string.Join(' ', article.Split(' ').Select((w, i) => i % 80 == 40 ? "edited" : w));
        harness.WriteJsonl("in/c.jsonl",
            ("c1", "https://z.org/1", nearCopy),
            ("c2", "https://z.org/2", $"{Words(2, 200)}\n{footer}"),
            ("c3", "https://z.org/3", $"{Words(4, 200)}\n{footer}"));
        await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });

        Assert.Equal(["a1", "a2", "b2", "c3"], OutputIds(harness));
        var fromC = Outputs(harness).Where(d => d.Provenance.File == "c.jsonl").ToList();
        Assert.NotEmpty(fromC);
        Assert.All(fromC, d => Assert.DoesNotContain(footer, d.Text));
        var rejected = RejectedAttributes(harness);
        Assert.Equal("a1", rejected["c1"]["dedup.kept_id"]);
        Assert.Equal("a2", rejected["c2"]["dedup.kept_id"]);
        Assert.Equal("a1", rejected["b1"]["dedup.kept_id"]);
        Assert.Equal("a1", rejected["a3"]["dedup.kept_id"]);
        // One cluster identity (the keeper's id) from the exact stage in run 1 and the MinHash stage in run 2.
        Assert.Equal("a1", rejected["b1"]["dedup.cluster_id"]);
        Assert.Equal("a1", rejected["c1"]["dedup.cluster_id"]);
    }

    // Replaces the words at the given positions (each separated edit changes 5 of the 5-gram shingles).
    private static string EditAt(string text, int first, string tag) =>
        string.Join(' ', text.Split(' ').Select((w, i) => i >= first && i < first + 180 && (i - first) % 30 == 0 ? tag + i : w));

    [Fact]
    public async Task A_changed_input_withdraws_its_removed_members_from_the_clusters()
    {
        // v (kept) ← o (removed, ~0.86 to v) ← late (~0.86 to o, ~0.74 to v): late joins v's cluster through o only.
        var original = Words(21, 400);
        var variant = EditAt(original, 20, "v");
        var late = EditAt(original, 215, "d");
        void Inputs(PipelineHarness h, bool withOriginal)
        {
            h.WriteJsonl("in/a.jsonl", ("v", null, variant));
            h.WriteJsonl("in/b.jsonl", ("o", null, withOriginal ? original : Words(22, 400)));
        }

        using var harness = new PipelineHarness();
        Inputs(harness, withOriginal: true);
        await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });
        Assert.Equal(["v"], OutputIds(harness));
        Assert.Equal("v", RejectedAttributes(harness)["o"]["dedup.cluster_id"]);

        // b.jsonl changes: its old version (o) is withdrawn, so late is no longer reached through it.
        Inputs(harness, withOriginal: false);
        harness.WriteJsonl("in/c.jsonl", ("late", null, late));
        await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });
        Assert.Equal(["late", "o", "v"], OutputIds(harness));

        // Unchanged, the same late document joins v's cluster through the removed o of an earlier run.
        using var kept = new PipelineHarness();
        Inputs(kept, withOriginal: true);
        await kept.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });
        kept.WriteJsonl("in/c.jsonl", ("late", null, late));
        await kept.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });
        Assert.Equal(["v"], OutputIds(kept));
        Assert.Equal("v", RejectedAttributes(kept)["late"]["dedup.cluster_id"]);
        Assert.Equal("v", RejectedAttributes(kept)["late"]["dedup.kept_id"]);
    }

    [Fact]
    public async Task Documents_of_a_failed_shard_are_forgotten_before_the_next_shard_and_on_retry()
    {
        using var harness = new PipelineHarness();
        // The failing reader reads JSONL like reader.jsonl_v1 but fails the shard at a document with id THROW.
        const string failing = "inputs.0.reader=test.failing_jsonl_v1";
        harness.WriteJsonl("in/a.jsonl", ("a1", "https://x.org/1", Words(1, 300)), ("a2", "https://x.org/2", Words(2, 300)), ("THROW", null, ""));
        // A later shard of the same run holds a copy of a1: the failed shard must be forgotten before it is seen.
        harness.WriteJsonl("in/b.jsonl", ("b1", "https://y.org/1", Words(1, 300)));

        var failed = await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 1 }, failing);
        Assert.False(failed.Succeeded);
        Assert.Equal(["b1"], OutputIds(harness));

        harness.WriteJsonl("in/a.jsonl", ("a1", "https://x.org/1", Words(1, 300)), ("a2", "https://x.org/2", Words(2, 300)));
        var retried = await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 1 }, failing);
        Assert.True(retried.Succeeded);
        // a2 is new to the index; a1 is now a copy of b1, which the first run published.
        Assert.Equal(["a2", "b1"], OutputIds(harness));
        Assert.Equal("b1", RejectedAttributes(harness)["a1"]["dedup.kept_id"]);
    }

    [Fact]
    public async Task An_index_written_by_an_earlier_stage_version_is_refused_and_force_rebuilds_it()
    {
        using var harness = new PipelineHarness();
        var article = Words(31, 300);
        harness.WriteJsonl("in/a.jsonl", ("a1", null, article), ("a2", null, string.Join(' ', article.Split(' ').Select((w, i) => i == 150 ? "edited" : w))));
        await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 });
        Assert.Equal(["a1"], OutputIds(harness));

        // Stamp the MinHash stage's segments with another payload kind, as the stage wrote them before removed
        // members got records (the engine sees no option change, so only the stage can tell).
        var segments = Directory.EnumerateFiles(harness.PathOf("corpus"), "*.seg", SearchOption.AllDirectories)
            .Where(p => p.Contains("minhash", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(segments);
        foreach (var path in segments)
        {
            using var file = File.OpenWrite(path);
            file.Position = 12;
            file.Write(BitConverter.GetBytes(12345));
        }

        harness.WriteJsonl("in/b.jsonl", ("b1", null, Words(32, 300)));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2 }));
        Assert.Contains("--force", error.ToString());

        var forced = await harness.RunYamlAsync(Pipeline, new RunOptions { Workers = 2, BatchSize = 2, Force = true });
        Assert.True(forced.Succeeded);
        Assert.Equal(["a1", "b1"], OutputIds(harness));
        Assert.Equal("a1", RejectedAttributes(harness)["a2"]["dedup.cluster_id"]);
    }

    private static List<Document> Outputs(PipelineHarness harness) => PipelineHarness.ReadDocuments(harness.PathOf("corpus/out"));

    private static List<string> OutputIds(PipelineHarness harness) =>
        Outputs(harness).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, Dictionary<string, object?>> RejectedAttributes(PipelineHarness harness) =>
        PipelineHarness.ReadDocuments(harness.PathOf("corpus/rejected"), "*.jsonl.gz")
            .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Last().Attributes);
}

/// <summary>Reads JSONL like <c>reader.jsonl_v1</c> but throws at a document with id <c>THROW</c>, failing the shard
/// (a disk error in the middle of a file).</summary>
[Component("test.failing_jsonl_v1", "test reader: reader.jsonl_v1 that fails the shard at id THROW")]
public sealed class FailingJsonlReader(JsonlReaderOptions options) : IDocumentReader
{
    private readonly JsonlReader _inner = new(options);

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        foreach (var result in _inner.Read(input, cancellationToken))
        {
            if (result.Document?.Id == "THROW") throw new IOException($"disk error in {input.RelativePath}");
            yield return result;
        }
    }
}
