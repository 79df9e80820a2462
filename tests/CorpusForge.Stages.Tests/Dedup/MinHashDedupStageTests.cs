using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using static CorpusForge.Stages.Tests.Dedup.StageDriver;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class MinHashDedupStageTests
{
    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + random.Next(100000)));
    }

    private static string Edit(string text, int every)
    {
        var words = text.Split(' ');
        for (var i = every / 2; i < words.Length; i += every) words[i] = "changed" + i;
        return string.Join(' ', words);
    }

    [Fact]
    public void Removes_a_near_copy_and_keeps_unrelated_texts()
    {
        using var dir = new TempDir();
        var log = new List<string>();
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context(log: log));
        var original = Words(1, 400);
        var nearCopy = Doc("near", Edit(original, 100));
        var results = Run(stage, [Doc("orig", original), Doc("other", Words(2, 400)), nearCopy, Doc("far", Edit(original, 6))]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
        Assert.Equal("near_duplicate", results[2].Reason);
        Assert.Equal("orig", nearCopy.Attributes["dedup.kept_id"]);
        Assert.Equal(0L, nearCopy.Attributes["dedup.cluster_id"]);
        Assert.InRange((double)nearCopy.Attributes["dedup.similarity"]!, 0.8, 1.0);
        Assert.Contains(log, line => line.Contains("14 bands x 8 rows") && line.Contains("P=0.5 at s="));
    }

    [Fact]
    public void Works_on_text_without_spaces_through_character_shingles()
    {
        using var dir = new TempDir();
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context());
        var random = new Random(5);
        var chinese = new string(Enumerable.Range(0, 600).Select(_ => (char)(0x4E00 + random.Next(3000))).ToArray());
        var copy = chinese[..300] + "新增" + chinese[300..];
        var results = Run(stage, [Doc("zh", chinese), Doc("zh2", copy), Doc("zh3", new string(chinese.Reverse().ToArray()))]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
    }

    [Fact]
    public void Verification_removes_only_pairs_above_the_threshold_while_plain_lsh_takes_weaker_ones()
    {
        var original = Words(9, 500);
        var moderate = Edit(original, 25);
        var exact = new MinHashSigner(1, 5);
        var truth = Shingler.Jaccard(exact.Shingler.ShingleSet(original), exact.Shingler.ShingleSet(moderate));
        Assert.InRange(truth, 0.5, 0.75);

        int Removed(Verification verify, int bands, int rows)
        {
            using var dir = new TempDir();
            using var stage = new MinHashDedupStage(new MinHashDedupOptions { Verify = verify, Bands = bands, Rows = rows }, dir.Context());
            return Run(stage, [Doc("a", original), Doc("b", moderate)]).Count(r => r.Outcome == StageOutcome.Drop);
        }

        Assert.Equal(0, Removed(Verification.Exact, 14, 8));
        Assert.Equal(0, Removed(Verification.Estimated, 14, 8));
        Assert.Equal(1, Removed(Verification.None, 40, 2));
    }

    [Fact]
    public void A_second_run_finds_near_copies_of_documents_kept_by_the_first()
    {
        using var dir = new TempDir();
        var original = Words(3, 300);
        using (var first = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context()))
            Run(first, [Doc("old", original), Doc("old2", Words(4, 300))]);

        using var second = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context());
        var copy = Doc("new", Edit(original, 150), "run2.jsonl");
        var results = Run(second, [copy, Doc("fresh", Words(5, 300), "run2.jsonl")]);

        Assert.Equal([StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
        Assert.Equal("old", copy.Attributes["dedup.kept_id"]);
        Assert.Equal(0L, copy.Attributes["dedup.cluster_id"]);
    }

    [Fact]
    public void A_changed_configuration_refuses_the_old_index()
    {
        using var dir = new TempDir();
        using (var first = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context()))
            Run(first, [Doc("a", Words(1, 50))]);

        using var second = new MinHashDedupStage(new MinHashDedupOptions { Ngram = 3 }, dir.Context());
        var error = Assert.Throws<InvalidDataException>(second.Open);
        Assert.Contains("--rebuild", error.Message);
    }

    [Fact]
    public void Results_do_not_depend_on_workers_or_batch_size()
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 200, wordsPerDocument: 120, seed: 4, computeTruth: false);
        string Outcomes(int workers, int batch)
        {
            using var dir = new TempDir();
            using var stage = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context(workers: workers));
            var docs = corpus.Documents.Select(d => Doc(d.Id, d.Text)).ToList();
            var results = Run(stage, docs, batch);
            return string.Join(";", results.Select((r, i) => $"{r.Outcome}:{docs[i].Attributes.GetValueOrDefault("dedup.kept_id")}"));
        }

        var reference = Outcomes(1, 1);
        Assert.Contains("Drop", reference);
        Assert.Equal(reference, Outcomes(4, 64));
        Assert.Equal(reference, Outcomes(2, 7));
    }

    [Fact]
    public void Spilling_the_index_to_disk_over_several_runs_does_not_change_the_result()
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 150, wordsPerDocument: 120, seed: 8, computeTruth: false);
        string Outcomes(long memoryEntries, int runs)
        {
            // An input shard is never split across runs (the engine commits whole shards), so each run is one shard.
            var perRun = (corpus.Documents.Count + runs - 1) / runs;
            var docs = corpus.Documents.Select((d, i) => Doc(d.Id, d.Text, $"part-{i / perRun}.jsonl")).ToList();
            using var dir = new TempDir();
            var outcomes = new List<string>();
            for (var r = 0; r < runs; r++)
            {
                using var stage = new MinHashDedupStage(new MinHashDedupOptions { IndexMemoryEntries = memoryEntries }, dir.Context());
                var slice = docs.Skip(r * perRun).Take(perRun).ToList();
                var results = Run(stage, slice, batch: 16);
                outcomes.AddRange(results.Select((x, i) => $"{x.Outcome}:{slice[i].Attributes.GetValueOrDefault("dedup.kept_id")}"));
            }

            return string.Join(";", outcomes);
        }

        var inMemory = Outcomes(100_000_000, 1);
        Assert.Contains("Drop", inMemory);
        Assert.Equal(inMemory, Outcomes(50, 1));
        Assert.Equal(inMemory, Outcomes(50, 3));
    }

    [Fact]
    public void Keep_rules_other_than_first_seen_are_refused_by_the_streaming_stage()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => new MinHashDedupStage(new MinHashDedupOptions { Keep = KeepRule.Longest }, dir.Context()));
    }
}
