namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Real news pages of 2013 (npm's htmlparser-benchmark) with their article body marked by annotators who never
/// saw the extractor (Data/extraction/articles-real, batches 1 and 2, issue 12's twenty-second pass; batch 3's pages are outside the repository) as a regression set: each dev page's
/// text against its truth by token 4-gram F1, the annotator-ambiguous texts of its JSON cut from the output and the truth first.
/// Held-out pages (SHA-256 of the name, first byte below 77) are not scored here: only the bench's full run reports
/// them.</summary>
public sealed class RealArticlePageTests
{
    [Fact]
    public void Dev_pages_match_their_truth()
    {
        var files = FixtureArchive.Read("articles-real/articles-real.tar.gz").ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal);
        var scores = ShingleScore.DevPageScores(files);

        Assert.True(scores.Count >= 100, $"only {scores.Count} dev pages found");
        var report = string.Join("\n", scores.OrderBy(s => s.F1).Select(s => $"{s.Name}: {s.F1:F3}"));
        // Measured on batches 1 and 2's 269 dev pages: macro 0.988 (0.993 once ambiguous texts are cut from the truth too). Named below the page floor of 0.90: an eWEEK slide
        // show (0.37), whose fourteen slides (a heading and a paragraph each, in a list named "slideshow") the truth
        // counts as the article and the extractor drops with the slide show, keeping the introduction; TIME NewsFeed's
        // post (0.89), after which a teaser of the section's latest posts, a quotation with its attribution, stays;
        // Refinery29's artists' feature (0.88), whose product credits under each picture stay and whose artists' names,
        // set as headings over them, go.
        var floors = new Dictionary<string, double>
        {
            ["5bc9df3a36efb57a22edf862cec6a28eb112e535559c194d7976fb664c922c13"] = 0.36, ["goose-time2"] = 0.87, ["mercury-www.refinery29.com"] = 0.87,
        };
        Assert.True(scores.Average(s => s.F1) >= MacroFloor, $"macro {scores.Average(s => s.F1):F3}\n" + report);
        Assert.True(scores.All(s => s.F1 >= floors.GetValueOrDefault(s.Name, PageFloor)), report);
    }

    private const double MacroFloor = 0.98;
    private const double PageFloor = 0.90;
}
