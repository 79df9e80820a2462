using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

public sealed class HtmlExtractorTests
{
    private const string Article = """
        <html lang="en"><head><title>Tide tables explained - Coast Notes</title>
        <link rel="canonical" href="https://coast.example/tides">
        <meta property="article:published_time" content="2024-01-02T10:00:00Z"></head>
        <body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <article><h1>Tide tables explained</h1>
        <p>High and low water times are predicted from the motion of the moon and sun, adjusted for each harbour.</p>
        <h2>Reading a table</h2>
        <ol><li>Find the date.</li><li>Read the times and heights, in metres above chart datum.</li></ol>
        <table><tr><th>Time</th><th>Height</th></tr><tr><td>06:12</td><td>4.1 m</td></tr></table>
        <pre><code>  tide = mean + amplitude * cos(phase)</code></pre>
        <blockquote><p>Never trust a table without checking the local corrections, as every harbourmaster will tell you.</p></blockquote>
        <ul class="related-links"><li><a href="/a">Spring tides</a></li><li><a href="/b">Neap tides</a></li></ul>
        </article>
        <div class="cookie-banner">We use cookies to improve your experience on this site, including analytics.</div>
        <footer>Copyright Coast Notes</footer></body></html>
        """;

    private static Document Html(string text, string? contentType = "text/html")
    {
        var doc = new Document { Id = "d", Text = text, Url = "https://coast.example/tides" };
        if (contentType is not null) doc.Metadata["content_type"] = contentType;
        return doc;
    }

    private static StageResult Run(Document doc, HtmlExtractorOptions? options = null) =>
        new HtmlExtractor(options ?? new HtmlExtractorOptions()).Process(doc);

    [Fact]
    public void Plain_text_keeps_structure_and_drops_furniture()
    {
        var result = Run(Html(Article), new HtmlExtractorOptions { IncludeTitle = true });
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        var doc = result.Document!;
        Assert.Equal("""
            Tide tables explained
            High and low water times are predicted from the motion of the moon and sun, adjusted for each harbour.
            Reading a table
            - Find the date.
            - Read the times and heights, in metres above chart datum.
            Time | Height
            06:12 | 4.1 m
              tide = mean + amplitude * cos(phase)
            Never trust a table without checking the local corrections, as every harbourmaster will tell you.
            """.Replace("\r\n", "\n"), doc.Text);
        Assert.Equal("Tide tables explained - Coast Notes", doc.Metadata["title"]);
        Assert.Equal("en", doc.Metadata["lang"]);
        Assert.Equal("https://coast.example/tides", doc.Metadata["canonical_url"]);
        Assert.Equal("2024-01-02T10:00:00Z", doc.Metadata["published_date"]);
        Assert.Equal("text/plain", doc.Metadata["content_type"]);
        Assert.Equal("text/html", doc.Metadata["source_content_type"]);
        Assert.True(doc.TryGetScore("extract.text_ratio", out var ratio) && ratio is > 0 and < 1);
    }

    [Fact]
    public void Markdown_renders_headings_lists_tables_code_and_quotes()
    {
        var text = Run(Html(Article), new HtmlExtractorOptions { Format = ExtractFormat.Markdown, IncludeTitle = true }).Document!.Text;
        Assert.Equal("""
            # Tide tables explained

            High and low water times are predicted from the motion of the moon and sun, adjusted for each harbour.

            ## Reading a table

            1. Find the date.
            2. Read the times and heights, in metres above chart datum.

            | Time | Height |
            | --- | --- |
            | 06:12 | 4.1 m |

            ```
              tide = mean + amplitude * cos(phase)
            ```

            > Never trust a table without checking the local corrections, as every harbourmaster will tell you.
            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Documents_that_are_not_html_pass_unchanged()
    {
        Assert.Equal(StageOutcome.Keep, Run(Html("Plain words <b>not</b> markup", "text/plain")).Outcome);
        Assert.Equal(StageOutcome.Keep, Run(Html("Just a sentence about tides.", contentType: null)).Outcome);
        // Without metadata, markup is recognised by sniffing (reader.html_v1 and JSONL inputs).
        Assert.Equal(StageOutcome.Replace, Run(Html("<!DOCTYPE html>" + Article, contentType: null)).Outcome);
    }

    [Fact]
    public void Deeply_nested_markup_is_refused_before_parsing()
    {
        var html = new StringBuilder("<html><body>");
        for (var i = 0; i < 100_000; i++) html.Append("<div>");
        html.Append("deep text");
        for (var i = 0; i < 100_000; i++) html.Append("</div>");
        var watch = Stopwatch.StartNew();
        var result = Run(Html(html.ToString()));
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("html_too_deep", result.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Too_many_elements_and_too_large_pages_are_refused()
    {
        var many = "<html><body>" + string.Concat(Enumerable.Repeat("<span>x</span>", 2000)) + "</body></html>";
        Assert.Equal("html_too_many_elements", Run(Html(many), new HtmlExtractorOptions { MaxElements = 1000 }).Reason);
        var large = "<html><body><p>" + new string('a', 1_100_000) + "</p></body></html>";
        Assert.Equal("html_too_large", Run(Html(large), new HtmlExtractorOptions { MaxHtmlMb = 1 }).Reason);
    }

    [Fact]
    public void Malformed_markup_is_recovered()
    {
        const string html = "<html><head><title>Broken page</title><body><div class=content><p>First paragraph of the story, which is long enough to count as text, with commas, and more" +
                            "<p>Second <b>bold <i>nested</b> text</i> continues here with enough words to be content, really.</div></span></table><p>Third & last &amp; final <unknown-tag>paragraph</unknown-tag> of the body text here, truly.";
        var text = Run(Html(html)).Document!.Text;
        Assert.Contains("First paragraph of the story", text);
        Assert.Contains("Second bold nested text continues here", text);
        Assert.Contains("Third & last & final paragraph", text);
    }

    [Fact]
    public void Pages_without_main_text_are_dropped()
    {
        var result = Run(Html("<html><body><nav><a href='/'>Home</a></nav><footer>Contact</footer></body></html>"));
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("no_main_content", result.Reason);
    }

    [Fact]
    public void Scripts_never_run_and_nothing_is_fetched()
    {
        // A script that would rewrite the page, and resources that would be fetched by a browser.
        const string html = """
            <html><head><title>Static</title><link rel="stylesheet" href="http://127.0.0.1:1/x.css"></head><body>
            <article><p>The static text of this page is what must be extracted, unchanged by any script on it.</p>
            <script>document.body.innerHTML = '<p>rewritten by script</p>';</script>
            <img src="http://127.0.0.1:1/x.png"><iframe src="http://127.0.0.1:1/frame"></iframe></article></body></html>
            """;
        var text = Run(Html(html)).Document!.Text;
        Assert.Contains("The static text of this page", text);
        Assert.DoesNotContain("rewritten", text);
    }

    /// <summary>Medium (<c>pre.graf--pre</c>), Prism-highlighted blogs (V8's, in Readability's test pages) and many CMSs
    /// break the lines of a code block with <c>&lt;br&gt;</c>; the block's text was its <c>TextContent</c>, which runs
    /// the lines together ("// Method callmDrawBorder = …", "#include &lt;emscripten.h&gt;EMSCRIPTEN_KEEPALIVEint add").
    /// A table cell's lines were run together the same way; a heading's <c>&lt;br&gt;</c> split it into a heading and a
    /// paragraph.</summary>
    [Fact]
    public void Line_breaks_inside_code_blocks_and_table_cells_are_kept()
    {
        const string page = """
            <html><head><title>Flags in a bit set</title></head><body><article>
            <p>A set of flags fits in one integer, one bit per flag, and three small methods are all it takes to add, test and remove a flag.</p>
            <pre class="graf graf--pre">// Method call<br>mDrawBorder = addFlag(mDrawBorder, BORDER_LEFT);</pre>
            <p>Each method combines the set with the flag, and the result is the new set, which the caller keeps in its own field.</p>
            <pre class="language-c"><code class="language-c"><span class="token comment">// add.c</span><br /><span class="token keyword">int</span> add(int x, int y) {<br />  return x + y;<br />}</code></pre>
            <pre class="prettyprint">&lt;!--#config timefmt="%D" --&gt;<br>
            This file last modified &lt;!--#echo var="LAST_MODIFIED" --&gt;</pre>
            <pre><div class="line">first line</div>
            <div class="line">second line</div></pre>
            <table><tr><th>Flag</th><th>Bits</th></tr><tr><td>BORDER_LEFT<br>BORDER_TOP</td><td>0001<br>0010</td></tr></table>
            <p><sup><a href="#n25">25</a></sup>Zero flags set means an empty set, and the 10<sup>th</sup> bit is the flag for the top border; an area grows as r<sup>2</sup>, roughly.</p>
            <h2>Removing<br>a flag</h2>
            <p>Removing a flag clears its bit and leaves every other bit as it was, whatever the order of the calls.</p>
            </article></body></html>
            """;
        var text = Run(Html(page)).Document!.Text;
        Assert.Contains("// Method call\nmDrawBorder = addFlag(mDrawBorder, BORDER_LEFT);", text);
        Assert.Contains("// add.c\nint add(int x, int y) {\n  return x + y;\n}", text);
        Assert.Contains("first line\n", text);
        Assert.DoesNotContain("first line\n\n", text);
        // "<br>" and a newline after it are one break (Apache's manual writes both).
        Assert.Contains("<!--#config timefmt=\"%D\" -->\nThis file last modified", text);
        Assert.Contains("BORDER_LEFT BORDER_TOP | 0001 0010", text);
        // A note's number as a superscript is a word of its own; other superscripts stay attached.
        Assert.Contains("25 Zero flags set means an empty set, and the 10th bit", text);
        Assert.Contains("grows as r2, roughly.", text);
        // A heading's <br> only sets its lines: it stays one heading (Mozilla's "Designed to<br>be redesigned").
        Assert.Contains("\nRemoving a flag\nRemoving a flag clears its bit", text);
    }

    /// <summary>The New York Times sets a caption's credit label in a visually hidden span glued to the name
    /// (<c>&lt;span class="css-1dv1kvn"&gt;Credit&lt;/span&gt;Chang W. Lee/The New York Times</c>), so the caption read
    /// "…seeped underground.CreditChang W. Lee/The New York Times" and no credit rule matched (Readability's nytimes-3
    /// and -4). The caption stays, the credit goes; "Credit" in running text and a capital after a space are not
    /// credits. A credit written as the picture's path of owners ("Thomas Jackson/Digital Vision/Getty Images", alone;
    /// "(Dustin Franz/AFP/Getty Images)" after a caption: eHow, The Washington Post) goes too; an agency named in a
    /// sentence stays.</summary>
    [Fact]
    public void Photo_credits_glued_to_their_label_or_written_as_owner_paths_are_not_text()
    {
        const string page = """
            <html><head><title>Water mains</title></head><body><article>
            <figure><img src="a.jpg" alt=""><figcaption><span>A worker repairing cables this month in Flushing, Queens.</span><span class="css-143inu5"><span class="css-1dv1kvn">Credit</span>Chang W. Lee/The New York Times</span></figcaption></figure>
            <p>There are typically between 400 and 600 water main breaks each year in the city, an official said on Tuesday.</p>
            <p>Photo CreditKevin Frayer/Getty Images</p>
            <p>Credit Suisse and other lenders said the repairs would be paid for by a bond the city sold last spring.</p>
            <figure><img src="b.jpg"><p>Thomas Jackson/Digital Vision/Getty Images</p></figure>
            <figure><img src="c.jpg"><figcaption>The mayor near the flooded station on Sunday. (Dustin Franz/AFP/Getty Images)</figcaption></figure>
            <p>The agency's photographers, who sell their pictures to Getty Images and Reuters, filmed the repairs.</p>
            <dl><dt>Swap colours PP/AP</dt><dd>Exchanges the foreground and background colours of the clerks' ledger view, as the key X does.</dd></dl>
            <p>SMB/AFP</p>
            <p>The engineers said the breaks were mostly in pipes laid before 1930, which the city plans to replace.</p>
            </article></body></html>
            """;
        // Credits are cut from captions that are kept (include_captions); by default the captions go whole.
        Assert.DoesNotContain("A worker repairing cables", Run(Html(page)).Document!.Text);
        var text = Run(Html(page), new HtmlExtractorOptions { IncludeCaptions = true }).Document!.Text;
        Assert.Contains("A worker repairing cables this month in Flushing, Queens.\n", text);
        Assert.DoesNotContain("Chang W. Lee", text);
        Assert.DoesNotContain("Kevin Frayer", text);
        Assert.Contains("Credit Suisse and other lenders said", text);
        // A credit written as the picture's path of owners, alone or in brackets after a caption.
        Assert.DoesNotContain("Digital Vision", text);
        Assert.Contains("The mayor near the flooded station on Sunday.\n", text);
        Assert.DoesNotContain("Dustin Franz", text);
        Assert.Contains("who sell their pictures to Getty Images and Reuters, filmed the repairs.", text);
        Assert.Contains("Swap colours PP/AP", text);
        Assert.Contains("SMB/AFP", text);
    }

    /// <summary>Text for screen readers only (WordPress's <c>screen-reader-text</c>, Bootstrap's and Tailwind's
    /// <c>sr-only</c>, Drupal's <c>visually-hidden</c>) is never seen by a reader of the page, and inside a sentence it
    /// glued itself to the words around it ("the ledger shows.Continue reading"). It is removed wherever it sits; text
    /// merely named "hidden" by a theme is not touched by this rule.</summary>
    [Fact]
    public void Screen_reader_only_text_is_removed()
    {
        const string page = """
            <html><head><title>Harbour</title></head><body><article>
            <p>Harbour counts fell for the third month running, the clerks reported on Monday, as the spring storms kept the small boats in.</p>
            <p>The outer basin counted more boats than a year ago, the ledger shows.<a href="/more"><span class="screen-reader-text">Continue reading Harbour counts</span></a></p>
            <p><span class="sr-only">Posted on</span> March 3, 2026, in the clerks' weekly column about the boats of the harbour and its basins.</p>
            <p>The inner basin is expected to recover by June, <span class="visually-hidden">(opens in a new window)</span>the chief clerk said.</p>
            </article></body></html>
            """;
        var text = Run(Html(page)).Document!.Text;
        Assert.Contains("the ledger shows.\n", text);
        Assert.DoesNotContain("Continue reading", text);
        Assert.DoesNotContain("Posted on", text);
        Assert.DoesNotContain("opens in a new window", text);
        Assert.Contains("March 3, 2026, in the clerks' weekly column", text);
        Assert.Contains("recover by June, the chief clerk said.", text);
    }

    /// <summary>A video page's player and counters leave status lines in the text ("Loading...", "3,582 views",
    /// "Wird geladen …", "12.345 Aufrufe": YouTube's watch page in Mercury's set), a gallery's button its label ("View
    /// Images": National Geographic's). Sentences that mention loading or
    /// views are text.</summary>
    [Fact]
    public void Player_status_lines_and_view_counts_are_not_text()
    {
        const string page = """
            <html><head><title>Harbour video</title></head><body><article>
            <p>Loading...</p><p>3,582 views</p><p>Wird geladen …</p><p>12.345 Aufrufe</p><p>View Images</p><p>Alle Bilder ansehen</p>
            <p>The harbour's clerks filmed a whole morning count, from low water to the last boat in the inner basin.</p>
            <p>Loading the ferries took longer than the count itself, the clerks said, and the film shows why.</p>
            <p>The video had 3,582 views in its first week, more than any other film the harbour has posted.</p>
            </article></body></html>
            """;
        var text = Run(Html(page)).Document!.Text;
        Assert.StartsWith("The harbour's clerks filmed", text);
        Assert.Contains("Loading the ferries took longer", text);
        Assert.Contains("The video had 3,582 views in its first week", text);
        Assert.DoesNotContain("Aufrufe", text);
        Assert.DoesNotContain("geladen", text);
        Assert.DoesNotContain("View Images", text);
        Assert.DoesNotContain("Bilder", text);
    }

    /// <summary>Markdown output marks inline code as Markdown does (<c>`fetch()`</c>, a span holding a backtick
    /// fenced by two); code blocks stay fenced blocks; plain text leaves inline code unmarked.</summary>
    [Fact]
    public void Markdown_marks_inline_code_and_plain_text_does_not()
    {
        const string page = """
            <html><head><title>Fetch</title></head><body><article>
            <p>The most useful part of the API is the <code>fetch()</code> function, which takes a URL and returns a promise for the response.</p>
            <p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop the server, or quote a name with <code>`name`</code> in the shell when it holds spaces.</p>
            <pre><code>fetch("/harbour/counts").then(r =&gt; r.json());</code></pre>
            </article></body></html>
            """;
        var markdown = Run(Html(page), new HtmlExtractorOptions { Format = ExtractFormat.Markdown }).Document!.Text;
        Assert.Contains("is the `fetch()` function, which", markdown);
        Assert.Contains("Press `Ctrl`+`C` to stop", markdown);
        Assert.Contains("with `` `name` `` in the shell", markdown);
        Assert.Contains("```\nfetch(\"/harbour/counts\").then(r => r.json());\n```", markdown);
        var plain = Run(Html(page)).Document!.Text;
        Assert.Contains("is the fetch() function, which", plain);
        Assert.Contains("Press Ctrl+C to stop", plain);
    }

    /// <summary>Interface lines of European news templates set as paragraphs inside the article: share, comment,
    /// listen and back buttons, consent placeholders of blocked embeds ("Empfohlener redaktioneller Inhalt", "Externer
    /// Inhalt"), skip links, rights lines, agency attributions. Hard negatives: a one-word heading ("Hören"), a lead-in
    /// ending in a colon ("Weitere Informationen:"), and sentences that use the same words.</summary>
    [Fact]
    public void Interface_lines_of_european_templates_are_not_text()
    {
        const string prose = "<p>Der Hafen von Kiel meldete am Montag einen neuen Rekord bei den Passagierzahlen, wie die Hafenverwaltung mitteilte.</p>";
        var page = "<html lang=\"de\"><head><title>Hafen meldet Rekord</title></head><body><article>" + prose +
                   "<p>Artikel teilen</p><p>Jetzt kommentieren</p><p>Artikel vorlesen lassen</p><p>Zum Inhalt springen</p>" + prose.Replace("Montag", "Dienstag") +
                   "<p>Empfohlener redaktioneller Inhalt</p><p>Externer Inhalt</p><p>Zurück zur Übersicht</p><p>Partager sur Facebook</p>" + prose.Replace("Montag", "Mittwoch") +
                   "<h2>Hören</h2><p>Die Hafenverwaltung bietet eine Führung für Menschen mit Sehbehinderung an, bei der die Schiffe beschrieben werden.</p>" +
                   "<p>Weitere Informationen:</p><ul><li>Die Führung dauert zwei Stunden und beginnt am Schwedenkai.</li></ul>" +
                   "<p>Wer den Artikel teilen will, findet die Knöpfe unter dem Text; mehr erfahren Leser in der Hafenzeitung.</p>" +
                   "<p>Alle Rechte vorbehalten.</p><p>mit Material von dpa</p><p>Quelle: AFP, dpa</p><p>(dpa)</p><p>Lesen Sie hier mehr</p>" +
                   "<p>Dieser Artikel erschien zuerst bei der Hafenzeitung.</p><p>Die Quelle: dpa meldete den Rekord zuerst, die Hafenzeitung zog am Abend nach.</p></article></body></html>";
        var text = Run(Html(page)).Document!.Text;
        foreach (var line in new[] { "Quelle: AFP", "(dpa)", "Lesen Sie hier mehr", "erschien zuerst", "Artikel teilen\n", "Jetzt kommentieren", "vorlesen", "Zum Inhalt springen", "Empfohlener", "Externer Inhalt", "Zurück zur Übersicht", "Partager", "Alle Rechte", "Material von dpa" })
            Assert.DoesNotContain(line, text);
        Assert.Contains("Hören\nDie Hafenverwaltung bietet eine Führung", text);
        Assert.Contains("Weitere Informationen:\n- Die Führung dauert zwei Stunden", text);
        Assert.Contains("Wer den Artikel teilen will, findet die Knöpfe", text);
        Assert.Contains("Die Quelle: dpa meldete den Rekord zuerst", text);
    }
}

