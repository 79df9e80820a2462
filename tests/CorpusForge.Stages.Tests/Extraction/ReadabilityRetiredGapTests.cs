using CorpusForge.Stages.Extraction;

using static CorpusForge.Stages.Tests.Extraction.PageText;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's ninth pass: causes of the F1 lost against SmartReader on Readability's 40 retired pages
/// (<c>dev-retired-40</c>), found by diffing every page three ways (ours, Readability's expected text, SmartReader's).
/// Each test keeps the real page's markup (tags, attributes, nesting) with the words replaced by our own.</summary>
public sealed class ReadabilityRetiredGapTests
{
    private const string Prose =
        "<p>The harbour board counted the boats in the outer basin every morning for a month and wrote the numbers into a ledger kept at the fuel dock.</p>" +
        "<p>Most mornings the count was close to the average, but on a few the basin was nearly empty, and those were the mornings the board wanted to explain.</p>";

    /// <summary>toc-missing (a blog post rendered by Python-Markdown's toc extension): every section heading is a link
    /// to itself, <c>&lt;h3 id="x"&gt;&lt;a class="toclink" href="#x"&gt;</c>. "toclink" read as "toc", so each heading
    /// was removed as a table of contents and the sections ran together (recall 0.965).</summary>
    [Fact]
    public void A_heading_that_links_to_itself_is_kept_whatever_its_class_says()
    {
        var html = """
            <html><head><title>Counting boats</title></head><body><div class="container"><article>
            <h1>Counting boats</h1>
            <div class="toc"><ul>
            <li><a href="#finding-quiet-mornings">Finding Quiet Mornings</a><ul><li><a href="#reading-the-ledger">Reading the Ledger</a></li></ul></li>
            </ul></div>
            <h2 id="finding-quiet-mornings"><a class="toclink" href="#finding-quiet-mornings">Finding Quiet Mornings</a></h2>
            """ + Prose + """
            <h3 id="reading-the-ledger">
                <a class="toclink" href="#reading-the-ledger">Reading the Ledger</a>
            </h3>
            """ + Prose.Replace("harbour board", "fuel dock clerk") + "</article></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Finding Quiet Mornings\nThe harbour board counted", text);
        Assert.Contains("Reading the Ledger\nThe fuel dock clerk counted", text);
    }

    /// <summary>The hard negative beside it: a forum's post counter (vBulletin's
    /// <c>&lt;a name="post301882" href="#post301882" class="postcounter"&gt;#1&lt;/a&gt;</c>) links to itself too, but it
    /// names no heading, and stays furniture.</summary>
    [Fact]
    public void A_post_counter_that_links_to_itself_is_still_furniture()
    {
        var html = "<html><head><title>Thread</title></head><body><div id=\"posts\">" +
                   "<div class=\"posthead\"><span class=\"nodecontrols\"><a name=\"post1\" href=\"#post1\" class=\"postcounter\">#1</a></span></div>" +
                   "<div class=\"postbody\"><div class=\"content\">" + Prose + "</div></div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("The harbour board counted", text);
        Assert.DoesNotContain("#1", text);
    }

    /// <summary>nytimes-4: ai2html places right-aligned axis ticks from the right edge (<c>top:9.5%;right:95.1%</c>),
    /// and they leaked as lines of numbers ("8", "6", "4", "MONTHLY") after the percent-from-the-left labels were
    /// dropped in the fifth pass (precision 0.969).</summary>
    [Fact]
    public void Chart_ticks_placed_from_the_right_by_percent_are_not_text()
    {
        static string Label(string style, string text) =>
            $"<div class=\"g-Layer_1 g-aiAbs g-aiPointText\" style=\"{style}\"><p class=\"g-pstyle1\">{text}</p></div>";
        var html = "<html><head><title>Debt</title></head><body><article><h1>Debt</h1>" + Prose +
                   "<section class=\"interactive-embedded\"><div class=\"ai2html\"><div class=\"g-artboard\"><img class=\"g-aiImg\" src=\"chart.png\">" +
                   Label("top:9.5016%;margin-top:-9.2px;right:95.0669%;width:29px;", "8") +
                   Label("top:9.7232%;margin-top:-9.2px;right:0.1584%;width:70px;", "WEEKLY") +
                   Label("top:28.6213%;margin-top:-9.2px;right:95.0669%;width:29px;", "6") +
                   Label("bottom:4.1%;margin-top:-9.2px;left:12.5%;width:29px;", "1990") +
                   "</div></div></section>" + Prose.Replace("harbour board", "fuel dock clerk") + "</article></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("The fuel dock clerk counted", text);
        Assert.DoesNotContain("WEEKLY", text);
        Assert.DoesNotContain("1990", text);
        Assert.DoesNotContain("\n8\n", text);
    }

    /// <summary>spiceworks: a box under the article sends the reader to the site's forum ("Do you still have
    /// questions? Head over to the … Community to find answers." beside a "Take me to Community" button); a question
    /// the text asks and answers itself stays.</summary>
    [Fact]
    public void A_pointer_to_ask_in_the_community_is_dropped_and_a_question_in_the_text_stays()
    {
        var html = "<html><head><title>Ledger</title></head><body><article><h1>Ledger</h1>" + Prose +
                   "<p>Do you still have questions about the ledger? The clerk keeps the old volumes at the fuel dock, and anyone may read them on a weekday.</p>" +
                   "<div class=\"row take-me-to-community\"><div class=\"col-md-2 col-sm-2\"><img src=\"spot.png\" alt=\"Take me to Community\"></div>" +
                   "<div class=\"col-md-10 col-sm-10\"><span>Do you still have questions? Head over to the Harbour Community to find answers.</span><br/>" +
                   "<a class=\"content-page-take-me-to-community-button\" href=\"https://community.example.org/\"><button class=\"take-me-btn\">Take me to Community</button></a></div></div>" +
                   "</article></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("The clerk keeps the old volumes at the fuel dock", text);
        Assert.DoesNotContain("Head over to the Harbour Community", text);
    }

    /// <summary>medium-3: a tweet quoted in a <c>&lt;blockquote&gt;</c> is four @-mention links, a sentence and a hashtag
    /// link, over half of it links and not closed by a full stop, so link-density pruning removed it. A quotation that
    /// says something of its own around its links is kept; a labelled link in a blockquote still goes.</summary>
    [Fact]
    public void A_quoted_tweet_of_mentions_around_a_sentence_is_kept_and_a_quoted_link_line_is_not()
    {
        static string Link(string text) => $"<a href=\"https://twitter.com/{text.TrimStart('@', '.', '#')}\" class=\"bh gp ir is it iu\" rel=\"noopener nofollow\">{text}</a>";
        var html = "<html><head><title>Boats</title></head><body><article><section><div>" + Prose +
                   "<p id=\"f7d1\" class=\"hb hc bo hd b he hf\">Of course, the idea that the board could be wrong is just silly:</p>" +
                   "<blockquote class=\"hz ia ib\"><p id=\"de59\" class=\"hb hc ic hd b he hf\">" +
                   Link("@HarbourClerk") + " " + Link(".@Fuel_Dock") + " " + Link("@s_pier") + " " + Link("@boatcounter") +
                   " Wow, you are sailing right into wild theories about the ledger now. " + Link("#CountTheBoatsAgain") + "</p></blockquote>" +
                   "<blockquote><p>Related: " + Link("The harbour board publishes its morning counts for the whole of last winter") + "</p></blockquote>" +
                   Prose.Replace("harbour board", "fuel dock clerk") + "</div></section></article></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Wow, you are sailing right into wild theories about the ledger now.", text);
        Assert.Contains("@HarbourClerk", text);
        Assert.DoesNotContain("publishes its morning counts", text);
    }
}
