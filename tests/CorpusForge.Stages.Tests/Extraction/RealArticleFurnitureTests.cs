using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's twenty-second pass: causes found on the real news pages whose article body annotator sessions marked
/// by reading them (Data/extraction/articles-real). Markup after the sites named in each test, our words.</summary>
public sealed class RealArticleFurnitureTests
{
    private static readonly string[] Posts =
    [
        "Not at my firm: we all moved to the new handsets last spring and one partner went back to his old model because it fits the hand better.",
        "Possibly, but that is not exactly setting the bar very high for a company that once sold more phones than anyone in the country.",
        "The cheaper models from the local makers already do everything this one does, and they take two cards at once, which matters here.",
    ];

    private static string Post(string subject, string body) =>
        "<div class='post edited'><div class='dateline'><a class='permalink' href='/forum/containing/1851058'>Posted Thursday 6th June 2013 15:43 GMT</a></div>" +
        "<div class='author'><a href='/user/8804/'>Harbour Reader</a></div><form class='report'><input type='submit' value='Report abuse'></form>" +
        $"<div class='body'><h3>{subject}</h3><p>{body}</p></div><div class='actions'><form class='vote'><input class='up' type='submit' value=''> 0</form></div></div>";

    [Fact]
    public void A_block_that_opens_with_a_comments_heading_is_the_comments_whatever_its_id_says()
    {
        // The Register, 2013: the story in div#body, then div#in_article_forums ("article" and "forums" in its id, and
        // forum words name a thread's posts, which are text on forum pages) opening with h2 "COMMENTS" over the
        // readers' posts in div#highly_rated_posts.
        var html = "<html><body><div id='page'><div id='main-content'><div id='main-col'><div id='article'><div class='article_heading'><h1>Harbour breakwater approved</h1></div>" +
                   $"<div id='body'>{Paragraphs}</div>" +
                   "<div id='in_article_forums'><div class='heading'><h2>COMMENTS</h2><div class='post'><a href='/forum/1/#comment-form'>Post your comment</a></div>" +
                   "<div class='faq'><a href='/house_rules/'>House Rules</a></div></div>" +
                   "<div class='tabbed'><div class='right'><a href='/forum/1/'>All Reader Comments (7)</a></div><div class='left'>Latest Comments</div></div>" +
                   "<div id='highly_rated_posts'>" + Post("Anyone high up will want the other brand...", Posts[0]) +
                   Post("\"It's simply the best one ever\"", Posts[1]) + Post("Cheaper phones", Posts[2]) + "</div></div>" +
                   "</div></div></div></div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Story) Assert.Contains(paragraph, text);
        foreach (var post in Posts) Assert.DoesNotContain(post, text);
        Assert.DoesNotContain("Anyone high up", text);
    }

    [Fact]
    public void A_discussion_whose_comments_are_its_text_keeps_them_under_a_comments_heading()
    {
        // A discussion site's item page: a submission of two paragraphs, then "Comments" over the thread, which holds
        // most of the page's prose and stays.
        var html = "<html><body><div id='page'><div class='item'><h1><a href='https://example.org/breakwater'>Harbour breakwater approved after three years</a></h1>" +
                   $"<p>{Story[0]}</p><p>{Story[1]}</p></div>" +
                   "<div class='thread'><h2>Comments</h2>" + string.Concat(Posts.Concat(Story[2..]).Select(p => $"<div class='entry'><p>{p}</p></div>")) +
                   "</div></div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var post in Posts) Assert.Contains(post, text);
        foreach (var paragraph in Story) Assert.Contains(paragraph, text);
    }

    private const string PhotoCaption = "In this false-colour image of the harbour basin, red marks the warmer water near the outfall and blue the colder water by the breakwater.";

    [Fact]
    public void A_picture_in_a_small_table_of_its_own_with_its_caption_below_is_a_caption_box()
    {
        // SPACE.com, 2013: a float holding a table, one row the picture's enlarging link, the next the caption, a
        // "CREDIT:" span and a "View full size image" link, in cells without class names.
        var box = "<span style='float:left'><table border='0' style='width:1px'><tr><td><a class='make_big' href='javascript:void(0);'><img src='basin.jpg' alt='Basin'></a></td></tr>" +
                  $"<tr><td style='border: 1px solid lightgray; padding: 10px'>{PhotoCaption}<br><span style='font-size:11px'>CREDIT: Harbour Survey Office; County Archive.</span>" +
                  "<span style='font-size:11px'><br><div><a class='make_big' href='javascript:void(0);'>View full size image</a></div></span></td></tr></table></span>";
        var html = $"<html><body><div id='content'><h1>Breakwater approved</h1>{box}{Paragraphs}</div></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Story) Assert.Contains(paragraph, text);
        Assert.DoesNotContain("false-colour", text);
        Assert.DoesNotContain("CREDIT", text);
        // Captions wanted: the box stays.
        Assert.Contains(PhotoCaption, HarbourStory.Text(html, new CorpusForge.Stages.Extraction.HtmlExtractorOptions { IncludeCaptions = true }));
    }

    [Fact]
    public void A_small_table_of_results_under_a_picture_is_a_table()
    {
        // A results table under a league's crest: its rows of several cells are the text's data, not a caption.
        var results = "<table><tr><td colspan='2'><img src='crest.png' alt=''></td></tr>" +
                      "<tr><td>Harbour Rovers 3</td><td>Quay United 1</td></tr><tr><td>Millbrook 2</td><td>Ferryside 2</td></tr></table>";
        var html = $"<html><body><div id='content'><h1>Breakwater approved</h1>{Paragraphs}{results}</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains("Harbour Rovers 3", text);
        Assert.Contains("Millbrook 2 | Ferryside 2", text);

    }

    [Fact]
    public void A_teaser_tables_linked_title_is_not_a_caption()
    {
        // The Space Reporter, 2013 (a real page of the set): side boxes titled "Galleries" and "Top Stories" over
        // teaser tables, each a picture row over a linked title row. Taken for photo boxes, the tables went alone and
        // left the boxes' titles at the end of the text.
        var files = FixtureArchive.Read("articles-real/articles-real.tar.gz").ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal);
        var html = CorpusForge.Stages.Extraction.CharsetDecoder.Decode(files["cd8abf479bae4ca283b3d034c486e134f69a6753aacadad2de27dee1d1745a88.html"], null).Text!;
        var lines = PageText.ExtractHtml(html).Split('\n');
        Assert.DoesNotContain("Galleries", lines);
        Assert.DoesNotContain("Top Stories", lines);
        Assert.Contains(lines, l => l.StartsWith("Have something to say?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Follow Jane Harbour @janeharbour and Google+. Follow us @HarbourGazette, Facebook and Google+. Original article on HarbourGazette.com.", true)]
    [InlineData("Follow Jane Harbour on Twitter @janeharbour.", true)]
    [InlineData("Follow us @harbourgazette.", true)]
    // Prose about following someone, and a line without a handle, are text.
    [InlineData("Follow the river north for two miles and you reach the harbour, where the new breakwater will stand.", false)]
    [InlineData("Follow the signs to the quay; the ferry office (@ the old customs house) opens at nine.", false)]
    public void A_follow_sign_off_with_handles_is_not_text(string line, bool signOff)
    {
        var html = $"<html><body><div id='content'><h1>Breakwater approved</h1>{Paragraphs}<p><em>{line}</em></p></div></body></html>";
        Assert.Equal(!signOff, HarbourStory.Text(html).Contains(line, StringComparison.Ordinal));
    }

    [Theory]
    // ESPN, 2013: the h1 is worded otherwise than the title, on the same subject: the headline, metadata only.
    [InlineData("Harbour breakwater approved after three years -- Coast News - Gazette", "Coast News: Breakwater finally approved", false)]
    // An h1 that shares one word with the title, or none, heads the text's own part (a manual's chapter, a section).
    [InlineData("Harbour breakwater approved after three years -- Coast News - Gazette", "Construction timetable", true)]
    [InlineData("Harbour breakwater approved after three years -- Coast News - Gazette", "What the breakwater means", true)]
    public void The_pages_only_h1_on_the_titles_subject_is_the_headline(string title, string h1, bool kept)
    {
        var html = $"<html><head><title>{title}</title></head><body><div id='story'><h1>{h1}</h1>{Paragraphs}</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Equal(kept, text.Split('\n').Contains(h1));
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void A_furniture_word_after_no_says_what_a_box_lacks()
    {
        // ESPN, 2013: a table of the story's figures in an inline module "without a footer"; a "no-comments" notice
        // ("Comments are closed.") is still the comments' place.
        var table = "<div class='mod-container mod-no-footer content-box mod-inline full mod-no-header-footer'><div class='mod-content'><h4>Top five harbours by tonnage</h4>" +
                    "<table><thead><tr><th>Harbour</th><th>Tonnage</th><th>Change</th></tr></thead><tbody><tr><td>Northgate</td><td>4.1 million</td><td>+3%</td></tr>" +
                    "<tr><td>Quayside</td><td>3.7 million</td><td>-1%</td></tr><tr><td>Eastbay</td><td>2.9 million</td><td>+8%</td></tr></tbody></table></div></div>";
        var notice = "<div class='no-comments'><p>Comments are closed for this story while the council's hearing is under way.</p></div>";
        var text = HarbourStory.Text($"<html><body><div id='story'><h1>Breakwater approved</h1>{Paragraphs}{table}{notice}</div></body></html>");
        Assert.Contains("Top five harbours by tonnage", text);
        Assert.Contains("Eastbay | 2.9 million | +8%", text);
        Assert.DoesNotContain("Comments are closed", text);
    }

    private const string LongCaption = "In this 2006 image of the harbour as captured by the survey plane, the old breakwater can be seen as the thin grey line " +
                                       "on the left just above the main channel. This is only the second photo of the whole basin taken from that height, " +
                                       "and the first one that shows the quay road and the ferry terminal together.";

    [Fact]
    public void One_long_caption_under_the_pages_only_photo_is_a_caption_and_a_slide_shows_captions_are_its_text()
    {
        // The Salt Lake Tribune, 2013: div#lgPhotoCaption under the main photo, a credit and a 250-character description.
        var photo = $"<img id='mainPhoto' src='basin.jpg'><div id='lgPhotoCaption'>Courtesy Harbour Survey\n{LongCaption}</div>";
        var text = HarbourStory.Text($"<html><body><div id='story'><h1>Breakwater approved</h1>{photo}{Paragraphs}</div></body></html>");
        Assert.DoesNotContain("survey plane", text);
        Assert.Contains(Story[0], text);

        // A slide show: each slide's long caption is the article's prose.
        var slides = string.Concat(Story.Select((p, k) => $"<div class='slide'><img src='s{k}.jpg'><div class='slide-caption'>{p} {LongCaption}</div></div>"));
        text = HarbourStory.Text($"<html><body><div id='story'><h1>Breakwater approved</h1><p>{Story[0]}</p><p>{Story[1]}</p>{slides}</div></body></html>");
        Assert.Contains($"{Story[3]} {LongCaption}", text);
    }

    [Fact]
    public void A_comment_sections_rules_are_no_text()
    {
        var rules = "<span class='readerWarning'>We reserve the right to remove any content at any time from this Community, including without limitation if it violates the <a href='/rules'>Community Rules</a></span>";
        var text = HarbourStory.Text($"<html><body><div id='story'><h1>Breakwater approved</h1>{Paragraphs}<div>{rules}</div></div></body></html>");
        Assert.DoesNotContain("We reserve the right", text);
        Assert.Contains(Story[3], text);
    }

    [Fact]
    public void The_latest_on_a_section_heads_teasers()
    {
        // TIME NewsFeed, 2011: "The Latest on NewsFeed" over the section's newest posts.
        Assert.True(CorpusForge.Stages.Extraction.BoilerplateRules.IsRelatedHeading("The Latest on NewsFeed"));
        Assert.False(CorpusForge.Stages.Extraction.BoilerplateRules.IsRelatedHeading("The latest on the breakwater is that the council has approved the final drawings."));
    }

    [Theory]
    [InlineData("STORY HIGHLIGHTS", true)]
    [InlineData("Story Continued Below", true)]
    [InlineData("HealthDay Reporter", true)]
    [InlineData("Follow @HarbourSports", true)]
    [InlineData("Share your views", true)]
    [InlineData("Main Category: Infectious Diseases / Bacteria / Viruses", true)]
    [InlineData("Also Included In: Biology / Biochemistry", true)]
    // The same words in the text's own lines.
    [InlineData("Follow the money, the auditor told the council.", false)]
    [InlineData("The main category of the grant covers dredging.", false)]
    [InlineData("Story highlights of the season: the new ferry and the breakwater.", false)]
    public void Labels_of_2013_news_templates_are_no_text(string line, bool label)
    {
        var html = $"<html><body><div id='story'><h1>Breakwater approved</h1><p>{Story[0]}</p><p>{line}</p>{string.Concat(Story[1..].Select(p => $"<p>{p}</p>"))}</div></body></html>";
        Assert.Equal(!label, HarbourStory.Text(html).Split('\n').Contains(line));
    }

    [Theory]
    // The New York Times, 2013 and 2016, and CNN, 2016: the note under the text in an author-named block, a story
    // footer, and a paragraph named "footer".
    [InlineData("<div class='authorIdentification'><p>Jane Harbour contributed reporting from Northgate.</p></div>", "Jane Harbour contributed reporting from Northgate.", true)]
    [InlineData("<footer class='story-footer story-content'><div class='story-meta'><div class='story-notes'><p>Jane Harbour contributed reporting.</p></div></div></footer>", "Jane Harbour contributed reporting.", true)]
    [InlineData("<p class='zn-body__paragraph zn-body__footer'><em>Gazette's Jane Harbour and Tom Quay contributed to this story</em></p>", "Gazette's Jane Harbour and Tom Quay contributed to this story", true)]
    // An author's box and a page footer stay out.
    [InlineData("<div class='authorIdentification'><p>Jane Harbour covers the port for the Gazette.</p></div>", "Jane Harbour covers the port for the Gazette.", false)]
    [InlineData("<footer><p>Harbour Gazette, 12 Quay Road, Northgate</p></footer>", "Harbour Gazette, 12 Quay Road, Northgate", false)]
    public void A_note_on_who_contributed_the_reporting_is_the_articles_last_line(string markup, string line, bool kept)
    {
        var html = $"<html><body><div id='story'><h1>Breakwater approved</h1>{Paragraphs}{markup}</div></body></html>";
        Assert.Equal(kept, HarbourStory.Text(html).Split('\n').Contains(line));
    }

    [Fact]
    public void A_section_heading_that_links_back_to_the_contents_keeps_its_title()
    {
        // Sphinx with ".. contents:: :backlinks: entry" (the Mercurial evolve guide): every section heading is a link
        // a.toc-backref to its entry in the contents box, beside the headerlink "¶".
        var html = "<html><body><div class='document'><div class='section' id='top'><h1>Evolve: Shared history</h1>" +
                   "<div class='contents topic'><p class='topic-title'>Contents</p><ul><li><a class='reference internal' href='#sharing' id='id5'>Sharing with a single developer</a></li>" +
                   "<li><a class='reference internal' href='#setup' id='id6'>Setting up the harbour</a></li></ul></div>" +
                   $"<p>{Story[0]}</p><div class='section' id='sharing'><h2><a class='toc-backref' href='#id5'>Sharing with a single developer</a><a class='headerlink' href='#sharing' title='Permalink to this headline'>¶</a></h2><p>{Story[1]}</p>" +
                   $"<div class='section' id='setup'><h3><a class='toc-backref' href='#id6'>Setting up the harbour</a><a class='headerlink' href='#setup'>¶</a></h3><p>{Story[2]}</p><p>{Story[3]}</p></div></div></div></div></body></html>";
        var lines = HarbourStory.Text(html).Split('\n');
        Assert.Equal(["Sharing with a single developer", "Setting up the harbour"], lines.Where(l => !Story.Contains(l)));
    }

    [Fact]
    public void A_sub_list_of_links_under_an_item_of_a_list_that_says_things_is_its_text()
    {
        // Firefox's Nightly newsletter: a team's update list, one item a label over its bug links.
        static string Bug(int n, string title) => $"<li><a href='https://bugs.example.org/show_bug.cgi?id={n}'>Bug {n} – {title}</a></li>";
        var update = "<ul><li>We have the green light for another round of students working on the harbour map next semester, and two engineers will mentor them.</li>" +
                     "<li>In progress:<ul>" + Bug(1677080, "Quay layer is affected by switching the tide source") + Bug(1677107, "Add telemetry for tracking buoy usage") + "</ul></li></ul>";
        var text = HarbourStory.Text($"<html><body><div id='story'><h1>Harbour map update</h1>{Paragraphs}{update}</div></body></html>");
        Assert.Contains("Bug 1677107 – Add telemetry for tracking buoy usage", text);

        // A front page's story teaser (a heading, an excerpt) with its related links under it stays out.
        static string Teaser(string title) => $"<li><h2><a href='/2024/{title.Length}.html'>{title}</a></h2><p>The council met for four hours on Tuesday and heard from fishermen, engineers and residents of the quay.</p>" +
                                              $"<ul><li><a href='/related/{title.Length}a.html'>Timeline of the dredging</a></li><li><a href='/related/{title.Length}b.html'>Map of the closures</a></li></ul></li>";
        var front = "<ul class='stories'>" + Teaser("Council approves the breakwater") + Teaser("Ferry fares rise in spring") + "</ul>";
        text = HarbourStory.Text($"<html><body><div id='story'><h1>Harbour map update</h1>{Paragraphs}{front}</div></body></html>");
        Assert.DoesNotContain("Timeline of the dredging", text);
    }

    [Theory]
    [InlineData("Correction: September 19, 2016", false)]
    [InlineData("Clarification: June 5, 2013", false)]
    [InlineData("Updated: June 5, 2013", true)]
    [InlineData("Published: September 19, 2016", true)]
    public void A_corrections_dated_heading_is_no_dateline(string line, bool dateline) =>
        Assert.Equal(dateline, CorpusForge.Stages.Extraction.HtmlExtractor.IsLabelledDate(line));

    [Fact]
    public void A_name_linked_in_the_sentence_beside_a_picture_named_after_it_is_no_caption_copy()
    {
        // MMAjunkie, 2013: the photo "bryan-caraway-9.jpg" floated into the text, whose first sentence links the
        // fighter's name; the name matched the picture's alt text and went as the caption's second copy.
        const string sentence = "The second time the tide has delayed Jane Harbourmaster's ferry crossing, but the first in which it paid off.";
        var html = "<html><body><article class='article'><h1>Harbour news</h1><div class='article_content'>" +
                   "<img alt='jane-harbourmaster-9.jpg' src='x.jpg' style='float:right' />The second time the tide has delayed " +
                   "<a href='/people/jane-harbourmaster' class='hlPerson'>Jane Harbourmaster</a>'s ferry crossing, but the first in which it paid off.<br /><br />" +
                   string.Join("<br /><br />", Story) + "</div></article></body></html>";
        Assert.Contains(sentence, HarbourStory.Text(html));

        // The CMS's second copy of a caption, a line of its own under the picture, still goes.
        html = $"<html><body><article class='article'><h1>Harbour news</h1><div class='entry'><p><img alt='Jane Harbourmaster at the quay' src='x.jpg'></p>" +
               $"<p>Jane Harbourmaster at the quay</p>{Paragraphs}</div></article></body></html>";
        Assert.DoesNotContain("Jane Harbourmaster at the quay", HarbourStory.Text(html));
    }

    [Fact]
    public void A_paragraph_named_story_footer_among_the_storys_paragraphs_is_its_closing_paragraph()
    {
        // BBC Sport, 2013: the story's last paragraph is p.story-footer.
        const string closing = "The breakwater crews are next in action on Thursday, when the first concrete units are set in place at high tide.";
        var page = $"<div class='story-body'><h1>Breakwater approved</h1>{Paragraphs}<p class='story-footer'>{closing}</p></div>" +
                   "<div class='footer'><p>Harbour Gazette, 12 Quay Road, Northgate</p><p class='footer-note'>Registered in Northgate under number 1234567 since the year of the great flood.</p></div>";
        var text = HarbourStory.Text($"<html><body>{page}</body></html>");
        Assert.Contains(closing, text);
        Assert.DoesNotContain("Registered in Northgate", text);
    }

    [Fact]
    public void A_gallerys_title_in_bold_capitals_goes_with_the_gallery_and_a_bold_lede_label_stays()
    {
        // USA Today, 2013: "<p><b>2012-13 NHL SUSPENSION TRACKER</b></p>" over div.galleries; "GALLERY: …" promos.
        var gallery = "<p><b>2013 HARBOUR WORKS TRACKER</b></p><div class=' galleries  hasendslate' data-gallery-id='1886647'><img src='g1.jpg'><img src='g2.jpg'></div>";
        var lede = $"<p><b>QUAY WORK:</b> {Story[0]}</p>";
        var html = $"<html><body><div itemprop='articleBody'><h1>Breakwater approved</h1>{lede}<p>{Story[1]}</p>{gallery}<p>{Story[2]}</p><p><b>GALLERY: THE HARBOUR AT NIGHT</b></p><p>{Story[3]}</p></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("TRACKER", text);
        Assert.DoesNotContain("GALLERY:", text);
        Assert.Contains($"QUAY WORK: {Story[0]}", text);
        Assert.Contains(Story[3], text);
    }

    [Theory]
    [InlineData("GALLERY: THURSDAY AT THE HARBOUR", true)]
    [InlineData("PHOTOS: The week in pictures", true)]
    [InlineData("Video: the council's meeting was streamed to four hundred viewers.", false)]
    [InlineData("GRAY MATTER: Jonathan Harbour was breathing a little easier on the eve of the vote.", false)]
    public void A_media_promotion_under_a_label_in_capitals_is_no_text(string line, bool promo) =>
        Assert.Equal(promo, CorpusForge.Stages.Extraction.BoilerplateRules.MediaPromoLine().IsMatch(line));
}
