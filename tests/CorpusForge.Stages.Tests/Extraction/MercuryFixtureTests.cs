using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;
using Xunit.Abstractions;

using static CorpusForge.Stages.Tests.Extraction.PageText;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>87 real news pages nobody on the team wrote, with the article that Mercury's hand-written extractor for
/// each site returns (npm @postlight/mercury-parser 1.1.1 fixtures; Data/extraction/mercury/README.md). The rules
/// added for them are checked on the pages that showed each failure, and the whole set keeps a quality floor.</summary>
public sealed class MercuryFixtureTests(ITestOutputHelper output)
{
    [Fact]
    public void Adobe_experience_manager_text_components_are_not_consent_banners()
    {
        // Every paragraph sits in <div class="cmp cmp-text aem-GridColumn …">; "cmp" is also the name of consent
        // management platforms, and the page was dropped as having no main content.
        var text = ExtractMercury("www.fortinet.com");
        Assert.Contains("Here at FortiGuard Labs", text);
        Assert.True(text.Length > 8000, $"only {text.Length} characters kept");
    }

    [Fact]
    public void A_post_slider_named_with_a_content_word_is_the_article_not_a_gallery()
    {
        // <div class="theiaPostSlider_slides"> holds the whole story; "slider" alone said image carousel.
        var text = ExtractMercury("sciencefly.com");
        Assert.Contains("Researchers trying to cut down on the number of false killer whales", text);
    }

    [Fact]
    public void Slide_captions_that_hold_prose_and_the_gallery_introduction_are_kept()
    {
        // A slide-by-slide article: each paragraph is in a <figcaption> of a slide, the introduction in div.gallery-body.
        var text = ExtractMercury("www.popsugar.com");
        Assert.Contains("No generation is perfect, and when it comes to millennials", text);
        Assert.Contains("Oftentimes millennials settle for what's fastest", text);
        Assert.Contains("Sasha recommends you go big or go home", text);
    }

    [Fact]
    public void Photo_captions_are_text_only_when_asked_for_and_their_credits_never()
    {
        // The Guardian's <figcaption>: a sentence about the photo, then "Photograph: …". Readability's and Mercury's
        // articles keep captions; article-body references (Zyte's articleBody) and trafilatura do not, and neither
        // does the default since issue 12's twenty-first pass. With include_captions a caption is text and its credit,
        // a name, is not (sixth pass).
        var captions = new HtmlExtractorOptions { IncludeCaptions = true };
        var guardian = ExtractMercury("www.theguardian.com", captions);
        Assert.Contains("Police stand guard during a prayer ceremony on Backwater Bridge on Sunday.", guardian);
        Assert.DoesNotContain("Photograph: Stephanie Keith", guardian);
        Assert.DoesNotContain("Police stand guard during a prayer ceremony", ExtractMercury("www.theguardian.com"));
        // Us Weekly's lead photo: <figcaption class="article-body-content-main-photo-caption"> ending "Credit: …".
        var usmagazine = ExtractMercury("www.usmagazine.com", captions);
        Assert.Contains("Taylor Kinney and Lady Gaga arrive at the 37th Annual Kennedy Center Honors", usmagazine);
        Assert.DoesNotContain("Paul Morigi/WireImage", usmagazine);
        var plain = ExtractMercury("www.usmagazine.com");
        Assert.DoesNotContain("Taylor Kinney and Lady Gaga arrive at the 37th Annual Kennedy Center Honors", plain);
        Assert.Contains("Since the split, Gaga has continually insisted that the exes are amicable.", plain);
    }

    [Fact]
    public void Newsletter_promotions_inside_the_article_are_not_text()
    {
        // Set between the article's paragraphs, with no class that names them: an offer to the reader.
        var usmagazine = ExtractMercury("www.usmagazine.com");
        Assert.DoesNotContain("Sign up now for the Us Weekly newsletter", usmagazine);
        Assert.Contains("Since the split, Gaga has continually insisted that the exes are amicable.", usmagazine);
        var huffpost = ExtractMercury("www.huffingtonpost.com");
        Assert.DoesNotContain("Sign up for his newsletter", huffpost);
        Assert.DoesNotContain("emailed to me each day", huffpost);
        Assert.Contains("Trump still believes climate change is", huffpost);
        // A sentence about a newsletter or an inbox is text.
        Assert.DoesNotMatch(BoilerplateRules.NewsletterPromo(), "The newsletter, which she started in 2015, now reaches 40,000 readers a week.");
        Assert.DoesNotMatch(BoilerplateRules.NewsletterPromo(), "For every email I deleted, two more landed in my inbox.");
    }

    [Fact]
    public void A_popular_video_box_between_the_paragraphs_goes_with_its_teaser()
    {
        // <h3 class="video-headline">Popular Video</h3> and a one-line teaser for another story, twice (mobile and
        // desktop players), between the article's paragraphs.
        var text = ExtractMercury("www.americanow.com");
        Assert.DoesNotContain("Popular Video", text);
        Assert.DoesNotContain("This judge looked an inmate square in the eyes", text);
        Assert.Contains("to the position of counselor to the president", text);
    }

    [Fact]
    public void List_article_items_told_in_their_headings_are_kept()
    {
        // BuzzFeed's items: <div class="buzz_superlist_item … buzz_superlist_item_video|_image|_text">, several of
        // them only a long <h2> over an image or an embed.
        var text = ExtractMercury("www.buzzfeed.com");
        Assert.Contains("A few months ago, Vladimir Serbanescu, a 17-year-old artist from Romania", text);
        Assert.Contains("The drawing recently resurfaced", text);
        Assert.Contains("Lovato has previously spoken out about her body image", text);
    }

    [Fact]
    public void An_author_box_under_the_article_is_removed_and_the_article_kept()
    {
        var text = ExtractMercury("thefederalistpapers.org");
        Assert.DoesNotContain("Robert Gehl is a college professor", text);
        Assert.Contains("Where did all of that money go?", text);
    }

    [Fact]
    public void The_section_label_over_the_headline_goes_with_the_headline()
    {
        // HuffPost prints the section ("POLITICS") over the headline; with the headline as metadata the label was
        // left as the text's first line.
        var text = ExtractMercury("www.huffingtonpost.com");
        Assert.DoesNotContain("POLITICS", text.Split('\n')[0]);
        Assert.StartsWith("The $1 million question", text);
    }

    [Theory]
    [InlineData("POLITICS", true)]
    [InlineData("Arriving now", true)]
    [InlineData("Updated: the council voted.", false)]
    [InlineData("The harbour authority approved the new breakwater on Tuesday", false)]
    public void A_kicker_is_a_short_unpunctuated_label(string line, bool kicker) => Assert.Equal(kicker, HtmlExtractor.IsKicker(line));

    [Fact]
    public void The_real_news_pages_keep_their_article_text()
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var names = MercuryFixtures.Keys.Where(k => k.EndsWith(".json", StringComparison.Ordinal)).Select(k => k[..^5]).Order(StringComparer.Ordinal).ToList();
        var scores = new List<double>();
        var dropped = 0;
        foreach (var name in names)
        {
            using var json = JsonDocument.Parse(MercuryFixtures[name + ".json"]);
            var truth = VisibleText(Encoding.UTF8.GetString(MercuryFixtures[name + ".mercury.html"]));
            var html = CharsetDecoder.Decode(MercuryFixtures[name + ".html"], null).Text!;
            var text = extractor.Extract(html, out var reason, out _)?.Text ?? "";
            if (text.Length == 0) dropped++;
            var f1 = ShingleScore.FourGramF1(text, truth);
            scores.Add(f1);
            output.WriteLine($"{name,-30} F1 {f1:F3}{(reason is null ? "" : $" ({reason})")}");
        }

        output.WriteLine($"macro 4-gram F1 {scores.Average():F3} over {names.Count} pages, {dropped} dropped");
        Assert.Equal(87, names.Count);
        // Measured at 0.946 over all 87 pages (dev and held-out) when the floor was set; 0.912 before the rules above;
        // 0.949 with captions kept (issue 12, sixth pass), so the floor rose from 0.94.
        Assert.True(scores.Average() >= 0.945, $"macro 4-gram F1 {scores.Average():F3} < 0.945");
        Assert.True(dropped == 0, $"{dropped} pages dropped");
    }

    [Fact]
    public void A_consent_banner_is_still_removed_and_a_short_photo_credit_caption_too()
    {
        const string story = "<p>The harbour authority approved the new breakwater on Tuesday, after three years of surveys and hearings.</p>" +
                             "<p>Engineers said the structure would shelter the inner basin from winter storms for decades to come.</p>" +
                             "<p>Fishermen welcomed the decision, although several said the construction period would be difficult.</p>";
        var html = "<html><head><title>Breakwater</title></head><body>" +
                   "<div id='cmp' class='cmp-wrapper'><p>We and our partners use cookies to personalise content and ads and to analyse our traffic, with your consent.</p></div>" +
                   $"<div class='cmp cmp-text'>{story}<figure><img src='a.jpg' alt=''><figcaption>Photo: Harbour Authority</figcaption></figure></div></body></html>";
        var doc = new CorpusForge.Core.Documents.Document { Id = "d", Text = html };
        doc.Metadata["content_type"] = "text/html";
        var result = new HtmlExtractor(new HtmlExtractorOptions()).Process(doc);
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        Assert.Contains("Engineers said the structure", result.Document!.Text);
        Assert.DoesNotContain("cookies", result.Document.Text);
        Assert.DoesNotContain("Photo: Harbour Authority", result.Document.Text);
    }

    [Fact]
    public void A_list_with_a_prose_item_keeps_the_prose_and_its_link_sub_list()
    {
        // The shape of a "These Weeks in Firefox" section (Readability's firefox-nightly-blog page): one item of
        // prose, one label over a sub-list of bug links. Judged whole, the list was more than half links and went,
        // and its heading with it; then the sub-list alone went (sixth pass). Readability's output and the truth the annotator
        // sessions marked (articles-real, twenty-second pass) both keep the bug links: a sub-list under an item of a list that
        // says things is that list's text.
        const string story = "<p>The harbour authority approved the new breakwater on Tuesday, after three years of surveys and hearings.</p>" +
                             "<p>Engineers said the structure would shelter the inner basin from winter storms for decades to come.</p>";
        var html = "<html><head><title>Weekly notes</title></head><body><article class='post'>" + story +
                   "<h4>Picture-in-Picture</h4><ul><li>We’ve got the green light for another round of students hacking on Picture-in-Picture next semester!</li>" +
                   "<li>In progress:<ul><li><a href='/b/1677080'>Bug 1677080 – Fullscreen PiP window is affected by switching video source</a></li>" +
                   "<li><a href='/b/1677107'>Bug 1677107 – Add Telemetry for tracking multiple PiP support usage</a></li>" +
                   "<li><a href='/b/1677108'>Bug 1677108 – Keyboard controls for the PiP window on every platform</a></li></ul></li></ul></article></body></html>";
        var text = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html, out var reason, out _)?.Text;
        Assert.True(text is not null, $"dropped ({reason})");
        Assert.Contains("We’ve got the green light for another round", text);
        Assert.Contains("Picture-in-Picture", text);
        Assert.Contains("Bug 1677107 – Add Telemetry for tracking multiple PiP support usage", text);
    }

    private static string VisibleText(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        var sb = new StringBuilder();
        void Walk(INode node)
        {
            if (node is IElement e && e.LocalName is "script" or "style" or "noscript") return;
            if (node.NodeType == NodeType.Text) sb.Append(node.TextContent);
            foreach (var child in node.ChildNodes) Walk(child);
            if (node is IElement) sb.Append(' ');
        }

        if (document.Body is not null) Walk(document.Body);
        return sb.ToString();
    }
}
