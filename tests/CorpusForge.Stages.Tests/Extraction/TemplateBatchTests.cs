using CorpusForge.Stages.Extraction;
using static CorpusForge.Stages.Tests.Extraction.HarbourStory;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Issue 12's seventeenth pass: causes found on the third batch of snippet pages (Data/extraction/ml-snippets,
/// <c>"batch": 3</c>: templates no earlier batch had, written by helpers who never read the extractor). Markup after
/// the templates named in each test, our words.</summary>
public sealed class TemplateBatchTests
{
    private const string Care =
        "Outer fabric is recycled ripstop polyamide, and the base is a heavier weave that resists abrasion on rock and gravel.";

    private const string Terms =
        "We ship within two working days and you have thirty days to send the pack back free of charge for a refund.";

    private static string Fold(string summary, string text) =>
        $"<div class='product__accordion accordion'><details><summary><h2 class='accordion__title'>{summary}</h2></summary>" +
        $"<div class='accordion__content rte'><p>{text}</p><p>{Story[3]}</p></div></details></div>";

    [Fact]
    public void A_closed_fold_beside_the_description_is_text_and_a_fold_of_shop_terms_is_not()
    {
        // Shopify's Dawn: the description, then collapsible tabs "Material & care" and "Shipping & returns". A closed
        // <details> had counted as hidden, so the product's care text was lost with the shop's terms.
        var html = "<html><body><div class='product__info-container'><div class='price'>€89.00</div>" +
                   "<div class='product__description rte'>" + string.Concat(Story[..3].Select(p => $"<p>{p}</p>")) + "</div>" +
                   Fold("Material &amp; care", Care) + Fold("Shipping &amp; returns", Terms) + "</div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains(Care, text);
        Assert.DoesNotContain(Terms, text);
    }

    [Theory]
    [InlineData("Versand &amp; Rückgabe", true)]
    [InlineData("Livraison et retours", true)]
    [InlineData("Delivery", true)]
    [InlineData("Material &amp; Pflege", false)]
    [InlineData("Wie lange hält der Akku?", false)]
    public void Shop_terms_folds_are_known_by_their_summary(string summary, bool terms)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<details id='d'><summary>{summary}</summary><p>x</p></details>");
        Assert.Equal(terms, BoilerplateRules.IsShopTermsFold(document.GetElementById("d")!));
    }

    [Fact]
    public void A_heading_placed_below_a_sticky_navbar_is_a_heading()
    {
        // Docusaurus writes every heading as <h2 class="anchor anchorWithStickyNavbar_LWe7">: split at its humps the
        // class says "navbar", and every subheading of the page was removed. A furniture word after "with" in the
        // same name says what the element sits beside, to the end of the name.
        var html = "<html><body><article><div class='theme-doc-markdown markdown'><p>" + Story[0] + "</p>" +
                   "<h2 class='anchor anchorWithStickyNavbar_LWe7' id='closures'>Closures of the quay road<a class='hash-link' href='#closures'>\u200b</a></h2>" +
                   "<p>" + Story[1] + "</p><h4 class='anchor anchorWithStickyNavbar_LWe7' id='after'>What happens after the works?</h4><p>" + Story[2] + "</p>" +
                   "</div></article></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains("Closures of the quay road", text);
        Assert.Contains("What happens after the works?", text);
    }

    [Fact]
    public void Bootstrap_d_none_is_hidden_unless_a_breakpoint_shows_it()
    {
        // Stack Exchange's microdata: <span class="d-none" itemprop="commentCount">1</span> read as a line "1".
        var html = "<html><body><div class='post'>" + Paragraphs + "<span class='d-none' itemprop='commentCount'>Hidden microdata counter line</span>" +
                   "<div class='d-none d-md-block'><p>Shown on wide screens, the harbour map legend stays part of the page's text.</p></div>" +
                   "<div class='d-none d-print-block'><p>Printed only: the address of the harbour office and its opening hours.</p></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.DoesNotContain("Hidden microdata counter line", text);
        Assert.DoesNotContain("Printed only", text);
        Assert.Contains("the harbour map legend", text);
    }

    /// <summary>A question page as Stack Exchange lays it out: each post a vote cell beside its body, the answers
    /// under a count heading, the notice of tag links at the end.</summary>
    private static string QuestionPage(string extra) =>
        "<html><body><div id='mainbar'><div class='question'><div class='votecell'><div class='js-vote-count'>14</div></div>" +
        $"<div class='postcell'><div class='s-prose'><p>{Story[0]}</p><p>{Story[1]}</p></div></div></div>" +
        "<div id='answers'><h2 data-answercount='2'>2 réponses</h2>" +
        $"<div class='answer'><div class='votecell'><div class='js-vote-count'>21</div></div><div class='answercell'><div class='s-prose'><p>{Story[2]}</p><p>{Story[3]}</p></div></div></div>" +
        "<div class='answer'><div class='votecell'><div class='js-vote-count'>6</div></div><div class='answercell'><div class='s-prose'>" +
        "<p>Residents of the terraces above the harbour asked whether the quarry lorries could use the ring road instead.</p>" +
        "<p>The authority said it would answer that question, with the others raised by the cooperative, before work begins.</p></div></div></div>" +
        extra + "</div></div></body></html>";

    [Fact]
    public void A_sentence_heading_of_tag_links_is_dropped_and_a_signature_heading_is_kept()
    {
        // Stack Exchange's notice under the answers, a heading of tag links; Erlang's reference, whose function
        // headings link their argument types.
        var text = HarbourStory.Text(QuestionPage(
            "<h2 class='bottom-notice'>Not what you were looking for? Browse questions tagged <a href='/t/a'>harbour</a> " +
            "<a href='/t/b'>breakwater</a> <a href='/t/c'>surveys</a> or <a href='/ask'>ask your own question</a>.</h2>"));
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Browse questions tagged", text);
        var reference = "<html><body><div class='REFBODY'>" + Paragraphs +
                        "<h3>breakwater(Site::<a href='#t-site'>site()</a>, Rock::<a href='#t-rock'>rock()</a>) -&gt; <a href='#t-wall'>wall()</a></h3>" +
                        "<p>Returns the breakwater built at the site from the given rock armour, with its concrete units in place.</p></div></body></html>";
        Assert.Contains("breakwater(Site::site(), Rock::rock()) -> wall()", HarbourStory.Text(reference));
    }

    [Fact]
    public void Counters_and_count_headings_are_not_text_and_a_recipes_quantities_are()
    {
        // Stack Exchange's vote count beside each post and "2 réponses" over the answers, Discourse's topic map; a
        // recipe's list of quantities is the text.
        var lines = HarbourStory.Text(QuestionPage(
            "<ul class='clearfix'><li><span class='number'>7</span><h4 role='presentation'>Antworten</h4></li>" +
            "<li><span class='number'>1,4 Tsd.</span><h4 role='presentation'>Aufrufe</h4></li>" +
            "<li><span class='number'>6</span><h4 role='presentation'>Benutzer</h4></li>" +
            "<li><span class='number'>24</span><h4 role='presentation'>Likes</h4></li></ul>")).Split('\n');
        Assert.Contains(Story[2], lines);
        Assert.DoesNotContain("14", lines);
        Assert.DoesNotContain("21", lines);
        Assert.DoesNotContain("2 réponses", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Aufrufe", StringComparison.Ordinal));
        var recipe = "<html><body><div class='recipe'>" + Paragraphs +
                     "<ul><li>3 Eier</li><li>200 g Mehl</li><li>1 Prise Salz</li><li>250 ml Milch</li></ul></div></body></html>";
        Assert.Contains("200 g Mehl", HarbourStory.Text(recipe));
    }

    private static readonly string[] Replies =
    [
        "Residents of the terraces above the harbour asked whether the quarry lorries could use the ring road instead.",
        "The authority said it would answer that question, with the others raised by the cooperative, before work begins.",
        "A skipper who has fished from the inner basin for thirty years said the winter storms had never been so frequent.",
    ];

    private static string Post(string cls, string[] paragraphs) =>
        $"<article class='cPost ipsComment'><aside class='cAuthorPane'>Werner</aside><div class='{cls}'>" +
        string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</div></article>";

    [Fact]
    public void A_thread_whose_software_names_its_posts_comments_is_the_text()
    {
        // Invision Community: every post, the opening one included, is an article.cPost.ipsComment around a
        // div.ipsComment_content; "comment" removed them all and the guest sign-up box was the page's text.
        var html = "<html><body><main><h1>Breakwater build report</h1><form class='moderation'>" +
                   Post("ipsComment_content", Story[..2]) + Post("ipsComment_content", Story[2..]) + Post("ipsComment_content", Replies) +
                   "</form><div class='cGuestTeaser'><h2>Create an account or sign in to comment</h2>" +
                   "<p>You need to be a member in order to leave a comment</p><p>Already have an account? Sign in here.</p></div></main></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Story.Concat(Replies)) Assert.Contains(paragraph, text);
        Assert.DoesNotContain("sign in to comment", text);
        Assert.DoesNotContain("Already have an account", text);
    }

    [Theory]
    [InlineData("p", false)]
    [InlineData("div", false)]
    [InlineData("br", false)]
    [InlineData("p", true)]
    public void A_blogs_comments_stay_out_however_its_post_is_set(string paragraphs, bool postAfterComments)
    {
        // The same comment markup beside a post of its own paragraphs is readers' comments: whether the post's
        // paragraphs are <p>s, divs or text between <br>s, and when a template moves the post below them
        // (bench extract-restructure's p-as-div, p-as-br and after-footer on a 2013 news page with 40 comments).
        var post = paragraphs switch
        {
            "p" => Paragraphs,
            "div" => string.Concat(Story.Select(p => $"<div class='paragraph'>{p}</div>")),
            _ => string.Join("<br><br>", Story),
        };
        var article = "<article class='post'><h1>Breakwater approved</h1><div class='entry-content'>" + post + "</div></article>";
        var comments = "<section class='comments-area'>" + string.Concat(Enumerable.Range(0, 3).Select(i =>
            Post("ipsComment_content", Replies) + Post("ipsComment_content", Replies[i..(i + 1)]))) + "</section>";
        var html = "<html><body><main>" + (postAfterComments ? comments + article : article + comments) + "</main></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain(Replies[0], text);
    }

    [Fact]
    public void Reddits_comment_tree_is_the_threads_text_and_its_promoted_post_is_not()
    {
        // New Reddit: the post in shreddit-post, the discussion in shreddit-comment-tree (id "comment-tree", each
        // comment's body a div whose id says "comment"), a promoted post as shreddit-ad-post with atomic classes.
        string Comment(string id, string text) =>
            $"<shreddit-comment author='u{id}' depth='0'><div slot='comment' id='t1_{id}-comment-rtjson-content' class='md text-14'><p>{text}</p></div></shreddit-comment>";
        var html = "<html><body><shreddit-app><main id='main-content'><shreddit-post id='t3_x'><div slot='text-body'><div id='t3_x-post-rtjson-content' class='md'>" +
                   Paragraphs + "</div></div></shreddit-post>" +
                   "<shreddit-ad-post class='block relative bg-neutral-background rounded-4 p-md'><a slot='title' href='https://ads.example/x'>" +
                   "A promoted ferry timetable app that every commuter on the coast should install before winter</a></shreddit-ad-post>" +
                   "<shreddit-comment-tree id='comment-tree'>" + Comment("a", Replies[0]) + Comment("b", Replies[1]) + Comment("c", Replies[2]) +
                   "</shreddit-comment-tree></main></shreddit-app></body></html>";
        var text = HarbourStory.Text(html);
        foreach (var paragraph in Story.Concat(Replies)) Assert.Contains(paragraph, text);
        Assert.DoesNotContain("promoted ferry timetable", text);
    }

    [Theory]
    [InlineData("Create an account or sign in to comment", true)]
    [InlineData("Du musst angemeldet sein, um einen Kommentar abzugeben.", true)]
    [InlineData("Vous devez vous connecter pour publier un commentaire.", true)]
    [InlineData("You must be logged in to post a comment.", true)]
    [InlineData("Members must be logged in to vote on the harbour plan, the council said.", false)]
    public void Sign_in_prompts(string line, bool prompt) => Assert.Equal(prompt, BoilerplateRules.LoginPrompt().IsMatch(line));

    [Fact]
    public void A_tab_list_that_holds_the_panels_keeps_their_text()
    {
        // Magento's Luma sets role="tablist" on div.product.data.items, which holds the tab titles and the panels
        // with the product's description and attributes; the role removed the whole description.
        var html = "<html><body><div class='product-info-main'><div class='price-box'>14,90 €</div><button>In den Warenkorb</button></div>" +
                   "<div class='product info detailed'><div class='product data items' role='tablist'>" +
                   "<div class='data item title' data-role='collapsible'><a class='data switch' href='#description'>Details</a></div>" +
                   "<div class='data item content' id='description' data-role='content'><div class='product attribute description'><div class='value'>" +
                   Paragraphs + "</div></div></div></div></div>" +
                   "<div role='tablist'><button role='tab'>Beschreibung</button><button role='tab'>Bewertungen</button></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains(Story[3], text);
        Assert.DoesNotContain("Bewertungen", text);
    }

    [Fact]
    public void The_other_panels_of_the_texts_tabs_join_it()
    {
        // PrestaShop's classic theme: "Description" and "Détails du produit" as Bootstrap tab panes; the data sheet in
        // the second panel (beside the manufacturer's logo link) was lost.
        var html = "<html><body><div class='product-prices'>12,50 €</div><div class='tabs'><ul class='nav nav-tabs' role='tablist'>" +
                   "<li class='nav-item'><a class='nav-link' href='#description'>Description</a></li>" +
                   "<li class='nav-item'><a class='nav-link' href='#product-details'>Détails du produit</a></li></ul>" +
                   "<div class='tab-content'><div class='tab-pane fade in active' id='description' role='tabpanel'><div class='product-description'>" +
                   Paragraphs + "</div></div><div class='tab-pane fade' id='product-details' role='tabpanel'>" +
                   "<div class='product-manufacturer'><a href='/brand/2'><img src='/m/2.jpg' alt=''></a></div>" +
                   "<section class='product-features'><p class='h6'>Fiche technique</p><dl class='data-sheet'>" +
                   "<dt class='name'>Origine</dt><dd class='value'>Quarry above the northern harbour wall</dd>" +
                   "<dt class='name'>Récolte</dt><dd class='value'>First spring survey of the breakwater site</dd></dl></section></div></div></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(Story[0], text);
        Assert.Contains("First spring survey of the breakwater site", text);
    }

    [Fact]
    public void An_alert_among_the_texts_paragraphs_is_a_note_of_it_and_a_banners_is_not()
    {
        // Docsy writes its note and warning callouts as div.alert[role=alert] between the section's paragraphs.
        var note = "Keep one prefix per harbour in the survey bucket, or two surveys will overwrite each other's archives.";
        var banner = "This site stores small files on your device to remember your choices and to count its visitors.";
        var html = "<html><body><div role='alert' class='site-banner'><p>" + banner + "</p></div><div class='td-content'>" +
                   $"<p>{Story[0]}</p><p>{Story[1]}</p><div class='alert alert-primary' role='alert'><h4 class='alert-heading'>Note</h4>{note}</div>" +
                   $"<p>{Story[2]}</p><p>{Story[3]}</p></div></body></html>";
        var text = HarbourStory.Text(html);
        Assert.Contains(note, text);
        Assert.DoesNotContain(banner, text);
    }

    [Theory]
    [InlineData("14", true)]
    [InlineData("1,4 Tsd.", true)]
    [InlineData("+3", true)]
    [InlineData("12.500", true)]
    [InlineData("2024 wurde gebaut", false)]
    [InlineData("3 Eier", false)]
    public void Number_only_lines(string line, bool number) => Assert.Equal(number, BoilerplateRules.NumberOnly().IsMatch(line));
}
