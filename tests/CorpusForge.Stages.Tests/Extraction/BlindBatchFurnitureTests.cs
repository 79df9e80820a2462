using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's twenty-first pass: causes found on the blind article batches 8 to 11
/// (Data/extraction/articles-blind, <c>"batch": 8</c> to 11), written with their full truth by helpers who never read
/// the extractor. Markup after the templates named in each test, our words.</summary>
public sealed class BlindBatchFurnitureTests
{
    private static string Article(string inside) =>
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article><div class='entry-content'>" + inside +
        "</div></article></main><footer><p>© 2024 Harbour Gazette</p></footer></body></html>";

    /// <summary>A brief of two paragraphs: the shortest news item a portal prints, and what scores least.</summary>
    private static readonly string[] Brief =
    [
        "Im Hafen von Nordstedt geht seit Dienstagmorgen nichts mehr. Wie die Hafenbehörde mitteilte, hat ein Frachter gegen 6.40 Uhr bei der Einfahrt einen Teil der Schleuse beschädigt. Verletzt wurde nach bisherigen Erkenntnissen niemand.",
        "Taucher seien bereits vor Ort, hieß es. Wann die Schleuse wieder öffnet, ist noch unklar. Die Behörde rechnet damit, dass die Reparatur mindestens bis zum späten Nachmittag dauert. Fahrgäste, die ihre Überfahrt verschieben möchten, können ihr Ticket flexibel nutzen.",
    ];

    [Fact]
    public void A_consent_managers_dialog_named_message_does_not_outrank_a_short_story_in_hashed_classes()
    {
        // A portal of 2023 in CSS-in-JS classes (css-1ws1ys0 on header, nav, main and the story alike): Sourcepoint's
        // div#sp_message_container_… opens the body with the Transparency and Consent Framework's disclosure.
        // "message" is a content word of class names (a forum's posts), and it won by that word alone.
        const string consent = "Wir und unsere Partner speichern und/oder greifen auf Informationen auf einem Gerät zu, z. B. Cookies, " +
                               "und verarbeiten personenbezogene Daten, z. B. eindeutige Kennungen.";
        var html = "<html><body><div id='__next'><div class='css-8atqhb'>" +
                   $"<div id='sp_message_container_718924' class='css-qv2d8g'><p class='css-yh8tgf'>{consent}</p> <a href='/pur/'>Werbefrei mit PUR</a></div>" +
                   "<main class='css-1ws1ys0'><article class='css-1ws1ys0'><div class='css-1ws1ys0'>" +
                   string.Concat(Brief.Select(p => $"<p class='css-12s9ir4 css-1xmwuip'>{p}</p>")) + "</div></article>" +
                   "<section class='css-m4gv5v'><div class='css-1fj2rz3'><article class='css-1xmwuip'><a href='/politik/1.html'><h3>Land kürzt Mittel für den " +
                   "Hafenausbau – Kreise protestieren</h3><p>Nordstedt und Südholm fordern eine Rücknahme der Pläne.</p></a></article>" +
                   "<article class='css-1xmwuip'><a href='/gesundheit/2.html'><p>Vor allem Kinder und ältere Menschen sind betroffen.</p></a></article></div></section>" +
                   "<section class='css-m4gv5v'><ul><li><a href='/shopping/'>Adventskalender: Die besten Angebote</a></li><li><a href='/shopping/'>" +
                   "Diese Deals lohnen sich wirklich</a></li></ul></section></main></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Brief[0], text);
        Assert.Contains(Brief[1], text);
        Assert.DoesNotContain("personenbezogene", text);
    }

    [Theory]
    [InlineData("We and our partners store and/or access information on a device, such as cookies and process personal data, such as unique identifiers.", true)]
    [InlineData("Wir und unsere 812 Partner speichern und/oder greifen auf Informationen auf einem Gerät zu, z. B. Cookies, und verarbeiten personenbezogene Daten.", true)]
    [InlineData("Nous et nos partenaires stockons et/ou accédons à des informations sur un appareil, telles que les cookies, et traitons les données personnelles.", true)]
    // The framework's words inside a story about it: the line does not open with the disclosure.
    [InlineData("The regulator said that sites write \"we and our partners store information on a device, such as cookies\" without saying who the partners are.", false)]
    [InlineData("We and our partners in the harbour association store boats for the winter in the old cookie factory.", false)]
    public void The_consent_frameworks_disclosure_is_a_cookie_notice(string line, bool notice)
    {
        Assert.Equal(notice, BoilerplateRules.IsCookieNotice(line));
    }

    [Fact]
    public void Photo_captions_are_left_out_by_default_and_a_slides_prose_is_not()
    {
        const string caption = "A towboat pushes barges along the river near the harbour on Tuesday.";
        const string slide = "The first stop on the walk is the old lock keeper's house, rebuilt in 1921 after the flood took the roof. " +
                             "Its garden still has the iron rings where barges tied up while they waited for the tide.";
        var html = Article($"<p>{Story[0]}</p><div class='Figure'><img src='/a.jpg' alt=''><div class='Figure-caption'><p>{caption}</p></div></div>" +
                           $"<p>{Story[1]}</p><figure><img src='/b.jpg' alt=''><figcaption><p>{slide}</p><p>{Story[3]}</p></figcaption></figure><p>{Story[2]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain(caption, text);
        Assert.Contains(slide, text);
        Assert.Contains(Story[2], text);
        Assert.Contains(caption, HarbourStory.Text(html, new HtmlExtractorOptions { IncludeCaptions = true }));
    }

    [Fact]
    public void A_short_label_that_opens_a_list_is_its_lead_in_and_a_label_alone_is_furniture()
    {
        // A shopping desk's product card: p.product-why__label "Why we like it:" over the product's merits.
        var html = Article($"<p>{Story[0]}</p><p class='product-why__label'><strong>Why we like it:</strong></p>" +
                           "<ul class='product-why__list'><li>Picked up nearly all of the test debris on the quay's boards</li><li>Ran for forty minutes on one charge</li></ul>" +
                           $"<p>{Story[1]}</p><p class='story-label'>Harbour:</p><p>{Story[2]}</p>");
        var text = HarbourStory.Text(html);
        Assert.Contains("Why we like it:", text);
        Assert.DoesNotContain("Harbour:", text);
    }

    [Fact]
    public void A_heading_whose_slug_dropped_an_apostrophe_is_its_own_anchor()
    {
        // Ghost writes id="whats-next" on "What’s next"; "next" is a furniture word of class names.
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><h2 id='whats-next'>What’s next</h2><p>{Story[2]}</p>");
        Assert.Contains("What’s next", HarbourStory.Text(html));
    }

    [Fact]
    public void A_box_that_opens_with_an_advertising_label_and_links_out_is_an_advertisement()
    {
        // CHIP's product box: "Anzeige", the product, offers with prices and "Zum Angebot" links.
        var box = "<div class='ProductBox'><div class='ProductBox__Label'>Anzeige</div><div class='ProductBox__Title'>Hafenkran Modell 3000 im Maßstab 1:87</div>" +
                  "<ul class='ProductBox__Offers'><li><span>Shop A</span> <span>69,90 €</span> <a href='https://shop.example/a'>Zum Angebot</a></li></ul>" +
                  "<p class='ProductBox__Hint'>Preise inkl. MwSt., zzgl. Versandkosten</p></div>";
        var text = HarbourStory.Text(Article($"<p>{Story[0]}</p>{box}<p>{Story[1]}</p><p>{Story[2]}</p>"));
        Assert.DoesNotContain("Hafenkran Modell 3000", text);
        Assert.Contains(Story[1], text);
        // An ad slot written inside a table: the parser moves it before the table, into the table's wrapper, which it
        // then opens with its label. The table links nowhere and stays.
        var table = "<div class='table-wrapper'><table><tr><th>Kai</th><th>Liegeplätze</th></tr><tr><td>Nordkai</td><td>42</td></tr>" +
                    "<div class='ad'><div class='ad-label'>Anzeige</div></div><tr><td>Südkai</td><td>17</td></tr></table></div>";
        var withTable = HarbourStory.Text(Article($"<p>{Story[0]}</p>{table}<p>{Story[1]}</p>"));
        Assert.Contains("Nordkai", withTable);
        Assert.Contains("Südkai", withTable);
    }

    [Fact]
    public void A_writers_tagline_closing_a_column_is_not_text_and_the_same_words_inside_it_are()
    {
        const string tagline = "Margaret Ellery is a retired teacher and a columnist for the Harbour Gazette. Her column appears every other Sunday.";
        var text = HarbourStory.Text(Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p><p><em>{tagline}</em></p>"));
        Assert.Contains(Story[2], text);
        Assert.DoesNotContain("Margaret Ellery", text);
        var inside = HarbourStory.Text(Article($"<p>{Story[0]}</p><p>{tagline}</p><p>{Story[1]}</p><p>{Story[2]}</p><p>{Story[3]}</p>"));
        Assert.Contains("Margaret Ellery", inside);
    }

    [Theory]
    // A media group's affiliate disclosure.
    [InlineData("Vox Media has affiliate partnerships. These do not influence editorial content, though Vox Media may earn commissions for products purchased via affiliate links.", true)]
    // Science X's notes under every phys.org story.
    [InlineData("This article has been reviewed according to Science X's editorial process and policies. Editors have highlighted the following attributes.", true)]
    [InlineData("This document is subject to copyright. Apart from any fair dealing for the purpose of private study or research, no part may be reproduced without the written permission.", true)]
    [InlineData("Citation: Thirsty oaks may warn their neighbors (2022, May 4) retrieved 5 May 2022 from https://phys.org/news/2022-05-thirsty-oaks.html", true)]
    [InlineData("More information: Ingrid Vasquez et al, Mycorrhizal networks mediate stomatal closure, New Phytologist (2022). DOI: 10.1111/nph.18123", true)]
    [InlineData("Journal information: New Phytologist", true)]
    [InlineData("新浪声明：新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。", true)]
    [InlineData("More information about the harbour's history is available at the town library, which keeps the old charts.", false)]
    [InlineData("The partnership has affiliate members in six ports.", false)]
    public void Publishers_notes_under_the_text_are_site_notices(string line, bool notice)
    {
        Assert.Equal(notice, BoilerplateRules.SiteNotice().IsMatch(line));
    }

    [Fact]
    public void Interface_lines_of_the_batches_are_not_text()
    {
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "Publicidade");
        // The advertising labels are one list for a label line and for a label opening an ad's box.
        foreach (var label in new[] { "Reklama", "Paid content", "Sponsored by Harbour Bank", "Annons" })
        {
            Assert.Matches(BoilerplateRules.BoilerplateLine(), label);
            Assert.Matches(BoilerplateRules.AdLabel(), label);
        }
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "にほんブログ村");
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "ランキングに参加しています。ポチッとお願いします！");
        Assert.Matches(BoilerplateRules.LoginPrompt(), "Register now for FREE unlimited access to Reuters.com");
        Assert.Matches(BoilerplateRules.LoginPrompt(), "Register");
        Assert.DoesNotMatch(BoilerplateRules.LoginPrompt(), "Register your boat with the harbour master before the season starts.");
        Assert.True(BoilerplateRules.IsRelatedHeading("RELATED COVERAGE"));
        Assert.False(BoilerplateRules.IsRelatedHeading("Related coverage of the strike was thin in the national papers."));
        Assert.Matches(BoilerplateRules.InterfaceLine(), "VÍDEOS: tudo sobre Piracicaba e região");
        Assert.Matches(BoilerplateRules.FeedbackPrompt(), "Wie hilfreich war dieser Praxistipp? ★ ★ ★ ★ ★");
        Assert.Matches(BoilerplateRules.EngagementPrompt(), "Erzähl uns deine Geschichte! Schick sie uns per WhatsApp oder über das Formular.");
        Assert.Matches(BoilerplateRules.EngagementPrompt(), "We pay for your stories! Do you have a story for The Sun news desk?");
        Assert.DoesNotMatch(BoilerplateRules.EngagementPrompt(), "She wanted to tell us her story before the harbour closed.");
    }

    [Fact]
    public void A_wire_columns_contact_lines_and_ticker_box_are_not_text()
    {
        // Bloomberg Opinion, as syndicated: "To contact the author of this story:" over "Name at address", then the
        // "In this article" box of the companies named, with their prices.
        var end = "<p>To contact the author of this story:<br>Colin Marsh at cmarsh@bloomberg.example</p>" +
                  "<p>To contact the editor responsible for this story:<br>Beth Roth at broth5@bloomberg.example</p>" +
                  "<section class='in-this-article'><h3>In this article</h3><ul><li>HWG<br><span>HARWELL GRANT INC</span><br><span>38.42 USD</span></li></ul></section>";
        var text = HarbourStory.Text(Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p>{end}"));
        Assert.EndsWith(Story[2], text.TrimEnd());
        Assert.Matches(BoilerplateRules.InterfaceLine(), "To contact the author of this story:");
        Assert.Matches(BoilerplateRules.ContactLine(), "Colin Marsh at cmarsh@bloomberg.example");
        Assert.DoesNotMatch(BoilerplateRules.ContactLine(), "Colin Marsh at the harbour office said the cranes would stay.");
        // A lead-in to a list of links, with its colon: "Read more:".
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "Read more:");
    }

    [Fact]
    public void An_embedded_social_post_is_not_text_and_a_quotation_is()
    {
        // Twitter's embed as its script expects it: blockquote.twitter-tweet with the post, the author's handle and
        // the date. Another person's post, quoted by the page.
        const string tweet = "my cactus in the harbour app just said it wants the window seat and I am being manipulated by a watering reminder";
        const string quote = "We never thought the ferry would run on a Sunday again, and now it runs every hour until midnight.";
        var html = Article($"<p>{Story[0]}</p><blockquote class='twitter-tweet' data-lang='en'><p lang='en'>{tweet}</p>&mdash; jules (@julesgrows) " +
                           $"<a href='https://twitter.com/julesgrows/status/9120'>September 26, 2017</a></blockquote><p>{Story[1]}</p><blockquote><p>{quote}</p></blockquote><p>{Story[2]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("my cactus in the harbour app", text);
        Assert.DoesNotContain("@julesgrows", text);
        Assert.Contains(quote, text);
        Assert.Contains(Story[2], text);
        // Wired's list of other stories after every article.
        Assert.True(BoilerplateRules.IsRelatedHeading("More Great WIRED Stories"));
    }

    [Fact]
    public void A_press_releases_contact_block_is_not_text_and_its_boilerplate_is()
    {
        const string about = "About Harbour Robotics: Harbour Robotics builds cranes for small ports. The company was founded in 2009.";
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{about}</p>" +
                           "<p><strong>Media Contact:</strong><br>Lena Whitford<br>Harbour Robotics<br>+1 412-555-0187<br>press@harbour.example</p>" +
                           $"<p>{Story[2]}</p>");
        var text = HarbourStory.Text(html);
        Assert.Contains(about, text);
        Assert.DoesNotContain("Lena Whitford", text);
        Assert.DoesNotContain("555-0187", text);
        // The block ends at the first sentence: the text after it stays.
        Assert.Contains(Story[2], text);
    }

    [Fact]
    public void A_gallerys_counters_and_a_review_sites_notes_are_not_text()
    {
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "3 / 12");
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "12 photos");
        Assert.Matches(BoilerplateRules.BoilerplateLine(), "Continue to next slide");
        Assert.DoesNotMatch(BoilerplateRules.BoilerplateLine(), "3 / 12 boats were back in the harbour by noon.");
        Assert.Matches(BoilerplateRules.EngagementPrompt(), "Have a photo or video of news happening near you? Send it to us.");
        Assert.Matches(BoilerplateRules.SiteNotice(), "Why you can trust TechRadar We spend hours testing every product or service we review, so you can be sure you're buying the best.");
        Assert.Matches(BoilerplateRules.SiteNotice(), "Our editors independently research, test, and recommend the best products; you can learn more about our review process here.");
        Assert.Matches(BoilerplateRules.SiteNotice(), "The Spruce uses only high-quality sources, including peer-reviewed studies, to support the facts within our articles.");
        Assert.True(BoilerplateRules.IsRelatedHeading("Today's best Kaldera Aria X3 deals"));
    }

    [Fact]
    public void A_reader_revenue_appeal_after_the_text_is_not_text()
    {
        // The Guardian's epic (div.dcr-epic), HuffPost's div.contributions-entry, elDiario.es's div.socios-box.
        foreach (var box in new[]
                 {
                     "<div class='dcr-epic'><h2>We hope you appreciated this report on the harbour.</h2><p>We believe that each of us deserves access to accurate reporting with integrity at its heart, and that is why we keep our journalism open for everyone to read.</p></div>",
                     "<div class='contributions-entry'><div class='contributions-entry__header'>Support the Gazette</div><h3>At the Gazette, we believe that everyone needs high-quality journalism, but not everyone can afford to pay for expensive subscriptions.</h3></div>",
                     "<div class='socios-box'><p class='socios-box__title'>Hazte socio/a</p><p>Una sociedad bien informada es más libre, más exigente y más difícil de engañar. Por eso necesitamos tu apoyo.</p></div>",
                 })
        {
            var text = HarbourStory.Text(Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p>{box}"));
            Assert.EndsWith(Story[2], text.TrimEnd());
        }

        Assert.Matches(BoilerplateRules.SiteNotice(), "Support the Guardian from as little as $1 – it only takes a minute. Thank you.");
        Assert.Matches(BoilerplateRules.SiteNotice(), "Do you have information about nursing home inspections? Contact Marisa Kowalczyk at marisa@example.org or by Signal.");
        Assert.Matches(BoilerplateRules.EngagementPrompt(), "Get in touch with our news team by emailing us at webnews@example.co.uk.");
        Assert.Matches(BoilerplateRules.EngagementPrompt(), "We want to hear from you");
        Assert.DoesNotMatch(BoilerplateRules.EngagementPrompt(), "The harbour master said they want to hear from every skipper before the vote.");
    }

    [Fact]
    public void A_heading_numbered_for_the_contents_is_the_texts()
    {
        // heise's in-page contents: h3.subheading id="nav_2"; "nav" is a furniture word.
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><h3 class='subheading' id='nav_2'>Schutzzone um den Hafen</h3><p>{Story[2]}</p>");
        Assert.Contains("Schutzzone um den Hafen", HarbourStory.Text(html));
    }

    [Fact]
    public void An_accordions_header_button_and_an_aside_callout_inside_the_text_are_text()
    {
        // Kadence's accordion: div.kt-accordion-header-wrap > button > the question, over the panel with its answer.
        const string question = "How long does the ferry wait at the north quay?";
        var faq = "<div class='kt-accordion-pane'><div class='kt-accordion-header-wrap'><button class='kt-blocks-accordion-header' type='button'>" +
                  $"<span class='kt-blocks-accordion-title'>{question}</span></button></div><div class='kt-accordion-panel'><p>{Story[3]}</p></div></div>";
        // Astro's callout: aside.callout.callout-note with its title and paragraph, between two paragraphs of the post.
        const string note = "The quay's bollards were replaced in 2019, so the old mooring plans no longer apply to boats over twelve metres.";
        var callout = $"<aside class='callout callout-note'><p class='callout-title'>Note</p><div class='callout-content'><p>{note}</p></div></aside>";
        var text = HarbourStory.Text(Article($"<p>{Story[0]}</p>{callout}<p>{Story[1]}</p><p>{Story[2]}</p>{faq}"));
        Assert.Contains(question, text);
        Assert.Contains(note, text);
        // A shop button's label under a product box.
        Assert.Matches(BoilerplateRules.InterfaceLine(), "Check Price on Amazon");
        Assert.DoesNotMatch(BoilerplateRules.InterfaceLine(), "Check the price of diesel at the harbour pump before you sail.");
    }

    [Theory]
    [InlineData("Je leest nu 1 van de 3 gratis premium artikelen. Word abonnee en lees alle artikelen van AD en de regio.", true)]
    [InlineData("You're reading 1 of 3 free articles this month.", true)]
    [InlineData("Al abonnee? Log in", true)]
    [InlineData("Bekijk abonnementen", true)]
    [InlineData("De abonnee van de haven betaalt voortaan twaalf euro per maand voor een ligplaats.", false)]
    public void A_metered_paywalls_lines_are_prompts(string line, bool prompt)
    {
        Assert.Equal(prompt, BoilerplateRules.IsPaywallPrompt(line));
    }

    [Fact]
    public void Review_and_travel_sites_disclosures_are_notices()
    {
        Assert.Matches(BoilerplateRules.SiteNotice(), "Editorial Note: We earn a commission from partner links on Forbes Advisor. Commissions do not affect our editors' opinions or evaluations.");
        Assert.Matches(BoilerplateRules.SiteNotice(), "Fiona travelled to the Azores with support from Visit Azores. Lonely Planet contributors do not accept freebies in exchange for positive coverage.");
        Assert.DoesNotMatch(BoilerplateRules.SiteNotice(), "The harbour earns a commission from every ferry ticket sold at the quay.");
    }

    [Fact]
    public void A_trade_portals_registration_wall_and_a_clubs_older_news_are_not_text()
    {
        Assert.Matches(BoilerplateRules.LoginPrompt(), "Lesen Sie den vollständigen Artikel kostenlos");
        Assert.Matches(BoilerplateRules.LoginPrompt(), "Registrieren Sie sich jetzt kostenlos bei HAFEN PRAXIS+ und erhalten Sie Zugriff auf alle Fachbeiträge.");
        Assert.DoesNotMatch(BoilerplateRules.LoginPrompt(), "Lesen Sie den vollständigen Bericht des Hafenamts, der seit Montag im Rathaus ausliegt.");
        Assert.True(BoilerplateRules.IsRelatedHeading("Ältere Meldungen"));
        Assert.False(BoilerplateRules.IsRelatedHeading("Ältere Meldungen aus dem Hafenarchiv zeigen, wie oft die Mole brach."));
    }
}
