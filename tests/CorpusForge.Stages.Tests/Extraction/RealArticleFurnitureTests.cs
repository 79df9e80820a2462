using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's twenty-second pass: causes found on the real news pages whose article body annotators marked
/// by hand (Data/extraction/articles-real). Markup after the sites named in each test, our words.</summary>
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
}
