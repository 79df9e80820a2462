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
        Assert.Equal("orig", nearCopy.Attributes["dedup.cluster_id"]);
        Assert.InRange((double)nearCopy.Attributes["dedup.similarity"]!, 0.8, 1.0);
        Assert.Contains(log, line => line.Contains("16 bands x 7 rows") && line.Contains("P=0.5 at s="));
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
        Assert.Equal("old", copy.Attributes["dedup.cluster_id"]);
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

    // Replaces the words at the given positions: each separated edit removes n shingles and adds n new ones.
    private static string EditAt(string text, IEnumerable<int> positions, string tag)
    {
        var words = text.Split(' ');
        foreach (var i in positions) words[i] = tag + i;
        return string.Join(' ', words);
    }

    private static double Jaccard(string a, string b)
    {
        var shingler = new Shingler(5);
        return Shingler.Jaccard(shingler.ShingleSet(a), shingler.ShingleSet(b));
    }

    // A variant arrives before its original; then a document close to the original but not to the variant.
    private static (string Variant, string Original, string Late) Chain()
    {
        var original = Words(11, 400);
        var variant = EditAt(original, Enumerable.Range(0, 6).Select(k => 20 + 30 * k), "v");
        var late = EditAt(original, Enumerable.Range(0, 6).Select(k => 215 + 30 * k), "d");
        Assert.InRange(Jaccard(variant, original), 0.8, 0.9);
        Assert.InRange(Jaccard(late, original), 0.8, 0.9);
        Assert.InRange(Jaccard(late, variant), 0.6, 0.79);
        return (variant, original, late);
    }

    [Fact]
    public void A_removed_member_stands_for_its_keeper_so_a_chain_joins_one_cluster()
    {
        using var dir = new TempDir();
        using var stage = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context());
        var (variant, original, late) = Chain();
        var docs = new[] { Doc("variant", variant), Doc("other", Words(12, 400)), Doc("original", original), Doc("late", late) };
        var results = Run(stage, docs);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Drop], results.Select(r => r.Outcome));
        Assert.Equal("variant", docs[2].Attributes["dedup.cluster_id"]);
        // The late document matched the removed original (not the keeper, which is below the threshold to it).
        Assert.Equal("variant", docs[3].Attributes["dedup.kept_id"]);
        Assert.Equal("variant", docs[3].Attributes["dedup.cluster_id"]);
        Assert.InRange((double)docs[3].Attributes["dedup.similarity"]!, 0.8, 0.9);
    }

    [Fact]
    public void A_removed_member_still_stands_for_its_keeper_after_the_index_is_reopened()
    {
        using var dir = new TempDir();
        var (variant, original, late) = Chain();
        using (var first = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context()))
            Run(first, [Doc("variant", variant), Doc("original", original)]);

        using var second = new MinHashDedupStage(new MinHashDedupOptions(), dir.Context());
        var lateDoc = Doc("late", late, "run2.jsonl");
        var results = Run(second, [lateDoc]);
        Assert.Equal(StageOutcome.Drop, results[0].Outcome);
        Assert.Equal("variant", lateDoc.Attributes["dedup.cluster_id"]);
    }

    [Fact]
    public void Keep_rules_other_than_first_seen_are_refused_by_the_streaming_stage()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => new MinHashDedupStage(new MinHashDedupOptions { Keep = KeepRule.Longest }, dir.Context()));
    }
}
