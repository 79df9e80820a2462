using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeMeanLineLengthFilterTests
{
    private readonly CodeMeanLineLengthFilter _filter = new(new CodeMeanLineLengthFilterOptions());

    [Fact]
    public void DropsAMeanOver100()
    {
        var line = new string('a', 150);
        var (doc, result) = CodeFilterTestKit.Run(_filter, $"{line}\n{line}\nshort\n");
        Assert.Equal("mean_line_too_long", result.Reason);
        Assert.Equal(101.6667, doc.Attributes["code.mean_line_length"]);
    }

    [Fact]
    public void KeepsOrdinaryCodeAndMarkdown()
    {
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, "def f(x):\n    return x * 2\n").Result.Outcome);
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, new string('w', 400), "Markdown").Result.Outcome);
    }
}
