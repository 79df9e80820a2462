using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's nineteenth pass: causes found on the seventh to ninth blind snippet batches (German-heavy
/// pages of WordPress page builders, German CMSs, shops, forums and news portals, written by helpers who never read
/// the extractor). Markup after the templates named in each test, our words.</summary>
public sealed class SnippetBatchTests
{
    private static string Page(string main, string after = "") =>
        "<html><body><header><nav><a href='/'>Start</a> <a href='/praxis'>Praxis</a> <a href='/kontakt'>Kontakt</a></nav></header>" +
        $"<main><article><div class='entry-content'>{main}</div></article>{after}</main><footer><p>© 2024 Harbour Gazette</p></footer></body></html>";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_accordions_questions_and_answers_are_text_and_headings_linked_to_other_pages_are_not(bool withinPage)
    {
        // WPBakery's vc_tta-accordion in a row of its own: each question is an h4 whose link opens its own panel
        // (href="#panel-id"). Read as teaser cards (a linked heading over a short excerpt), the row weighed too little
        // to join the text and the questions went as link blocks.
        const string first = "Die Arbeiten am Wellenbrecher beginnen im Frühjahr und dauern nach dem Plan des Hafenamts zwei volle Saisons, mit Pausen im Sommer.";
        const string second = "Die Kaistraße wird in drei Abschnitten gesperrt; das Hafenamt veröffentlicht die Termine jeweils vier Wochen vorher im Amtsblatt.";
        string Panel(string id, string question, string answer) =>
            $"<div class='vc_tta-panel' id='{id}'><div class='vc_tta-panel-heading'><h4 class='vc_tta-panel-title'><a href='{(withinPage ? "#" + id : "/" + id)}'>" +
            $"<span class='vc_tta-title-text'>{question}</span></a></h4></div><div class='vc_tta-panel-body'><div class='wpb_text_column'><p>{answer}</p></div></div></div>";
        var html = "<html><body><header><nav><a href='/'>Start</a></nav></header><div class='container-wrap'>" +
                   $"<div class='wpb_row vc_row'><div class='wpb_column'><div class='wpb_text_column'>{Paragraphs}</div></div></div>" +
                   "<div class='wpb_row vc_row'><div class='wpb_column'><h2>Häufige Fragen zum Hafen</h2><div class='vc_tta-container'><div class='vc_tta vc_tta-accordion'>" +
                   Panel("faq-bau", "Wie lange dauern die Bauarbeiten?", first) + Panel("faq-kai", "Wann ist die Kaistraße gesperrt?", second) +
                   "</div></div></div></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.Contains(second, text);
        // A heading linked to another page is a title of that page, not a question of this one.
        Assert.Equal(withinPage, text.Contains("Wie lange dauern die Bauarbeiten?"));
    }

    [Fact]
    public void A_sidebar_is_furniture_though_the_page_area_around_it_names_content()
    {
        // A homepage builder (IONOS MyWebsite, Jimdo's "diyweb" templates): div.diywebSidebar with the business's
        // address, office hours and a customer quote sits beside the main column inside div.diywebContent. The
        // content word two levels up named the page's content area, and a one-paragraph sidebar was kept.
        var main = string.Concat(Story.Select((p, k) => $"<div id='cc-m-{k}' class='j-module n j-text'><p>{p}</p></div>"));
        var html = "<html><body><div id='diywebContent' class='diywebContent'><div class='diywebLiveArea'>" +
                   $"<div id='diywebMainContent' class='diywebMainContent'><div class='diywebGutter'><div id='cc-matrix-1' class='j-matrix'>{main}</div></div></div>" +
                   "<div id='diywebSidebar' class='diywebSidebar'><div class='diywebGutter'><div id='cc-matrix-2' class='j-matrix'>" +
                   "<div class='j-module n j-header'><h2>Kontakt</h2></div><div class='j-module n j-text'><p><strong>Fliesen Wendt</strong><br>Meisterbetrieb<br>Torgauer Straße 58<br>04916 Herzberg (Elster)</p>" +
                   "<p>Telefon: 03535 41 28 70<br>E-Mail: info@fliesen-wendt.de</p></div><div class='j-module n j-header'><h2>Bürozeiten</h2></div>" +
                   "<div class='j-module n j-text'><p>Montag bis Freitag: 7:00 – 17:00 Uhr<br>Samstag nach Vereinbarung</p></div>" +
                   "<div class='j-module n j-text'><p><em>„Pünktlich, sauber, ordentlich – unser Bad ist ein Traum geworden.“</em><br>Familie R. aus Falkenberg</p></div>" +
                   "</div></div></div></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Montag bis Freitag", text);
        Assert.DoesNotContain("Familie R. aus Falkenberg", text);
    }

    [Fact]
    public void Another_posts_excerpt_with_a_read_more_link_does_not_join_the_text_though_built_alike()
    {
        // Genesis's featured-posts widget under the post reuses the theme's article.entry > div.entry-content for each
        // teaser, and the containers built like the chosen one were added to the text.
        const string excerpt = "Flach gedrückt, knusprig ausgebraten und dann in heißer Brühe serviert – so kenne ich sie aus dem Zillertal";
        static string Teaser(int id, string title, string text) =>
            $"<article class='post-{id} post type-post status-publish has-post-thumbnail category-suppen entry'><header class='entry-header'><h4 class='entry-title'>" +
            $"<a href='/p{id}/'>{title}</a></h4></header><div class='entry-content'><p>{text} … <a class='more-link' href='/p{id}/'>Weiterlesen</a></p></div></article>";
        var html = "<html><body><main class='content'><article class='post-6231 post type-post status-publish has-post-thumbnail category-hauptgerichte entry'>" +
                   "<header class='entry-header'><h1 class='entry-title'>Spinatknödel mit Bergkäse</h1><p class='entry-meta'><time>12. März 2020</time> von Marie " +
                   "<a href='#comments'>5 Kommentare</a></p></header><div class='entry-content'>" + string.Concat(Enumerable.Repeat(Paragraphs, 4)) + "</div>" +
                   "<footer class='entry-footer'><p class='entry-meta'>Kategorie: <a href='/k/h'>Hauptgerichte</a></p></footer></article>" +
                   "<div class='after-entry widget-area'><section class='widget enews-widget'><h3>Keine Rezepte mehr verpassen!</h3><p>Jeden Sonntag ein neues Rezept.</p>" +
                   "<form><input type='email' name='EMAIL'><input type='submit' value='Jetzt anmelden'></form></section>" +
                   "<section class='widget featured-content featuredpost'><h3>Das könnte dir auch schmecken</h3>" +
                   Teaser(6102, "Kaspressknödel auf Rindssuppe", excerpt) + Teaser(5988, "Linseneintopf mit Spätzle", "Mit einem Schuss Essig zum Schluss und ganz viel Geduld beim Schaben der Spätzle") +
                   "</section></div></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Zillertal", text);
    }

    [Fact]
    public void A_second_post_built_like_the_first_still_joins_it()
    {
        // The rule above only skips an excerpt that ends in its read-more link: a thread's answer built like the
        // question is still the text.
        const string answer = "We had the same trouble with the quay road closures last winter, and the council published the timetable two weeks late.";
        var html = "<html><body><main><div class='post-text'>" + Paragraphs + "</div><h2>1 Answer</h2>" +
                   $"<div class='post-text'><p>{answer} <a href='/timetable'>Read more</a> about it in the minutes, page four.</p></div></main></body></html>";
        Assert.Contains(answer, HarbourStory.Text(html));
    }

    [Theory]
    [InlineData("Weiterlesen", true)]
    [InlineData("Read more »", true)]
    [InlineData("[…] Lire la suite", true)]
    [InlineData("Czytaj dalej", true)]
    [InlineData("Weiterlesen über den Hafen", false)]
    [InlineData("More harbour news", false)]
    public void A_read_more_link_is_known_by_its_label(string label, bool readMore) =>
        Assert.Equal(readMore, BoilerplateRules.ReadMoreLink().IsMatch(label));

    [Theory]
    [InlineData("Users browsing this forum: harbour_kai, Google [Bot] and 4 guests", true)]
    [InlineData("Mitglieder in diesem Forum: 0 Mitglieder und 4 Gäste", true)]
    [InlineData("Сейчас этот форум просматривают: Oleg_Rzhev, Andrey_Kimry и гости: 4", true)]
    [InlineData("0 Mitglieder und 3 Gäste betrachten dieses Thema.", true)]
    [InlineData("2 members and 5 guests are viewing this topic.", true)]
    [InlineData("Mitglieder in diesem Forum sind meistens Segler aus der Region, die ihre Boote im Hafen liegen haben.", false)]
    [InlineData("At the meeting 30 members and 12 guests voted on the new breakwater.", false)]
    public void A_forums_who_is_reading_line_is_known(string line, bool note) =>
        Assert.Equal(note, BoilerplateRules.ForumNote().IsMatch(line));

    [Fact]
    public void A_phpbb_who_is_online_box_without_classes_goes_with_its_heading()
    {
        // phpBB 3.0's prosilver topic view prints <h3>Кто сейчас на конференции</h3><p>Сейчас этот форум просматривают:
        // …</p> after the jump box, with no class to name it.
        var html = "<html><body><div id='page-body'><h2>Стук подвески</h2>" +
                   string.Concat(Story.Select((p, k) => $"<div class='post bg{k % 2 + 1}'><div class='inner'><div class='postbody'><div class='content'>{p}</div></div></div></div>")) +
                   "<h3>Кто сейчас на конференции</h3><p>Сейчас этот форум просматривают: <a href='/u/1'>Oleg_Rzhev</a> и гости: 4</p></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("просматривают", text);
        Assert.DoesNotContain("Кто сейчас на конференции", text);
    }

    [Fact]
    public void An_austrian_news_sites_postings_are_readers_comments()
    {
        // derStandard calls the forum under a story "Postings": section.story-community with the count, a login note
        // and div.story-community-postings. "story" in the same class name had kept it.
        var html = Page(Paragraphs,
            "<section id='story-community' class='story-community'><header><h2>Forum</h2><span class='story-community-count'>214 Postings</span></header>" +
            "<div class='story-community-notice'><p>Sie können nur posten, wenn Sie angemeldet sind. Bitte beachten Sie unsere Community-Richtlinien.</p></div>" +
            "<div class='story-community-postings'><div class='posting'><div class='posting-content'><h4>Endlich</h4><p>Zwei Meter Gehsteig sind das Mindeste. Wer mit Kinderwagen durch die Altstadt muss, weiß warum.</p></div></div>" +
            "<div class='posting'><div class='posting-content'><p>Im März draußen sitzen ist hier eher ein theoretisches Vergnügen. Aber bitte, schaden tut es nicht.</p></div></div></div></section>");
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Zwei Meter Gehsteig", text);
        Assert.DoesNotContain("Sie können nur posten", text);
        Assert.DoesNotContain("214 Postings", text);
    }

    [Theory]
    [InlineData("Sie können nur posten, wenn Sie angemeldet sind. Bitte beachten Sie unsere Community-Richtlinien.", true)]
    [InlineData("Du kannst nur kommentieren, wenn du eingeloggt bist.", true)]
    [InlineData("Sie können nur posten, wenn Sie angemeldet sind, sagte der Sprecher, und das gelte auch für Vereine und Verbände im Land.", false)]
    public void A_login_note_over_postings_is_known(string line, bool prompt) =>
        Assert.Equal(prompt, BoilerplateRules.LoginPrompt().IsMatch(line));

    [Theory]
    [InlineData("214 Postings", true)]
    [InlineData("1 Posting", true)]
    [InlineData("214 Postings im Forum hat die Redaktion gelöscht, sagte der Sprecher.", false)]
    public void A_postings_count_is_known(string line, bool count) =>
        Assert.Equal(count, BoilerplateRules.EngagementPrompt().IsMatch(line));

    [Fact]
    public void A_discussion_served_only_inside_noscript_is_read_from_there()
    {
        // Flarum serves a discussion to readers without script as noscript#flarum-content beside an empty app root and
        // a hidden loading error; with noscript dropped, the page's only text was that error notice.
        var posts = string.Concat(Story.Select((p, k) => $"<div><h3>user_{k}</h3><div class='Post-body'><p>{p}</p></div></div><hr>"));
        var html = "<html><body><div id='app' class='App'><header class='App-header'><h1><a href='/'>Hafenforum</a></h1></header>" +
                   "<main class='App-content'><div id='content'></div><div id='flarum-loading' style='display: none'>Chargement…</div>" +
                   "<noscript><div class='Alert'>Ce site est conçu pour être consulté avec un navigateur moderne et JavaScript activé.</div></noscript>" +
                   "<div id='flarum-loading-error' style='display: none'><div class='Alert'>Une erreur s'est produite lors du chargement de la version complète de ce site.</div></div>" +
                   $"<noscript id='flarum-content'><div class='container'><h2>Le nouveau brise-lames</h2><div>{posts}</div></div></noscript></main></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void A_page_with_its_text_outside_noscript_does_not_read_its_noscript_notices()
    {
        const string notice = "Bitte aktivieren Sie JavaScript, um alle Funktionen dieser Seite nutzen zu können, auch die Bildergalerie und das Kontaktformular.";
        var html = Page(Paragraphs + $"<noscript><p>{notice}</p><img src='/pixel.gif'></noscript>");
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("aktivieren Sie JavaScript", text);

        // A search page of a documentation set whose only words beside its form are the notice: no text to find there.
        var search = "<html><body><div class='body'><h1>Recherche</h1><p>Recherchez dans la documentation du projet en saisissant vos mots-clés ci-dessous.</p>" +
                     "<noscript><div class='admonition warning'><p>Veuillez activer le JavaScript pour que la recherche fonctionne.</p></div></noscript>" +
                     "<form action='search.html'><input type='text' name='q'></form></div></body></html>";
        Assert.DoesNotContain("Veuillez activer", Run(search).Document?.Text ?? "");
    }

    [Fact]
    public void Kadence_blocks_headings_info_boxes_and_closed_accordion_panels_are_text()
    {
        // Kadence Blocks (eighth batch): every heading is an h2.kt-adv-heading… ("adv" read as an advertisement), the
        // key points sit in a div.kt-info-box ("info" read as a post's info line) and each FAQ answer in a closed
        // div.kt-accordion-panel.kt-accordion-panel-hidden ("hidden").
        const string keyPoints = "Schimmel braucht Feuchtigkeit. Liegt die relative Luftfeuchte im Winter dauerhaft über 60 Prozent, findet er ideale Bedingungen.";
        const string answer = "Chlorhaltige Sprays bleichen den Schimmel nur, sie töten ihn nicht zuverlässig ab und belasten die Raumluft in der Wohnung.";
        var html = Page($"<p>{Story[0]}</p><div class='wp-block-kadence-infobox kt-info-box1422_7a2c31-e4'><div class='kt-blocks-info-box-link-wrap info-box-link kt-info-halign-left'>" +
                        $"<div class='kt-infobox-textcontent'><h2 class='kt-blocks-info-box-title'>Das Wichtigste in Kürze</h2><p class='kt-blocks-info-box-text'>{keyPoints}</p></div></div></div>" +
                        $"<h2 class='kt-adv-heading1422_e8b7c2-55 wp-block-kadence-advancedheading'>Woher die Feuchtigkeit kommt</h2><p>{Story[1]}</p><p>{Story[2]}</p>" +
                        "<div class='wp-block-kadence-accordion'><div class='kt-accordion-wrap'><div class='kt-accordion-inner-wrap'><div class='wp-block-kadence-pane kt-accordion-pane kt-accordion-pane-1'>" +
                        "<h3 class='kt-accordion-header-wrap'><button class='kt-blocks-accordion-header' type='button'><span class='kt-blocks-accordion-title'>Helfen Schimmelsprays?</span></button></h3>" +
                        $"<div class='kt-accordion-panel kt-accordion-panel-hidden'><div class='kt-accordion-panel-inner'><p>{answer}</p></div></div></div></div></div></div><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.Contains("Woher die Feuchtigkeit kommt", text);
        Assert.Contains(keyPoints, text);
        Assert.Contains(answer, text);
    }

    [Fact]
    public void A_posts_info_line_and_an_advertisements_box_are_still_furniture()
    {
        // The exceptions above are narrow: an info line without heading and paragraph, and an ad box (not a heading).
        var html = Page($"<div class='post-info'><span>12. März 2024</span> von Marie in Hafen</div><p>{Story[0]}</p><p>{Story[1]}</p>" +
                        "<div class='adv-box'><h4>Anzeige</h4><p>Jetzt Bootsversicherung vergleichen und bis zu 30 Prozent sparen – unser Partner hilft dabei.</p></div>" +
                        $"<p>{Story[2]}</p><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("von Marie in Hafen", text);
        Assert.DoesNotContain("Bootsversicherung", text);
    }

    [Fact]
    public void A_data_table_in_a_widget_of_a_products_tabs_is_text()
    {
        // plentymarkets Ceres: the "Technische Daten" tab holds div.widget.widget-item-data-table around the table.
        var rows = string.Concat(new[] { ("Material", "Polyestergewebe 600D, beidseitig PU-beschichtet"), ("Volumen", "20 Liter"), ("Gewicht", "1.080 g") }
            .Select(r => $"<tr><th>{r.Item1}</th><td>{r.Item2}</td></tr>"));
        var html = "<html><body><main><div class='single'><div class='nav nav-tabs' role='tablist'><a href='#b'>Beschreibung</a> <a href='#t'>Technische Daten</a></div>" +
                   $"<div class='tab-content'><div id='b' role='tabpanel' class='tab-pane active'><div class='widget widget-text'>{Paragraphs}</div></div>" +
                   $"<div id='t' role='tabpanel' class='tab-pane'><div class='widget widget-item-data-table'><table class='table'><tbody>{rows}</tbody></table></div></div></div></div></main></body></html>";
        Assert.Contains("Polyestergewebe 600D", HarbourStory.Text(html));
    }

    [Theory]
    [InlineData("Diese Seite ist durch reCAPTCHA geschützt und es gelten die Datenschutzbestimmungen und Nutzungsbedingungen von Google.", true)]
    [InlineData("This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.", true)]
    [InlineData("Für die Inhalte der Beiträge sind ausschließlich die jeweiligen Verfasser verantwortlich.", true)]
    [InlineData("Der Hafen nutzt seit 2023 ein Formular, das durch ein Captcha geschützt ist, damit keine Bots Liegeplätze buchen.", false)]
    [InlineData("Wir benötigen Ihre Zustimmung, um die Karte von OpenStreetMap zu laden.", true)]
    [InlineData("We need your consent to load the YouTube Video service!", true)]
    [InlineData("Wir benötigen Ihre Zustimmung nicht, sagte der Hafenmeister, die Boote dürfen ab Montag wieder am Kai laden.", false)]
    public void A_recaptcha_notice_or_a_forums_liability_note_is_known(string line, bool notice) =>
        Assert.Equal(notice, BoilerplateRules.SiteNotice().IsMatch(line));

    [Theory]
    [InlineData("Message userContent", "Message userContent", true)]
    [InlineData("entry-content", "comment-content", false)]
    public void A_threads_opening_post_built_like_its_comments_makes_the_comments_text(string postClass, string commentClass, bool thread)
    {
        // Vanilla Forums (ninth batch): the discussion's opening post and every comment hold their text in
        // div.Message.userContent, the comments in li.ItemComment. A blog's post (div.entry-content) is built unlike
        // its comments (div.comment-content), and there the comments stay out.
        const string reply = "Your temperature is the first thing I would look at: most Belgian strains hate dropping into the low sixties once the vigorous phase is over.";
        const string second = "I wrapped the fermenter in an old sleeping bag and put a small aquarium heater in a water bath next to it, and it started again within a day.";
        var html = "<html><body><main><div class='ItemDiscussion'><h1>Fermentation stuck at 1.030</h1>" +
                   $"<div class='{postClass}'><p>{Story[0]}</p><p>{Story[1]}</p></div></div>" +
                   "<h2 class='CommentHeading'>Comments</h2><ul class='MessageList Comments'>" +
                   $"<li class='Item ItemComment'><div class='Comment'><a class='Username' href='/u/kq'>KettleQueen</a><div class='{commentClass}'><p>{reply}</p></div></div></li>" +
                   $"<li class='Item ItemComment'><div class='Comment'><a class='Username' href='/u/hb'>hopbine</a><div class='{commentClass}'><p>{second}</p></div></div></li>" +
                   "</ul></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[1], text);
        Assert.Equal(thread, text.Contains(reply));
        Assert.Equal(thread, text.Contains(second));
    }

    [Theory]
    [InlineData("Uživatelé procházející toto fórum: Žádní registrovaní uživatelé a 4 návštěvníci", true)]
    [InlineData("Brak zarejestrowanych użytkowników przeglądających tę stronę.", true)]
    [InlineData("No registered users viewing this page.", true)]
    [InlineData("Markus Teller, Sevgi Aydın und 3 weitere Personen gefällt das.👍 6", true)]
    [InlineData("Anna Berg likes this", true)]
    [InlineData("Den Fischern gefällt das neue Hafenbecken, sagte der Hafenmeister am Dienstag bei der Eröffnung.", false)]
    [InlineData("Use html like this to embed a map:", false)]
    public void Who_reads_or_likes_a_post_is_known(string line, bool note) =>
        Assert.Equal(note, BoilerplateRules.ForumNote().IsMatch(line));

    [Theory]
    [InlineData("Możesz dodać zawartość już teraz a zarejestrować się później. Jeśli posiadasz już konto, zaloguj się aby dodać zawartość za jego pomocą.", true)]
    [InlineData("You can post now and register later. If you have an account, sign in now to post with your account.", true)]
    [InlineData("You can post now and register later, the harbour master said, but the berths go to members first.", false)]
    public void Invisions_guest_prompt_is_known(string line, bool prompt) =>
        Assert.Equal(prompt, BoilerplateRules.LoginPrompt().IsMatch(line));

    [Fact]
    public void A_long_guest_prompt_under_a_thread_is_not_text()
    {
        const string prompt = "You can post now and register later. If you have an account, sign in now to post with your account and keep your replies in one place.";
        Assert.DoesNotContain("register later", HarbourStory.Text(Page(Paragraphs + $"<p>{prompt}</p>")));
    }

    [Fact]
    public void A_closed_tab_with_the_products_data_table_is_text_and_a_closed_review_form_is_not()
    {
        // WooCommerce: the "Zusätzliche Informationen" panel is display:none until its tab is clicked.
        var html = "<html><body><main><div class='product'><div class='woocommerce-tabs wc-tabs-wrapper'><ul class='tabs wc-tabs' role='tablist'>" +
                   "<li><a href='#tab-description'>Beschreibung</a></li><li><a href='#tab-additional_information'>Zusätzliche Informationen</a></li><li><a href='#tab-reviews'>Bewertungen (0)</a></li></ul>" +
                   $"<div class='woocommerce-Tabs-panel panel entry-content wc-tab' id='tab-description' role='tabpanel'>{Paragraphs}</div>" +
                   "<div class='woocommerce-Tabs-panel panel entry-content wc-tab' id='tab-additional_information' role='tabpanel' style='display: none;'><h2>Zusätzliche Informationen</h2>" +
                   "<table class='woocommerce-product-attributes shop_attributes'><tr><th>Gewicht</th><td>0,45 kg</td></tr><tr><th>Pressverfahren</th><td><p>Schneckenpresse, unter 40 °C</p></td></tr></table></div>" +
                   "<div class='woocommerce-Tabs-panel panel entry-content wc-tab' id='tab-reviews' role='tabpanel' style='display: none;'><h2>Bewertungen</h2><p>Es gibt noch keine Bewertungen.</p>" +
                   "<form id='commentform'><p><label>Deine Bewertung</label><textarea name='comment'></textarea></p><p>Schreiben Sie die erste Bewertung für dieses Leinöl aus unserer Mühle, wir freuen uns über jede Rückmeldung.</p><p>Ihre E-Mail-Adresse wird nicht veröffentlicht, und Ihre Bewertung erscheint erst nach unserer Prüfung im Shop.</p></form></div>" +
                   "</div></div></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains("Schneckenpresse, unter 40 °C", text);
        Assert.DoesNotContain("Es gibt noch keine Bewertungen", text);
    }

    [Fact]
    public void The_sections_of_a_listing_built_alike_are_taken_together_with_their_headings_and_lists()
    {
        // A real-estate listing (ninth batch): div.sd-card.section blocks, each a heading over its text; the
        // description won, and the equipment list and the notes beside it were lost.
        static string Section(string id, string heading, string body) =>
            $"<div class='sd-card section' id='{id}'><h2 class='section__title'>{heading}</h2>{body}</div>";
        const string equipment = "Einbauküche mit Induktionskochfeld, Geschirrspüler und Kühl-Gefrier-Kombination";
        const string note = "Ein Stellplatz im Hof kann für 60 Euro monatlich zusätzlich angemietet werden, solange welche frei sind.";
        var html = "<html><body><main class='expose'><div class='expose__main'><div class='app-texts'>" +
                   Section("beschreibung", "Objektbeschreibung", $"<div class='textlist textlist--text'>{Paragraphs}</div>") +
                   Section("ausstattung", "Ausstattung", "<div class='textlist textlist--icon'><ul>" +
                           $"<li>{equipment}</li><li>Südbalkon zum begrünten Innenhof mit Blick auf die alten Kastanien</li>" +
                           "<li>Dielenboden in Wohn- und Schlafräumen, Fliesen in Küche und Bad</li><li>Bad mit Fenster, Badewanne und bodengleicher Dusche</li></ul></div>") +
                   Section("sonstiges", "Sonstiges", $"<div class='textlist'><p>{note}</p></div>") +
                   "</div></div><aside class='contact'><h3>Anbieter</h3><p>Kontakt aufnehmen</p></aside></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.Contains("Ausstattung", text);
        Assert.Contains(equipment, text);
        Assert.Contains(note, text);
    }

    [Fact]
    public void Sections_of_one_family_with_a_heading_each_are_taken_together()
    {
        // An event page (tenth batch): section.event-section.event-description beside section.event-section.event-lineup
        // and section.event-section.event-venue; the description won alone.
        const string lineup = "Die Singer-Songwriterin aus Oldenburg eröffnet den Abend mit einem halbstündigen Solo-Set an Gitarre und Loopstation.";
        const string venue = "Das Parkhaus am Überseetor liegt sechshundert Meter entfernt, ist bis ein Uhr geöffnet und kostet abends pauschal sechs Euro.";
        var html = "<html><body><main class='event'><div class='event-body'>" +
                   $"<section class='event-section event-description'><h2>Über die Veranstaltung</h2><div class='event-text'>{string.Concat(Enumerable.Repeat(Paragraphs, 3))}</div></section>" +
                   $"<section class='event-section event-lineup'><h2>Line-up</h2><ul class='lineup-list'><li><span>19:45 Uhr</span><div><strong>Marla Venn</strong><p>{lineup}</p></div></li></ul></section>" +
                   $"<section class='event-section event-venue'><h2>Anfahrt</h2><p>{venue}</p></section>" +
                   "</div></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.Contains(lineup, text);
        Assert.Contains(venue, text);
    }
}
