using CorpusForge.Core.Engine;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Filters;

/// <summary>pipelines/quality.yaml, as checked in, run through the engine on samples/quality.</summary>
public sealed class QualityPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<(RunResult Result, string Corpus)> Run(int workers)
    {
        var corpus = _harness.PathOf($"corpus-{workers}");
        var result = await PipelineHarness.RunAsync(PipelineHarness.RepoFile("pipelines/quality.yaml"),
            new RunOptions { Workers = workers, BatchSize = 2 }, $"corpus={corpus}");
        return (result, corpus);
    }

    [Fact]
    public async Task CheckedInPipelineKeepsGoodEnglishAndRecordsEveryDropReason()
    {
        var (result, corpus) = await Run(workers: 2);
        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.Equal(6, phase.Reader.In);

        var written = PipelineHarness.ReadDocuments(Path.Combine(corpus, "data")).ToDictionary(d => d.Id, d => d.Attributes);
        Assert.Equal(["page-good-1", "page-good-2"], written.Keys.Order());
        var good = written["page-good-2"];
        Assert.Equal("en", good["language.code"]);
        Assert.True(Convert.ToInt64(good["gopher.word_count"]) > 100);
        Assert.Equal(0, Convert.ToDouble(good["fineweb.char_dup_ratio"]));
        // C4 removed the blank lines between paragraphs.
        Assert.Equal(2L, good["c4.removed_unpunctuated"]);

        var reasons = PipelineHarness.ReadDocuments(Path.Combine(corpus, "rejected"), "*.jsonl.gz")
            .ToDictionary(r => r.Id, PipelineHarness.DropReason);
        Assert.Equal("language_not_kept", reasons["page-german"]);
        Assert.Equal("gopher_dup_line_frac", reasons["page-spam"]);
        Assert.Equal("gopher_too_few_words", reasons["page-short"]);
        Assert.Equal("gopher_too_few_words", reasons["page-menu"]);
    }

    [Fact]
    public async Task OutputIsIdenticalForAnyWorkerCount()
    {
        var (_, one) = await Run(workers: 1);
        var (_, three) = await Run(workers: 3);
        static string Read(string corpus) => string.Join('\n', PipelineHarness.ReadLines(Path.Combine(corpus, "data")));
        var written = Read(one);
        Assert.NotEmpty(written);
        Assert.Equal(written, Read(three));
    }
}
