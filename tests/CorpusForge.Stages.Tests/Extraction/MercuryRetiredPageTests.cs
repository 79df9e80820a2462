using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;

using static CorpusForge.Stages.Tests.Extraction.PageText;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's eighth pass: the causes of the recall and precision lost on Mercury's 24 once held-out pages
/// (retired into dev as <c>mercury-retired-24</c>), each fixed by a general rule and checked on the real page that
/// showed it (npm @postlight/mercury-parser 1.1.1 fixtures, Data/extraction/mercury/README.md).</summary>
public sealed class MercuryRetiredPageTests
{
    [Fact]
    public void A_marked_caption_that_repeats_the_alt_text_is_kept()
    {
        // WordPress fills the image's alt from the caption: <p class="wp-caption-text"> (Observer) and <figcaption>
        // (D Magazine) say what the alt says, and they are the visible caption, not a second copy.
        // (Captions are text with include_captions; by default every marked caption goes.)
        var captions = new HtmlExtractorOptions { IncludeCaptions = true };
        var observer = ExtractMercury("observer.com", captions);
        Assert.Contains("Fortress walls, towers and city gates are clearly visible from the air.", observer);
        Assert.DoesNotContain("Fortress walls, towers and city gates are clearly visible from the air.", ExtractMercury("observer.com"));
        var dmagazine = ExtractMercury("www.dmagazine.com", captions);
        Assert.Contains("Dorsett, photographed in his home December 19, 2013, faces his old, battle-scarred helmet.", dmagazine);
    }

    [Fact]
    public void An_unmarked_line_that_repeats_the_alt_text_is_still_removed()
    {
        // The CMS's second copy of the alt text as a bare paragraph under the picture (Le Monde's "- Tapie en 2008 -").
        const string article = "<p>The harbour board met on Tuesday evening to decide what to do about the old pier, which has been closed since the storm of last winter broke two of its pylons.</p>" +
                               "<p>Repairs would cost about four million, the engineers said, and would take two summers, during which the ferry would have to land at the fishing quay instead.</p>" +
                               "<p>Residents asked the board to keep the pier open for walkers at least, and the board agreed to look at a lighter repair next month.</p>";
        var html = "<html><head><title>Pier</title></head><body><article><h1>Pier</h1>" +
                   "<div class=\"media\"><img src=\"p.jpg\" alt=\"The old pier after the storm, March 2024. Harbour Times/J. Smith\"><p>- The old pier after the storm, March 2024. Harbour Times/J. Smith -</p></div>" +
                   article + "</article></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("The harbour board met on Tuesday evening", text);
        Assert.DoesNotContain("The old pier after the storm", text);
        // The same words as a figcaption are the caption.
        var marked = ExtractHtml(html.Replace("<p>- The old pier after the storm, March 2024. Harbour Times/J. Smith -</p>",
            "<figcaption>The old pier after the storm, March 2024.</figcaption>"), options: new HtmlExtractorOptions { IncludeCaptions = true });
        Assert.Contains("The old pier after the storm, March 2024.", marked);
    }

    [Fact]
    public void A_post_whose_paragraphs_are_links_is_recovered_not_replaced_by_the_copyright_line()
    {
        // Mental Floss's shopping post: after two sentences, every paragraph is one link to a product ("… for $169.99
        // (list price $299.99)"), 98 % of the body's text. Damped by link density it scored below the page's
        // copyright block, which was extracted alone; recovery mode counts a linked paragraph as text.
        var text = ExtractMercury("www.mentalfloss.com");
        Assert.Contains("As a recurring feature, our team combs the Web", text);
        Assert.Contains("Logitech Harmony Ultimate One IR All In One Remote with Customizable Touch Screen Control for $79.99", text);
        Assert.DoesNotContain("Mental Floss® is a registered trademark", text);
    }

    [Fact]
    public void Recovery_mode_does_not_take_a_block_of_linked_headlines_for_the_text()
    {
        // A short video page: one sentence of description, then other stories' headlines as linked paragraphs in a
        // recirculation block. Recovery mode counts linked paragraphs, but blocks that are never the article still go.
        var teasers = string.Concat(Enumerable.Range(1, 12).Select(k =>
            $"<p><a href=\"/news/story-{k}\">Harbour board story number {k} about the pier, the ferry and the fishing quay</a></p>"));
        var html = "<html><head><title>Pier video</title></head><body><h1>Pier video</h1>" +
                   "<div class=\"video\"><p>Watch the old pier after the storm, filmed from the ferry.</p></div>" +
                   $"<div class=\"related-stories\">{teasers}</div></body></html>";
        var result = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html, out _, out _);
        Assert.DoesNotContain("Harbour board story number", result?.Text ?? "");
        // Nor does an unnamed block of them, which holds no prose paragraph of its own.
        var unnamed = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html.Replace("related-stories", "box"), out _, out _);
        Assert.DoesNotContain("Harbour board story number", unnamed?.Text ?? "");
    }

    [Fact]
    public void Lines_addressed_to_the_reader_under_the_text_are_dropped()
    {
        // A donation appeal (the Forward), a letters link (NY Daily News), a shop prompt (HelloGiggles), a
        // recirculation heading (AOL) and a print-issue note (Prospect), each a line of its own in the article's block.
        var forward = ExtractMercury("forward.com");
        Assert.DoesNotContain("depends on donations from readers like you", forward);
        Assert.DoesNotContain("Give Now", forward);
        Assert.Contains("Sounds like another audibly delectable mystery solved.", forward);
        Assert.DoesNotContain("Send a Letter to the Editor", ExtractMercury("www.nydailynews.com"));
        var hellogiggles = ExtractMercury("hellogiggles.com");
        Assert.DoesNotContain("Shop the illustration here", hellogiggles);
        Assert.Contains("Wrap blouse, Net-A-Porter, $167", hellogiggles);
        var aol = ExtractMercury("www.aol.com");
        Assert.DoesNotContain("Before you go", aol);
        Assert.Contains("Amid unimaginable grief, the widow of slain Saint Louis County Police Officer", aol);
        Assert.DoesNotContain("Published in February 2017 issue of Prospect Magazine", ExtractMercury("www.prospectmagazine.co.uk"));
    }

    [Theory]
    [InlineData("The letter to the editor that she wrote in 1962 was never printed.")]
    [InlineData("The museum depends on donations from readers like you and visitors from abroad, its director said, and on a grant.")]
    [InlineData("Before you go to the polls on Tuesday, check which documents your state asks for and where your polling place is.")]
    [InlineData("The poem was first published in the spring issue of a small magazine, and its author, then 19, was paid in copies of it; she kept one until her death.")]
    public void Sentences_about_letters_donations_or_issues_stay(string sentence)
    {
        var article = "<p>The harbour board met on Tuesday evening to decide what to do about the old pier, which has been closed since the storm of last winter broke two of its pylons.</p>" +
                      $"<p>{sentence}</p>" +
                      "<p>Residents asked the board to keep the pier open for walkers at least, and the board agreed to look at a lighter repair next month.</p>";
        var text = ExtractHtml($"<html><head><title>Pier</title></head><body><article><h1>Pier</h1>{article}</article></body></html>");
        Assert.Contains(sentence, text);
    }

    [Fact]
    public void A_short_list_whose_items_speak_around_their_links_is_text_and_a_tag_list_is_not()
    {
        // The White House's transition post: "President Obama:" over three items "… will be archived at <a>@POTUS44</a>",
        // under 200 characters and a third links, was taken for a tag list and removed (the Vice President's longer
        // list beside it stayed).
        var text = ExtractMercury("obamawhitehouse.archives.gov");
        Assert.Contains("@POTUS on Twitter will be archived at @POTUS44", text);
        Assert.Contains("Medium.com/@PresidentObama will be archived at Medium.com/@POTUS44", text);
        // A label and a few short links is still furniture.
        var article = "<p>The harbour board met on Tuesday evening to decide what to do about the old pier, which has been closed since the storm of last winter broke two of its pylons.</p>" +
                      "<p>Residents asked the board to keep the pier open for walkers at least, and the board agreed to look at a lighter repair next month.</p>" +
                      "<ul><li>Tags:</li><li><a href=\"/t/pier\">pier</a></li><li><a href=\"/t/harbour\">harbour board</a></li><li><a href=\"/t/storm\">storms</a></li></ul>";
        var tagged = ExtractHtml($"<html><head><title>Pier</title></head><body><article><h1>Pier</h1>{article}</article></body></html>");
        Assert.DoesNotContain("harbour board\n", tagged + "\n");
        Assert.DoesNotContain("storms", tagged);
    }
}
