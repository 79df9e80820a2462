using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeLineCountFilterTests
{
    [Theory]
    [InlineData("", 0L, "too_few_lines")]
    [InlineData("one line", 1L, null)]
    [InlineData("a\nb\n", 2L, null)]
    [InlineData("a\nb\nc", 3L, null)]
    [InlineData("a\nb\nc\nd\ne\n", 5L, "too_many_lines")]
    public void CountsLinesAndAppliesBounds(string text, long lines, string? reason)
    {
        var filter = new CodeLineCountFilter(new CodeLineCountFilterOptions { MinLines = 1, MaxLines = 4 });
        var (doc, result) = CodeFilterTestKit.Run(filter, text);
        Assert.Equal(lines, doc.Attributes["code.lines"]);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void DefaultsFollowStarCoderAndRejectInvertedBounds()
    {
        var options = new CodeLineCountFilterOptions();
        Assert.Equal(100_000, options.MaxLines);
        Assert.Empty(options.Validate());
        Assert.NotEmpty(new CodeLineCountFilterOptions { MinLines = 10, MaxLines = 5 }.Validate());
    }
}
