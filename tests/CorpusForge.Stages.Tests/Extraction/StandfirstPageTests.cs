using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Text that sits outside the article's body container although it is the article's own: the standfirst
/// under the headline and a summary set in a <c>&lt;header&gt;</c> above the body (issue 12, sixth pass, found by
/// listing the reference text each dev page missed). The markup is the real pages' (la-nacion, medicalnewstoday,
/// nytimes-4 of Readability's test pages), the words are ours.</summary>
public sealed class StandfirstPageTests
{
    private const string Body =
        "<p>The harbour authority approved the new breakwater on Tuesday, after three years of surveys, hearings and objections from the sailing club.</p>" +
        "<p>Engineers said the structure would shelter the inner basin from winter storms for decades, and that work could start in the spring.</p>" +
        "<p>Fishermen welcomed the decision, although several said the construction period would make the entrance difficult for a season.</p>" +
        "<p>The council will publish the final drawings next month, together with a timetable for the closures of the harbour road.</p>";

    private static string Extract(string html)
    {
        var result = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html, out var reason, out _);
        Assert.True(result is not null, $"dropped: {reason}");
        return result!.Text;
    }

    /// <summary>la-nacion: <c>article#nota</c> holds a header block (the h1 and <c>p.bajada</c>, the standfirst)
    /// and then <c>section itemprop=articleBody</c>, which wins; the standfirst was lost (recall 0.979).</summary>
    [Fact]
    public void The_standfirst_under_the_headline_opens_the_text()
    {
        var html = "<html><head><title>A breakwater for the harbour</title></head><body><div class='menu'><a href='/'>Home</a></div>" +
                   "<article id='nota' itemscope itemtype='http://schema.org/NewsArticle' class='floatFix'>" +
                   "<div class='encabezado-columnista'><h1 itemprop='headline'>A breakwater for the harbour</h1>" +
                   "<p class='bajada' itemprop='description'>Storms keep closing the harbour, so the town will build what it refused to pay for twenty years ago</p></div>" +
                   $"<section id='cuerpo' class='floatFix' itemprop='articleBody'>{Body}</section></article></body></html>";
        var text = Extract(html);
        Assert.StartsWith("Storms keep closing the harbour, so the town will build", text);
        Assert.Contains("Engineers said the structure", text);
        Assert.DoesNotContain("A breakwater for the harbour", text);
    }

    /// <summary>medicalnewstoday: a bare <c>&lt;header&gt;</c> of two sentences at the top of the article body,
    /// removed as a site header (recall 0.965).</summary>
    [Fact]
    public void A_header_of_prose_that_opens_the_body_is_its_summary()
    {
        var html = "<html><head><title>Breakwater</title></head><body><header><a href='/'>Harbour News</a><nav><a href='/a'>A</a></nav></header>" +
                   "<div class='article_body'><div><header>The harbour will get a breakwater at last. What changes for the boats that moor there?</header>" +
                   $"<div class='photobox_right'><img src='a.jpg' alt='harbour'></div>{Body}</div></div></body></html>";
        var text = Extract(html);
        Assert.StartsWith("The harbour will get a breakwater at last.", text);
        Assert.DoesNotContain("Harbour News", text);
    }

    /// <summary>nytimes-4: an interactive chart inside the article has a <c>&lt;header&gt;</c> with its title and
    /// lead-in over the graphic; it opens no prose, so it is still no part of the text.</summary>
    [Fact]
    public void A_charts_header_is_not_taken_for_a_summary()
    {
        var html = "<html><head><title>Breakwater</title></head><body><article><div class='body'>" + Body +
                   "<section id='harbour-closures' class='interactive-embed'><header class='interactive-header'>" +
                   "<p data-testid='leadin' class='interactive-leadin'>Closures of the harbour entrance are expected to double over the next decade.</p></header>" +
                   "<div class='chart'><img src='chart.png' alt=''></div></section>" + Body.Replace("harbour", "port") + "</div></article></body></html>";
        Assert.DoesNotContain("expected to double", Extract(html));
    }
}
