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
