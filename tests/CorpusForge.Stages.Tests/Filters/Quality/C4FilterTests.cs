using CorpusForge.Stages.Filters.Quality;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters.Quality;

public class C4FilterTests
{
    private static C4Filter Filter(Action<C4Options>? configure = null)
    {
        var options = new C4Options();
        configure?.Invoke(options);
        return new C4Filter(options);
    }

    private static string Sentences(int n) => string.Join('\n', Enumerable.Range(1, n).Select(i => $"This is sentence number {i} of the article."));

    [Fact]
    public void SentenceCountBoundaries()
    {
        var (keep, doc) = Run(Filter(), Sentences(5));
        Assert.Null(keep);
        Assert.Equal(5, Score(doc, "c4.sentences"));
        Assert.Equal("c4_too_few_sentences", Run(Filter(), Sentences(4)).Reason);
        Assert.Null(Run(Filter(o => o.MinSentences = 0), Sentences(1)).Reason);
    }

    [Fact]
    public void RemovesUnpunctuatedShortJavascriptAndPolicyLines()
    {
        var text = string.Join('\n',
            "Home | About | Contact",
            Sentences(5),
            "Two words.",
            "Three words here.",
            "Please enable JavaScript to view the comments.",
            "This site uses cookies to improve your experience.",
            "Read more...",
            "   ");
        var (reason, doc) = Run(Filter(), text);
        Assert.Null(reason);
        Assert.Equal(Sentences(5) + "\nThree words here.", doc.Text);
        Assert.Equal(3, Score(doc, "c4.removed_unpunctuated"));
        Assert.Equal(1, Score(doc, "c4.removed_short"));
        Assert.Equal(1, Score(doc, "c4.removed_javascript"));
        Assert.Equal(1, Score(doc, "c4.removed_policy"));
    }

    [Fact]
    public void EachLineRuleCanBeSwitchedOff()
    {
        var text = Sentences(5) + "\nNo full stop here\nTwo words.\nJavaScript is required for this page.\nSee our privacy policy for details.";
        var filter = Filter(o =>
        {
            o.RemoveUnpunctuatedLines = false;
            o.MinWordsPerLine = 0;
            o.RemoveJavascriptLines = false;
            o.RemovePolicyLines = false;
        });
        var (reason, doc) = Run(filter, text);
        Assert.Null(reason);
        Assert.Equal(text, doc.Text);
    }

    [Fact]
    public void WordsPerLineBoundary()
    {
        var filter = Filter(o => o.MinSentences = 0);
        Assert.Equal("Three short words.", Run(filter, "Three short words.").Doc.Text);
        Assert.Equal("", Run(filter, "Two words.").Doc.Text);
    }

    [Fact]
    public void DocumentRulesDropAndCanBeSwitchedOff()
    {
        Assert.Equal("c4_lorem_ipsum", Run(Filter(), Sentences(5) + "\nLorem Ipsum dolor sit amet.").Reason);
        Assert.Null(Run(Filter(o => o.DropLoremIpsum = false), Sentences(5) + "\nLorem Ipsum dolor sit amet.").Reason);
        Assert.Equal("c4_curly_bracket", Run(Filter(), Sentences(5) + "\nfunction f() { return 1; }").Reason);
        Assert.Null(Run(Filter(o => o.DropCurlyBraces = false), Sentences(5) + "\nThe set {1, 2} has two members.").Reason);
    }

    [Fact]
    public void LongWordRemovesOnlyItsLine()
    {
        var (keep, doc) = Run(Filter(), Sentences(5) + $"\nA word {new string('x', 1000)} is long.");
        Assert.Null(keep);
        Assert.Equal(1000, Score(doc, "c4.max_word_length"));
        Assert.Equal(0, Score(doc, "c4.removed_long_word"));
        // C4's code (and datatrove's) removes the line with a token over 1,000 characters, not the page.
        var (reason, cut) = Run(Filter(), Sentences(5) + $"\nA word {new string('x', 1001)} is long.");
        Assert.Null(reason);
        Assert.Equal(1, Score(cut, "c4.removed_long_word"));
        Assert.DoesNotContain("xxxx", cut.Text);
        // Tokens are white-space separated, as in the code: a 1,001-character URL counts though it holds many words.
        var url = "https://example.org/" + string.Join('/', Enumerable.Repeat("abcdefghi", 100)) + ".";
        Assert.Equal(1, Score(Run(Filter(), Sentences(5) + $"\nSee {url}").Doc, "c4.removed_long_word"));
    }

    [Fact]
    public void CitationsAreRemovedBeforeThePunctuationRule()
    {
        var (reason, doc) = Run(Filter(), Sentences(4) + "\nThe bridge opened in 1932.[3]\nIt was rebuilt later.[citation needed]");
        Assert.Null(reason);
        Assert.EndsWith("The bridge opened in 1932.\nIt was rebuilt later.", doc.Text);
    }

    [Fact]
    public void UnchangedTextKeepsTheSameString()
    {
        var text = Sentences(5);
        var doc = Doc(text);
        Filter().Process(doc);
        Assert.Same(text, doc.Text);
    }

    [Fact]
    public void ChineseLinesKeepWithFullStops()
    {
        var text = string.Join('\n', Enumerable.Repeat("我们在市场买了新鲜的面包。", 5));
        var (reason, doc) = Run(Filter(), text);
        Assert.Null(reason);
        Assert.Equal(5, Score(doc, "c4.sentences"));
    }

    [Theory]
    [InlineData("Menu\n  The first kept sentence is here.  \nShort one.\n\tAnother e-mail line that stays, doesn't it?\r\nThe end of it all.\nx")]
    [InlineData("Line one is long enough.\nLine two is long enough.\nLine three is long enough.\nLine four is long enough.\nLine five is long enough.\n\n")]
    [InlineData("我们在市场买了新鲜的面包。\n菜单\n 你把车停在哪儿了？ ")]
    public void AnalysisHandedOnMatchesAFreshOne(string text)
    {
        var doc = Doc(text);
        Filter(o => o.MinSentences = 0).Process(doc);
        Assert.NotEqual(text, doc.Text);
        var handedOn = Stages.Text.TextAnalysis.Of(doc);
        var fresh = new Stages.Text.TextAnalysis(doc.Text);
        Assert.Equal(fresh.Words, handedOn.Words);
        Assert.Equal(fresh.Lines, handedOn.Lines);
        Assert.Equal(fresh.Paragraphs, handedOn.Paragraphs);
    }
}
