using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's eighteenth pass: causes found on the blind article pages (Data/extraction/articles-blind, written
/// with their full truth by helpers who never read the extractor). Markup after the templates named in each test, our
/// words.</summary>
public sealed class ArticleBatchTests
{
    private static string Article(string inside) =>
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article><div class='entry-content'>" + inside +
        "</div></article></main><footer><p>© 2024 Harbour Gazette</p></footer></body></html>";

    [Fact]
    public void A_heading_whose_id_is_its_own_slug_is_kept_whatever_words_the_slug_holds()
    {
        // Hugo, Jekyll and MkDocs put the anchor on the heading itself: "Why more cores made it worse" has
        // id="why-more-cores-made-it-worse", and "more" is a furniture word of class names.
        var html = Article($"<p>{Story[0]}</p><h2 id='why-more-boats-moored-here'>Why more boats moored here</h2><p>{Story[1]}</p>" +
                           $"<h2 id='sharing-the-quay-with-ferries'>Sharing the quay with ferries</h2><p>{Story[2]}</p><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.Contains("Why more boats moored here", text);
        Assert.Contains("Sharing the quay with ferries", text);
    }

    [Fact]
    public void A_heading_named_by_a_widget_id_is_still_furniture()
    {
        // Two words are a widget's name ("related-posts"), not a slug of the heading it happens to match.
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p><h2 id='related-posts'>Related posts from the harbour</h2>");
        Assert.DoesNotContain("Related posts from the harbour", HarbourStory.Text(html));
    }

    [Fact]
    public void A_figure_that_is_one_link_to_another_page_is_a_card_and_a_picture_with_a_linked_caption_is_not()
    {
        // Ghost's bookmark card: figure.kg-bookmark-card > a with the other page's title, description and thumbnail.
        const string card = "How the quay wall was rebuilt after the 1953 flood";
        const string caption = "The north basin at low tide, from the harbour master's report";
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p>" +
                           "<figure class='kg-card kg-bookmark-card'><a class='kg-bookmark-container' href='https://example.org/quay-wall/'>" +
                           $"<div class='kg-bookmark-content'><div class='kg-bookmark-title'>{card}</div>" +
                           "<div class='kg-bookmark-description'>Engineers explain what the storm did to the old stones and why the new wall is lower.</div>" +
                           "</div><div class='kg-bookmark-thumbnail'><img src='/t.jpg' alt=''></div></a></figure>" +
                           $"<p>{Story[2]}</p><figure class='graf graf--figure'><img src='/n.jpg'><figcaption><a href='https://example.org/report'>{caption}</a></figcaption></figure>" +
                           $"<p>{Story[3]}</p>");
        var text = HarbourStory.Text(html, new HtmlExtractorOptions { IncludeCaptions = true });
        Assert.DoesNotContain(card, text);
        Assert.Contains(caption, text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void An_author_biography_box_is_furniture_however_long()
    {
        // Newspack's div.author-bio: "author" alone marks a byline, removed only when short; "bio" says the whole box
        // is the author's biography. The first word had made the second count as short-only too.
        const string bio = "Jana Vogel covers ports, shipping and the coast for the Harbour Gazette. She grew up in a pilot's family on the " +
                           "island and worked for eight years at a regional radio station before she joined the paper in 2019. Reach her at " +
                           "jana.vogel@harbourgazette.example or on Signal.";
        // Inside the text's container, as a theme sets it after the last paragraph.
        var html = "<html><body><main><article><div class='entry-content'>" + string.Concat(Story.Select(p => $"<p>{p}</p>")) +
                   $"<div class='author-bio'><img class='avatar' src='/a.jpg'><div class='author-bio-text'><h2>Jana Vogel</h2><p>{bio}</p>" +
                   "<a class='author-link' href='/author/jvogel/'>More by Jana Vogel</a></div></div></div></article></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[^1], text);
        Assert.DoesNotContain("Jana Vogel covers ports", text);
    }

    [Fact]
    public void A_breadcrumb_trail_written_as_text_is_furniture_and_a_menu_path_in_a_sentence_is_not()
    {
        // SPIP's p.arbo: "Accueil > Économie > <strong>title</strong>", no furniture word in its class.
        var html = "<html><body><div id='contenu'><p class='arbo'><a href='https://www.example.fr/'>Accueil</a> &gt; " +
                   "<a href='spip.php?rubrique5'>Économie</a> &gt; <strong class='on'>La laiterie reprise par ses salariés</strong></p>" +
                   "<div class='texte'>" + string.Concat(Story.Select(p => $"<p>{p}</p>")) +
                   "<p>To change it, open <a href='/help/settings'>Settings</a> &gt; <a href='/help/privacy'>Privacy</a> &gt; Harbour alerts and choose the berth.</p>" +
                   "</div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("Accueil", text);
        Assert.Contains("Privacy > Harbour alerts", text);
        Assert.Contains(Story[0], text);
    }

    [Theory]
    [InlineData("<p id='b'><a href='/'>Home</a> &gt; <a href='/news/'>News</a> &gt; Harbour</p>", true)]
    [InlineData("<div id='b'><a href='/de/'>Startseite</a> › <a href='/lokales/'>Lokales</a> › Hafen</div>", true)]
    [InlineData("<p id='b'><a href='/news/'>News</a> &gt; <a href='/news/harbour/'>Harbour</a> &gt; Quay</p>", false)]
    [InlineData("<p id='b'>Open <a href='/'>Home</a> &gt; Settings to change it.</p>", false)]
    [InlineData("<p id='b'><a href='/'>Home</a></p>", false)]
    public void Breadcrumb_trails_are_known_by_their_parts(string markup, bool trail)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<html><body>" + markup + "</body></html>");
        Assert.Equal(trail, BoilerplateRules.IsBreadcrumbTrail(document.GetElementById("b")!));
    }

    [Fact]
    public void A_screen_reader_label_of_a_css_in_js_component_is_not_text()
    {
        // BBC News (2024): figcaption > span.ssrcss-1ks7sdk-VisuallyHidden "Image caption, " before the caption, and
        // the same label before every credit; inline in a sentence, such a span had been kept as part of it.
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p><figure><img src='/q.jpg' alt=''>" +
                           "<figcaption class='ssrcss-1m2wgzr-StyledFigureCaption e34k3c20'><span class='ssrcss-1ks7sdk-VisuallyHidden e16en2lz0'>Image caption, </span>" +
                           $"The quay at dawn, before the ferries arrive</figcaption></figure><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("Image caption", text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void A_byline_named_inside_the_article_namespace_is_a_byline()
    {
        // Vox Media's Chorus: p.duet--article--byline "By …, a news writer who covers …". The content word of the
        // namespace ("article") had kept the short byline as a post's text; a class name that ends in a content
        // word ("message-userContent", XenForo's post) still does.
        // Tailwind's "text-14" beside it says nothing about content either.
        const string byline = "By Priya Rao, a news writer who covers harbours, ferries and the people who run them. She previously covered the coast for six years.";
        var html = Article($"<p class='duet--article--byline mb-5 font-polysans text-14 font-light leading-130'>{byline}</p><p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p>");
        Assert.DoesNotContain("a news writer who covers", HarbourStory.Text(html));
        const string post = "Thanks, the berth at the north quay worked fine for our boat last weekend, and the harbour office answered the radio at once.";
        var forum = "<html><body><div class='block-body'>" +
                    string.Concat(Story.Select(p => $"<article class='message'><div class='message-userContent'><p>{p}</p></div></article>")) +
                    $"<article class='message'><div class='message-user'>Kai</div><div class='message-userContent'><p>{post}</p></div></article></div></body></html>";
        Assert.Contains(post, HarbourStory.Text(forum));
    }

    [Fact]
    public void A_video_teaser_in_the_text_is_furniture_and_a_list_item_told_in_its_heading_beside_a_video_is_not()
    {
        // Ippen's sticky player (div.id-Video: "Video", the video's title, a close button) and a news site's
        // div.video-teaser (label, title, duration) among the paragraphs.
        const string teaser = "Five plants that can still go into the garden now";
        var html = Article($"<p>{Story[0]}</p><div class='id-StoryElement-video id-Video id-Video--sticky'><div class='id-Video-header'>" +
                           $"<span class='id-Video-label'>Video</span><span class='id-Video-title'>{teaser}</span><button>×</button></div>" +
                           "<glomex-integration integration-id='x'></glomex-integration></div>" +
                           $"<p>{Story[1]}</p><div class='video-teaser'><span class='video-teaser__label'>Video</span>" +
                           "<p class='video-teaser__title'>Harbour master: “We will not be rushed”</p><span>01:42 min</span></div>" +
                           $"<p>{Story[2]}</p><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain(teaser, text);
        Assert.DoesNotContain("We will not be rushed", text);
        // BuzzFeed's list items: "buzz_superlist_item_video", each item told in its h2 over an embedded video.
        const string item = "1. A ferry captain from the island filmed the storm from the bridge and shared it with the harbour office.";
        var list = "<html><body><div id='buzz_sub_buzz'>" +
                   $"<div class='buzz_superlist_item buzz_superlist_item_video video_instagram'><h2 class='subbuzz_name'>{item}</h2><blockquote class='instagram-media'></blockquote></div>" +
                   string.Concat(Story.Select((p, k) => $"<div class='buzz_superlist_item buzz_superlist_item_text'><h2 class='subbuzz_name'>{k + 2}. Then the harbour.</h2><p>{p}</p></div>")) +
                   "</div></body></html>";
        Assert.Contains(item, HarbourStory.Text(list));
    }

    [Fact]
    public void An_affiliate_product_box_is_an_advertisement()
    {
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><div class='id-StoryElement-embed id-AffiliateBox' data-tracking-area='affiliate'>" +
                           "<div class='id-AffiliateBox-label'>Anzeige</div><p class='id-AffiliateBox-title'>Stainless mooring cleat, 25 cm, marine grade</p>" +
                           "<p class='id-AffiliateBox-price'>24,99 €</p><a href='https://amazon.example/x'>View at the shop*</a></div>" +
                           $"<p>{Story[2]}</p><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("mooring cleat", text);
        Assert.Contains(Story[3], text);
        // The AAWP plugin's boxes on German advice blogs (div.aawp > div.aawp-product: ribbon, title, price, button).
        var blog = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><div class='aawp'><div class='aawp-product aawp-product--horizontal'>" +
                           "<span class='aawp-product__ribbon'>Angebot</span><a class='aawp-product__title' href='https://amazon.example/y'>Klimawerk DryMax 20 Luftentfeuchter, 20 l/Tag, für Räume bis 45 m²</a>" +
                           "<div class='aawp-product__description'><ul><li>Entfeuchtet bis 20 Liter am Tag, auch im kühlen Keller ab 5 Grad</li><li>Leiser Nachtbetrieb mit 38 dB und automatischer Abschaltung bei vollem Tank</li></ul></div>" +
                           "<a class='aawp-button' href='https://amazon.example/y'>Preis prüfen bei Amazon*</a></div></div>" + $"<p>{Story[2]}</p><p>{Story[3]}</p>");
        Assert.DoesNotContain("Entfeuchtet bis 20 Liter", HarbourStory.Text(blog));
    }

    // From the sixth batch of snippet pages (Data/extraction/ml-snippets, "batch": 6), written blind the same way.

    [Fact]
    public void An_issue_thread_whose_opening_post_has_another_class_list_is_one_thread()
    {
        // GitHub: the issue's body in div.TimelineItem.pt-0.js-comment-container, each answer in
        // div.TimelineItem.js-comment-container. Grouped by their whole class attribute, the answers came after the
        // opening post's prose, so they were taken for a blog's comments, and the opening post went with them.
        var html = Issue(Post("pt-0 ", Story[0]) + string.Concat(Story[1..].Select(p => Post("", p))));
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains(Story[3], text);
    }

    private static string Post(string extra, string text) =>
        $"<div class='TimelineItem {extra}js-comment-container'><div class='timeline-comment'><table><tbody><tr><td class='d-block comment-body markdown-body js-comment-body'>" +
        $"<p>{text}</p><p>{text.Replace("harbour", "quay")}</p></td></tr></tbody></table></div></div>";

    private static string Issue(string posts) =>
        "<html><body><header><a href='/'>Home</a></header><div id='discussion_bucket'><div class='Layout-main'><div class='js-discussion'>" +
        posts + "</div></div></div><footer><a href='/terms'>Terms</a></footer></body></html>";

    [Fact]
    public void A_product_description_in_tabs_inside_a_block_named_related_is_the_text()
    {
        // OXID's Wave theme: div.detailsRelated holds the "Beschreibung" and "Spezifikation" tab panels, then the
        // accessories and similar products. "related" had removed the whole block and the page kept only its buy box.
        var html = "<html><body><div id='productinfo'><div id='detailsMain'><h1>Trekking pack 38+8</h1><p class='shortdesc'>Trekking pack with a front opening.</p>" +
                   "<ul class='usp'><li>Free shipping from 50 €</li></ul></div><div class='detailsRelated clear'><div class='details-tabs'>" +
                   "<ul class='nav nav-tabs' role='tablist'><li><a href='#description' role='tab'>Description</a></li><li><a href='#attributes' role='tab'>Specification</a></li></ul>" +
                   "<div class='tab-content'><div class='tab-pane active' id='description' role='tabpanel' itemprop='description'>" +
                   string.Concat(Story.Select(p => $"<p>{p}</p>")) + "</div><div class='tab-pane' id='attributes' role='tabpanel'><table><tr><th>Volume</th><td>38 + 8 litres</td></tr>" +
                   "<tr><th>Weight</th><td>1,480 g</td></tr></table></div></div></div><div class='boxwrapper'><h2>Similar products</h2><ul><li><a href='/p/1'>Day pack 22</a></li>" +
                   "<li><a href='/p/2'>Summit pack 30</a></li></ul></div></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains("38 + 8 litres", text);
        Assert.DoesNotContain("Summit pack 30", text);
    }

    [Fact]
    public void The_other_panels_join_a_text_found_in_a_tab_panels_body()
    {
        // Gambio: div.tab-pane > div.tab-heading + div.tab-body, for "Artikelbeschreibung" and "Zusatzinformationen".
        // The description's tab body won, and the panels beside it are its parent's siblings: the data sheet was lost.
        var html = "<html><body><div class='product-info'><h1>Sock yarn Heather</h1><div class='nav-tabs-container'>" +
                   "<div class='tab-pane'><div class='tab-heading'><a href='#'>Description</a></div><div class='tab-body active'>" +
                   string.Concat(Story.Select(p => $"<p>{p}</p>")) + "</div></div>" +
                   "<div class='tab-pane'><div class='tab-heading'><a href='#'>Additional information</a></div><div class='tab-body'>" +
                   "<table><tr><td>Yardage</td><td>420 m / 100 g</td></tr><tr><td>Composition</td><td>75 % merino wool, 25 % polyamide</td></tr></table></div></div>" +
                   "</div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains("75 % merino wool, 25 % polyamide", text);
    }

    [Theory]
    [InlineData("This reply was modified 3 weeks, 4 days ago by werkbank_jonas.", true)]
    [InlineData("Last edited by Kai on Tue Mar 05, 2024 8:14 pm, edited 1 time in total.", true)]
    [InlineData("Zuletzt bearbeitet von Heiko; 05.03.2024 um 20:14 Uhr.", true)]
    [InlineData("Folgende Benutzer bedankten sich: Heiko M., Jörg K., Stefan R.", true)]
    [InlineData("The following user(s) said Thank You: kai, jonas", true)]
    [InlineData("Last edited photos of the quay were taken before the storm, and they show the old stones.", false)]
    [InlineData("This reply was the harbour master's answer to the council, and it was read out at the meeting.", false)]
    public void A_forums_edit_note_or_thanks_list_is_known_by_its_line(string line, bool note)
    {
        // bbPress, phpBB, vBulletin and Kunena print such a line under a post (the sixth snippet batch's bbPress and
        // Kunena threads kept them as the posts' text).
        Assert.Equal(note, BoilerplateRules.ForumNote().IsMatch(line));
    }

    [Fact]
    public void A_forums_edit_note_under_a_post_is_not_text()
    {
        var html = "<html><body><div class='bbp-replies'>" +
                   string.Concat(Story.Select(p => $"<div class='bbp-reply-content'><p>{p}</p><ul class='bbp-reply-revision-log'><li>This reply was modified 2 days ago by harbour_kai.</li></ul></div>")) +
                   "</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[2], text);
        Assert.DoesNotContain("This reply was modified", text);
    }

    [Theory]
    [InlineData("- Advertisement -", true)]
    [InlineData("— Anzeige —", true)]
    [InlineData("Advertisement", true)]
    [InlineData("- Advertisement revenue paid for the quay's lights -", false)]
    public void An_advertising_label_is_known_with_the_dashes_a_theme_sets_around_it(string line, bool label)
    {
        // tagDiv's Newspaper theme prints span.td-adspot-title "- Advertisement -" over each ad slot (third article
        // batch's listicle); its div.td-a-rec names no ad word we know, so the label was left as the text's line.
        Assert.Equal(label, BoilerplateRules.BoilerplateLine().IsMatch(line));
    }

    [Fact]
    public void A_tagdiv_ad_slots_label_between_paragraphs_is_not_text()
    {
        const string slot = "<div class='td-a-rec td-a-rec-id-content_inline td_block_template_1'><span class='td-adspot-title'>- Advertisement -</span>" +
                            "<div class='td-all-devices'><ins class='adsbygoogle' data-ad-slot='6372819045'></ins></div></div>";
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p>{slot}<p>{Story[2]}</p><p>{Story[3]}</p>");
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[2], text);
        Assert.DoesNotContain("Advertisement", text);
    }

    // Fourth article batch (the hard kinds: short briefs, old layouts, pages whose surroundings outweigh the text).

    [Theory]
    [InlineData("We use cookies to improve your experience on our site and to show you personalised advertising. To find out more, read our privacy policy.", true)]
    [InlineData("By continuing to browse this site you agree to our use of cookies.", true)]
    [InlineData("This website uses cookies so that we can provide you with the best user experience possible.", true)]
    [InlineData("Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten. Mehr dazu in unserer Datenschutzerklärung.", true)]
    [InlineData("Ce site utilise des cookies pour améliorer votre expérience de navigation.", true)]
    [InlineData("Utilizamos cookies propias y de terceros para mejorar tu experiencia. Si continúas navegando, aceptas su uso.", true)]
    [InlineData("Questo sito utilizza cookie tecnici e di profilazione. Per saperne di più consulta la privacy policy.", true)]
    [InlineData("We use cookies from the bakery next door for the tasting, and the recipe follows below.", false)]
    [InlineData("Many websites use cookies to follow their visitors, the regulator said, and they will now have to ask for consent.", false)]
    [InlineData("Cookies help us remember what you left in the basket, she said.", false)]
    public void A_cookie_banners_notice_is_known_by_its_opening_and_its_purpose(string line, bool notice)
    {
        Assert.Equal(notice, BoilerplateRules.IsCookieNotice(line));
    }

    [Fact]
    public void A_consent_dialog_after_the_footer_is_not_the_texts_continuation()
    {
        // Sourcepoint's div.sp_veil > div.message-container (a class word of forum posts) sits after the footer as the
        // article's sibling in <body>, and its paragraph scored as more of the text (the fourth batch's live blog).
        var html = "<html><body><article class='content'><h1>Breakwater approved</h1><div class='article-body'>" + Paragraphs + "</div></article>" +
                   "<footer><a href='/about'>About us</a> <a href='/help'>Help</a></footer>" +
                   "<div id='sp_message_container_494155' class='sp_veil'><div class='message-container'><p class='message-title'>It is your choice</p>" +
                   "<p>We use cookies to improve your experience on our site and to show you personalised advertising. To find out more, read our privacy policy and cookie policy.</p>" +
                   "<button>Yes, I am happy</button><button>Manage my cookies</button></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("We use cookies", text);
    }

    [Theory]
    [InlineData("This post may contain affiliate links. Please read our disclosure policy.", true)]
    [InlineData("Disclosure: This article contains affiliate links, which means we may earn a small commission.", true)]
    [InlineData("As an Amazon Associate I earn from qualifying purchases.", true)]
    [InlineData("Dieser Beitrag enthält Affiliate-Links. Wenn du darüber kaufst, erhalten wir eine Provision.", true)]
    [InlineData("This post contains the results of our survey of 40 harbour towns, with links to each council's report.", false)]
    [InlineData("Affiliate links, the regulator said, must be marked as advertising from next year.", false)]
    public void An_affiliate_disclosure_is_a_notice_about_the_pages_links(string line, bool notice)
    {
        Assert.Equal(notice, BoilerplateRules.SiteNotice().IsMatch(line));
    }

    [Fact]
    public void An_old_table_layouts_breadcrumb_headline_and_copyright_box_are_not_text()
    {
        // A 2008 newspaper: the trail in a <font>, the headline in span.headline (the title's longest segment), the
        // copyright notice in a one-row, one-cell table under the story.
        const string headline = "Harbour authority approves the new breakwater after three years";
        var html = $"<html><head><title>Harbour Gazette - {headline}</title></head><body><table><tr><td width='160'>" +
                   "<a href='/'>Home</a><br><a href='/news'>News</a><br><a href='/sport'>Sport</a></td><td valign='top'>" +
                   "<font face='Verdana' size='1'><a href='/'>Home</a> &gt; <a href='/local-news.html'>Local News</a></font><br>" +
                   $"<span class='headline'>{headline}</span><br><br>" + string.Join("<br><br>", Story) +
                   "<br><br><table width='100%'><tr><td><font size='1'>Copyright &copy; 2008 The Harbour Gazette. All rights reserved. " +
                   "This material may not be published, broadcast, rewritten or redistributed without permission.</font></td></tr></table>" +
                   "</td></tr></table></body></html>";
        var text = HarbourStory.Text(html);
        Assert.StartsWith(Story[0], text);
        Assert.EndsWith(Story[3], text);
        Assert.Contains(headline, HarbourStory.Run(html).Document!.Metadata["title"] as string ?? "");
        Assert.Contains(headline, HarbourStory.Text(html, new HtmlExtractorOptions { IncludeTitle = true }));
    }

    [Fact]
    public void A_first_line_that_only_shares_words_with_the_title_stays()
    {
        // Word for word, not resemblance: a lead that opens with the title's words is the text.
        var html = "<html><head><title>Breakwater approved | Harbour Gazette</title></head><body><div class='story'>" +
                   "<p>Breakwater approved, the harbour authority said on Tuesday.</p>" + Paragraphs + "</div></body></html>";
        Assert.Contains("Breakwater approved, the harbour authority said on Tuesday.", HarbourStory.Text(html));
    }

    [Fact]
    public void A_copyright_row_of_several_cells_is_a_tables_data()
    {
        // Only a row of one cell is a line for the widget-line rules: a table of image licences lists its rights
        // notices as values, cell by cell.
        var html = Article(Paragraphs + "<table><tr><th>Rights</th><th>Image</th></tr><tr><td>© 2008 The Harbour Gazette. All rights reserved.</td><td>Quay at dawn</td></tr>" +
                           "<tr><td>© 2019 Port Authority. All rights reserved.</td><td>New breakwater</td></tr></table>");
        Assert.Contains("© 2019 Port Authority. All rights reserved.", HarbourStory.Text(html));
    }

    [Fact]
    public void A_title_of_one_short_word_names_no_headline_line()
    {
        // LibreOffice's help: the page titled by its shortcut ("Einfg") under its heading ("Einfügen").
        var html = "<html><head><title>Einfg</title></head><body><div class='help'><p>Einfügen</p><p>Einfg</p>" + Paragraphs + "</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.StartsWith("Einfügen\nEinfg\n", text);
    }

    [Fact]
    public void The_line_above_a_repeated_title_is_no_kicker()
    {
        // LibreOffice's help again: the button's label ("Kleiner") over the line that repeats the page's title. A page
        // that repeats its title in a styled line has no kicker over it; the label is the page's own.
        var html = "<html><head><title>Maßstab verkleinern</title></head><body><div class='help'><p>Kleiner</p><p>Maßstab verkleinern</p>" + Paragraphs + "</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.StartsWith("Kleiner\n" + Story[0], text);
    }

    // Fifth article batch (written after the fourth's fixes).

    [Fact]
    public void An_faqs_closed_answers_under_their_question_buttons_are_the_text()
    {
        // A help centre's FAQ in the WAI-ARIA accordion pattern: h3 > button > the question, then the answer's panel,
        // closed (aria-hidden="true", display:none by a class). Questions and answers are the article; a closed panel
        // of links (a menu's flyout) and a closed panel under no question (a modal's text) are not.
        var items = string.Concat(Story.Select((answer, k) =>
            $"<div class='accordion__item'><h3 class='accordion__heading'><button type='button' class='accordion__trigger' aria-expanded='false'>" +
            $"<span>Question number {k + 1} about the breakwater?</span></button></h3>" +
            $"<div class='accordion__panel is-collapsed' aria-hidden='true'><p>{answer}</p></div></div>"));
        var html = "<html><body><nav><button class='menu'>Menu</button><div class='nav-panel' aria-hidden='true'><ul><li><a href='/a'>Boats</a></li><li><a href='/b'>Ferries</a></li>" +
                   "<li><a href='/c'>Fishing</a></li></ul></div></nav><main><article><h1>Breakwater FAQ</h1><div class='article-body'>" +
                   "<p>This page collects the questions the harbour office hears most often about the new breakwater.</p>" +
                   "<div class='panel' aria-hidden='true'><p>Tide tables for the coming month are printed every Friday, and a copy is posted on the harbour office door.</p></div>" +
                   $"<div class='accordion'>{items}</div></div></article></main>" +
                   "<div class='panel' aria-hidden='true'><p>Subscribe to our weekly harbour newsletter and never miss a sailing notice again.</p></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains("Question number 2 about the breakwater?", text);
        Assert.Contains(Story[1], text);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Ferries", text);
        Assert.DoesNotContain("weekly harbour newsletter", text);
        Assert.DoesNotContain("Tide tables for the coming month", text);
    }

    [Fact]
    public void A_feedback_widgets_question_under_the_text_is_not_text()
    {
        var html = Article(Paragraphs + "<div class='article-votes'><span class='article-votes-question'>Was this article helpful?</span>" +
                           "<span class='vote-label'>Yes</span> <span class='vote-label'>No</span></div>");
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("helpful", text);
    }

    [Theory]
    [InlineData("Was this article helpful?", true)]
    [InlineData("Is this page useful?", true)]
    [InlineData("Did this method work for you?YesNo", true)]
    [InlineData("Thanks! 37Not Helpful 2", true)]
    [InlineData("War dieser Artikel hilfreich?", true)]
    [InlineData("Cet article vous a-t-il été utile ?", true)]
    [InlineData("Was this article helpful to the council? The minutes do not say.", false)]
    [InlineData("Did this plan work for the fishermen? Only partly, they said.", false)]
    public void A_feedback_widgets_question_is_known_whole(string line, bool prompt)
    {
        Assert.Equal(prompt, BoilerplateRules.FeedbackPrompt().IsMatch(line));
    }

    [Theory]
    [InlineData("Pin it for later!", true)]
    [InlineData("読者になる", true)]
    [InlineData("みちるさんの読者になろう", true)]
    [InlineData("Pin the map to the wall before you leave.", false)]
    public void A_pin_or_follow_widgets_label_is_a_widget_line(string line, bool label)
    {
        Assert.Equal(label, BoilerplateRules.BoilerplateLine().IsMatch(line));
    }

    [Fact]
    public void A_video_modules_title_with_its_running_time_goes_and_a_track_list_stays()
    {
        var html = Article($"<p>{Story[0]}</p><p>{Story[1]}</p><div class='media__video-description'><h2><span>Why the breakwater took three years</span>" +
                           $"<span> (02:41)</span></h2></div><p>{Story[2]}</p><p>{Story[3]}</p>" +
                           "<h3>The band's harbour album</h3><ol><li>Low Tide at Noon (3:12)</li><li>The Pilot's Daughter (4:05)</li></ol>");
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("Why the breakwater took three years", text);
        Assert.Contains("The Pilot's Daughter (4:05)", text);
        Assert.Contains(Story[2], text);
    }

    // Sixth article batch (the hard kinds again, written after the fifth's fixes).

    [Fact]
    public void A_short_article_is_not_joined_by_the_neighbours_posts_beside_it()
    {
        // A hyperlocal brief (Patch's styles_Article…) of two paragraphs, then "Neighbor Posts" and events: a dozen
        // cards with a paragraph each. The brief held a quarter of the page's paragraphs or less, and the rule for a
        // winning list or a note climbed to the column: the <article> holding the headline is the whole story.
        var posts = string.Concat(Enumerable.Range(1, 10).Select(k =>
            $"<div class='styles_Card__1u2r8 styles_PostCard__2yK0v'><div><a href='/users/u{k}'>Neighbour {k}</a> <span>Neighbor</span></div>" +
            $"<h3><a href='/p/{k}'>Post number {k} from the street</a></h3><p>Our neighbour number {k} writes that the bins on the corner were not " +
            "emptied this week, and asks whether anyone else has called the council about it yet.</p></div>"));
        var html = "<html><body><main><div class='styles_Layout__main'><article class='styles_Article__2jm01'><h1>Library branch closes for roof work</h1>" +
                   $"<section class='styles_Article__content'><p>{Story[0]}</p><p>{Story[1]}</p></section></article>" +
                   $"<section class='styles_NeighborPosts__1nO8e'><h2>Neighbor Posts</h2>{posts}</section></div></main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[1], text);
        Assert.DoesNotContain("Our neighbour number", text);
    }

    [Fact]
    public void A_timelines_date_headings_are_its_text_and_a_lone_dateline_is_not()
    {
        var html = Article("<p>March 3, 2024</p>" + string.Concat(Story.Select((p, k) => $"<h3>Jan. {k + 10}, 2020</h3><p>{p}</p>")));
        var text = HarbourStory.Text(html);
        Assert.Contains("Jan. 11, 2020\n" + Story[1], text);
        Assert.DoesNotContain("March 3, 2024", text);
        // One date set as a heading over the text is its dateline.
        Assert.DoesNotContain("March 3, 2024", HarbourStory.Text(Article("<h4>March 3, 2024</h4>" + Paragraphs)));
    }

    [Theory]
    [InlineData("Mit WZ+ erhalten Sie unbegrenzten Zugang zu allen Plus-Inhalten und dem werbereduzierten Lesemodus.", true)]
    [InlineData("Get unlimited digital access to premium stories and the e-paper.", true)]
    [InlineData("Die Bibliothek gewährt Studierenden unbegrenzten Zugang zu allen Datenbanken der Universität.", false)]
    [InlineData("Students get unlimited access to the catalogue from the first day of term.", false)]
    public void A_paywalls_promise_of_access_to_its_tier_is_a_prompt(string line, bool prompt)
    {
        Assert.Equal(prompt, BoilerplateRules.IsPaywallPrompt(line));
    }

    // Seventh article batch (the hard kinds, written after the sixth's fixes).

    [Fact]
    public void A_german_storys_breadcrumbs_and_readers_letters_are_not_text()
    {
        // A regional paper of 2012: div#brotkrumen ("Sie sind hier: Startseite » Lokales » …", German for breadcrumbs)
        // over the story, and div.box_leserbriefe with three readers' letters under it, each a heading and a paragraph.
        var letters = string.Concat(Enumerable.Range(1, 3).Select(k =>
            $"<div class='leserbrief'><h4>Brief Nummer {k} zum Hafen</h4><p>Ich finde, dass der Hafen endlich eine neue Mole braucht, " +
            $"und ich schreibe das nun schon zum {k}. Mal an diese Zeitung, weil sich seit Jahren nichts bewegt hat.</p><p class='autor'>Leser {k}</p></div>"));
        var html = "<html><body><table><tr><td id='spalte_links'><div id='brotkrumen'>Sie sind hier: <a href='/'>Startseite</a> &raquo; " +
                   "<a href='/lokales/'>Lokales</a> &raquo; Neue Mole</div><div id='artikel' class='artikel'><h1>Neue Mole</h1>" + Paragraphs + "</div>" +
                   $"<div id='leserbriefe' class='box box_leserbriefe'><h2>Leserbriefe</h2>{letters}</div></td></tr></table></body></html>";
        var text = HarbourStory.Text(html);
        Assert.StartsWith(Story[0], text);
        Assert.DoesNotContain("Brief Nummer 2", text);
        // The trail inside the story's own block: its label ("Sie sind hier:") kept it from reading as a trail of links.
        var inside = "<html><body><div id='artikel' class='artikel'><div id='brotkrumen'>Sie sind hier: <a href='/'>Startseite</a> &raquo; " +
                     "<a href='/lokales/'>Lokales</a> &raquo; Neue Mole</div><h1>Neue Mole</h1>" + Paragraphs + "</div></body></html>";
        Assert.StartsWith(Story[0], HarbourStory.Text(inside));
    }

    [Theory]
    [InlineData("Lesen Sie mehr mit Ihrem kostenlosen Industrie-Praxis-Konto", true)]
    [InlineData("Registrieren Sie sich jetzt und erhalten Sie Zugriff auf alle Fachbeiträge, Whitepaper und Webinare.", true)]
    [InlineData("Jetzt kostenlos registrieren", true)]
    [InlineData("Create a free account to continue reading this story.", true)]
    [InlineData("Registrieren Sie sich bei der Stadt, wenn Sie einen Liegeplatz im Hafen mieten wollen.", false)]
    public void A_free_registration_wall_in_the_text_is_a_prompt(string line, bool prompt)
    {
        Assert.Equal(prompt, BoilerplateRules.LoginPrompt().IsMatch(line));
    }

    [Fact]
    public void An_events_labelled_date_beside_its_place_is_its_data()
    {
        var box = "<div class='news-event'><p>Datum: Sonntag, 8. September 2019, 11 bis 18 Uhr</p><p>Ort: Marktplatz und Hafenstraße</p><p>Eintritt: frei</p></div>";
        var text = HarbourStory.Text(Article("<p>Aktualisiert am 3. September 2019</p>" + Paragraphs + box));
        Assert.Contains("Datum: Sonntag, 8. September 2019, 11 bis 18 Uhr", text);
        Assert.DoesNotContain("Aktualisiert am", text);
    }
}
