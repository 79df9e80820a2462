using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeMaxLineLengthFilterTests
{
    private readonly CodeMaxLineLengthFilter _filter = new(new CodeMaxLineLengthFilterOptions());

    [Fact]
    public void DropsALineOverTheDefaultOf1000()
    {
        var (doc, result) = CodeFilterTestKit.Run(_filter, "x = 1\ny = \"" + new string('a', 1000) + "\"\n");
        Assert.Equal("line_too_long", result.Reason);
        Assert.Equal(1006L, doc.Attributes["code.max_line_length"]);
    }

    [Fact]
    public void KeepsALineOfExactly1000AndExemptLanguages()
    {
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, new string('a', 1000) + "\r\nb").Result.Outcome);
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, new string('a', 5000), "JSON").Result.Outcome);
    }
}
