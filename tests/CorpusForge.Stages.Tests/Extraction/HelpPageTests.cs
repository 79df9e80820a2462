using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.PageText;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Help pages built as one flat area of headings, step lists and short paragraphs (LibreOffice's German
/// help, Debian package <c>libreoffice-help-de</c> 7.4: 2,561 real pages scanned against SmartReader, issue 12's tenth
/// pass). The tests keep that build's markup (tags, attributes, nesting) with our own words.</summary>
public sealed class HelpPageTests
{
    private static string HelpPage(string steps) => $$"""
        <!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Zählstellen einrichten</title></head><body>
        <header id="TopLeftHeader"><a class="logo" href="de/text/shared/05/new_help.html"><p dir="auto">Hilfe für Hafenzähler 7.4</p></a></header>
        <aside class="rightside"><label for="accordion-1" dir="auto">Inhalte</label><div id="Contents" class="contents-treeview"></div></aside>
        <div id="DisplayArea" itemprop="softwareHelp" itemscope="true" itemtype="http://schema.org/SoftwareApplication">
          <a name="bm_id3155183"></a><meta itemprop="keywords" content="Zählstellen, Einrichten">
          <h1 id="hd_id3155183" dir="auto"><a name="count_points"></a>Zählstellen einrichten</h1>
          {{steps}}
          <div class="tip">
            <div class="noteicon" dir="auto"><img src="media/helpimg/tip.svg" alt="tip"></div>
            <div class="notetext"><p id="par_id121633463140208" dir="auto">Lesen Sie die Hilfeseite <a target="_top" href="de/text/guide/ledger.html">Zählbuch führen</a>, um mehr über die Auswertung der gezählten Boote am Monatsende zu erfahren.</p></div>
          </div><br>
          <a name="relatedtopics"></a><div class="relatedtopics">
            <p class="related" itemprop="mentions" dir="auto"><a name="related"></a><span class="emph">Verwandte Themen</span></p>
            <div class="relatedbody" itemprop="mentions">
              <div class="embedded"><p class="embedded" dir="auto"><a target="_top" href="de/text/guide/ledger.html">Zählbuch führen</a></p></div>
              <div class="embedded"><p class="embedded" dir="auto"><a target="_top" href="de/text/guide/basins.html">Becken benennen</a></p></div>
            </div>
          </div>
        </div>
        <footer><div id="DEBUG" class="debug"><h3 class="bug">Help content debug info:</h3><p dir="auto">This page is: /text/guide/count_points.xhp</p></div></footer>
        </body></html>
        """;

    /// <summary>A DocBook paragraph as Publican and DocBook XSL write it (text straight into <c>div.para</c>).</summary>
    private static string Para(string text) => $"<div class=\"para\">\n{text}\n</div>";

    private static string Step(string text) =>
        $"""<li itemprop="itemListElement" itemscope="true" itemtype="http://schema.org/HowToStep" dir="auto"><p class="listitem" dir="auto">{text}</p></li>""";

    private static string Steps(string heading, params string[] steps) =>
        $"""<h2 dir="auto">{heading}</h2><ol itemprop="HowTo" itemscope="true" itemtype="http://schema.org/HowToSection" dir="auto">{string.Concat(steps.Select(Step))}</ol>""";

    private const string Embedded = """
        <h2 dir="auto">Zählstellen für mehrere Becken</h2>
        <div class="embedded"><a name="several_basins"></a>
          <p class="paragraph" dir="auto">Die mitgelieferte Vorlage enthält eine Zählstelle für das äußere Becken und eine für das innere Becken, die jeweils eigene Zeiten für die Morgenzählung haben.</p>
          <p class="paragraph" dir="auto">Diese Zählstellen können kopiert werden, um weitere Becken aufzunehmen, indem Sie die Vorlage öffnen und die Zeilen wie unten beschrieben ergänzen:</p>
          <ol itemprop="HowTo" dir="auto"><li dir="auto"><p class="listitem" dir="auto">Öffnen Sie die Vorlage für die Zählstellen.</p></li><li dir="auto"><p class="listitem" dir="auto">Kopieren Sie die Zeile des äußeren Beckens und benennen Sie sie um.</p></li></ol>
        </div>
        """;

    /// <summary>The page's text is its step lists, their headings and a few paragraphs, all directly in
    /// <c>div#DisplayArea</c>. The tip's one-paragraph wrapper <c>div.notetext</c> carries the content word "text" and
    /// outscored every other block, so the page was the tip alone (coverage of SmartReader's text 0.80 over 283
    /// sampled pages, 0.82 on 271 others). Readability collapses a div around one paragraph into the paragraph; now
    /// such a wrapper's content word gives no prior, step lists told as sentences join the text beside them, and
    /// headings between the joined blocks and just before them join too.</summary>
    [Fact]
    public void A_help_page_of_step_lists_is_extracted_whole_not_its_tip_alone()
    {
        var html = HelpPage(
            Steps("So richten Sie eine Zählstelle ein:", "Klicken Sie im Becken an die Stelle, an der gezählt werden soll.", "Drücken Sie die Eingabetaste.") +
            Steps("So löschen Sie eine Zählstelle:", "Klicken Sie auf die Zählstelle.", "Drücken Sie Rückschritt.") +
            Embedded);
        var text = ExtractHtml(html);
        Assert.Contains("So richten Sie eine Zählstelle ein:\nKlicken Sie im Becken an die Stelle", text);
        Assert.Contains("So löschen Sie eine Zählstelle:\nKlicken Sie auf die Zählstelle.\nDrücken Sie Rückschritt.", text);
        Assert.Contains("Zählstellen für mehrere Becken\nDie mitgelieferte Vorlage", text);
        Assert.Contains("Kopieren Sie die Zeile des äußeren Beckens", text);
        Assert.DoesNotContain("Verwandte Themen", text);
        Assert.DoesNotContain("Becken benennen", text);
        Assert.DoesNotContain("debug info", text);
    }

    /// <summary>Hard negatives: a list of links or of labels beside the text is not a list of sentences and stays out;
    /// a standfirst in its own one-paragraph wrapper (<c>div.lead &gt; p</c>, Radio-Canada's build) keeps its prior and
    /// joins; a one-paragraph post in <c>div.entry-content</c> is still found.</summary>
    [Fact]
    public void Link_and_label_lists_stay_out_and_one_paragraph_wrappers_of_a_standfirst_or_post_still_count()
    {
        var prose = "<p>Die Hafenverwaltung zählte einen Monat lang jeden Morgen die Boote im äußeren Becken und trug die Zahlen in ein Buch an der Tankstelle ein.</p>" +
                    "<p>An den meisten Morgen lag die Zahl nahe am Mittel, an einigen aber war das Becken fast leer, und diese Morgen wollte die Verwaltung erklären.</p>";
        var html = "<html><head><title>Boote zählen</title></head><body><div id=\"page\">" +
                   "<ul><li><a href=\"/a\">Häfen an der Nordsee und ihre Becken</a></li><li><a href=\"/b\">Häfen an der Ostsee und ihre Becken.</a></li><li><a href=\"/c\">Alle Zählungen seit dem Jahr 2019.</a></li></ul>" +
                   "<div class=\"story\">" + prose + prose.Replace("äußeren", "inneren") + "</div>" +
                   "<ul><li>Becken</li><li>Boote</li><li>Zählung</li></ul></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Die Hafenverwaltung zählte", text);
        Assert.DoesNotContain("Häfen an der", text);
        Assert.DoesNotContain("Zählung\n", text + "\n");

        var lead = "<html><head><title>Zählung</title></head><body><article><header><h1>Die Zählung im Hafen</h1></header>" +
                   "<div class=\"bunker-component social-bar\"><a href=\"/share\">Teilen</a></div>" +
                   "<div class=\"bunker-component lead\"><p>Ein Monat Morgenzählung zeigt, dass das äußere Becken an manchen Tagen fast leer ist.</p></div>" +
                   "<div class=\"bunker-component text\">" + prose + prose.Replace("äußeren", "inneren") + "</div></article></body></html>";
        Assert.StartsWith("Ein Monat Morgenzählung zeigt", ExtractHtml(lead));

        var post = "<html><head><title>Kurz</title></head><body><div class=\"site\"><div class=\"entry-content\"><p>Heute waren im äußeren Becken nur drei Boote, so wenige wie seit dem Frühjahr nicht mehr, und alle drei lagen an der Tankstelle.</p></div>" +
                   "<div class=\"footer-links\"><a href=\"/impressum\">Impressum</a> <a href=\"/datenschutz\">Datenschutz</a></div></div></body></html>";
        Assert.Equal("Heute waren im äußeren Becken nur drei Boote, so wenige wie seit dem Frühjahr nicht mehr, und alle drei lagen an der Tankstelle.", ExtractHtml(post).Trim());
    }

    /// <summary>A chapter of the Debian Administrator's Handbook (Debian package <c>debian-handbook</c>, Publican's
    /// build: nested <c>div.section</c>, text in <c>div.para</c>, a definition list of RAID levels in
    /// <c>div.variablelist &gt; dl</c>): the list's long items scored as paragraphs and won, so 7.9 of the chapter's
    /// 45 thousand characters were kept, in all seven languages scanned. A list that wins now gives way to its nearest
    /// ancestor holding at least twice its paragraphs.</summary>
    [Fact]
    public void A_long_definition_list_inside_a_chapter_gives_way_to_the_chapter()
    {
        var sentence = "Die Hafenverwaltung zählte einen Monat lang jeden Morgen die Boote im äußeren Becken und trug die Zahlen in ein Buch ein.";
        // Long items full of commas, as the handbook's descriptions of RAID levels are: each scores near the cap.
        var items = string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"<dt><span class=\"term\">Zählart {i}</span></dt><dd>{Para($"Bei der Zählart {i} werden die Boote, große wie kleine, an {i} Stellen gezählt, morgens, mittags und abends, und jede Stelle meldet ihre Zahl, sobald sie fertig ist, an die Verwaltung, die sie, Becken für Becken, mit den Zahlen des Vortags vergleicht, bevor sie die Tagesliste schließt, unterschreibt und, wie jeden Tag, an die Tankstelle weitergibt, wo sie aushängt.")}</dd>"));
        var section = (string id, string title, string body) =>
            $"<div class=\"section\"><div class=\"titlepage\"><div><div><h2 class=\"title\"><a id=\"{id}\"></a>{title}</h2></div></div></div>{body}</div>";
        var html = "<html><head><title>Kapitel 12. Zählen im Hafen</title></head><body>" +
                   "<p id=\"title\"><a class=\"left\" href=\"http://www.example.org\">Produktseite</a></p>" +
                   "<div class=\"chapter\"><div class=\"titlepage\"><div><div><h1 class=\"title\">Kapitel 12. Zählen im Hafen</h1></div></div></div>" +
                   "<div class=\"toc\"><dl class=\"toc\"><dt><span class=\"section\"><a href=\"#a\">12.1. Zählarten</a></span></dt></dl></div>" +
                   section("a", "12.1. Zählarten", Para("Erstes Kapitel. " + sentence) + Para("Zweiter Absatz. " + sentence) +
                       section("b", "12.1.1. Die Zählarten im Einzelnen", Para("Einleitung der Liste. " + sentence) + $"<div class=\"variablelist\"><dl class=\"variablelist\">{items}</dl></div>" + Para("Nach der Liste. " + sentence)) +
                       string.Concat(Enumerable.Range(2, 6).Select(k => section($"c{k}", $"12.1.{k}. Auswertung {k}", string.Concat(Enumerable.Range(1, 3).Select(i => Para($"Auswertung {k} Absatz {i}. " + sentence))))))) +
                   "</div><ul class=\"docnav\"><li class=\"previous\"><a accesskey=\"p\" href=\"prev.html\"><strong>Zurück</strong></a></li><li class=\"next\"><a accesskey=\"n\" href=\"next.html\"><strong>Weiter</strong></a></li></ul></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Erstes Kapitel. Die Hafenverwaltung", text);
        Assert.Contains("Bei der Zählart 5 werden", text);
        Assert.Contains("Auswertung 7 Absatz 3. Die Hafenverwaltung", text);
        Assert.DoesNotContain("Produktseite", text);
        Assert.DoesNotContain("Weiter", text);
    }

    /// <summary>The handbook's apt-cache section: the output of <c>apt-cache policy</c> in a <c>pre</c> is full of
    /// commas ("release v=11.0,o=Debian,a=stable,…"), each counted as a clause of prose, so the listing's block won
    /// and the section's paragraphs were lost (SmartReader-text coverage 0.49–0.57 in all seven languages). Commas in
    /// a <c>pre</c> no longer count; a listing still scores by its length.</summary>
    [Fact]
    public void Commas_in_program_output_do_not_make_the_listing_the_text()
    {
        var output = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $" 990 https://harbour.example.org/boats basin{i}/main amd64 Counts\n     release v=11.{i},o=Harbour,a=stable,n=basin{i},l=Harbour,c=main,b=amd64\n"));
        var html = "<html><head><title>6.3. Das Zählbuch abfragen</title></head><body><div class=\"section\">" +
                   "<div class=\"titlepage\"><div><div><h2 class=\"title\">6.3. Das Zählbuch abfragen</h2></div></div></div>" +
                   Para("Der Befehl zaehlbuch kann viele Angaben aus der Datenbank der Verwaltung anzeigen, die jeden Morgen aus den Meldungen der Zählstellen neu aufgebaut wird.") +
                   Para("Einige Funktionen werden seltener gebraucht, etwa die Liste aller Becken mit ihren Zählstellen, die nur bei der Einrichtung eines neuen Beckens nötig ist.") +
                   Para("Die Angaben sind eine Art Zwischenspeicher, denn sie stammen aus den Meldungen und werden bei jeder neuen Meldung der Zählstellen ersetzt.") +
                   Para("Wer die Angaben für eine einzelne Zählstelle braucht, gibt ihren Namen an; ohne Namen zeigt der Befehl die Angaben aller Zählstellen.") +
                   "<div class=\"section\"><div class=\"titlepage\"><div><div><h3 class=\"title\">6.3.1. Die Abfrage der Zählstellen</h3></div></div></div>" +
                   Para("Die Abfrage zeigt für jede Zählstelle ihre Priorität und ihre Herkunft an, so wie sie in der Datei der Verwaltung eingetragen sind.") +
                   Para("Eine Zählstelle mit höherer Priorität wird vorgezogen, wenn zwei Stellen dasselbe Becken zählen und ihre Zahlen voneinander abweichen.") +
                   $"<div class=\"informalexample\"><pre class=\"screen scale\">$ zaehlbuch policy\n{output}</pre></div>" +
                   Para("Die Zahl vor jeder Zeile ist die Priorität der Zählstelle.") + "</div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Der Befehl zaehlbuch kann viele Angaben", text);
        Assert.Contains("Einige Funktionen werden seltener gebraucht", text);
        Assert.Contains("release v=11.12,o=Harbour", text);
        Assert.Contains("Die Zahl vor jeder Zeile ist die Priorität", text);
    }

    /// <summary>GIMP's help (Debian packages <c>gimp-help-de</c>, <c>gimp-help-fr</c>; DocBook XSL: <c>div.sect2</c>,
    /// <c>div.sect3</c>, admonitions as a table of an icon cell and a text cell): one long note in its table cell
    /// outscored a section of short paragraphs and lists, and the page was the note. A winner holding a quarter of
    /// the page's prose paragraphs or less gives way to its nearest ancestor with twice its paragraphs.</summary>
    [Fact]
    public void A_long_note_in_an_admonition_table_gives_way_to_the_section_around_it()
    {
        var note = "Die Helligkeit wird hier für einen Farbbereich geändert, während sie bei den Werkzeugen Kurven und Werte, die auf Farbkanälen arbeiten, für einen Farbton geändert wird. Ändern Sie die Helligkeit von Gelb mit diesem Werkzeug, werden alle gelben Bildpunkte geändert, während mit Kurven oder Werten nur dunkle, helle oder mittlere Bildpunkte geändert werden, je nach Auswahl, Kanal und Bereich.";
        var items = string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"<dt><span class=\"term\"><span class=\"guilabel\">Regler {i}</span></span></dt><dd><p>Mit dem Regler {i} stellen Sie den Anteil der Farbe ein; der Wert reicht von null bis hundert Prozent.</p></dd>"));
        var html = "<html><head><title>3.6. Farbton/Sättigung</title></head><body>" +
                   "<div class=\"navheader\"><table width=\"100%\"><tr><td><a accesskey=\"p\" href=\"prev.html\">Zurück</a></td><td><a accesskey=\"n\" href=\"next.html\">Weiter</a></td></tr></table></div>" +
                   "<div class=\"sect2\"><div class=\"titlepage\"><div><div><h3 class=\"title\">3.6. Farbton/Sättigung</h3></div></div></div>" +
                   "<p>Das Werkzeug Farbton/Sättigung dient dazu, Farbton, Sättigung und Helligkeit eines Farbbereichs zu ändern.</p>" +
                   $"<div class=\"note\"><table border=\"0\"><tr><td rowspan=\"2\" align=\"center\" valign=\"top\" width=\"25\"><img alt=\"[Anmerkung]\" src=\"note.png\"></td><th align=\"left\">Anmerkung</th></tr><tr><td align=\"left\" valign=\"top\"><p>{note}</p></td></tr></table></div>" +
                   "<div class=\"sect3\"><div class=\"titlepage\"><div><div><h4 class=\"title\">3.6.1. Werkzeug aktivieren</h4></div></div></div><p>Sie können das Werkzeug über das Menü Farben aufrufen.</p></div>" +
                   $"<div class=\"sect3\"><div class=\"titlepage\"><div><div><h4 class=\"title\">3.6.2. Einstellungen</h4></div></div></div><div class=\"variablelist\"><dl class=\"variablelist\">{items}</dl></div>" +
                   "<p>Die Einstellungen werden erst übernommen, wenn Sie auf OK klicken, und können bis dahin jederzeit zurückgesetzt werden.</p></div>" +
                   "</div><div class=\"navfooter\"><table width=\"100%\"><tr><td><a href=\"index.html\">Nach oben</a></td></tr></table></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Mit dem Regler 1 stellen Sie", text);
        Assert.Contains("Mit dem Regler 8 stellen Sie", text);
        Assert.Contains("Die Einstellungen werden erst übernommen", text);
        Assert.DoesNotContain("Zurück", text);
    }

    /// <summary>GIMP's help, a short section: its one paragraph lost to a figure caption with four commas
    /// ("Le calque et ses histogrammes Rouge, Vert, et Bleu, après traitement."), since each comma scores as a clause;
    /// a marked caption now weighs as little as a card's prose when containers are scored (it is still kept as
    /// text). And the navigation table above the section (arrow images as links, the chapter's title in a
    /// <c>th</c>) joined as "a table of values without links": links without text now count.</summary>
    [Fact]
    public void A_comma_rich_caption_does_not_choose_the_container_and_an_image_link_table_is_no_table_of_values()
    {
        static string Figure(string title, string caption) =>
            $"<div class=\"figure\"><a id=\"f\"></a><p class=\"title\"><b>{title}</b></p><div class=\"figure-contents\"><div class=\"mediaobject\"><table border=\"0\" summary=\"manufactured viewport for HTML img\" style=\"cellpadding: 0; cellspacing: 0;\" width=\"100%\"><tr><td><img src=\"images/x.png\" alt=\"Image\"></td></tr></table><div class=\"caption\"><p>{caption}</p></div></div></div></div>";
        var html = "<html><head><title>8.19. Étendre les bassins</title></head><body>" +
                   "<div class=\"navheader\"><table width=\"100%\" summary=\"Navigation header\"><tr><th colspan=\"3\" align=\"center\">8.19. Étendre les bassins</th></tr>" +
                   "<tr><td width=\"20%\" align=\"left\"><a accesskey=\"p\" href=\"prev.html\"><img src=\"images/prev.png\" alt=\"Précédent\"></a></td><th width=\"60%\" align=\"center\">8. Le menu « Port »</th><td width=\"20%\" align=\"right\"><a accesskey=\"n\" href=\"next.html\"><img src=\"images/next.png\" alt=\"Suivant\"></a></td></tr></table><hr></div>" +
                   "<div class=\"sect2\"><div class=\"titlepage\"><div><div><h3 class=\"title\">8.19. Étendre les bassins</h3></div></div></div>" +
                   "<p>La commande <span class=\"guimenuitem\">Étendre les bassins</span> fonctionne comme <a class=\"link\" href=\"x.html\">Étendre le port</a> mais agit sur les bassins intérieurs au lieu du bassin extérieur, et elle préserve les amarres. Elle compte donc séparément les bateaux des bassins Nord, Sud et Est. Les résultats sont souvent étranges. Elle opère sur les bassins à flot mais pas sur les bassins à sec (dans ce cas, l’entrée du menu est grisée).</p>" +
                   "<div class=\"sect3\"><div class=\"titlepage\"><div><div><h4 class=\"title\">8.19.1. Exemple</h4></div></div></div>" +
                   Figure("Figure 16.186. Après", "Le bassin et ses bateaux, rouges, verts, et bleus, après comptage. Les pontons, les bouées, les quais, les grues et les feux sont marqués.") +
                   "</div></div><div class=\"navfooter\"><hr><table width=\"100%\" summary=\"Navigation footer\"><tr><td><a accesskey=\"p\" href=\"prev.html\"><img src=\"images/prev.png\" alt=\"Précédent\"></a></td><td><a accesskey=\"h\" href=\"index.html\"><img src=\"images/home.png\" alt=\"Sommaire\"></a></td></tr></table></div></body></html>";
        // Kept as text only with include_captions; the section's text is chosen either way.
        Assert.Contains("Elle compte donc séparément les bateaux", ExtractHtml(html));
        var text = ExtractHtml(html, options: new HtmlExtractorOptions { IncludeCaptions = true });
        Assert.Contains("La commande Étendre les bassins fonctionne comme", text);
        Assert.Contains("Le bassin et ses bateaux, rouges, verts, et bleus, après comptage.", text);
        Assert.Contains("Elle compte donc séparément les bateaux", text);
        Assert.DoesNotContain("Le menu « Port »", text);
    }

    /// <summary>"note" was a small-furniture word, so every short admonition went: LibreOffice help's
    /// <c>div.note &gt; div.notetext</c>, Sphinx's <c>div.admonition.note</c>, DocBook's <c>div.note</c> (coverage of
    /// SmartReader's text on the German help pages 0.93 → 0.96). Notes are the documentation's text; the short notes
    /// that are not, MediaWiki's citations (<c>li#cite_note-…</c>), are named by their id and still go.</summary>
    [Fact]
    public void Documentation_notes_are_text_and_citation_notes_are_not()
    {
        var html = HelpPage(
            Steps("So richten Sie eine Zählstelle ein:", "Klicken Sie im Becken an die Stelle, an der gezählt werden soll.", "Drücken Sie die Eingabetaste.") +
            "<div class=\"note\"><div class=\"noteicon\" dir=\"auto\"><img src=\"media/helpimg/note.svg\" alt=\"Notizsymbol\"></div><div class=\"notetext\"><p dir=\"auto\">Manche Zählstellen haben einen eigenen Griff, an dem Sie ziehen können, um die Stelle zu verschieben.</p></div></div>" +
            Embedded);
        Assert.Contains("Manche Zählstellen haben einen eigenen Griff", ExtractHtml(html));

        var sphinx = "<html><head><title>Export</title></head><body><div class=\"document\"><div class=\"body\" role=\"main\"><section id=\"export\"><h1>Export</h1>" +
                     "<p>The export endpoint writes every count of the month as one line of JSON, in the order the counts were taken at the basins.</p>" +
                     "<div class=\"admonition note\"><p class=\"admonition-title\">Note</p><p>Exports of more than a million rows are faster through the bulk endpoint.</p></div>" +
                     "<p>Each line carries the basin, the time of the count and the number of boats, so a day can be rebuilt from the lines alone.</p></section></div></div></body></html>";
        Assert.Contains("Exports of more than a million rows are faster", ExtractHtml(sphinx));

        var wiki = "<html><head><title>Harbour</title></head><body><div id=\"content\"><h1>Harbour</h1><div id=\"mw-content-text\"><div class=\"mw-parser-output\">" +
                   "<p>The harbour has two basins, an outer one for the fishing fleet and an inner one for pleasure boats, and counts both every morning.<sup id=\"cite_ref-1\" class=\"reference\"><a href=\"#cite_note-1\">[1]</a></sup></p>" +
                   "<p>The counts have been kept in a ledger at the fuel dock since the harbour opened, and the board publishes them once a month.</p>" +
                   "<h2>References</h2><div class=\"reflist\"><ol class=\"references\"><li id=\"cite_note-1\"><span class=\"reference-text\">Harbour Board (2013). Annual Report. p. 12.</span></li></ol></div>" +
                   "</div></div></div></body></html>";
        var text = ExtractHtml(wiki);
        Assert.Contains("The counts have been kept in a ledger", text);
        Assert.DoesNotContain("Annual Report", text);
    }

    /// <summary>The Apache HTTP Server manual (Debian package <c>apache2-doc</c>, de/fr/es) opens and closes every page
    /// with its language switcher, "Verfügbare Sprachen: de | en | fr | ja", which leaked as a line. A line made only of
    /// language codes or languages' own names, after an optional label, is a widget; sentences about languages and a
    /// comma-separated list of languages someone speaks are not.</summary>
    [Theory]
    [InlineData("Verfügbare Sprachen: de | en | fr | ja | ko | tr", true)]
    [InlineData("Available Languages: en", true)]
    [InlineData("Langues Disponibles: en | fr | pt-br", true)]
    [InlineData("EN · DE · FR", true)]
    [InlineData("Deutsch | English | Français", true)]
    [InlineData("Sprachen: Deutsch, Englisch, Französisch", false)]
    [InlineData("Die Anleitung ist auf Deutsch und Englisch verfügbar.", false)]
    [InlineData("Read in: 5 min", false)]
    [InlineData("Languages: the harbour board publishes its counts in two of them.", false)]
    [InlineData("Sprache: de-AT", true)]
    [InlineData("IT / HR", false)]
    [InlineData("TV / PC", false)]
    [InlineData("EN | DE", false)]
    [InlineData("Deutsch | Englisch", false)]
    public void A_language_switcher_line_is_a_widget(string line, bool switcher) =>
        Assert.Equal(switcher, CorpusForge.Stages.Extraction.BoilerplateRules.IsLanguageSwitcher(line));

    [Fact]
    public void A_language_switcher_leaves_the_page_and_a_sentence_about_languages_stays()
    {
        var html = "<html><head><title>Adressen</title></head><body><div id=\"page-content\"><div id=\"preamble\"><h1>Adressen und Ports</h1>" +
                   "<div class=\"toplang\"><p><span>Verfügbare Sprachen: </span><a href=\"bind.html.de\" title=\"Deutsch\">&nbsp;de&nbsp;</a> |\n<a href=\"bind.html.en\" title=\"English\">&nbsp;en&nbsp;</a> |\n<a href=\"bind.html.fr\" title=\"Français\">&nbsp;fr&nbsp;</a></p></div>" +
                   "<p>Beim Start bindet sich der Server an bestimmte Adressen und Ports des Rechners und wartet auf eingehende Anfragen, standardmäßig an allen Adressen.</p>" +
                   "<p>Die Anleitung ist auf Deutsch und Englisch verfügbar, und beide Fassungen werden mit jeder Version des Servers durchgesehen.</p></div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.DoesNotContain("Verfügbare Sprachen", text);
        Assert.Contains("Beim Start bindet sich der Server", text);
        Assert.Contains("Die Anleitung ist auf Deutsch und Englisch verfügbar", text);
    }

    /// <summary>Some LibreOffice help pages wrap the whole page for one module in <c>&lt;span hidden class="WRITER"&gt;</c>,
    /// which the page's script unhides; the page was dropped as <c>no_main_content</c>. When nothing is left, the
    /// recovery pass keeps a hidden element that holds half the page's prose paragraphs. Hard negatives: a hidden
    /// dialog beside a visible article stays out (recovery does not run), and so does a hidden menu on a short page.</summary>
    [Fact]
    public void A_page_hidden_whole_until_its_script_runs_is_recovered_and_other_hidden_text_is_not()
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<p class=\"paragraph\" dir=\"auto\">Im Bereich Zählstellen {i} wählen Sie mit der Pfeilschaltfläche aus, welche Becken der Liste in das aktuelle Zählbuch übernommen werden sollen.</p>"));
        var hidden = "<html><head><title>Felder</title></head><body><div id=\"DisplayArea\" itemprop=\"softwareHelp\">" +
                     "<span id=\"swln_1\" class=\"switch\"><span hidden=\"true\" id=\"WRITER_1\" class=\"WRITER\"><a name=\"bm_1\"></a><h1 dir=\"auto\">Felder</h1>" +
                     paragraphs + "<h2 dir=\"auto\">Zählstellen</h2>" + paragraphs.Replace("Zählstellen", "Becken") + "</span></span></div></body></html>";
        Assert.Contains("Im Bereich Zählstellen 1 wählen Sie", ExtractHtml(hidden));

        var dialog = "<html><head><title>Boote</title></head><body><article><h1>Boote zählen</h1>" + paragraphs + "</article>" +
                     "<div hidden class=\"dialog-box\"><p>Dieser Hinweis erscheint erst nach einem Klick und erklärt ausführlich, wie die Verwaltung ihre Daten speichert und wie lange sie aufbewahrt werden.</p>" +
                     "<p>Auch dieser zweite Absatz des verborgenen Hinweises erklärt ausführlich, wer die gespeicherten Daten der Verwaltung einsehen darf.</p></div></body></html>";
        var text = ExtractHtml(dialog);
        Assert.Contains("Im Bereich Zählstellen 1 wählen Sie", text);
        Assert.DoesNotContain("verborgenen Hinweises", text);

        var menu = "<html><head><title>Kurz</title></head><body><div class=\"entry\"><p>Heute waren im äußeren Becken nur drei Boote, so wenige wie seit dem Frühjahr nicht mehr, und alle lagen an der Tankstelle.</p></div>" +
                   "<ul hidden class=\"submenu\"><li><a href=\"/a\">Becken</a></li><li><a href=\"/b\">Zählungen</a></li></ul></body></html>";
        Assert.DoesNotContain("Zählungen", ExtractHtml(menu));
    }

    /// <summary>Node.js's API pages (Debian package <c>nodejs-doc</c>): the text is a row of classless HTML
    /// <c>&lt;section&gt;</c>s in <c>div#apicontent</c>. The longest section won, and the short sections before it
    /// (the introduction) scored under the join threshold, so the page lost its opening. Sibling sections without
    /// classes, each with a heading and prose and under 30 % links, now join like sections of one build.</summary>
    [Fact]
    public void Classless_sibling_sections_of_a_document_join()
    {
        static string Section(string id, string heading, int paragraphs, string words) =>
            $"<section><h2 id=\"{id}\">{heading}</h2>" + string.Concat(Enumerable.Range(1, paragraphs).Select(i =>
                $"<p>{words} {i}: the module reads the ledger of the harbour, counts the boats in each basin, and writes one line for every count it finds, in the order the counts were taken.</p>")) + "</section>";
        var html = "<html><head><title>Modules: counting | Harbour v18 Documentation</title></head><body class=\"alt apidoc\">" +
                   "<div id=\"column2\" class=\"interior\"><div id=\"apicontent\">" +
                   Section("intro", "Introduction", 2, "Introduction paragraph") +
                   Section("enabling", "Enabling", 1, "Enabling paragraph") +
                   Section("details", "Details", 14, "Details paragraph") +
                   "</div></div><div id=\"column1\"><ul><li><a href=\"a.html\">Assert</a></li><li><a href=\"b.html\">Buffer</a></li></ul></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("Introduction paragraph 1: the module reads", text);
        Assert.Contains("Enabling paragraph 1: the module reads", text);
        Assert.Contains("Details paragraph 14: the module reads", text);
        Assert.DoesNotContain("Buffer", text);
    }

    /// <summary>Erlang/OTP's reference pages (Debian package <c>erlang-doc</c>): a module's description
    /// (<c>div.REFBODY.description-body</c>, three paragraphs) and its exports (<c>div.exports-body</c>, an article per
    /// function with a sentence or two) sit side by side; the description won on its content words and the exports,
    /// most of the page, were lost. A strong second candidate beside the winner that holds more text than the winner
    /// now takes their common ancestor, as two or more strong candidates already did.</summary>
    [Fact]
    public void A_longer_strong_block_beside_the_winner_takes_their_common_ancestor()
    {
        static string Function(int i) =>
            $"<article class=\"func\"><h4 id=\"count-{i}\" class=\"bold_code title-link func-head\"><span class=\"title-name\">count_{i}(Basin) -&gt; integer()</span></h4>" +
            $"<div class=\"exports-tube\"><div class=\"REFBODY rb-7\"><p>Counts the boats of basin number {i}, moored or at anchor, and returns their number as it stood at the last morning count.</p></div></div></article>";
        var html = "<html><head><title>harbour_count -- Erlang/OTP</title></head><body><div id=\"container\"><div id=\"leftnav\"><ul><li><a href=\"a.html\">harbour_ledger</a></li><li><a href=\"b.html\">harbour_basin</a></li></ul></div>" +
                   "<div id=\"content\"><div class=\"innertube\"><center><h1>harbour_count</h1></center></div>" +
                   "<section class=\"description\"><div class=\"innertube\"><h3 id=\"description\" class=\"title-link\"><div class=\"title-name\">Description</div></h3>" +
                   "<div class=\"REFBODY description-body\"><p><p>The <span class=\"code\">harbour_count</span> module counts the boats in the basins of a harbour, morning after morning, and keeps the counts in the ledger.</p>" +
                   "<p>For the ledger itself, please refer to the module harbour_ledger, which stores the counts, their times and the name of the clerk who took them.</p>" +
                   "<p>Counting is cheap, but a count taken while boats are moving is unreliable, so the module refuses to count during the hour after high water.</p></div></div></section>" +
                   "<div class=\"innertube\"><h3 id=\"export\" class=\"title-link\"><div class=\"title-name\">Exports</div></h3></div>" +
                   "<div class=\"exports-body\">" + string.Concat(Enumerable.Range(1, 8).Select(Function)) + "</div></div></div></body></html>";
        var text = ExtractHtml(html);
        Assert.Contains("module counts the boats in the basins", text);
        Assert.Contains("Counts the boats of basin number 1,", text);
        Assert.Contains("Counts the boats of basin number 8,", text);
        Assert.DoesNotContain("harbour_basin", text);
    }
    /// <summary>LibreOffice's help writes its menu paths into short sentences, "Wählen Sie &lt;span
    /// class="menuitem"&gt;Bearbeiten – OLE-Objekt – Öffnen&lt;/span&gt;.": the sentence had fewer than twenty
    /// characters of its own around the span, so the span was not taken for running text, and "menu" in its class
    /// removed it: 300 pages of the German and French help said "Wählen Sie ." (found by counting repeated output
    /// lines over the documentation sets). Words before an inline element and the sentence's punctuation right after it
    /// make it part of the sentence. The hard negative: a menu link with nothing around it is still removed.</summary>
    [Fact]
    public void A_menu_path_inside_a_short_sentence_is_kept()
    {
        var text = ExtractHtml(HelpPage("""
            <p id="par_id3150008" dir="auto">Öffnet die ausgewählte Zählstelle mit dem Programm, in dem sie angelegt wurde, und zeigt ihre Boote an.</p>
            <div id="howtoget"><p class="howtoget" dir="auto">So greifen Sie auf diesen Befehl zu:</p>
            <div class="embedded"><p class="embedded" dir="auto"><a name="edit3"></a>Wählen Sie <span class="menuitem">Bearbeiten – Zählstelle – Öffnen</span>.</p></div>
            <div class="embedded"><p class="embedded" dir="auto">Klicken Sie auf <span class="menuitem">Zählen</span>, <span class="menuitem">Speichern</span> oder <span class="menuitem">Schließen</span>.</p></div></div>
            <p id="par_id3150010" dir="auto">Wenn Sie mit den Änderungen fertig sind, schließen Sie die Zählstelle. Das Zählbuch wird dann aktualisiert.</p>
            <p dir="auto"><span class="menuitem">Startseite</span></p>
            """));
        Assert.Contains("Wählen Sie Bearbeiten – Zählstelle – Öffnen.", text);
        Assert.Contains("Klicken Sie auf Zählen, Speichern oder Schließen.", text);
        Assert.DoesNotContain("Startseite", text);
    }
    /// <summary>LibreOffice's help writes a word that differs by system or module as hidden alternatives that its
    /// script chooses from (<c>span.switchinline</c> holding <c>span[hidden]#MAC…</c> and <c>span[hidden]#default…</c>):
    /// with every alternative hidden, keyboard shortcuts read "+F2" and sentences lost a word ("Öffnet das , in dem …")
    /// on about 125 pages per language. The default alternative is the text; the others, and hidden text elsewhere,
    /// stay out.</summary>
    [Fact]
    public void The_default_of_hidden_alternatives_is_kept()
    {
        var text = ExtractHtml(HelpPage("""
            <p id="par_id3150008" dir="auto">Öffnet das <span id="swlnappl_1" class="switchinline"><span hidden="true" id="WRITERtext_1" class="WRITER"><a href="de/text/swriter/01/05140000.html">Register Zählvorlagen der Seitenleiste</a></span><span hidden="true" id="defaulttext_1">Register Zählvorlagen</span></span>, in dem Sie eine Vorlage für die gezählten Boote wählen können.</p>
            <table border="1"><tr><td><p class="tablecontent" dir="auto"><span id="swlnsys_2" class="switchinline"><span hidden="true" id="MACtext_2" class="MAC">Befehl</span><span hidden="true" id="defaulttext_2">Strg</span></span>+F2</p></td>
            <td><p class="tablecontent" dir="auto">Zählstelle einfügen</p></td></tr>
            <tr><td><p class="tablecontent" dir="auto"><span id="swlnsys_3" class="switchinline"><span hidden="true" id="MACtext_3" class="MAC">Befehl</span><span hidden="true" id="defaulttext_3">Strg</span></span>+F3</p></td>
            <td><p class="tablecontent" dir="auto">Zählbuch öffnen</p></td></tr></table>
            <p id="par_id3150010" dir="auto">Wenn Sie mit den Änderungen fertig sind, schließen Sie die Zählstelle.<span hidden="true" id="defaultnote_4">Diese Notiz ist verborgen.</span></p>
            """));
        Assert.Contains("Öffnet das Register Zählvorlagen, in dem Sie eine Vorlage", text);
        Assert.Contains("Strg+F2 | Zählstelle einfügen", text);
        Assert.DoesNotContain("Befehl", text);
        Assert.DoesNotContain("der Seitenleiste", text);
        Assert.DoesNotContain("Diese Notiz ist verborgen", text);
    }

    /// <summary>LibreOffice's overview pages list a module's commands as embedded sections, each a heading linked to
    /// the command's page over one line (<c>div.embedded &gt; h2 &gt; a</c> + <c>p</c>). The longest section won and
    /// its repeated siblings joined it, except one whose line was too short and whose linked heading made half its
    /// text ("Anweisung Open" over "Öffnet einen Datenkanal."): the overview lost a command from its middle. A piece
    /// of the same build between two pieces of the text now joins however short (the syntax fragments of the Basic
    /// help regained one the same way). The page is an overview's own, not <see cref="HelpPage"/>: with that page's
    /// tip and related topics around the sections, the longest section no longer wins alone and the loss does not
    /// show.</summary>
    [Fact]
    public void A_short_section_between_sections_of_an_overview_page_is_kept()
    {
        static string Section(string anchor, string title, string line) =>
            $"""<div class="embedded"><a name="{anchor}"></a><h2><a name="{anchor}_h1"></a><a target="_top" href="de/text/basic/{anchor}.html">{title}</a></h2><p class="paragraph">{line}</p></div>""";
        var text = ExtractHtml($"""
            <!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Anlegen und Ablegen von Booten</title></head><body>
            <header><a href="/">Hilfe</a><nav><a href="/de">Module</a></nav></header>
            <div id="DisplayArea" itemprop="softwareHelp"><h1>Anlegen und Ablegen von Booten</h1>
            {Section("close", "Anweisung Ablegen", "Legt ein Boot ab, das mit der Anweisung Anlegen festgemacht wurde.")}
            {Section("free", "Funktion FreierPlatz", "Gibt die nächste verfügbare Liegeplatznummer zum Anlegen eines Bootes zurück. Verwenden Sie diese Funktion, um ein Boot unter Verwendung einer Liegeplatznummer anzulegen, die noch nicht von einem bereits angelegten Boot verwendet wird.")}
            {Section("open", "Anweisung Anlegen", "Macht ein Boot fest.")}
            {Section("reset", "Anweisung Räumen", "Legt alle festgemachten Boote ab und schreibt den Inhalt aller Liegeplätze in das Hafenbuch.")}
            </div></body></html>
            """);
        Assert.Contains("Anweisung Ablegen", text);
        Assert.Contains("Anweisung Anlegen\nMacht ein Boot fest.", text);
        Assert.Contains("in das Hafenbuch.", text);
    }
}
