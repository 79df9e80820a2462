using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Tests.Cluster;

public class TaskIdsTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 2 }, "2")]
    [InlineData(new[] { 7, 0, 1, 2, 3, 5 }, "0-3,5,7")]
    [InlineData(new[] { 0, 2, 3, 3 }, "0,2-3")]
    public void FormatsTheShortestRangeList(int[] ids, string expected)
    {
        Assert.Equal(expected, TaskIds.Format(ids));
        Assert.Equal(ids.Distinct().Order(), TaskIds.Parse(expected));
    }

    [Theory]
    [InlineData("[2-3]", new[] { 2, 3 })]
    [InlineData("[0-7%2]", new[] { 0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData("0-15:4", new[] { 0, 4, 8, 12 })]
    [InlineData("1,4-5", new[] { 1, 4, 5 })]
    public void ParsesWhatSlurmPrints(string text, int[] expected) => Assert.Equal(expected, TaskIds.Parse(text));

    [Fact]
    public void RejectsABackwardsRange() => Assert.Throws<FormatException>(() => TaskIds.Parse("5-2"));
}
