using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class MultiStageMinHashTests
{
    private static readonly NearDuplicateCorpus Corpus = NearDuplicateCorpus.Generate(originals: 300, wordsPerDocument: 150, seed: 21, computeTruth: false);

    // The corpus cut into five input files (one of them empty), as the engine would read them.
    private static (List<InputFile> Files, Dictionary<string, List<Document>> Contents) Split() => Split(Corpus.Documents);

    private static (List<InputFile> Files, Dictionary<string, List<Document>> Contents) Split(IReadOnlyList<Document> documents)
    {
        var files = new List<InputFile>();
        var contents = new Dictionary<string, List<Document>>();
        var size = documents.Count / 4 + 1;
        for (var f = 0; f < 5; f++)
        {
            var name = $"part-{f}.jsonl";
            files.Add(new InputFile("/virtual/" + name, name, "eval", 0));
            contents[name] = f == 2 ? [] : documents.Skip((f > 2 ? f - 1 : f) * size).Take(size)
                .Select((d, i) => new Document { Id = d.Id, Text = d.Text, Source = "eval", Provenance = new Provenance(name, i), Attributes = { ["quality.score"] = (double)(d.Text.Length % 97) } })
                .ToList();
        }

        return (files, contents);
    }

    private static Dictionary<string, string> Streaming(MinHashDedupOptions options, IReadOnlyList<Document>? corpus = null)
    {
        var (files, contents) = Split(corpus ?? Corpus.Documents);
        using var dir = new TempDir();
        using var stage = new MinHashDedupStage(options, dir.Context());
        var documents = files.SelectMany(f => contents[f.RelativePath]).ToList();
        var results = StageDriver.Run(stage, documents, batch: 50);
        return documents.Select((d, i) => (d.Id, Describe(d, results[i]))).ToDictionary(x => x.Id, x => x.Item2);
    }

    private static Dictionary<string, string> MultiStage(MinHashDedupOptions options, int tasks, IReadOnlyList<Document>? corpus = null)
    {
        var (files, contents) = Split(corpus ?? Corpus.Documents);
        using var dir = new TempDir();
        var runner = new MultiStageMinHash(options, dir.Path);
        IEnumerable<Document> Read(InputFile file) => contents[file.RelativePath].Select(d => new Document { Id = d.Id, Text = d.Text, Provenance = d.Provenance, Attributes = { ["quality.score"] = d.Attributes["quality.score"] } });
        // Tasks run in reverse order to show that they do not depend on each other.
        for (var t = tasks - 1; t >= 0; t--) runner.Signatures(files, Read, t, tasks);
        for (var t = tasks - 1; t >= 0; t--) runner.Buckets(files.Count, t, tasks);
        for (var t = tasks - 1; t >= 0; t--) runner.Clusters(files.Count, tasks, t, tasks);
        var outcome = new Dictionary<string, string>();
        for (var t = tasks - 1; t >= 0; t--) runner.Remove(files, Read, tasks, t, tasks, (_, d, r) => outcome[d.Id] = Describe(d, r));
        return outcome;
    }

    private static string Describe(Document d, StageResult r) =>
        r.Outcome == StageOutcome.Drop
            ? $"{r.Reason} kept={d.Attributes["dedup.kept_id"]} cluster={d.Attributes["dedup.cluster_id"]} s={d.Attributes["dedup.similarity"]}"
            : "keep";

    [Theory]
    [InlineData(Verification.Exact)]
    [InlineData(Verification.Estimated)]
    public void First_seen_gives_exactly_the_streaming_stage_result_for_any_task_count(Verification verify)
    {
        var options = new MinHashDedupOptions { Verify = verify, MaxBucketCandidates = 3 };
        var expected = Streaming(options);
        Assert.Contains(expected.Values, v => v.StartsWith("near_duplicate", StringComparison.Ordinal));

        Assert.Equal(expected, MultiStage(options, 1));
        Assert.Equal(expected, MultiStage(options, 3));
    }

    // The generated corpus plus chain families: an original of 300 random words, a variant and a late document with
    // 3–5 separated word edits each in different halves (about 0.84–0.90 to the original, 0.70–0.80 to each other),
    // shuffled, so the variant often arrives first and the late document reaches its cluster only through the original.
    private static List<Document> WithChains(int families, int seed)
    {
        var random = new Random(seed);
        var documents = Corpus.Documents.Select(d => new Document { Id = d.Id, Text = d.Text }).ToList();
        for (var f = 0; f < families; f++)
        {
            var words = Enumerable.Range(0, 300).Select(_ => "c" + random.Next(200_000)).ToArray();
            string Edited(int from)
            {
                var copy = (string[])words.Clone();
                var edits = 3 + random.Next(3);
                for (var k = 0; k < edits; k++) copy[from + 10 + 25 * k] = "e" + random.Next(200_000);
                return string.Join(' ', copy);
            }

            documents.Add(new Document { Id = $"chain-{f}-o", Text = string.Join(' ', words) });
            documents.Add(new Document { Id = $"chain-{f}-v", Text = Edited(0) });
            documents.Add(new Document { Id = $"chain-{f}-l", Text = Edited(150) });
        }

        return documents.OrderBy(_ => random.Next()).ToList();
    }

    [Fact]
    public void First_seen_clusters_are_transitive_and_equal_in_both_forms()
    {
        var options = new MinHashDedupOptions();
        var corpus = WithChains(60, 5);
        var expected = Streaming(options, corpus);
        // Removals whose keeper is below the threshold to them: they joined the cluster through a removed member.
        var shingler = new Shingler(options.Ngram);
        var texts = corpus.ToDictionary(d => d.Id, d => d.Text);
        var throughMembers = expected.Where(e => e.Value.StartsWith("near_duplicate", StringComparison.Ordinal))
            .Select(e => (Id: e.Key, Kept: e.Value.Split(' ')[1]["kept=".Length..]))
            .Count(r => Shingler.Jaccard(shingler.ShingleSet(texts[r.Id]), shingler.ShingleSet(texts[r.Kept])) < options.Threshold);
        Assert.True(throughMembers >= 10, $"only {throughMembers} removals through a removed member");
        Assert.Equal(expected, MultiStage(options, 2, corpus));
    }

    [Fact]
    public void Longest_keeps_the_longest_member_of_every_cluster()
    {
        var (files, contents) = Split();
        var byId = contents.Values.SelectMany(d => d).ToDictionary(d => d.Id);
        var outcome = MultiStage(new MinHashDedupOptions { Keep = KeepRule.Longest }, 2);
        var removed = outcome.Where(o => o.Value != "keep").ToList();
        Assert.NotEmpty(removed);
        foreach (var (id, description) in removed)
        {
            var kept = description.Split(' ')[1]["kept=".Length..];
            Assert.Equal("keep", outcome[kept]);
            Assert.True(byId[kept].Text.Length >= byId[id].Text.Length, $"{id} is longer than the kept {kept}");
        }
    }

    [Fact]
    public void Highest_score_keeps_the_best_scored_member()
    {
        var (_, contents) = Split();
        var byId = contents.Values.SelectMany(d => d).ToDictionary(d => d.Id);
        var outcome = MultiStage(new MinHashDedupOptions { Keep = KeepRule.HighestScore }, 2);
        foreach (var (id, description) in outcome.Where(o => o.Value != "keep"))
        {
            var kept = description.Split(' ')[1]["kept=".Length..];
            Assert.True((double)byId[kept].Attributes["quality.score"]! >= (double)byId[id].Attributes["quality.score"]!);
        }
    }

    [Fact]
    public void A_stage_refuses_files_written_with_other_options()
    {
        var (files, contents) = Split();
        using var dir = new TempDir();
        new MultiStageMinHash(new MinHashDedupOptions(), dir.Path).Signatures(files, f => contents[f.RelativePath], 0, 1);
        var other = new MultiStageMinHash(new MinHashDedupOptions { Bands = 10 }, dir.Path);
        var error = Assert.Throws<InvalidDataException>(() => other.Buckets(files.Count, 0, 1));
        Assert.Contains("other dedup options", error.Message);
        Assert.Throws<FileNotFoundException>(() => new MultiStageMinHash(new MinHashDedupOptions(), dir.Path).Clusters(files.Count, 1, 0, 1));
    }
}
