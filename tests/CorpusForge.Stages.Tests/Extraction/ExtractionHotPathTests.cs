using AngleSharp.Html.Parser;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The speed paths of extraction (vectorised text length, cached class/id words) give what the plain
/// definitions give.</summary>
public sealed class ExtractionHotPathTests
{
    /// <summary>The definition: characters other than white space and control characters up to the space,
    /// ideographic and syllabic scripts ×3.</summary>
    private static double Reference(string text) =>
        text.Where(c => c > ' ' && !char.IsWhiteSpace(c)).Sum(c => c >= '\u2e80' && c <= '\ud7af' ? 3.0 : 1.0);

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("  The quick brown fox jumps over the lazy dog, twice over.\t\r\n  And again.  ")]
    [InlineData("Seventeen chars!!Then a non-breaking\u00a0space and an em\u2003space in a long run of ASCII text")]
    [InlineData("東京都は日本の首都であり、人口は約一千四百万人です。 It mixes scripts 한국어 too.")]
    [InlineData("ASCII first, thirty-two characters, then Größe und Übermaß, then ASCII again for a long while.")]
    [InlineData("\u0001\u001f\u007f control characters \u0085 next line")]
    public void WeightedLengthMatchesTheDefinition(string text)
    {
        Assert.Equal(Reference(text), MainContentExtractor.WeightedLength(text));
        // Every offset of the non-ASCII character relative to the sixteen-character blocks.
        for (var k = 0; k < 40; k++)
        {
            var shifted = new string('a', k) + text + new string(' ', 40 - k);
            Assert.Equal(Reference(shifted), MainContentExtractor.WeightedLength(shifted));
        }
    }

    [Fact]
    public void ClassWordsAreTheSameOnEveryAsk()
    {
        var document = new HtmlParser().ParseDocument(
            "<div id='a' class='relatedposts sidebar-widget'></div><div id='b' class='relatedposts sidebar-widget'></div>" +
            "<div id='c' class='entry-content'></div>");
        var first = document.GetElementById("a")!;
        var second = document.GetElementById("b")!;
        var words = new List<string>();
        foreach (var token in BoilerplateRules.Tokens(first)) words.Add(token);
        var again = new List<string>();
        foreach (var token in BoilerplateRules.Tokens(second)) again.Add(token);
        Assert.Equal(["relatedposts", "related", "posts", "sidebar", "widget", "a"], words);
        Assert.Equal(["relatedposts", "related", "posts", "sidebar", "widget", "b"], again);
        Assert.True(BoilerplateRules.IsNegative(first, out _));
        Assert.Equal(1, BoilerplateRules.ClassWeight(document.GetElementById("c")!));
    }
}
