using AngleSharp.Html.Parser;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>How the words of a class and id weigh in the content scoring (<see cref="BoilerplateRules.ClassWeight"/>).
/// Measured with <c>bench extract-mutate</c>: an advertising or sharing flag on the article's holder beside its content
/// words (<c>article__content social-share-enabled</c>) made it furniture to the scoring; summed as Readability sums its
/// class weights, the two cancel (70 mutants of real pages better, 16 slightly worse, no unmutated page changed).</summary>
public class ClassWordTests
{
    private static int Weight(string attributes)
    {
        using var document = new HtmlParser().ParseDocument($"<div {attributes}>text</div>");
        return BoilerplateRules.ClassWeight(document.Body!.FirstElementChild!);
    }

    [Theory]
    [InlineData("class='article__content'", 1)]
    [InlineData("class='share-tools'", -1)]
    [InlineData("class='article__content social-share-enabled'", 0)]
    [InlineData("class='social-share-enabled article__content'", 0)]
    [InlineData("class='native-ad' id='articleText'", 0)]
    [InlineData("class='articleText' id='social'", 0)]
    // Layout words weigh nothing: the content word decides.
    [InlineData("class='entry-content sidebar-left'", 1)]
    [InlineData("class='clearfix'", 0)]
    public void Content_and_furniture_words_cancel(string attributes, int weight) =>
        Assert.Equal(weight, Weight(attributes));

    [Fact]
    public void Ignoring_furniture_words_leaves_the_content_word()
    {
        using var document = new HtmlParser().ParseDocument("<div class='social-share-enabled article__content'>text</div>");
        Assert.Equal(1, BoilerplateRules.ClassWeight(document.Body!.FirstElementChild!, ignoreNegative: true));
    }
}
