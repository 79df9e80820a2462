using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Pages rendered by script: the HTML a crawler saves holds a skeleton (a headline, an empty
/// <c>div#root</c>, a teaser), while the schema.org JSON-LD that news CMSs print for search engines states the whole
/// article. Such a page was dropped as <c>no_main_content</c> or kept as its teaser.</summary>
public sealed class JsonLdArticleTests
{
    private const string Body =
        "Harbour counts fell for the third month running, the clerks reported on Monday, as the spring storms kept the small boats in the inner basin.\n" +
        "The outer basin, which takes the ferries, counted more boats than a year ago, the ledger shows, and the clerks expect the inner basin to recover by June.\n" +
        "\"We count every morning at low water,\" the chief clerk said. \"A storm week shows in the ledger at once.\"";

    private static string Page(string jsonLd, string body = "<div id=\"root\"></div>") => $$"""
        <!DOCTYPE html><html lang="en"><head><title>Harbour counts fall again | Harbour Daily</title>
        <script type="application/ld+json">{{jsonLd}}</script>
        <script src="/static/app.js"></script></head>
        <body><header><a href="/">Harbour Daily</a></header><h1>Harbour counts fall again</h1>{{body}}<footer>© Harbour Daily</footer></body></html>
        """;

    private static StageResult Run(string html, ExtractFormat format = ExtractFormat.Plain)
    {
        var document = new Document { Id = "p", Text = html };
        document.Metadata["content_type"] = "text/html";
        return new HtmlExtractor(new HtmlExtractorOptions { Format = format }).Process(document);
    }

    private static string Escaped(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Fact]
    public void A_script_rendered_page_gets_the_article_its_json_ld_states()
    {
        var graph = $$"""{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Harbour Daily"},{"@type":"NewsArticle","headline":"Harbour counts fall again","datePublished":"2026-03-02","articleBody":{{Escaped(Body)}}}]}""";
        var result = Run(Page(graph));
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        var text = result.Document!.Text;
        Assert.StartsWith("Harbour counts fell for the third month running", text);
        Assert.Contains("\n\"We count every morning at low water,\" the chief clerk said.", text);
        Assert.Equal("json_ld_article_body", result.Document.Metadata["text_from"]);
        Assert.Equal("2026-03-02", result.Document.Metadata["published_date"]);

        // Markup inside the property is rendered as markup; a teaser in the HTML gives way to the longer statement.
        var html = Body.Replace("\n", "</p><p>");
        var marked = Run(Page($$"""[{"@type":"BlogPosting","articleBody":{{Escaped("<p>" + html + "</p>")}}}]""", "<div id=\"root\"><p>Harbour counts fell again.</p></div>"));
        Assert.Contains("the clerks reported on Monday", marked.Document!.Text);
        Assert.DoesNotContain("<p>", marked.Document.Text);
    }

    [Fact]
    public void A_page_with_its_text_in_the_html_keeps_the_html_text_and_a_bad_statement_changes_nothing()
    {
        // The HTML holds the article: the JSON-LD (here a shorter summary) is not used.
        var paragraphs = string.Concat(Body.Split('\n').Select(p => $"<p>{p}</p>")) + "<p>The ledger is kept at the harbour office and read aloud at the council's monthly meeting.</p>";
        var full = Run(Page("""{"@type":"NewsArticle","articleBody":"Counts fell again this spring."}""", $"<article>{paragraphs}</article>"));
        Assert.Contains("read aloud at the council's monthly meeting", full.Document!.Text);
        Assert.False(full.Document.Metadata.ContainsKey("text_from"));

        // A skeleton page whose JSON-LD is broken, or states only a line, is still dropped.
        Assert.Equal("no_main_content", Run(Page("""{"@type":"NewsArticle","articleBody":"Counts fell again." """)).Reason);
        Assert.Equal("no_main_content", Run(Page("""{"@type":"NewsArticle","articleBody":"Counts fell again this spring."}""")).Reason);
    }
    /// <summary>An <c>articleBody</c> written as HTML is rendered like the page's own markup, Markdown's inline code
    /// included (it was rendered as plain text whatever the output format).</summary>
    [Fact]
    public void An_html_article_body_is_rendered_in_the_output_format()
    {
        var html = "<p>" + Body.Replace("\n", "</p><p>") + "</p><p>The clerks log each count with the <code>ledger add</code> command, one line per basin and morning.</p>";
        var graph = $$"""{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour counts fall again","articleBody":{{Escaped(html)}}}""";
        var markdown = Run(Page(graph), ExtractFormat.Markdown).Document!.Text;
        Assert.Contains("with the `ledger add` command", markdown);
        var plain = Run(Page(graph)).Document!.Text;
        Assert.Contains("with the ledger add command", plain);
    }
}
