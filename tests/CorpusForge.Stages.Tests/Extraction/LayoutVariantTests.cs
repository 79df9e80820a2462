using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The same article laid out as other real templates lay it out (issue 12, sixteenth pass; measured with
/// <c>bench extract-restructure</c>, which rebuilds real pages' articles so): paragraphs typed between
/// <c>&lt;br&gt;</c>s, the article's container several class-less wrappers away from its paragraphs, a documentation
/// section whose note is its longest paragraph. Markup after the real pages named in each test, our words.</summary>
public sealed class LayoutVariantTests
{
    /// <summary>Six paragraphs of the story (the four sentences and two more), as text between double line breaks.</summary>
    private static readonly string[] Long =
    [
        .. Story,
        "Residents of the terraces above the harbour asked, at the last hearing, whether the quarry lorries could use the ring road instead.",
        "The authority said it would answer that question, along with the others raised by the fishing cooperative, before work begins.",
    ];

    private static string Breaks(IEnumerable<string> paragraphs) => string.Join("<BR/><BR/>", paragraphs);

    private const string TeaserBox =
        "<div class='box'><h3>Around the region</h3>" +
        "<p>Ferry fares rise again, for the third year running, as fuel costs climb.</p>" +
        "<p>Pier repairs, delayed by storms, finished ahead of the summer season.</p>" +
        "<p>Seal pups, counted from the air, reach a record on the sandbanks.</p></div>";

    [Fact]
    public void A_story_typed_between_line_breaks_outscores_a_box_of_short_paragraphs()
    {
        // Voice of America's pages of 2013: the story straight into div.zoomMe between <BR/><BR/>s. Counted as one
        // paragraph of its container, it lost to a column's box of three short <p>s.
        var html = "<html><body><div class='wrap'><div class='col-a'><div class='inner'><div class='zoomMe'>" + Breaks(Long) +
                   "</div></div></div><div class='col-b'>" + TeaserBox + "</div></div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Long) Assert.Contains(paragraph, text);
        Assert.DoesNotContain("Seal pups", text);
    }

    [Fact]
    public void The_runs_of_a_container_are_split_at_double_line_breaks_only()
    {
        // A single <br> is a line break inside a paragraph (an address, a verse); links and acronyms do not end a run.
        var html = "<html><body><div id='c'>" + Story[0] + "<br>" + Story[1] + "<br><br><acronym>FSF</acronym> " + Story[2] +
                   " <a href='/x'>link</a> " + Story[3] + "<p>" + Story[0] + "</p>" + Story[1] + "</div></body></html>";
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var runs = new MainContentExtractor().OwnRuns(document.GetElementById("c")!);
        Assert.Equal(3, runs.Count);
        Assert.Equal(MainContentExtractor.WeightedLength(Story[0] + Story[1]), runs[0].Length);
        Assert.Equal(MainContentExtractor.WeightedLength(Story[2] + Story[3]), runs[1].Length);
        Assert.Equal(MainContentExtractor.WeightedLength(Story[1]), runs[2].Length);
    }

    [Fact]
    public void A_caption_and_its_credit_between_line_breaks_count_as_one_paragraph()
    {
        // USA Today's interactive timeline: a dozen slides, each a caption, a "Pictured:" line and a credit between
        // <br><br>s. Counted as three paragraphs each, the slides outnumbered the story beside them, and a story whose
        // wrapper also carries an advertising word (held to half the page's paragraphs) was removed.
        var slides = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<li class='slide'><div class='blurb'><div class='title'>Year {1950 + i}</div><div class='text'>In the year of the timeline's slide number {i}, " +
            "the harbour board met in the old customs house to decide what to do about the silting of the inner basin." +
            $"<br><br><b>Pictured: </b>The customs house on the quay, photographed from the lighthouse gallery in the spring of {1950 + i}.<br><br><i>(Archive photo)</i><br></div></div></li>"));
        var story = string.Concat(Enumerable.Range(0, 13).Select(i => $"<p>{Long[i % Long.Length]} (Part {i}.)</p>"));
        var html = "<html><body><div class='transition-wrap'><article class='asset story'>" +
                   $"<div class='asset-double-wide double-wide native-ad'>{story}</div>" +
                   $"<div class='interactive-timeline'><ul class='slides'>{slides}</ul></div>" +
                   "</article></div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Long) Assert.Contains(paragraph, text);
    }

    [Fact]
    public void A_hidden_copy_of_the_text_does_not_halve_its_share_of_the_page()
    {
        // Mozilla's Developer Edition page with a hidden second copy of its content (a mobile or print version, as
        // responsive templates wrote them): its feature list sits in section.more-features, which is kept only while
        // it holds half the page's paragraphs (its "Learn more" links keep it from the laxer rule for layout words). Counted
        // with the hidden copy, it held a quarter and went.
        const string features =
            "<section class='more-features'><div class='container'><header><h2>Features and tools</h2></header><ul class='features'>" +
            "<li class='feature'><h2>Tide table</h2><p>See the times of high and low water for every berth, a week ahead, with the height of each tide.</p><a href='/help/tides' class='more'>Learn more about the tide table</a></li>" +
            "<li class='feature'><h2>Berth planner</h2><p>Book a berth for your boat, change the booking, or cancel it, from the quay office or from home.</p><a href='/help/berths' class='more'>Learn more about the berth planner</a></li>" +
            "<li class='feature'><h2>Crane hire</h2><p>Hire the quay crane by the hour to lift a boat out of the water for repairs, painting or the winter.</p><a href='/help/crane' class='more'>Learn more about the crane hire</a></li>" +
            "<li class='feature'><h2>Weather watch</h2><p>Read the forecast for the harbour mouth, including wind, swell and visibility, updated every hour.</p><a href='/help/weather' class='more'>Learn more about the weather watch</a></li>" +
            "</ul></div></section>";
        const string intro = "<section class='intro'><h1>Harbour services</h1><p>The harbour office offers its services online, so that skippers can plan a visit before they sail.</p>" +
                             "<p>Every service is free for boats of the harbour's own fleet, and visitors pay the day rate shown at the quay office.</p>" +
                             "<p>The office answers questions about any of the services by telephone from seven in the morning until six at night.</p></section>";
        var html = $"<html><body><div id='wrapper'><main class='page'>{intro}{features}</main>" +
                   $"<div style='display:none'>{intro}{features}</div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains("Book a berth for your boat", text);
        Assert.Contains("Read the forecast for the harbour mouth", text);
        Assert.Contains("Hire the quay crane by the hour", text);
    }

    [Theory]
    [InlineData("The authority, after three years, approved it.", 2)]
    // A page-info object written as text (USA Today's hidden div.pageinfo): no comma before a spaced word.
    [InlineData("{ \"assetid\": \"2162867\", \"aws\": \"sports/hockey/nhl\", \"keywords\":\"Michigan,Los Angeles,New Jersey Devils\" }", 0)]
    [InlineData("本手册属于自由软件，您可以在通用公共授权下重新发布。", 1)]
    public void Clause_commas_are_those_before_a_spaced_word(string text, int commas) =>
        Assert.Equal(commas, MainContentExtractor.CountClauseCommas(text));

    [Fact]
    public void Class_less_wrappers_do_not_keep_the_paragraphs_score_from_the_article_container()
    {
        // TMZ's post body (div.article-content) with its paragraphs eight class-less divs further in, as page builders
        // nest them, and an e-mail sign-up whose div.content holds one line: the content word alone chose the sign-up.
        var nested = string.Concat(Enumerable.Repeat("<div>", 8)) + Paragraphs + string.Concat(Enumerable.Repeat("</div>", 8));
        var html = "<html><body><div class='all-post-body group article-content'>" + nested + "</div>" +
                   "<div id='email-opt-in' class='email-opt-in wrapper'><div class='container'><div class='content'>Get the harbour news first, every morning.</div></div></div>" +
                   "</body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Story) Assert.Contains(paragraph, text);
        Assert.DoesNotContain("every morning", text);
    }

    [Fact]
    public void A_story_cut_into_bare_segments_keeps_every_segment()
    {
        // A news CMS's body cut into class-less divs around inline ad slots (Politico's div.story-text so rebuilt by
        // bench extract-restructure), in a wrapper whose class names no content: the last segment, rich in commas,
        // outscored the others more than fivefold, and siblings need a fifth of the winner's score.
        const string plain1 = "The harbour master opened the meeting with a report on the winter storms and the damage they did to the old wall.";
        const string plain2 = "Two of the four berths on the north side were closed for most of January while divers checked the foundations.";
        const string plain3 = "The cost of the repairs so far is higher than the authority expected when it set its budget for the year.";
        const string plain4 = "Members then turned to the question of the new breakwater and the survey that the engineers finished in March.";
        var html = "<html><body><div class='wrap-7'>" +
                   $"<div><p>{plain1}</p><p>{plain2}</p></div>" +
                   "<div class='ad-container'><div id='div-gpt-ad-1'></div></div>" +
                   $"<div><p>{plain3}</p><p>{plain4}</p></div>" +
                   "<div class='ad-container'><div id='div-gpt-ad-2'></div></div>" +
                   "<div>" + string.Concat(Long.Select(p => $"<p>{p}</p>")) + "</div>" +
                   "</div><div class='site-footer'><p>Harbour News, 1 Quay Road, Portstown</p></div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in (string[])[plain1, plain2, plain3, plain4, .. Long]) Assert.Contains(paragraph, text);
    }

    [Fact]
    public void A_tip_that_is_the_longest_paragraph_does_not_stand_for_its_section()
    {
        // GIMP's help as DocBook XSL builds it (Debian package gimp-help-de): a short section whose tip, in its
        // one-cell table, holds the longest and most comma-rich paragraph. The tip alone was the page's text.
        const string tip = "Because some of the tide gauges, unlike the newer ones, have no display of their own, it is sometimes " +
                           "necessary to read the values twice, compare them, and correct the chart by hand, which takes a while.";
        var html = """
            <html><body><div class="navheader"><table width="100%" summary="Navigation header"><tr><th colspan="3" align="center">10.3. Show again</th></tr>
            <tr><td width="20%" align="left"><a accesskey="p" href="prev.html"><img src="images/prev.png" alt="Prev"></a></td><th width="60%" align="center">10. The gauge menu</th>
            <td width="20%" align="right"><a accesskey="n" href="next.html"><img src="images/next.png" alt="Next"></a></td></tr></table><hr></div>
            <div class="sect2"><div class="titlepage"><div><div><h3 class="title"><a id="show-again"></a>10.3. Show again</h3></div></div></div>
            <a id="idm1" class="indexterm"></a>
            <p>This command opens the last gauge reading again, with every setting as it was when you last used it.</p>
            <div class="tip" style="margin-left: 0.5in; margin-right: 0.5in;"><table border="0" summary="Tip">
            <tr><td rowspan="2" align="center" valign="top" width="25"><img alt="[Tip]" src="images/tip.png"></td><th align="left">Tip</th></tr>
            <tr><td align="left" valign="top"><p>
            """ + tip + """
            </p></td></tr></table></div>
            <div class="sect3"><div class="titlepage"><div><div><h4 class="title"><a id="idm2"></a>10.3.1. Activating the command</h4></div></div></div>
            <div class="itemizedlist"><ul class="itemizedlist" style="list-style-type: disc; "><li class="listitem"><p>You can reach this command from the gauge window menu.</p></li>
            <li class="listitem"><p>You can also use the keyboard shortcut Ctrl+Shift+G.</p></li></ul></div></div></div>
            <div class="navfooter"><hr><table width="100%" summary="Navigation footer"><tr><td width="40%" align="left"><a accesskey="p" href="prev.html">Prev</a></td></tr></table></div>
            </body></html>
            """;
        var text = HarbourStory.Text(html);
        Assert.Contains(tip, text);
        Assert.Contains("This command opens the last gauge reading again", text);
        Assert.Contains("keyboard shortcut Ctrl+Shift+G", text);
    }
}
