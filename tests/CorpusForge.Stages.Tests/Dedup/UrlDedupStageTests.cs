using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using static CorpusForge.Stages.Tests.Dedup.StageDriver;

namespace CorpusForge.Stages.Tests.Dedup;

public sealed class UrlDedupStageTests
{
    [Theory]
    [InlineData("HTTP://Example.COM/a/b/#frag", "http://example.com/a/b")]
    [InlineData("https://example.com:443/", "https://example.com")]
    [InlineData("https://example.com:8443/x?q=1", "https://example.com:8443/x?q=1")]
    [InlineData("not a url", "not a url")]
    public void Normalises_urls(string url, string expected) => Assert.Equal(expected, UrlDedupStage.NormalizeUrl(url, ignoreQuery: false));

    [Fact]
    public void Removes_later_documents_with_the_same_url_and_passes_documents_without_one()
    {
        using var dir = new TempDir();
        using var stage = new UrlDedupStage(new UrlDedupOptions { IgnoreQuery = true }, dir.Context());
        var results = Run(stage, [
            Doc("a", "x", url: "https://example.com/page"),
            Doc("b", "y", url: "https://EXAMPLE.com/page/?utm=1"),
            Doc("c", "z"),
            Doc("d", "z"),
            Doc("e", "w", url: "https://example.com/other"),
        ]);

        Assert.Equal([StageOutcome.Keep, StageOutcome.Drop, StageOutcome.Keep, StageOutcome.Keep, StageOutcome.Keep], results.Select(r => r.Outcome));
        Assert.Equal("duplicate_url", results[1].Reason);
    }
}
