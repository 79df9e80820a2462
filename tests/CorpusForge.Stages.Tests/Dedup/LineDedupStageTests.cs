using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using static CorpusForge.Stages.Tests.Dedup.StageDriver;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class LineDedupStageTests
{
    private const string Footer = "Copyright 2024 Example Corp. All rights reserved.";

    [Fact]
    public void Removes_lines_already_seen_in_earlier_documents()
    {
        using var dir = new TempDir();
        var stage = new LineDedupStage(new LineDedupOptions(), dir.Context());
        var results = Run(stage, [
            Doc("a", "A story about rivers and hills.\n" + Footer),
            Doc("b", "A different story about the sea.\nCOPYRIGHT 2025 Example Corp - all rights reserved\nok"),
        ]);

        Assert.Equal(StageOutcome.Keep, results[0].Outcome);
        Assert.Equal(StageOutcome.Replace, results[1].Outcome);
        Assert.Equal("A different story about the sea.\nok", results[1].Document!.Text);
        Assert.Equal(1L, results[1].Document!.Attributes["dedup.lines_removed"]);
    }

    [Fact]
    public void Frequency_threshold_lets_the_first_documents_keep_the_line()
    {
        using var dir = new TempDir();
        var stage = new LineDedupStage(new LineDedupOptions { MaxDocuments = 2 }, dir.Context());
        var results = Run(stage, [Doc("a", "one\n" + Footer), Doc("b", "two\n" + Footer), Doc("c", "three\n" + Footer)]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Keep, StageOutcome.Replace], results.Select(r => r.Outcome));
    }

    [Fact]
    public void Paragraph_mode_compares_blocks_between_blank_lines_and_drops_documents_left_empty()
    {
        using var dir = new TempDir();
        var stage = new LineDedupStage(new LineDedupOptions { Unit = DedupUnit.Paragraph }, dir.Context());
        var boiler = "Subscribe to our newsletter\nfor weekly updates";
        var results = Run(stage, [Doc("a", "Intro paragraph text here.\n\n" + boiler), Doc("b", boiler + "\n\n\nOther body text, long enough."), Doc("c", boiler)]);

        Assert.Equal(StageOutcome.Replace, results[1].Outcome);
        Assert.Equal("Other body text, long enough.", results[1].Document!.Text);
        Assert.Equal(StageOutcome.Drop, results[2].Outcome);
        Assert.Equal("only_duplicate_lines", results[2].Reason);
    }

    [Fact]
    public void Counts_persist_across_runs()
    {
        using var dir = new TempDir();
        Run(new LineDedupStage(new LineDedupOptions(), dir.Context()), [Doc("a", "body one\n" + Footer)]);
        var results = Run(new LineDedupStage(new LineDedupOptions(), dir.Context()), [Doc("b", "body two\n" + Footer, "new.jsonl")]);

        Assert.Equal("body two", results[0].Document!.Text);
    }
}
