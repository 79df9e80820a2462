namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's tenth pass: the causes found on the multilingual snippet pages (Data/extraction/ml-snippets),
/// each on the markup of the template where it was seen, with our words, and text of the same shape that must
/// survive.</summary>
public sealed class MultilingualSnippetTests
{
    private static readonly string[] Story = HarbourStory.Story;

    private static string Paragraphs => HarbourStory.Paragraphs;

    private static string Page(string title, string body) =>
        $"<html><head><title>{title}</title></head><body><header class='site-header'><a href='/'>Logo</a>" +
        "<nav><a href='/a'>Aktuelles</a> <a href='/b'>Rathaus</a></nav></header>" + body + "<footer>Impressum · Datenschutz</footer></body></html>";

    [Fact]
    public void A_header_that_only_wraps_a_content_elements_heading_is_kept()
    {
        // TYPO3 fluid_styled_content: every content element opens with <header><h2>…</h2></header>.
        var text = HarbourStory.Text(Page("Hafen - Gemeinde",
            "<main><div id='c501' class='frame frame-default frame-type-text'><header><h1>Hafen</h1></header></div>" +
            $"<div id='c502' class='frame frame-default frame-type-text'><header><h2 class=''>Der neue Wellenbrecher</h2></header><p>{Story[0]}</p><p>{Story[1]}</p></div>" +
            $"<div id='c503' class='frame frame-default frame-type-text'><header><h2 class=''>Sperrungen am Kai</h2></header><p>{Story[2]}</p><p>{Story[3]}</p></div></main>"));
        Assert.Contains("Der neue Wellenbrecher", text);
        Assert.Contains("Sperrungen am Kai", text);
        Assert.Contains(Story[3], text);
        // A site header whose h2 is the site name linked home is still the site's header.
        var masthead = HarbourStory.Text("<html><head><title>Breakwater approved - Harbour Blog</title></head><body>" +
                                         "<header id='masthead'><h2 class='site-title'><a href='/'>Harbour Blog</a></h2></header>" +
                                         $"<main><article><h1>Breakwater approved</h1>{Paragraphs}</article></main></body></html>");
        Assert.DoesNotContain("Harbour Blog", masthead);
        Assert.Contains(Story[0], masthead);
    }

    [Fact]
    public void A_list_of_dates_is_a_schedule_and_a_table_row_with_a_date_is_data()
    {
        var text = HarbourStory.Text(Page("Abfuhrtermine - Gemeinde",
            $"<main><article><h1>Abfuhrtermine</h1><p>{Story[0]}</p><p>Die Restmülltonne wird alle zwei Wochen am Dienstag geleert:</p>" +
            "<ul><li>Dienstag, 07.01.2025</li><li>Dienstag, 21.01.2025</li><li>Dienstag, 04.02.2025</li></ul>" +
            "<table><tr><th>Datum</th><th>Termin</th></tr><tr><td>Samstag 12.04.2025</td><td>Jahreshauptversammlung</td></tr></table>" +
            $"<p>{Story[1]}</p><p>3. März 2025</p><p>{Story[2]}</p></article></main>"));
        Assert.Contains("Dienstag, 07.01.2025", text);
        Assert.Contains("Dienstag, 04.02.2025", text);
        Assert.Contains("Samstag 12.04.2025 | Jahreshauptversammlung", text);
        // A date standing alone between paragraphs is still a dateline.
        Assert.DoesNotContain("3. März 2025", text);
        Assert.Contains(Story[2], text);
    }

    [Fact]
    public void A_subtitle_in_an_h2_under_the_headline_is_kept_across_the_lead_photo_and_a_brazilian_share_bar()
    {
        // A Brazilian portal: headline block (chapéu, h1, h2 subtitle, byline, "Compartilhe" bar), lead photo, body,
        // side by side in the page's main element.
        var text = HarbourStory.Text(Page("Quebra-mar aprovado | Jornal do Porto",
            "<main><div class='materia-cabecalho'><span class='chapeu'>Porto</span><h1 class='titulo'>Quebra-mar aprovado</h1>" +
            "<h2 class='subtitulo'>Obra de dois anos vai proteger a bacia interna das ressacas de inverno, diz a autoridade portuária</h2>" +
            "<p class='autor'>Por Rafael Menezes - 23/01/2024 08:30</p><div class='compartilhar'><span>Compartilhe</span><a href='#'>WhatsApp</a><a href='#'>Facebook</a></div></div>" +
            "<figure class='foto-materia'><img src='/f.jpg' alt=''><figcaption>O porto visto do farol</figcaption></figure>" +
            $"<div class='texto-materia'><p>{Story[0]}</p><p>{Story[1]}</p><div class='leia-tambem'><strong>Leia também:</strong> <a href='/x'>Porto fecha cais norte</a></div>" +
            $"<h3>O que muda no cais</h3><ul><li>Cais norte fechado até março.</li><li>Balsas saem do cais sul.</li></ul><p>{Story[2]}</p><p>{Story[3]}</p></div>" +
            "<div class='tags'><span>Tags:</span> <a href='/t/porto'>porto</a> <a href='/t/obras'>obras</a></div>" +
            "<section class='comentarios'><h3>Comentários</h3><p>Os comentários não representam a opinião do jornal.</p></section></main>"));
        Assert.Contains("Obra de dois anos vai proteger a bacia interna", text);
        Assert.StartsWith("Obra de dois anos", text);
        Assert.DoesNotContain("Compartilhe", text);
        Assert.DoesNotContain("Por Rafael Menezes", text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void A_table_cell_is_not_removed_for_a_label_class()
    {
        // Shopware 6: the properties table labels its header cells "properties-label".
        var text = HarbourStory.Text(Page("Bräter 28 cm | Shop",
            $"<main><div class='product-detail-description'><h1>Bräter 28 cm</h1><div class='product-detail-description-text'>{Paragraphs}</div>" +
            "<table class='table product-detail-properties-table'><tr class='properties-row'><th class='properties-label'>Material:</th><td class='properties-value'><span>Gusseisen</span></td></tr>" +
            "<tr class='properties-row'><th class='properties-label'>Gewicht:</th><td class='properties-value'><span>5,8 kg</span></td></tr></table>" +
            "<div class='meta-label'>Kategorie: Kochen</div></div></main>"));
        Assert.Contains("Material: | Gusseisen", text);
        Assert.Contains("Gewicht: | 5,8 kg", text);
        // Outside a table, a short block named by the same word is still furniture.
        Assert.DoesNotContain("Kategorie: Kochen", text);
    }

    [Theory]
    [InlineData("Tempo di lettura:")]
    [InlineData("Lesezeit: 3 Min.")]
    [InlineData("Temps de lecture : 4 min")]
    [InlineData("6 Min. Lesezeit")]
    [InlineData("5 min read")]
    [InlineData("Leestijd: 2 minuten")]
    public void Reading_time_labels_are_dropped(string label)
    {
        var text = HarbourStory.Text(Page("Breakwater approved - Harbour News",
            $"<main><article><h1>Breakwater approved</h1><div class='richtext-wrapper'><p>{Story[0]}</p><p><small>{label}</small></p><p>{Story[1]}</p><p>{Story[2]}</p><p>{Story[3]}</p>" +
            "<p>Die Lesezeit eines Romans hängt weniger von seiner Länge ab als von der Geduld seiner Leser.</p></div></article></main>"));
        Assert.DoesNotContain(label, text);
        Assert.Contains(Story[0], text);
        Assert.Contains("Die Lesezeit eines Romans hängt weniger von seiner Länge ab", text);
    }

    [Theory]
    [InlineData("02 settembre 2024")]
    [InlineData("16 września 2024")]
    [InlineData("15 de abril de 2024")]
    [InlineData("23 de janeiro de 2024")]
    [InlineData("14 mei 2024")]
    [InlineData("Pubblicato il 3 settembre 2024")]
    public void Date_lines_in_the_projects_languages_are_dropped(string date)
    {
        var text = HarbourStory.Text(Page("Breakwater approved - Harbour News",
            $"<main><article><h1>Breakwater approved</h1><p>{date}</p>{Paragraphs}" +
            "<p>Il cantiere aprirà il 3 settembre 2024, secondo il calendario approvato dal consiglio comunale.</p></article></main>"));
        Assert.False(text.Split('\n').Any(l => l.Trim() == date), $"date line kept: {date}");
        Assert.Contains(Story[0], text);
        // A sentence with a date in it is text.
        Assert.Contains("Il cantiere aprirà il 3 settembre 2024, secondo il calendario", text);
    }

    [Fact]
    public void Did_you_like_this_article_and_a_priced_subscription_offer_are_dropped()
    {
        var text = HarbourStory.Text(Page("Breakwater approved - Harbour News",
            $"<main><article class='article'><h1>Breakwater approved</h1><div class='article__content'>{Paragraphs}" +
            "<p>Ein Netflix-Abonnement kostet seit Oktober 13,99 Euro im Monat, zwei Euro mehr als im Vorjahr.</p>" +
            "<p><strong>Cet article vous a plu ?</strong></p><p>Hat Ihnen dieser Artikel gefallen?</p>" +
            "<p>Soutenez une information locale de qualité : abonnez-vous dès 1 € le premier mois.</p><p><a href='/abo'>Je m’abonne</a></p>" +
            "<p>Did you like this article? The harbour master asked the same of every captain who moored at the quay.</p></div></article></main>"));
        Assert.DoesNotContain("Cet article vous a plu", text);
        Assert.DoesNotContain("Hat Ihnen dieser Artikel gefallen", text);
        // The question inside a sentence of the text stays.
        Assert.Contains("Did you like this article? The harbour master asked the same", text);
        Assert.DoesNotContain("abonnez-vous dès 1 €", text);
        Assert.DoesNotContain("Je m’abonne", text);
        // A sentence that reports what a subscription costs is no offer.
        Assert.Contains("Ein Netflix-Abonnement kostet seit Oktober 13,99 Euro im Monat", text);
        Assert.Contains(Story[3], text);
    }

    // Found by bench extract-inject: a paywall's prompt without a price, put inside real articles, leaked on 95 % of them.
    [Fact]
    public void A_paywall_prompt_without_a_price_is_dropped()
    {
        var text = HarbourStory.Text(Page("Breakwater approved - Harbour News",
            $"<main><article class='article'><h1>Breakwater approved</h1><div class='article__content'>{Paragraphs}" +
            "<div><p>Subscribe now for unlimited access to our award-winning local journalism. Cancel anytime.</p><p><a href='/subscribe/offer'>See subscription options</a></p></div>" +
            "<p>Already a subscriber? <a href='/login'>Log in</a></p><p>Déjà abonné ? Connectez-vous</p>" +
            "<p>Subscribers get unlimited access to the harbour museum's archive of charts, the director said on Tuesday.</p>" +
            "<p>Verizon is also allowing subscribers to store their own pictures and music in the cloud at no extra cost.</p></div></article></main>"));
        Assert.DoesNotContain("Subscribe now for unlimited access", text);
        Assert.DoesNotContain("See subscription options", text);
        Assert.DoesNotContain("Already a subscriber", text);
        Assert.DoesNotContain("Déjà abonné", text);
        // Sentences about subscribers are text.
        Assert.Contains("Subscribers get unlimited access to the harbour museum's archive", text);
        Assert.Contains("Verizon is also allowing subscribers to store", text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void A_recipe_cards_pin_button_and_calls_to_action_are_dropped()
    {
        // WP Recipe Maker's card: notes, a "Pin Rezept" link and a "tried it? tag us" call to action.
        var text = HarbourStory.Text(Page("Zwetschgendatschi - Omas Rezepte",
            $"<main><article><h1>Zwetschgendatschi</h1><div class='entry-content'>{Paragraphs}" +
            "<div class='wprm-recipe-container'><div class='wprm-recipe'><h3 class='wprm-recipe-header'>Notizen</h3><div class='wprm-recipe-notes'><span style='display: block;'>Der Datschi schmeckt am ersten Tag am besten, lauwarm mit geschlagener Sahne.</span></div>" +
            "<a href='https://www.pinterest.com/pin/create/' class='wprm-recipe-pin wprm-recipe-link' rel='nofollow'>Pin Rezept</a>" +
            "<div class='wprm-call-to-action wprm-call-to-action-simple'><span class='wprm-call-to-action-header'>Schon ausprobiert?</span><span class='wprm-call-to-action-text'>Markiere @omasrezepte auf Instagram!</span></div></div></div>" +
            "<p class='cta-contributor'><em>Would you like to write for us? Join our contributor program and share your recipes!</em></p>" +
            "<section class='action-plan'><p>Pin the rolled dough to the board with two fingers while the other hand spreads the plums from the middle outwards, row by row.</p>" +
            "<p>Then leave the tray in a warm place for twenty minutes, so that the dough rises once more around the fruit before it goes into the oven.</p></section></div></article></main>"));
        Assert.DoesNotContain("Pin Rezept", text);
        Assert.DoesNotContain("Schon ausprobiert?", text);
        Assert.DoesNotContain("Would you like to write for us?", text);
        Assert.Contains("Der Datschi schmeckt am ersten Tag am besten", text);
        // A sentence that opens with "Pin", in a long block whose class says "action", is the recipe's text.
        Assert.Contains("Pin the rolled dough to the board", text);
        Assert.Contains("leave the tray in a warm place for twenty minutes", text);
    }

    [Theory]
    [InlineData("Dieser Artikel wurde am 5. März um 16.05 Uhr aktualisiert.")]
    [InlineData("This article was last updated on March 5.")]
    [InlineData("Cet article a été mis à jour le 5 mars à 16 h 05.")]
    [InlineData("01:42 min")]
    public void An_update_note_and_a_videos_running_time_are_dropped(string line)
    {
        // A national news site: the video teaser's running time and the update note under the text.
        var text = HarbourStory.Text(Page("Breakwater approved - Harbour News",
            $"<main><article><h1>Breakwater approved</h1><div class='article-body'><p>{Story[0]}</p><p>{Story[1]}</p>" +
            $"<div class='video-teaser'><span class='video-teaser__duration'>{line}</span></div><p>{Story[2]}</p><p>{Story[3]}</p>" +
            $"<p class='article-body__update'><em>{line}</em></p>" +
            "<p>Der Fahrplan wurde am Dienstag aktualisiert, die Fähre fährt ab 14:30 wieder stündlich.</p></div></article></main>"));
        Assert.DoesNotContain(line, text);
        Assert.Contains(Story[3], text);
        // A sentence that reports an update of something else, with a time in it, is text.
        Assert.Contains("Der Fahrplan wurde am Dienstag aktualisiert, die Fähre fährt ab 14:30 wieder stündlich.", text);
    }
}
