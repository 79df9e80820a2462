using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeAlphanumericFilterTests
{
    private readonly CodeAlphanumericFilter _filter = new(new CodeAlphanumericFilterOptions());

    [Fact]
    public void DropsSymbolHeavyFiles()
    {
        var (doc, result) = CodeFilterTestKit.Run(_filter, "/* ===== ascii art ===== */\n|--+--+--|\n|  |  |  |\n+--+--+--+\n");
        Assert.Equal("too_few_alphanumeric", result.Reason);
        Assert.True((double)doc.Attributes["code.alphanumeric_fraction"]! < 0.25);
    }

    [Fact]
    public void KeepsCodeAndExemptAssembly()
    {
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, "def total(items):\n    return sum(items)\n").Result.Outcome);
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, "; ---- ; ---- ;\n", "Assembly").Result.Outcome);
    }
}
