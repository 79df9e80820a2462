using static CorpusForge.Stages.Tests.Extraction.PageText;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Wiki and small-site pages scanned against SmartReader in issue 12's twelfth pass (ikiwiki's own
/// documentation as Debian package <c>ikiwiki</c> 3.20200202 ships it, 468 pages, and other Debian documentation).
/// The tests keep the builds' markup with our own words.</summary>
public sealed class WikiPageTests
{
    private static string IkiwikiPage(string title, string body) => $$"""
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>{{title}}</title></head><body>
        <div class="page"><div class="pageheader"><div class="header"><span><span class="parentlinks"><a href="../index.html">harbour</a>/ <a href="../plugins.html">plugins</a>/ </span>
        <span class="title">{{title}}</span></span></div><div class="actions"><ul><li><a href="../recentchanges.html">RecentChanges</a></li><li><a href="../index/discussion.html">Discussion</a></li></ul></div></div>
        <div id="pagebody"><div id="content" role="main">{{body}}</div></div>
        <div id="footer" class="pagefooter" role="contentinfo"><div id="pageinfo"><div id="backlinks">Links: <a href="../plugins.html">plugins</a></div><div class="pagedate">Last edited <span class="date">Sun Feb  2 2020</span></div></div></div>
        </div></body></html>
        """;

    /// <summary>A wiki page's title is its name, often one word ("theme"). A section heading that contained the word
    /// ("Hints for theme builders") was taken for the page's headline, which plain text leaves out, so the section
    /// lost its heading. A heading after two paragraphs of prose now heads a section, never the page.</summary>
    [Fact]
    public void A_section_heading_that_contains_a_one_word_title_is_kept()
    {
        var html = IkiwikiPage("moorings", """
            <p>The moorings plugin lets a harbour wiki list the berths of its basins, by reading the ledger named in the setup file and writing one table per basin.</p>
            <p>You can choose the basins in the setup file (after enabling the plugin). Refresh the wiki after changing it to see the new tables.</p>
            <h2>Hints for moorings keepers</h2>
            <ul><li>Start from an existing <a href="../ledger.html">ledger file</a>, see also the <a href="../examples.html">examples</a></li>
            <li>Keep one line per berth, maintaining merged lines is harder</li></ul>
            """);
        var text = ExtractHtml(html);
        Assert.Contains("Hints for moorings keepers\n- Start from an existing ledger file", text);
        Assert.Contains("The moorings plugin lets a harbour wiki", text);
        Assert.DoesNotContain("RecentChanges", text);
        // A section named like the page itself, after two paragraphs of prose, is a section too.
        var named = ExtractHtml(IkiwikiPage("moorings", """
            <p>The moorings plugin lets a harbour wiki list the berths of its basins, by reading the ledger named in the setup file and writing one table per basin.</p>
            <p>You can choose the basins in the setup file (after enabling the plugin). Refresh the wiki after changing it to see the new tables.</p>
            <h2>Moorings</h2>
            <ul><li>Keep one line per berth, maintaining merged lines is harder</li><li>Name each basin once in the setup file</li></ul>
            """));
        Assert.Contains("Moorings\n- Keep one line per berth", named);
    }

    /// <summary>The hard negatives: the page's own headline above the text still goes to the metadata, also when it
    /// repeats the title with the site's name around it, and also below a lead photo's one-line caption.</summary>
    [Fact]
    public void The_headline_above_the_text_still_goes_to_the_metadata()
    {
        const string body = """
            <p>Harbour counts fell for the third month running, the clerks reported on Monday, as the spring storms kept the small boats in the inner basin.</p>
            <p>The outer basin, which takes the ferries, counted more boats than a year ago, the ledger shows.</p>
            """;
        var plain = ExtractHtml($"<html><head><title>Harbour counts fall again | Harbour Daily</title></head><body><article><h1>Harbour counts fall again</h1>{body}</article></body></html>");
        Assert.DoesNotContain("Harbour counts fall again", plain);
        var captioned = ExtractHtml("<html><head><title>Harbour counts fall again | Harbour Daily</title></head><body><article>" +
                                    "<p>Boats wait at the inner basin's gate on Monday, when the clerks took the month's last count of the season. | Photo by the clerks</p>" +
                                    $"<h1>Harbour counts fall again</h1>{body}</article></body></html>");
        Assert.DoesNotContain("Harbour counts fall again", captioned);
        Assert.Contains("Harbour counts fell for the third month", captioned);
        // A title whose separator belongs to the headline (LibreOffice's "Assistant Table - Définition du formatage
        // et des types" over "Assistant Table - Définition des formats et des types"): its halves resemble the
        // headline less than the whole title does.
        var wizard = ExtractHtml("<html><head><title>Harbour wizard - Choosing the basins and the berths</title></head><body><div id=\"DisplayArea\">" +
                                 $"<h1>Harbour wizard - Choose the basins and berths</h1>{body}</div></body></html>");
        Assert.DoesNotContain("Harbour wizard", wizard);
    }

    /// <summary>DocBook XSL renders a FAQ (<c>qandaset</c>) as a table with a <c>tr.question</c> and a
    /// <c>tr.answer</c> per entry (NtEd's German manual, Debian package <c>nted-doc</c>). The longest answer's cell won
    /// and the page kept one answer of nine (coverage of SmartReader's text 0.42). A winner in a row of a table that
    /// holds three or more rows of prose is one entry of the table: the table is the text. The hard negative is a
    /// layout table, whose one row of prose sits beside a menu.</summary>
    [Fact]
    public void A_table_of_questions_and_answers_is_extracted_whole()
    {
        static string Entry(int i, string answer) =>
            $"<tr class=\"question\"><td align=\"left\" valign=\"top\"><a name=\"q{i}\"></a><p><b>A.{i}.</b></p></td><td align=\"left\" valign=\"top\"><p>Question {i}: why does the count of basin {i} differ from the ledger? What is wrong?</p></td></tr>" +
            $"<tr class=\"answer\"><td align=\"left\" valign=\"top\"></td><td align=\"left\" valign=\"top\">{answer}</td></tr>";
        var longAnswer = string.Concat(Enumerable.Range(1, 8).Select(k =>
            $"<p>Answer one, step {k}: count the boats again at the next low water, and write the new count under the old one, so that the clerk can compare both.</p>"));
        var html = "<html><head><title>Appendix A. Questions</title></head><body><div class=\"navheader\"><table width=\"100%\"><tr><td><a href=\"ch02.html\">Prev</a></td></tr></table></div>" +
                   "<div class=\"appendix\"><h1 class=\"title\">Appendix A. Questions</h1><div class=\"qandaset\"><table border=\"0\"><tbody>" +
                   Entry(1, longAnswer) +
                   string.Concat(Enumerable.Range(2, 4).Select(i => Entry(i, $"<p>Answer {i}: the ledger of basin {i} is written in the evening, after the boats have moved, so its count is always a few boats behind the morning count.</p>"))) +
                   "</tbody></table></div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Answer one, step 8: count the boats again", text);
        Assert.Contains("Answer 5: the ledger of basin 5 is written", text);
        Assert.Contains("Question 3: why does the count of basin 3 differ", text);
        Assert.DoesNotContain("Prev", text);

        // A layout table: a menu cell beside the article's cell, a footer row; one row of prose.
        var layout = "<html><head><title>Harbour notes</title></head><body><table><tr><td colspan=\"2\"><a href=\"/\">Harbour</a> <a href=\"/news\">News</a></td></tr>" +
                     "<tr><td><ul><li><a href=\"/a\">Basins</a></li><li><a href=\"/b\">Ledger</a></li><li><a href=\"/c\">Clerks</a></li></ul></td><td>" + longAnswer + "</td></tr>" +
                     "<tr><td colspan=\"2\"><p>Copyright the harbour clerks, who keep the ledger and answer letters about it at the harbour office.</p></td></tr></table></body></html>";
        var article = ExtractHtml(layout);
        Assert.Contains("Answer one, step 1: count the boats again", article);
        Assert.DoesNotContain("Basins", article);
    }

    /// <summary>MediaWiki's skins print their interface inside the content area: the tagline ("Aus Wikipedia, der
    /// freien Enzyklopädie"), jump links, a "[Bearbeiten | Quelltext bearbeiten]" link in every section heading, the
    /// category box, the print footer and hatnotes ("Hauptartikel: …"). They leaked into every Wikipedia page's text ("History[edit]", Readability's
    /// wikipedia pages); they are removed by their exact MediaWiki class and id names. The hard negative: a section
    /// whose own words are "edit" and "box" stays.</summary>
    [Fact]
    public void MediaWiki_interface_inside_the_article_is_removed()
    {
        static string Section(string id, string title, string text) =>
            $"<h2><span class=\"mw-headline\" id=\"{id}\">{title}</span><span class=\"mw-editsection\"><span class=\"mw-editsection-bracket\">[</span><a href=\"/w/index.php?title=Hafen&amp;action=edit&amp;section=1\" title=\"Abschnitt bearbeiten\">Bearbeiten</a><span class=\"mw-editsection-divider\"> | </span><a href=\"/w/index.php?title=Hafen&amp;action=edit&amp;section=1\">Quelltext bearbeiten</a><span class=\"mw-editsection-bracket\">]</span></span></h2><p>{text}</p>";
        var html = "<html lang=\"de\"><head><title>Hafenzählung – Wikipedia</title></head><body><div id=\"content\" class=\"mw-body\"><h1 id=\"firstHeading\">Hafenzählung</h1>" +
                   "<div id=\"bodyContent\" class=\"mw-body-content\"><div id=\"siteSub\">Aus Wikipedia, der freien Enzyklopädie</div><div id=\"contentSub\"></div>" +
                   "<a class=\"mw-jump-link\" href=\"#mw-head\">Zur Navigation springen</a> <a class=\"mw-jump-link\" href=\"#searchInput\">Zur Suche springen</a>" +
                   "<div class=\"mw-parser-output\"><p>Die Hafenzählung ist die tägliche Zählung der Boote in den Becken eines Hafens, die ein Hafenschreiber bei Niedrigwasser vornimmt.</p>" +
                   "<div role=\"note\" class=\"hatnote\">Hauptartikel: <a href=\"/wiki/Hafenbuch\">Hafenbuch</a>, mit der Geschichte der Zählungen</div>" +
                   Section("Geschichte", "Geschichte", "Die ersten Zählungen wurden im Hafenbuch festgehalten, das jeder Schreiber am Abend dem Hafenmeister vorlegte und das dieser gegenzeichnete.") +
                   Section("Edit_box", "Edit box", "Die Edit box ist der Kasten am Kai, in dem der Schreiber seine Korrekturen ablegt, bevor sie ins Hafenbuch übertragen werden, meist am Freitag.") +
                   "<div class=\"navbox\"><a href=\"/wiki/A\">Hafenbecken</a> · <a href=\"/wiki/B\">Hafenbuch</a> · <a href=\"/wiki/C\">Hafenmeister</a></div>" +
                   "<div class=\"printfooter\">Abgerufen von „https://de.wikipedia.org/w/index.php?title=Hafenzählung&amp;oldid=1“</div></div>" +
                   "<div id=\"catlinks\" class=\"catlinks\"><a href=\"/wiki/Kategorie:Hafen\">Kategorien</a>: <a href=\"/wiki/Kategorie:Zählung\">Zählung</a></div></div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Geschichte\nDie ersten Zählungen", text);
        Assert.Contains("Edit box\nDie Edit box ist der Kasten am Kai", text);
        foreach (var chrome in new[] { "Hauptartikel", "Bearbeiten", "Quelltext", "Aus Wikipedia", "springen", "Abgerufen", "Kategorien", "Hafenmeister ·" })
            Assert.DoesNotContain(chrome, text);
    }
    /// <summary>MediaWiki sets each formula's MathML, with its TeX as <c>alttext</c>, in a span with display:none beside
    /// a fallback image; the span was removed as hidden, so sentences read "is denoted by , then the Hermitian property
    /// can be written" (found by searching every output for a function word followed by punctuation). A hidden
    /// element that is only a formula is the text of the picture shown in its place; the TeX loses MediaWiki's
    /// <c>{\displaystyle …}</c> wrapper. Other hidden text stays out.</summary>
    [Fact]
    public void A_formula_hidden_beside_its_picture_is_kept_as_tex()
    {
        static string Formula(string tex) =>
            $"<span class=\"mwe-math-element\"><span class=\"mwe-math-mathml-inline mwe-math-mathml-a11y\" style=\"display: none;\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\" alttext=\"{{\\displaystyle {tex}}}\"><semantics><mrow><mi>B</mi></mrow><annotation encoding=\"application/x-tex\">{{\\displaystyle {tex}}}</annotation></semantics></math></span>" +
            $"<img src=\"/media/math/render/svg/x\" class=\"mwe-math-fallback-image-inline\" aria-hidden=\"true\" alt=\"{{\\displaystyle {tex}}}\"></span>";
        var text = ExtractHtml($$"""
            <html><head><title>Basin matrix - Harbour Wiki</title></head><body><div id="content" class="mw-body" role="main">
            <h1 id="firstHeading" class="firstHeading">Basin matrix</h1>
            <div id="mw-content-text" class="mw-body-content"><div class="mw-parser-output">
            <p>A basin matrix counts the boats of each basin by month. If the basin matrix of a harbour is denoted by {{Formula("B_{ij}")}}, then the count of basin i in month j can be written as a sum over the berths.</p>
            <p>The matrix is kept by the clerk, who adds a row for each new basin and a column for each month of the season.<span style="display:none">Hidden note for the editors.</span></p>
            </div></div></div></body></html>
            """);
        Assert.Contains("is denoted by B_{ij} , then the count of basin i", text);
        Assert.DoesNotContain("displaystyle", text);
        Assert.DoesNotContain("Hidden note", text);
    }
}
