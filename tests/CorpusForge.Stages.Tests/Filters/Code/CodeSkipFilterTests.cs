using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeSkipFilterTests
{
    [Fact]
    public void DropsWithTheReadersReasonAndKeepsTheRest()
    {
        var filter = new CodeSkipFilter(new CodeSkipFilterOptions());
        var skipped = new Document { Id = "r/node_modules/x.js", Text = "", Path = "node_modules/x.js" };
        skipped.Metadata["skip_reason"] = "vendored";
        var result = filter.Process(skipped);
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("vendored", result.Reason);
        Assert.Equal("node_modules/x.js", result.Detail);
        Assert.Equal(StageOutcome.Keep, filter.Process(new Document { Id = "r/a.py", Text = "x = 1" }).Outcome);
    }
}
