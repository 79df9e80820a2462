using CorpusForge.Core.Documents;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Tests.Text;

public class TextAnalysisTests
{
    private static string[] Strings(string text, LineSpan[] spans) => spans.Select(s => s.Of(text).ToString()).ToArray();

    [Fact]
    public void LinesDropLineBreaksAndCarriageReturns()
    {
        const string text = "one\r\ntwo\n\nthree";
        Assert.Equal(["one", "two", "", "three"], Strings(text, new TextAnalysis(text).Lines));
        Assert.Empty(new TextAnalysis("").Lines);
        Assert.Equal(["", ""], Strings("\n", new TextAnalysis("\n").Lines));
    }

    [Fact]
    public void ParagraphsAreSeparatedByBlankLinesAndTrimmed()
    {
        const string text = "  first line\nsecond line \n \t \n\nnext paragraph\n\n\n";
        Assert.Equal(["first line\nsecond line", "next paragraph"], Strings(text, new TextAnalysis(text).Paragraphs));
        Assert.Empty(new TextAnalysis(" \n \n").Paragraphs);
    }

    [Fact]
    public void AnalysisIsSharedUntilTheTextChanges()
    {
        var doc = new Document { Id = "a", Text = "some words here" };
        var first = TextAnalysis.Of(doc);
        Assert.Same(first, TextAnalysis.Of(doc));
        doc.Text = "other words";
        Assert.NotSame(first, TextAnalysis.Of(doc));
        Assert.Equal(2, TextAnalysis.Of(doc).Words.Count);
    }

    [Fact]
    public void EqualWordsHashEqually()
    {
        var analysis = new TextAnalysis("cat dog cat Cat");
        var hashes = analysis.WordHashes;
        Assert.Equal(hashes[0], hashes[2]);
        Assert.NotEqual(hashes[0], hashes[1]);
        Assert.NotEqual(hashes[0], hashes[3]);
    }

    [Fact]
    public void HashCounterCountsThroughGrowthAndReset()
    {
        var counter = HashCounter.Rent(4);
        for (var round = 0; round < 3; round++)
        {
            for (var key = 0UL; key < 5000; key++) counter.Add(key * 7919, (int)key);
        }

        Assert.Equal(3, counter.MaxCount);
        Assert.Equal(0, counter.MaxFirst);
        Assert.Equal(4, counter.Add(7919 * 4999));
        counter.Reset(10);
        Assert.Equal(0, counter.MaxCount);
        Assert.Equal(1, counter.Add(7919 * 4999));
    }

    [Theory]
    [InlineData("One. Two! Three? Four.", 4)]
    [InlineData("Pi is 3.14 and e.g. this counts.", 2)]
    [InlineData("Wait... what?! \"Yes.\"", 3)]
    [InlineData("我们在市场。你好！", 2)]
    [InlineData("no end", 0)]
    public void SentenceCount(string text, int expected) => Assert.Equal(expected, Punctuation.CountSentences(text));
}
