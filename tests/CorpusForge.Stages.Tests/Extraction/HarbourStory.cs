using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The article prose the extraction tests put inside real pages' markup (our words), and the one way they run
/// <see cref="HtmlExtractor"/> on a page.</summary>
internal static class HarbourStory
{
    /// <summary>Four sentences of ordinary news prose, each long enough to count as a paragraph.</summary>
    public static readonly string[] Story =
    [
        "The harbour authority approved the new breakwater on Tuesday, after three years of surveys, hearings and revisions to the plan.",
        "Engineers said the structure, built from rock armour and concrete units, would shelter the inner basin from winter storms.",
        "Fishermen welcomed the decision, although several said the construction period, expected to last two seasons, would be difficult.",
        "The council will publish the final drawings next month, together with a timetable for the closures of the quay road.",
    ];

    /// <summary>The story as <c>&lt;p&gt;</c> elements.</summary>
    public static string Paragraphs => string.Concat(Story.Select(p => $"<p>{p}</p>"));

    /// <summary>Runs the extractor on <paramref name="html"/> served as text/html.</summary>
    public static StageResult Run(string html, HtmlExtractorOptions? options = null)
    {
        var doc = new Document { Id = "d", Text = html };
        doc.Metadata["content_type"] = "text/html";
        return new HtmlExtractor(options ?? new HtmlExtractorOptions()).Process(doc);
    }

    /// <summary>The extracted text; fails the test when the page is dropped.</summary>
    public static string Text(string html, HtmlExtractorOptions? options = null)
    {
        var result = Run(html, options);
        Assert.True(result.Outcome == StageOutcome.Replace, $"dropped: {result.Reason} {result.Detail}");
        return result.Document!.Text;
    }
}
