namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The blind article pages (Data/extraction/articles-blind, issue 12's eighteenth and twentieth passes) as a
/// regression set: each dev page's text against its full truth by token 4-gram F1 (the annotator-ambiguous texts of
/// its JSON cut from the output and the truth first), as the bench scores them. Held-out pages (SHA-256 of the name, first byte below 77) are not
/// scored here: only the bench's full run reports them.</summary>
public sealed class ArticlePageTests
{
    [Fact]
    public void Dev_pages_match_their_truth()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "extraction", "articles-blind");
        var scores = ShingleScore.DevPageScores(Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal));

        Assert.True(scores.Count >= 15, $"only {scores.Count} dev pages found in {folder}");
        var report = string.Join("\n", scores.OrderBy(s => s.F1).Select(s => $"{s.Name}: {s.F1:F3}"));
        // Measured on the seven batches' 127 dev pages (cutting ambiguous texts only where they occur whole, so a little
        // below the bench's figure): macro 0.985; every page 0.95 or more but nine. The SPIP page (0.90), whose
        // readers' comments ("forum" in SPIP's words, a word forum software uses for its posts) stay; the forum
        // announcement (0.64), whose truth is the first post alone where the extractor keeps a thread's replies as its
        // text (the snippet sets' forum pages count them so); the live blog (0.93), whose reader-funding appeal stays;
        // the how-to (0.87), whose readers' questions and answers ("Community Q&A", div.qa) stay; the newsletter issue
        // (0.94), whose sponsor's block ("Together with …") stays; and four pages where the test's whole-string cut
        // misses a caption or standfirst printed without its credit, which the bench cuts (the portal's wire brief 0.89,
        // the German Plus preview 0.93, the German brief 0.95 and the 2012 German paper 0.84; the bench scores them
        // 1.000, 1.000, 0.995 and 1.000). Batches 8 to 11 (twenty-first pass) add one: the politics newsletter (0.94),
        // whose reading list of links to other outlets' stories ("— "The quiet fight over …," by …") its truth counts
        // as text, and the extractor drops as a block of links; a TV station's photo gallery (0.91), whose slide titles
        // stay as headings of their captions; and an arXiv abstract page (0.94), whose metadata table (subjects, "Cite
        // as") stays as a table. Batch 19 (the hard kinds asked for by name) adds five: a buying guide (0.68), whose
        // truth counts each card's award line and pros and cons and not its specifications, where the extractor keeps
        // the specifications and drops the award lines over the cards; a wikiHow page (0.82), whose readers' Q&A
        // stays (as the twentieth pass's how-to); a Quarto notebook post (0.84), whose code cells are folded in closed
        // details (a closed fold is hidden text, and code is no prose fold); a photo gallery (0.87), whose credits sit
        // in a span at the end of each caption; and a podcast page (0.90), whose chapter times and show-note links go.
        // Round five (batches 22 and 23) adds four: a fire brigade's report (0.91), whose "Einsatzdaten" box its truth
        // counts as text and the extractor drops; a club's match report (0.92), whose line-up box stays; a brokerage's
        // market update (0.92), whose statistics table goes with the listings widget beside it; and a startup's blog
        // (0.94), whose closing call to action and code-language labels stay.
        var floors = new Dictionary<string, double>
        {
            ["fr-spip-hebdo"] = 0.89, ["en-wire-brief-portal-2019"] = 0.88, ["en-liveblog-2021"] = 0.92, ["en-howto-steps-2020"] = 0.86,
            ["en-beehiiv-newsletter-2023"] = 0.93, ["de-plus-paywall-2023"] = 0.92, ["de-kurznachricht-regional-2022"] = 0.94,
            ["en-forum-announcement-2016"] = 0.62, ["de-regionalzeitung-2012-latin1"] = 0.82, ["en-politics-newsletter-article-2019"] = 0.93,
            ["en-tv-gallery-covered-bridges-2018"] = 0.90, ["en-arxiv-abstract-page-glacier-2021"] = 0.93,
            ["en-product-roundup-running-headphones-2023"] = 0.67, ["en-howto-descale-kettle-wikihow-2021"] = 0.81,
            ["en-quarto-library-loans-analysis-2023"] = 0.83, ["en-gallery-river-flood-photos-2019"] = 0.86,
            ["en-podcast-episode-tool-library-shownotes-2023"] = 0.89,
            ["de-feuerwehr-kellerbrand-einsatzbericht-2020"] = 0.90, ["de-fussball-kreisliga-spielbericht-2023"] = 0.91,
            ["en-brokerage-market-update-lake-norman-2021"] = 0.91, ["en-nextjs-startup-blog-cursor-pagination-2024"] = 0.93,
        };
        Assert.True(scores.Average(s => s.F1) >= 0.98, $"macro {scores.Average(s => s.F1):F3}\n" + report);
        Assert.True(scores.All(s => s.F1 >= floors.GetValueOrDefault(s.Name, 0.95)), report);
    }
}
