using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeHtmlFilterTests
{
    private readonly CodeHtmlFilter _filter = new(new CodeHtmlFilterOptions());

    [Fact]
    public void KeepsHtmlWithRealText()
    {
        var text = string.Join(' ', Enumerable.Repeat("The harbour opens at dawn and closes at dusk.", 5));
        var (doc, result) = CodeFilterTestKit.Run(_filter, $"<html><body><p>{text}</p></body></html>", "HTML");
        Assert.Equal(StageOutcome.Keep, result.Outcome);
        Assert.True((double)doc.Attributes["code.html_visible_fraction"]! > 0.8);
    }

    [Fact]
    public void DropsMarkupHeavyTemplatesAndIgnoresOtherLanguages()
    {
        var markup = "<html><head><script>" + new string('x', 2000) + "</script></head><body><div class=\"a\"><span>Hi</span></div></body></html>";
        Assert.Equal("html_too_little_text", CodeFilterTestKit.Run(_filter, markup, "HTML").Result.Reason);
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, markup, "JavaScript").Result.Outcome);
    }
}
