using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's seventh pass: text that leaked into the output on real pages (bylines, related-post
/// headings, calls to comment, footer link rows), each on the markup of the real page where it was seen, with our
/// words, and a sentence of the same shape that must survive.</summary>
public sealed class PrecisionLeakTests
{
    private static readonly string[] Story = HarbourStory.Story;

    private static string Paragraphs => HarbourStory.Paragraphs;

    private static string Text(string body)
    {
        var html = "<html><head><title>Breakwater approved - Harbour News</title></head><body><nav><a href='/'>Home</a></nav>" +
                   body + "<footer>Harbour News, 1 Quay Street</footer></body></html>";
        return HarbourStory.Text(html);
    }

    [Theory]
    // Google's blog template (Readability's links-in-tables): the byline is the post's first line.
    [InlineData("Posted by Andrew Marsh, Software Engineer on Harbour Tools")]
    [InlineData("Written by Jane Doe on March 3, 2024")]
    [InlineData("By: JANE DOE")]
    [InlineData("Autor: Max Muster")]
    // Portuguese and Spanish names carry lower-case particles between capitalised names.
    [InlineData("Por Ana de Souza e João da Silva - 3 de março de 2024")]
    [InlineData("Por María del Carmen Ruiz |")]
    public void Bylines_in_their_common_forms_are_dropped(string byline)
    {
        var text = Text($"<div class='post'><div class='post-body'><p>{byline}</p>{Paragraphs}" +
                        "<p>By Tuesday evening the harbour had reopened to the fishing fleet and the ferries.</p></div></div>");
        Assert.DoesNotContain(byline.TrimEnd(' ', '|'), text);
        Assert.Contains(Story[0], text);
        // A sentence that opens with "By" and a capitalised word is not a byline.
        Assert.Contains("By Tuesday evening the harbour had reopened", text);
    }

    // Found by bench extract-inject (issue 12, fifteenth pass): the line an ad slot leaves between paragraphs, and a row
    // of two labelled dates with a clock time; on a real 2013 news page, "story continues below".
    [Theory]
    [InlineData("Advertisement - Continue Reading Below")]
    [InlineData("story continues below")]
    [InlineData("Weiterlesen nach der Anzeige")]
    [InlineData("La suite après cette publicité")]
    [InlineData("Updated: March 4, 2019 10:42 a.m. | Published: March 3, 2019")]
    public void Ad_slot_lines_and_rows_of_labelled_dates_are_dropped(string line)
    {
        var text = Text($"<article><div class='story-body'>{Paragraphs}<p>{line}</p>" +
                        "<p>The story continues below the harbour wall, where the divers found the second wreck in 1987.</p>" +
                        "<p>Opening: March 3, 2019 | Closing: when the council decides</p></div></article>");
        Assert.DoesNotContain(text.Split('\n'), l => l.Trim() == line);
        Assert.Contains(Story[3], text);
        // A sentence that says so, and a row whose second part is no date, are text.
        Assert.Contains("The story continues below the harbour wall", text);
        Assert.Contains("Opening: March 3, 2019 | Closing: when the council decides", text);
    }

    [Theory]
    // The Seattle Times: a "Most Read Business Stories" box between the paragraphs, its teasers filled in by script.
    [InlineData("Most Read Business Stories")]
    // LinkedIn Pulse: "Discover more stories" under the post.
    [InlineData("Discover more stories")]
    [InlineData("More stories")]
    [InlineData("Mais lidas")]
    [InlineData("Lo más leído")]
    [InlineData("Meistgelesen")]
    [InlineData("Você também pode gostar")]
    public void A_most_read_or_more_stories_heading_opens_a_related_block(string heading)
    {
        // The box's teasers are filled in by script, so the crawled page holds the heading and a teaser line.
        var text = Text($"<article><div class='story-body'>{Paragraphs}<div class='rail-box'><h2>{heading}</h2>" +
                        "<p>Ferry fares rise again</p></div>" +
                        "<p>The most read report of the year, the surveyors said, was the one on the tides of the inner basin and the silt that the river brings down.</p></div></article>");
        Assert.DoesNotContain(heading, text);
        Assert.DoesNotContain("Ferry fares rise again", text);
        Assert.Contains(Story[3], text);
        Assert.Contains("The most read report of the year", text);
    }

    [Theory]
    // WordPress Jetpack's like bar (Readability's social-buttons): <h3 class="sd-title">Like this:</h3>.
    [InlineData("<div class='sharedaddy sd-block sd-like'><h3 class='sd-title'>Like this:</h3><div class='likes-widget-placeholder'><span>Like</span></div></div>")]
    // MSN's report dialog, a heading left in the page's markup.
    [InlineData("<div class='modheader'><h2>Report inappropriate content</h2></div>")]
    // Western Journalism and POPSUGAR: a call to comment closing the article.
    [InlineData("<p>What do you think? Scroll down to comment below.</p>")]
    [InlineData("<h3>Join The Conversation</h3>")]
    [InlineData("<p>Deixe seu comentário</p>")]
    public void Calls_to_comment_or_react_are_dropped(string widget)
    {
        var text = Text($"<article><div class='entry-content'>{Paragraphs}" +
                        $"{widget}<p>Asked what they think of the plan, readers sent the council more than four hundred comments, most of them in favour of the works.</p>" +
                        "</div></article>");
        Assert.DoesNotContain("Like this", text);
        Assert.DoesNotContain("inappropriate", text);
        Assert.DoesNotContain("Scroll down", text);
        Assert.DoesNotContain("Conversation", text);
        Assert.DoesNotContain("comentário", text);
        Assert.Contains("readers sent the council more than four hundred comments", text);
    }

    [Fact]
    public void A_footer_link_row_with_cookie_settings_is_dropped_and_a_piped_line_of_text_is_kept()
    {
        var text = Text($"<article><div class='article-body'>{Paragraphs}" +
                        "<p>High water 06:12 | low water 12:30 | high water 18:41</p>" +
                        "<p>Harbour News Ltd | Registered in England | <a href='/privacy'>Privacy Policy</a> | <a href='#'>Cookie Settings</a></p>" +
                        "<p>Hafenzeitung GmbH · Kiel · <a href='/impressum'>Impressum</a> · <a href='#'>Cookie-Einstellungen</a></p>" +
                        "</div></article>");
        Assert.DoesNotContain("Cookie", text);
        Assert.DoesNotContain("Impressum", text);
        Assert.DoesNotContain("Registered in England", text);
        Assert.Contains("High water 06:12 | low water 12:30", text);
        Assert.Contains(Story[3], text);
    }
}

/// <summary>Author notes under the article (How-To Geek's <c>#authorinfobox</c>, the Motley Fool's disclosure): a
/// paragraph that opens with the author's linked name and goes on about them.</summary>
public sealed class AuthorNoteTests
{
    private static readonly string Body = string.Concat(HarbourStory.Story.Take(3).Select(p => $"<p>{p}</p>"));

    private static string Text(string body)
    {
        var html = $"<html><head><title>Breakwater approved</title></head><body>{body}</body></html>";
        return HarbourStory.Text(html);
    }

    [Theory]
    [InlineData("<div class='articleExtras'><div id='authorinfobox'><p><b><a href='/author/janemarsh/'>Jane Marsh</a></b> is a harbour pilot turned writer, a keen sailor and a proud owner of three old dinghies. She began writing in 2009.</p></div></div>")]
    [InlineData("<span class='article-disclosure'><p><em><a href='http://my.example.com/profile/janemarsh/info.aspx'>Jane Marsh</a> owns shares of Harbour Holdings. The newsletter owns shares of and recommends Harbour Holdings.</em></p></span>")]
    public void An_author_note_that_opens_with_the_linked_name_is_dropped(string note)
    {
        var text = Text($"<article><div class='entry-content'>{Body}" +
                        "<p><a href='/author/janemarsh/'>Jane Marsh</a>, the paper's harbour reporter, first wrote about the plan in 2021.</p>" +
                        "<p>Its author, <a href='/author/janemarsh/'>Jane Marsh</a>, is a harbour pilot who spent twenty years bringing ships into the basin.</p>" +
                        $"</div>{note}</article>");
        Assert.DoesNotContain("owns shares", text);
        Assert.DoesNotContain("proud owner", text);
        Assert.Contains("Fishermen welcomed the decision", text);
        // The linked name followed by punctuation, or a link inside a sentence, is the article's own text.
        Assert.Contains("the paper's harbour reporter, first wrote about the plan", text);
        Assert.Contains("is a harbour pilot who spent twenty years", text);
    }
}

/// <summary>A video player's settings menu and an embed placeholder (Yahoo's player, Bustle's <c>[Embed]</c>).</summary>
public sealed class PlayerLabelTests
{
    // "settings" is a small-furniture word: only a block under the short limit goes, so a section of prose stays.
    [Fact]
    public void A_players_settings_menu_and_embed_placeholders_do_not_leak_but_a_long_settings_section_stays()
    {
        const string longSettings =
            "The harbour's booking system keeps its settings per berth: the length of the vessel, its draught, the hours it may enter the basin and the crew's contact numbers, all of which the harbour master checks before each arrival.";
        var html = "<html><head><title>Breakwater approved</title></head><body><article><div class='story-body'>" +
                   "<p>The harbour authority approved the new breakwater on Tuesday, after three years of surveys, hearings and revisions to the plan.</p>" +
                   "<div class='yvp-player'><div class='yvp-title'>Harbour authority approves the new breakwater after three years of surveys and hearings</div>" +
                   "<div class='yvp-error'>Video Not Available. Unfortunately, this video is not available in your region at the moment.</div>" +
                   "<div class='yvp-settings-quality'><div class='yvp-settings-header'>Video Quality</div></div>" +
                   "<div class='yvp-settings-cc'><div class='yvp-settings-header last-item'>Closed Caption Settings</div>" +
                   "<div class='yvp-cc-preview'><div class='yvp-cc-preview-message'>Captions will look like this</div></div></div></div>" +
                   "<p>Engineers said the structure, built from rock armour and concrete units, would shelter the inner basin from winter storms.</p>" +
                   "<div class='embed'><attachment data-type='embed'>[Embed]</attachment></div>" +
                   $"<div class='booking-settings'><p>{longSettings}</p><p>Owners change these settings at the harbour office or by letter, and every change is confirmed in writing within two working days.</p></div>" +
                   "<p>Fishermen welcomed the decision, although several said the construction period, expected to last two seasons, would be difficult.</p>" +
                   "</div></article></body></html>";
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("Video Quality", text);
        Assert.DoesNotContain("Captions will look", text);
        Assert.DoesNotContain("Embed", text);
        Assert.Contains(longSettings, text);
        Assert.Contains("Fishermen welcomed the decision", text);
    }
}
