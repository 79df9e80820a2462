using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using static CorpusForge.Stages.Tests.Dedup.StageDriver;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class ExactDedupStageTests
{
    [Fact]
    public void Keeps_the_first_copy_and_names_it_on_later_copies()
    {
        using var dir = new TempDir();
        using var stage = new ExactDedupStage(new ExactDedupOptions(), dir.Context());
        var results = Run(stage, [Doc("a", "Hello  World"), Doc("b", "something else"), Doc("c", "hello world "), Doc("d", "Hello, world")]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
        Assert.Equal("exact_duplicate", results[2].Reason);
    }

    [Fact]
    public void Sets_kept_id_and_cluster_id_on_the_removed_document()
    {
        using var dir = new TempDir();
        using var stage = new ExactDedupStage(new ExactDedupOptions(), dir.Context());
        var copy = Doc("copy", "same text");
        Run(stage, [Doc("orig", "same text"), copy]);

        Assert.Equal("orig", copy.Attributes["dedup.kept_id"]);
        Assert.Equal("orig", copy.Attributes["dedup.cluster_id"]);
    }

    [Fact]
    public void Normalisation_options_decide_what_counts_as_equal()
    {
        using var dir = new TempDir();
        var options = new ExactDedupOptions { StripPunctuation = true, NormalizeDigits = true };
        using var stage = new ExactDedupStage(options, dir.Context());
        var results = Run(stage, [Doc("a", "Posted 2024-01-02: sale!"), Doc("b", "posted 1999-12-31 sale"), Doc("c", "Posted sale")]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
    }

    [Fact]
    public void Case_sensitive_when_lowercase_is_off()
    {
        using var dir = new TempDir();
        using var stage = new ExactDedupStage(new ExactDedupOptions { Lowercase = false }, dir.Context());
        var results = Run(stage, [Doc("a", "Text"), Doc("b", "text")]);

        Assert.All(results, r => Assert.Equal(StageOutcome.Keep, r.Outcome));
    }

    [Fact]
    public void A_second_run_removes_copies_of_documents_kept_by_the_first()
    {
        using var dir = new TempDir();
        using (var first = new ExactDedupStage(new ExactDedupOptions(), dir.Context()))
            Run(first, [Doc("a", "first run text"), Doc("b", "another")]);

        using var second = new ExactDedupStage(new ExactDedupOptions(), dir.Context());
        var copy = Doc("z", "First run text", "new.jsonl");
        var results = Run(second, [copy, Doc("y", "fresh", "new.jsonl")]);

        Assert.Equal([StageOutcome.Drop, StageOutcome.Keep], results.Select(r => r.Outcome));
        Assert.Equal("a", copy.Attributes["dedup.kept_id"]);
    }

    [Fact]
    public void Documents_of_an_aborted_shard_are_forgotten()
    {
        using var dir = new TempDir();
        using (var stage = new ExactDedupStage(new ExactDedupOptions(), dir.Context()))
        {
            stage.Open();
            Assert.Equal(StageOutcome.Keep, stage.Process(Doc("a", "text of a failed shard", "bad.jsonl")).Outcome);
            Assert.Equal(StageOutcome.Keep, stage.Process(Doc("b", "text of a good shard", "good.jsonl")).Outcome);
            stage.ShardAborted("in.bad.jsonl");
            stage.ShardCommitted("in.good.jsonl");
            stage.Close();
        }

        using var rerun = new ExactDedupStage(new ExactDedupOptions(), dir.Context());
        var results = Run(rerun, [Doc("a", "text of a failed shard", "bad.jsonl"), Doc("c", "text of a good shard", "other.jsonl")]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Drop], results.Select(r => r.Outcome));
    }
}
