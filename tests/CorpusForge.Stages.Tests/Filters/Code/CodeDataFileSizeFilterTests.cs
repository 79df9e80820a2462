using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeDataFileSizeFilterTests
{
    private readonly CodeDataFileSizeFilter _filter = new(new CodeDataFileSizeFilterOptions());

    [Theory]
    [InlineData(49, "JSON", "data_file_too_small")]
    [InlineData(50, "JSON", null)]
    [InlineData(5000, "YAML", null)]
    [InlineData(5001, "YAML", "data_file_too_large")]
    [InlineData(9000, "Python", null)]
    public void AppliesStarCoderBoundsToDataFormatsOnly(int chars, string language, string? reason)
    {
        var (_, result) = CodeFilterTestKit.Run(_filter, new string('a', chars), language);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(reason is null ? StageOutcome.Keep : StageOutcome.Drop, result.Outcome);
    }
}
