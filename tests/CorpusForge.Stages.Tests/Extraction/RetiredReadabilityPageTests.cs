using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Failures found on Readability's 40 formerly held-out test pages (retired into dev in issue 12's fifth
/// pass). Each test keeps the real page's markup as it was served (tags, attributes, nesting) with the words replaced
/// by our own, so it checks the structure that failed and does not copy the page's prose.</summary>
public sealed class RetiredReadabilityPageTests
{
    private static string Extract(string html)
    {
        var result = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html, out var reason, out _);
        Assert.True(result is not null, $"dropped: {reason}");
        return result!.Text;
    }

    /// <summary>table-style-attributes (jwz.org, 2003): a hand-written essay whose paragraphs sit straight in
    /// <c>&lt;body&gt;</c>, after a boxed introduction in a layout table. The table's cell used to win, and the
    /// body's own paragraphs were taken as its siblings from "that said..." on, losing the introduction (recall 0.68).</summary>
    [Fact]
    public void Paragraphs_written_straight_into_the_body_are_the_text_with_the_boxed_introduction()
    {
        const string html = """
            <html><head><title>harbour usability</title></head>
            <body class="jwzw">
            <p align="CENTER"><font size="+3"><b>harbour usability<font size="4"><br/>...or, why I keep trying.</font></b></font><br/> © 2002
            <a href="mailto:nobody@example.org">A. Writer</a> </p>
            <p><br/> </p>
            <div align="CENTER"><table width="90%" cellpadding="20" cellspacing="0" border="" bgcolor="#FEFFE6"><tbody><tr>
            <td bgcolor="#FEFFE6">
            <p> In the winter I tried to book a mooring at the harbour office. The experience was, let us say, not smooth. I wrote about it. </p>
            <p> Then a large forum linked to it, calling it a review of the harbour's booking system, which it is only if one squints at it. </p>
            <ul><li> "You are holding it wrong, the form works for everybody else in town." </li><li> "Why not phone them like a normal person would do it?" </li></ul>
            </td>
            <td bgcolor="#FEFFE6">
            <p> While I am glad that so many people care about my mooring, please rest assured that I have heard it all before and did not mind the first time. </p>
            </td></tr></tbody></table></div>
            <p><br/> </p>
            <p align="CENTER"><font size="+3"><b>that said...</b></font></p>
            <p> I understand that boats come in many sizes. Every now and then I try to find out how one books a mooring for a small one in this town. </p>
            <p> The first form asked for the length of the boat in three different units, and then refused all of them with the same error message. </p>
            <p> The second form wanted a fax number. I have not owned a fax machine since the last century, and neither has anybody I know. </p>
            <p> The third attempt was a phone call, which ended with the promise of a letter that never came, two weeks and one storm later. </p>
            <blockquote><b><a href="http://example.org/">Someone</a> wrote:</b><ul><i>Have you tried asking at the fuel dock? They know everybody and the forms are on paper.</i></ul></blockquote>
            <p> So I asked at the fuel dock, and I had a mooring in ten minutes, which tells you everything about the booking system. </p>
            </body></html>
            """;
        var text = Extract(html);
        Assert.Contains("In the winter I tried to book a mooring", text);
        Assert.Contains("I have heard it all before", text);
        Assert.Contains("I understand that boats come in many sizes", text);
        Assert.Contains("I had a mooring in ten minutes", text);
    }

    /// <summary>The German Debian Reference (DocBook, debref-de ch01): <c>&lt;h3&gt;&lt;a id="_the_pager"/&gt;…</c>
    /// is an unclosed anchor to the parser, which reopens it around the section's paragraphs; its id holds the
    /// furniture word "pager", and the section's text was removed with it.</summary>
    [Fact]
    public void A_place_anchor_whose_slug_has_a_furniture_word_keeps_the_text_it_wraps()
    {
        const string html = """
            <html><head><title>Kapitel 1. Grundlagen</title></head><body>
            <div class="chapter"><div class="titlepage"><div><div><h1 class="title"><a id="_basics"/>Kapitel 1. Grundlagen</h1></div></div></div>
            <div class="section"><div class="titlepage"><div><div><h3 class="title"><a id="_the_shell"/>1.4.4. Die Shell</h3></div></div></div>
            <p>Die Shell liest Befehle von der Tastatur und führt sie aus. Sie ist das wichtigste Werkzeug, um mit dem System zu arbeiten, und lohnt ein genaues Studium.</p>
            <p>Jede Shell hat eigene Startdateien. Welche gelesen werden, hängt davon ab, ob sie als Login-Shell oder interaktiv gestartet wurde.</p>
            </div>
            <div class="section"><div class="titlepage"><div><div><h3 class="title"><a id="_the_pager"/>1.4.5. Der Pager</h3></div></div></div>
            <p>Der Befehl <code class="literal">less</code>(1) ist ein Pager, der eine Datei Seite für Seite zeigt. Mit der Taste h erhalten Sie beim Lesen jederzeit eine kurze Hilfe zu allen Tasten.</p>
            <p>Er kann mehr als <code class="literal">more</code>(1) und lässt sich über Vorverarbeiter erweitern, so dass er auch gepackte Dateien und Archive anzeigt.</p>
            </div>
            <div class="section"><div class="titlepage"><div><div><h3 class="title"><a id="_the_editor"/>1.4.6. Der Texteditor</h3></div></div></div>
            <p>Ein Texteditor ist für die Verwaltung des Systems unverzichtbar, denn fast alle Einstellungen stehen in Textdateien unter /etc.</p>
            </div></div></body></html>
            """;
        var text = Extract(html);
        Assert.Contains("Die Shell liest Befehle", text);
        Assert.Contains("ist ein Pager, der eine Datei", text);
        Assert.Contains("lässt sich über Vorverarbeiter erweitern", text);
        Assert.Contains("Ein Texteditor ist", text);
    }

    /// <summary>Medium (lazy-image-1): a paragraph's id and class are generated hashes: the id <c>e1ad</c> split into
    /// words gives "ad", and the atomic CSS list <c>go gp dg ay gq b gr … sr</c> holds "sr" (screen-reader-only) by
    /// chance. Either removed the paragraph from the article; both are needed for it to stay.</summary>
    [Fact]
    public void Furniture_words_inside_generated_hash_ids_and_atomic_css_names_do_not_remove_a_paragraph()
    {
        const string html = """
            <html><head><title>Profiling a service</title></head><body><article><div class="ak al am an ao ap"><section class="fl fm fn fo fp">
            <h2 class="gb gc gd ge gf">More than CPU profiling</h2>
            <p class="go gp dg ay gq b gr gs gt gu gv gw">The profiler attaches to the running service and samples its stacks every few milliseconds, so the cost stays low even under load.</p>
            <p id="e1ad" class="go gp dg ay gq b gr gs gt gu gv gw gx gy gz ha hb cy sr">With the inspector you can do much more than sample stacks: take heap snapshots, watch allocations, and step through code.</p>
            <p class="go gp dg ay gq b gr gs gt gu gv gw">Each of these tools works on a live process, which makes them useful for problems that only show up in production.</p>
            </section></div></article></body></html>
            """;
        Assert.Contains("With the inspector you can do much more", Extract(html));
    }

    /// <summary>The German Debian Reference (DocBook): a paragraph that only points to another section is mostly
    /// link text ("Lesen Sie dazu &lt;a class="xref"&gt;Abschnitt 9.4.6, „…“&lt;/a&gt;."), and pruning by link density
    /// cut such sentences out of the chapter; the same held for news sentences made of one link (nj.com, npr.org on
    /// the Mercury dev pages). A labelled link ("Related: …") and a bare linked title still go. (The heading's
    /// <c>&lt;a id/&gt;</c> is left out here: the parser would reopen it around the paragraphs, which is another
    /// test's subject.)</summary>
    [Fact]
    public void A_sentence_made_mostly_of_a_link_stays_and_a_labelled_link_goes()
    {
        const string html = """
            <html><head><title>Kapitel 9. Systemtipps</title></head><body><div class="chapter">
            <div class="section"><div class="titlepage"><div><div><h2 class="title">9.4. Überwachen</h2></div></div></div>
            <p>Die Aktivität eines Programms lässt sich mit mehreren Werkzeugen verfolgen, vom einfachen Zählen der Systemaufrufe bis zum Mitschnitt jeder Dateioperation.</p>
            <p>Für Netzwerkprogramme kommen eigene Werkzeuge hinzu, die den Verkehr auf einer Schnittstelle aufzeichnen und später auswerten können.</p>
            <p>Lesen Sie dazu <a class="xref" href="ch09.de.html#_tracing" title="9.4.6. Programmaktivitäten verfolgen">Abschnitt 9.4.6, „Programmaktivitäten verfolgen“</a>.</p>
            <p>Related: <a href="/news/other-story">Harbour council approves the new breakwater</a></p>
            <p><a href="/news/more">Harbour council approves the new breakwater plans</a></p>
            </div></div></body></html>
            """;
        var text = Extract(html);
        Assert.Contains("Lesen Sie dazu Abschnitt 9.4.6", text);
        Assert.DoesNotContain("Related:", text);
        Assert.DoesNotContain("Harbour council", text);
    }

    [Theory]
    [InlineData("Lesen Sie dazu Abschnitt 9.4.6, „Programmaktivitäten verfolgen“.", true)]
    [InlineData("Just don’t look at what happened to the last Red Sox team to throw an offseason parade.", true)]
    [InlineData("The Post and Courier newspaper reported on the closing argument:", true)]
    [InlineData("Related: Rich are paying more in taxes but not as much as they used to", false)]
    [InlineData("READ MORE: The failure of public schooling in one chart.", false)]
    [InlineData("Lire aussi : Les critiques de la CNIL contre le projet de loi.", false)]
    [InlineData("[Read: Why the museum suffers from the attack.]", false)]
    [InlineData("Read the full transcript of his interview", false)]
    [InlineData("Comments (74 posted)", false)]
    public void A_linked_sentence_ends_as_a_sentence_and_has_no_label(string line, bool sentence) =>
        Assert.Equal(sentence, MainContentExtractor.IsLinkedSentence(line));

    /// <summary>nytimes-4: an ai2html chart inside the article is an image with its value labels and axis ticks laid
    /// over it as text, each placed by percent coordinates (<c>style="top:4.8869%;…;left:96.5906%;…"</c>). The labels
    /// leaked as lines of bare numbers (precision 0.92); the article around the chart stays.</summary>
    [Fact]
    public void Chart_labels_placed_over_the_picture_by_percent_coordinates_are_not_text()
    {
        const string html = """
            <html><head><title>The harbour's debt</title></head><body><article><section name="articleBody">
            <div class="StoryBodyCompanionColumn"><div><p class="css-1ygdjhk evys1bk0">Within a decade the harbour board will pay more in interest each year than it spends on dredging, according to its own budget office.</p>
            <p class="css-1ygdjhk evys1bk0">Rising rates would have made borrowing dearer in any case, but the new quay added a deeper hole, and the deficit is growing faster than expected.</p>
            <div class="css-13nfagi"><section id="interest-on-harbour-debt" class="interactive-embedded custom-graphic-container">
            <header class="interactive-header"><p data-testid="leadin" class="interactive-leadin custom-leadin">Annual interest payments on the harbour's debt are expected to triple over the next decade.</p></header>
            <div class="interactive-graphic custom-graphic"><div id="g-debt-box" class="ai2html ai2html-box-v5"><div id="g-debt-Artboard_2" class="g-artboard">
            <img id="g-debt-img" class="g-aiImg" src="chart.png"/>
            <div id="g-ai0-1" class="g-Layer_1 g-aiAbs g-aiPointText" style="top:4.8869%;margin-top:-16.2px;left:96.5906%;margin-left:-30px;width:60px;"><p class="g-pstyle0">$915</p><p class="g-pstyle0">million</p></div>
            <div id="g-ai0-2" class="g-Layer_1 g-aiAbs g-aiPointText" style="top:4.4262%;margin-top:-9.2px;left:0.0838%;width:243px;"><p class="g-pstyle1">Interest payments on the harbour debt</p></div>
            <div id="g-ai0-3" class="g-Layer_1 g-aiAbs g-aiPointText" style="top:92.1%;left:3.2%;width:40px;"><p class="g-pstyle2">17</p><p class="g-pstyle2">18</p><p class="g-pstyle2">19</p><p class="g-pstyle2">20</p></div>
            </div></div></div></section></div>
            <p class="css-1ygdjhk evys1bk0">Board members disagree about what to do: some want higher mooring fees, others want to sell the old warehouse on the north pier.</p></div></div>
            </section></article></body></html>
            """;
        var text = Extract(html);
        Assert.Contains("Within a decade the harbour board", text);
        Assert.Contains("Board members disagree", text);
        Assert.DoesNotContain("$915", text);
        Assert.DoesNotContain("Interest payments on the harbour debt", text);
    }
}
