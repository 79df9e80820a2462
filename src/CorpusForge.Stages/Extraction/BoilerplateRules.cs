using System.Buffers;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

/// <summary>Which elements are page furniture rather than content, judged from tag, ARIA role, visibility and the
/// words in class and id names.</summary>
/// <remarks>The word lists follow the conventions of CMS themes and the published extractors (Readability's
/// "unlikely candidates", boilerpipe and trafilatura's class/id heuristics); the words are matched as whole tokens of
/// a class or id, split at separators and camel case, so <c>comment-list</c> matches and <c>commentary</c> does not.</remarks>
internal static partial class BoilerplateRules
{
    /// <summary>Elements dropped with their content wherever they are.</summary>
    public static readonly HashSet<string> DroppedTags = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "video", "audio",
        "map", "input", "select", "textarea", "button", "option", "nav", "aside", "footer", "dialog",
        "label", "menu", "head", "link", "meta", "legend",
    };

    /// <summary>ARIA landmark and widget roles that are never the main text.</summary>
    public static readonly HashSet<string> DroppedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar",
        "toolbar", "tooltip", "alert", "tablist", "button",
    };

    /// <summary>Class/id words of furniture: dropped whatever their size.</summary>
    private static readonly HashSet<string> Negative = new(StringComparer.Ordinal)
    {
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "sponsor", "sponsored",
        "promo", "promotion", "banner", "cookie", "cookies", "consent", "gdpr", "cmp", "popup", "modal", "overlay",
        "newsletter", "subscribe", "subscription", "signup", "paywall", "social", "share", "sharing", "sharebar",
        "related", "recommended", "recommendations", "recirculation", "trending", "popular", "sidebar", "widget",
        "widgets", "breadcrumb", "breadcrumbs", "brotkrumen", "pagination", "pager", "nav", "navbar", "navigation", "menu", "footer",
        "masthead", "comments", "comment", "disqus", "respond", "outbrain", "taboola", "skip", "sr", "screenreader",
        "visually", "hidden", "offscreen", "print", "toolbar", "login", "search", "rss", "copyright", "legal",
        "signature", "sig", "postprofile", "avatar", "rating", "ratings", "reviews", "dropdown", "offcanvas", "toc",
        "more", "next", "prev", "previous", "upsell", "crosssell", "feedback", "survey", "gallery", "slideshow", "carousel",
        "slider", "lightbox",
        // A column beside the article (the Washington Post's "article-side-rail", "right-rail" on many news sites).
        "rail", "siderail", "rightrail", "leftrail",
        // Yahoo's convention for a block search engines should not index as content ("robots-nocontent": Medical
        // News Today's contact box and reader opinions).
        "nocontent",
        // A call-to-action box (a sign-up, a follow-us or a "tried it? tag us" box: WP Recipe Maker's
        // "wprm-call-to-action", Ghost's "footer-cta").
        "cta",
        // An author's biography box after the text (Newspack's "author-bio", Condé Nast's "ContributorBio").
        "bio", "bios", "biography",
        // An affiliate link's product box (Ippen's id-AffiliateBox "Anzeige … Bei Amazon ansehen*"; the AAWP plugin's
        // "aawp-product" boxes with "Preis prüfen bei Amazon*", common on German advice blogs).
        "affiliate", "aawp",
        "werbung", "anzeige", "kommentare", "teilen", "publicite", "commentaires", "partage",
        // Readers' letters under a German story ("Leserbriefe", div.box_leserbriefe > div.leserbrief), set like
        // comments but not named so.
        "leserbriefe", "leserbrief",
        // A reader-revenue appeal after the text (the Guardian's "epic", HuffPost's div.contributions-entry, a
        // "Donate" block, elDiario.es's div.socios-box).
        "epic", "contributions", "donate", "socios",
        // Austrian news sites' name for readers' comments (derStandard's "Postings" under each story).
        "postings",
        // Spanish, Italian, Portuguese, Dutch, Polish and Czech theme words (advertising, comments, sharing, footer).
        "publicidad", "comentarios", "compartir", "pubblicita", "commenti", "condividi", "publicidade", "partilhar",
        // Brazilian Portuguese sharing bars ("compartilhar", "compartilhe").
        "compartilhar", "compartilhe", "compartilhamento",
        "reclame", "reacties", "delen", "reklama", "komentarze", "udostepnij", "stopka", "komentare", "sdilet",
    };

    /// <summary>Class/id words of small furniture (bylines, dates, user badges): dropped only when short.</summary>
    private static readonly HashSet<string> ShortNegative = new(StringComparer.Ordinal)
    {
        "byline", "author", "authors", "date", "dateline", "timestamp", "time", "meta", "metadata", "info", "tags",
        "tag", "user", "userinfo", "profile", "credit", "credits", "stats", "label", "badge", "category",
        "categories", "posted", "published", "updated", "source", "disclaimer", "actions", "tools", "buttons",
        "action", "price", "prices", "delivery", "shipping", "vendor", "stock", "availability", "stat", "autor", "auteur", "datum",
        "fecha", "quelle",
        // A video player's box: its labels ("Popular Video") and a teaser line; the video itself is not text.
        "player",
        // A player's or widget's settings menu ("Video Quality", "Closed Caption Settings", "Captions will look like this").
        "settings",
    };

    /// <summary>Class/id words of main-text containers.</summary>
    private static readonly HashSet<string> Positive = new(StringComparer.Ordinal)
    {
        "article", "content", "entry", "main", "post", "story", "text", "prose", "blog", "markdown", "body", "postbody",
        "message", "cooked", "documentation", "docs", "description", "richtext", "bbcode", "lead", "standfirst", "perex",
        // Article and content in German, French, Spanish, Italian, Portuguese, Dutch, Polish and Czech theme classes.
        "artikel", "beitrag", "inhalt", "contenu", "contenido", "articulo", "noticia", "cuerpo", "contenuto", "articolo",
        "testo", "conteudo", "materia", "inhoud", "bericht", "tresc", "artykul", "clanek", "obsah",
    };

    /// <summary>Words that name an article's summary paragraph (a standfirst is often one paragraph in its own wrapper:
    /// <c>div.lead &gt; p</c>, TYPO3 news' <c>div.teaser-text &gt; p</c>).</summary>
    private static readonly HashSet<string> Summary = new(StringComparer.Ordinal) { "lead", "standfirst", "perex", "teaser", "intro", "summary", "abstract" };

    /// <summary>True when a class/id word names the article's summary paragraph.</summary>
    public static bool IsSummary(IElement element)
    {
        foreach (var token in Tokens(element))
        {
            if (Summary.Contains(token)) return true;
        }

        return false;
    }

    /// <summary>Words that name an admonition of documentation: DocBook XSL's <c>div.note</c>, <c>div.tip</c>,
    /// <c>div.warning</c>, <c>div.caution</c>, <c>div.important</c>; Sphinx's <c>div.admonition</c> with
    /// <c>hint</c>, <c>attention</c>, <c>danger</c>.</summary>
    private static readonly HashSet<string> Admonition = new(StringComparer.Ordinal)
    {
        "admonition", "note", "tip", "hint", "warning", "caution", "important", "attention", "danger",
        // Astro's, Starlight's and Nextra's callouts ("callout callout-note").
        "callout",
    };

    /// <summary>True when a class/id word names an admonition (a note, tip or warning set inside a section's text).</summary>
    public static bool IsAdmonition(IElement element)
    {
        foreach (var token in Tokens(element))
        {
            if (Admonition.Contains(token)) return true;
        }

        return false;
    }

    /// <summary>A fold (<c>&lt;details&gt;</c>) whose summary names a shop's terms: delivery, returns, payment. Product
    /// pages set them as collapsible tabs beside the product's own folds (Shopify's Dawn: "Material &amp; Pflege",
    /// then "Versand &amp; Rückgabe"); the terms are the same on every product of the shop.</summary>
    public static bool IsShopTermsFold(IElement element)
    {
        if (element.LocalName != "details") return false;
        foreach (var child in element.Children)
        {
            if (child.LocalName != "summary") continue;
            var label = child.TextContent.AsSpan().Trim();
            return label.Length is > 0 and < 80 && ShopTerms().IsMatch(label);
        }

        return false;
    }

    /// <summary>A list of counters: three items or more, at least half of those with text, that are each a number and
    /// what it counts (Discourse's topic map "7 Antworten · 1,4 Tsd. Aufrufe · 6 Benutzer · 24 Likes", a post's
    /// "12 comments · 340 views"). What is counted is named from a closed set of interface words, so a recipe's
    /// "3 Eier" or "200 g Mehl" is never one.</summary>
    public static bool IsCounterList(IElement list)
    {
        int items = 0, counters = 0;
        foreach (var child in list.Children)
        {
            if (child.LocalName != "li") continue;
            var text = child.TextContent.AsSpan().Trim();
            if (text.IsEmpty) continue;
            items++;
            if (text.Length <= 40 && Counter().IsMatch(text)) counters++;
        }

        return counters >= 3 && counters * 2 >= items;
    }

    /// <summary>Limit under which a short-negative element counts as short (weighted characters).</summary>
    public const int ShortLimit = 200;

    /// <summary>Words that name readers' comments: never content, except where forum software names a thread's posts
    /// so (Invision Community's <c>article.cPost.ipsComment</c>; see <see cref="IsOnlyCommentNamed"/>).</summary>
    private static readonly HashSet<string> CommentWords = new(StringComparer.Ordinal)
    {
        "comments", "comment", "kommentare", "commentaires", "comentarios", "commenti", "reacties", "komentarze", "komentare",
        "postings",
    };

    /// <summary>Class/id words of blocks that are never the article however long they are (comments, consent
    /// banners, recirculation widgets).</summary>
    private static readonly HashSet<string> NeverContent = new(CommentWords, StringComparer.Ordinal)
    {
        "disqus", "respond", "cookie", "cookies", "consent", "gdpr", "cmp", "outbrain", "taboola",
        "newsletter", "breadcrumb", "breadcrumbs", "brotkrumen", "related", "recommended", "recommendations", "recirculation", "trending",
    };

    /// <summary>Furniture words that name a place or a presentation on the page rather than a kind of block: themes
    /// put the article itself in such wrappers.</summary>
    private static readonly HashSet<string> Layout = new(StringComparer.Ordinal)
    {
        "widget", "widgets", "sidebar", "more", "overlay", "modal", "paywall", "offcanvas", "dropdown", "toolbar", "print",
        "next", "prev", "previous", "hidden", "visually", "offscreen", "popup", "rail", "siderail", "rightrail", "leftrail",
    };

    /// <summary>True when every furniture word in the class and id is a layout word (see <see cref="Layout"/>).</summary>
    public static bool IsLayoutOnly(IElement element)
    {
        var any = false;
        foreach (var token in Tokens(element))
        {
            if (!Negative.Contains(token)) continue;
            if (!Layout.Contains(token)) return false;
            any = true;
        }

        return any;
    }

    /// <summary>True when one of the element's class/id words is in <paramref name="words"/>.</summary>
    private static bool HasWord(IElement element, HashSet<string> words)
    {
        foreach (var token in Tokens(element))
        {
            if (words.Contains(token)) return true;
        }

        return false;
    }

    /// <summary>Class/id words of a fold the reader opens: an accordion's or tabs' panel, a collapsible answer.</summary>
    private static readonly HashSet<string> Fold = new(StringComparer.Ordinal) { "accordion", "panel", "pane", "collapse", "collapsible", "toggle", "faq", "answer" };

    /// <summary>True when a class/id word names a fold the reader opens (Kadence's closed
    /// "kt-accordion-panel kt-accordion-panel-hidden", Bootstrap's "collapse").</summary>
    public static bool NamesFold(IElement element) => HasWord(element, Fold);

    /// <summary>Class/id words of a column beside the text (a sidebar, a rail).</summary>
    private static readonly HashSet<string> SideColumn = new(StringComparer.Ordinal) { "sidebar", "rail", "siderail", "rightrail", "leftrail" };

    /// <summary>True when a class/id word names a column beside the text.</summary>
    public static bool NamesSideColumn(IElement element) => HasWord(element, SideColumn);

    /// <summary>Class/id words of image galleries and slideshows.</summary>
    private static readonly HashSet<string> Gallery = new(StringComparer.Ordinal) { "gallery", "galleries", "slideshow", "carousel", "slider", "lightbox" };

    /// <summary>True when a class/id word names an image gallery or slideshow.</summary>
    public static bool IsGallery(IElement element) => HasWord(element, Gallery);

    /// <summary>True when a class/id word names a block that is never the article.</summary>
    public static bool IsNeverContent(IElement element) => HasWord(element, NeverContent);

    /// <summary>The first class name in <paramref name="classes"/> whose words name comments ("js-comment-container",
    /// "ipsComment"), or null.</summary>
    public static string? CommentClassName(string classes)
    {
        foreach (var name in ClassNames(classes))
        {
            foreach (var token in Cached(name, isClass: true))
            {
                if (CommentWords.Contains(token)) return name;
            }
        }

        return null;
    }

    /// <summary>The names of a class attribute, in order.</summary>
    private static IEnumerable<string> ClassNames(string classes)
    {
        var start = -1;
        for (var k = 0; k <= classes.Length; k++)
        {
            var separator = k == classes.Length || char.IsWhiteSpace(classes[k]);
            if (!separator && start < 0) start = k;
            else if (separator && start >= 0)
            {
                yield return classes[start..k];
                start = -1;
            }
        }
    }

    /// <summary>True when every never-content word of the class and id names comments.</summary>
    public static bool IsOnlyCommentNamed(IElement element)
    {
        var comment = false;
        foreach (var token in Tokens(element))
        {
            if (CommentWords.Contains(token)) comment = true;
            else if (NeverContent.Contains(token)) return false;
        }

        return comment;
    }

    /// <summary>+1 for a content-like class/id, -1 for a furniture-like one (unless <paramref name="ignoreNegative"/>),
    /// 0 when it has neither or both.</summary>
    /// <remarks>Layout words alone (widget, sidebar, …) weigh nothing: a block that survived furniture removal with
    /// them holds prose, and theme wrappers of the article carry them. Content and furniture words together cancel,
    /// as Readability adds its class weights: the article's holder with a sharing or advertising flag beside its
    /// content words (<c>article-text social-share-enabled</c>) is no furniture to the scoring.</remarks>
    public static int ClassWeight(IElement element, bool ignoreNegative = false)
    {
        var (positive, negative) = (false, false);
        foreach (var token in Tokens(element))
        {
            if (!ignoreNegative && !negative && Negative.Contains(token) && !Layout.Contains(token)) negative = true;
            else if (!positive && Positive.Contains(token)) positive = true;
            if (positive && (negative || ignoreNegative)) break;
        }

        return positive == negative ? 0 : positive ? 1 : -1;
    }

    /// <summary>True when a class name (or the id) says content: it holds a content word, or, in a BEM-style name
    /// (<c>block--element</c>, <c>block__element</c>), its last part does. A short block so named is a piece of text
    /// ("message-userContent": a forum post's content; "main-article-info" around a standfirst), while a content word
    /// in the namespace of a BEM name belongs to the block, not to the part ("duet--article--byline": the article's
    /// byline, with the author's one-line biography).</summary>
    public static bool ClassNameSaysContent(IElement element)
    {
        if (element.GetAttribute("class") is { Length: > 0 } classes && ClassNames(classes).Any(NameSaysContent)) return true;
        return element.GetAttribute("id") is { Length: > 0 } id && NameSaysContent(id);
    }

    private static bool NameSaysContent(string name)
    {
        var part = Math.Max(name.LastIndexOf("--", StringComparison.Ordinal), name.LastIndexOf("__", StringComparison.Ordinal));
        foreach (var token in Cached(part > 0 ? name[(part + 2)..] : name, isClass: true))
        {
            if (Positive.Contains(token)) return true;
        }

        return false;
    }

    /// <summary>True when the class or id says furniture.</summary>
    public static bool IsNegative(IElement element, out bool onlyWhenShort)
    {
        onlyWhenShort = false;
        var heading = HtmlTags.IsHeading(element.LocalName);
        foreach (var token in Tokens(element))
        {
            // "adv" and "ad" on a heading of the text abbreviate something else: Kadence Blocks' advanced heading
            // (h2.kt-adv-heading…), on every heading of a post built with it. An advertisement's label is no heading of
            // its own, and its box is removed around it.
            if (heading && token is "ad" or "adv") continue;
            // "footer" on a paragraph among the story's paragraphs names the story's closing paragraph (BBC Sport's
            // p.story-footer: "Bolt is next in action in Oslo on Thursday …"), not the page's footer.
            if (token == "footer" && element.LocalName == "p" && element.PreviousElementSibling is { LocalName: "p" }) continue;
            // A furniture word removes the block whatever its size, even after a short-furniture word in the same
            // class ("author-bio": a biography box is no byline).
            if (Negative.Contains(token))
            {
                onlyWhenShort = false;
                return true;
            }

            // An info box with a heading and a paragraph (Kadence's "kt-info-box": "Das Wichtigste in Kürze" over the
            // text's key points) is a box of the text; a post's info line (date, author, category) has neither.
            if (token == "info" && ElementWalk.FirstDescendant(element, HtmlTags.IsSubheading) is not null && element.QuerySelector("p") is not null) continue;
            if (ShortNegative.Contains(token)) onlyWhenShort = true;
            // A video's teaser box set in the text (a label, the video's title, its duration, the player): short
            // furniture. A heading says more: a list article's item told in its heading beside an embedded video, or
            // a "Popular Video" heading whose box goes with it by the related-heading rule.
            else if (token == "video" && !heading && ElementWalk.FirstDescendant(element, HtmlTags.IsHeading) is null) onlyWhenShort = true;
        }

        // A citation of MediaWiki's references list (li#cite_note-…): citations are not the article's prose. Other
        // notes are: "note" names the admonitions of documentation (DocBook's and Sphinx's div.note, LibreOffice
        // help's div.notetext), so it is no furniture word.
        if (!onlyWhenShort && element.Id is { } id && id.StartsWith("cite_note", StringComparison.Ordinal))
        {
            // With MediaWiki's backlink caret ("^ a b"), it is an item of the article's reference list, whatever its
            // length: a long citation or an explanatory note is end matter too.
            if (element.QuerySelector(".mw-cite-backlink") is not null) return true;
            onlyWhenShort = true;
        }

        return onlyWhenShort;
    }

    /// <summary>Interface text that is never the page's text, by exact class and id names:
    /// <list type="bullet">
    /// <item>the interface MediaWiki (Wikipedia, Fandom and most wikis) prints inside the article, by the names of its
    /// core skins: section edit links ("History[edit]"), the tagline ("From Wikipedia, the free encyclopedia"), jump
    /// links, the category box, the print footer ("Retrieved from …"), navigation and sister-project boxes, hatnotes
    /// ("Main article: …"); exact names, because their words ("edit", "sub", "box") mean nothing alone;</item>
    /// <item>text shown only to screen readers, by the class names of the frameworks that define it: Bootstrap and
    /// Tailwind (<c>sr-only</c>, <c>visually-hidden</c>), WordPress (<c>screen-reader-text</c>), Drupal
    /// (<c>element-invisible</c>), HTML5 Boilerplate (<c>visuallyhidden</c>), Foundation (<c>show-for-sr</c>), GOV.UK
    /// (<c>govuk-visually-hidden</c>). A reader never sees it ("Posted on", "Continue reading <i>title</i>", "Skip to
    /// content"), and inside a sentence it glued itself to the words around it ("shows.Continue reading").</item>
    /// </list>
    /// The answer for each class attribute is cached per thread: pages repeat their class strings, and this runs for
    /// every element.</summary>
    public static bool IsInterfaceOnly(IElement element)
    {
        if (element.Id is { Length: > 0 } id && WikiChromeIds.Contains(id)) return true;
        var value = element.GetAttribute("class");
        if (string.IsNullOrEmpty(value)) return false;
        var cache = _interfaceClassCache ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (cache.TryGetValue(value, out var known)) return known;
        known = HasClass(value, WikiChromeLookup) || HasClass(value, ScreenReaderLookup) || HasScreenReaderComponent(value);
        if (cache.Count >= CacheLimit) cache.Clear();
        cache[value] = known;
        return known;
    }

    /// <summary>Whether one of the class names in the attribute <paramref name="value"/> is in <paramref name="names"/>
    /// (span lookups, no class list built).</summary>
    private static bool HasClass(string value, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> names)
    {
        foreach (var range in value.AsSpan().SplitAny(" \t\n\r\f"))
        {
            var name = value.AsSpan(range);
            if (name.Length > 0 && names.Contains(name)) return true;
        }

        return false;
    }

    [ThreadStatic]
    private static Dictionary<string, bool>? _interfaceClassCache;

    /// <summary>A CSS-in-JS class of a screen-reader-only component: the generated prefix and hash, then the
    /// component's name (BBC's <c>ssrcss-1ks7sdk-VisuallyHidden</c> around "Image caption, ", emotion's
    /// <c>css-1x2y3z-ScreenReaderOnly</c>).</summary>
    private static bool HasScreenReaderComponent(string value)
    {
        foreach (var range in value.AsSpan().SplitAny(" \t\n\r\f"))
        {
            var name = value.AsSpan(range);
            var dash = name.LastIndexOf('-');
            if (dash <= 0) continue;
            var component = name[(dash + 1)..];
            if (component is "VisuallyHidden" or "ScreenReaderOnly" or "SrOnly" or "VisuallyHiddenText") return true;
        }

        return false;
    }

    private static readonly HashSet<string> ScreenReaderClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "sr-only", "screen-reader-text", "screen-reader-only", "screenreader-only", "visually-hidden", "visuallyhidden",
        "element-invisible", "show-for-sr", "govuk-visually-hidden", "u-visually-hidden", "is-visually-hidden", "a11y-hidden",
        "hidden-visually", "assistive-text", "screenreader",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ScreenReaderLookup = ScreenReaderClasses.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string> WikiChromeIds = new(StringComparer.Ordinal)
    {
        "siteSub", "contentSub", "contentSub2", "jump-to-nav", "catlinks", "mw-navigation", "mw-head", "mw-panel", "p-lang",
    };

    private static readonly HashSet<string> WikiChromeClasses = new(StringComparer.Ordinal)
    {
        "mw-editsection", "mw-jump-link", "printfooter", "catlinks", "mw-indicators", "navbox", "vertical-navbox", "navbox-styles",
        "sistersitebox", "mw-authority-control",
        // Hatnotes: "Main article: …", "For other uses, see …" (current, and the older rellink and dablink).
        "hatnote", "rellink", "dablink",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WikiChromeLookup = WikiChromeClasses.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True for hidden elements (hidden attribute, aria-hidden, inline display:none or visibility:hidden),
    /// except hidden text the page shows in another form: the default of a script's hidden alternatives (see
    /// <see cref="IsDefaultAlternative"/>) and a formula hidden beside its picture (MediaWiki sets each formula's MathML,
    /// TeX in its alttext, in a span with display:none beside a fallback image; without it sentences read "denoted by
    /// , then").</summary>
    public static bool IsHidden(IElement element)
    {
        // Every element of a page is asked (the shares of visible prose): its attributes are read in one pass, and
        // most elements have none the parser kept.
        var attributes = element.Attributes;
        if (attributes.Length == 0) return false;
        string? hidden = null, ariaHidden = null, style = null, classes = null;
        for (var a = 0; a < attributes.Length; a++)
        {
            var attribute = attributes[a]!;
            switch (attribute.Name)
            {
                case "hidden": hidden ??= attribute.Value; break;
                case "aria-hidden": ariaHidden ??= attribute.Value; break;
                case "style": style ??= attribute.Value; break;
                case "class": classes ??= attribute.Value; break;
            }
        }

        if (hidden is null && ariaHidden is null && style is null && classes is null) return false;
        if (element.ChildElementCount == 1 && element.FirstElementChild is { LocalName: "math" }) return false;
        if (hidden is not null) return !IsDefaultAlternative(element);
        // A closed <details> is not hidden: its folded text is the page's when opened (a product's care notes, an FAQ's
        // answers); folds of a shop's terms go as furniture (IsShopTermsFold).
        if (string.Equals(ariaHidden, "true", StringComparison.OrdinalIgnoreCase)) return true;
        return (style is not null && HiddenStyle().IsMatch(style)) || HasHiddenClass(classes);
    }

    /// <summary>Bootstrap's <c>d-none</c> is <c>display:none</c> unless a breakpoint's display class shows the element
    /// again (<c>d-none d-md-block</c>); Stack Exchange writes its microdata (<c>&lt;span class="d-none"
    /// itemprop="commentCount"&gt;1&lt;/span&gt;</c>) so.</summary>
    private static bool HasHiddenClass(string? value)
    {
        // Every element is asked: the attribute's text is searched before its words are split.
        if (value is null || !value.Contains("d-none", StringComparison.Ordinal)) return false;
        var hidden = false;
        foreach (var range in value.AsSpan().SplitAny(" \t\n\r\f"))
        {
            var name = value.AsSpan(range);
            if (name.SequenceEqual("d-none")) hidden = true;
            else if (ShownAtBreakpoint(name)) return false;
        }

        return hidden;
    }

    /// <summary>A Bootstrap display class for a breakpoint (<c>d-md-block</c>, <c>d-xl-flex</c>), which shows an element
    /// <c>d-none</c> hides below it; <c>d-print-…</c> is for printing only.</summary>
    private static bool ShownAtBreakpoint(ReadOnlySpan<char> name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-"])
        {
            if (name.StartsWith(prefix) && !name.EndsWith("-none")) return true;
        }

        return false;
    }

    /// <summary>The default of several hidden alternatives that a page's script chooses from: LibreOffice's help
    /// writes a word that differs by system or module as <c>&lt;span class="switchinline"&gt;&lt;span hidden
    /// id="MAC…"&gt;Befehl&lt;/span&gt;&lt;span hidden id="default…"&gt;Strg&lt;/span&gt;&lt;/span&gt;+F2</c> and shows
    /// one by script; with every alternative hidden, shortcuts read "+F2" and sentences lost a word ("Öffnet das , in
    /// dem …") on about 125 pages per language. The alternative whose id says default is the text.</summary>
    private static bool IsDefaultAlternative(IElement element) =>
        element.Id is { } id && id.StartsWith("default", StringComparison.Ordinal) &&
        element.ParentElement is { } parent && parent.ClassList.Contains("switchinline");

    /// <summary>A breadcrumb trail written as text, whatever its class (SPIP's <c>p.arbo</c>: "Accueil &gt; Économie &gt;
    /// <strong>title</strong>"): two to eight parts between separators (&gt; › » → / |), every part but the last one link,
    /// the first linking to the site's home page (path "/", or a home word as its text). Old table layouts set it in a
    /// <c>font</c>, <c>small</c> or a cell of its own ("Home &gt; Local News" over a 2008 newspaper's story).</summary>
    public static bool IsBreadcrumbTrail(IElement element)
    {
        if (element.LocalName is not ("p" or "div" or "span" or "nav" or "font" or "small" or "td")) return false;
        var text = element.TextContent;
        if (text.Length > 400 || text.AsSpan().IndexOfAny(">›»→/|") < 0) return false;
        var parts = BreadcrumbSeparator().Split(text.Trim());
        if (parts.Length is < 2 or > 8) return false;
        var links = element.QuerySelectorAll("a[href]");
        if (links.Length < 1 || links.Length > parts.Length) return false;
        for (var k = 0; k < parts.Length - 1; k++)
        {
            var part = parts[k].Trim();
            if (part.Length == 0 || !links.Any(a => a.TextContent.Trim() == part)) return false;
        }

        var first = links[0];
        if (first.TextContent.Trim() != parts[0].Trim()) return false;
        var href = first.GetAttribute("href") ?? "";
        if (Uri.TryCreate(href, UriKind.Absolute, out var uri)) href = uri.AbsolutePath;
        return href is "/" or "" or "./" || HomeWord().IsMatch(parts[0].Trim());
    }

    [GeneratedRegex(@"(?<=^|\s)([\w-]+:)*text-(xs|sm|base|lg|\d*xl|\d+|\[[^\]\s]*\]|left|center|right|justify|start|end|white|black|transparent|current|inherit|ellipsis|clip|wrap|nowrap|balance|pretty|[a-z]+-\d{2,3}(/\d+)?|slate|gray|grey|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose|primary|secondary|muted|accent|success|danger|warning|info|light|dark)(?=\s|$)")]
    private static partial Regex TextUtility();

    [GeneratedRegex(@"\s+[>›»→/|]\s+|\s*[›»→]\s*")]
    private static partial Regex BreadcrumbSeparator();

    // "Home" in the project's languages, as breadcrumb trails start.
    [GeneratedRegex(@"^(home|homepage|start|startseite|accueil|inicio|portada|home page|pagina iniziale|início|página inicial|strona główna|главная|首页|ホーム|トップ)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HomeWord();

    /// <summary>True when an inline style places the element by percent coordinates from the top or bottom and the left
    /// or right, as chart tools (ai2html) place value labels and axis ticks over the chart's image (right-aligned ticks
    /// are placed from the right: <c>top:9.5%;right:95.1%</c>).</summary>
    public static bool IsPlacedOverPicture(IElement element)
    {
        var style = element.GetAttribute("style");
        return style is not null && PercentTop().IsMatch(style) && PercentLeft().IsMatch(style);
    }

    [GeneratedRegex(@"(^|[;\s])(top|bottom)\s*:\s*-?[0-9.]+%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentTop();

    [GeneratedRegex(@"(^|[;\s])(left|right)\s*:\s*-?[0-9.]+%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentLeft();

    /// <summary>Lower-case words of the class and id attributes, split at separators and camel-case humps.</summary>
    /// <remarks>A custom element's name counts as a class (<c>shreddit-ad-post</c>, <c>product-recommendations</c>,
    /// <c>amp-ad</c>): web components name the block in the tag itself.</remarks>
    public static TokenList Tokens(IElement element)
    {
        var className = element.GetAttribute("class");
        var tag = element.LocalName;
        var classTokens = tag.Contains('-') ? CachedCustom(tag, className)
            : string.IsNullOrEmpty(className) ? [] : Cached(className, isClass: true);
        return new TokenList(classTokens, element);
    }

    /// <summary>The tokens of a class list followed by those of the id, without allocating an enumerator.</summary>
    /// <remarks>The id's words are a pure function of the id, but whether they count depends on the element's heading,
    /// which furniture removal can change: that check runs on every enumeration, and only when a caller reads past
    /// the class words (most stop at the first furniture word).</remarks>
    public readonly struct TokenList(string[] classTokens, IElement element)
    {
        public Enumerator GetEnumerator() => new(classTokens, element);

        public struct Enumerator(string[] classTokens, IElement element)
        {
            private string[] _tokens = classTokens;
            private int _index = -1;
            private bool _idDone;

            public readonly string Current => _tokens[_index];

            public bool MoveNext()
            {
                if (++_index < _tokens.Length) return true;
                if (_idDone) return false;
                _idDone = true;
                var id = element.GetAttribute("id");
                _tokens = string.IsNullOrEmpty(id) || IsHeadingAnchor(element, id) ? [] : Cached(id, isClass: false);
                _index = 0;
                return _tokens.Length > 0;
            }
        }
    }

    // Class and id values repeat across a page's elements and across the pages of a site, and every furniture test
    // asks for the same words again: splitting (a regex pass and compound lookups) is done once per distinct value.
    // Per thread, so no locking; cleared when large, so a long crawl of unique ids cannot grow it without bound.
    [ThreadStatic] private static Dictionary<string, string[]>? _classCache;
    [ThreadStatic] private static Dictionary<string, string[]>? _idCache;
    private const int CacheLimit = 8192;

    [ThreadStatic] private static Dictionary<(string Tag, string Class), string[]>? _customCache;

    /// <summary>A custom element's words: its name's, then its class's (cached per pair, without building a key).</summary>
    private static string[] CachedCustom(string tag, string? className)
    {
        var cache = _customCache ??= [];
        var key = (tag, className ?? "");
        if (cache.TryGetValue(key, out var tokens)) return tokens;
        tokens = [.. WordTokens(tag), .. string.IsNullOrEmpty(className) ? [] : Cached(className, isClass: true)];
        if (cache.Count >= CacheLimit) cache.Clear();
        cache[key] = tokens;
        return tokens;
    }

    private static string[] Cached(string value, bool isClass)
    {
        var cache = isClass ? _classCache ??= new Dictionary<string, string[]>(StringComparer.Ordinal) : _idCache ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (cache.TryGetValue(value, out var tokens)) return tokens;
        tokens = isClass ? ClassTokens(value) : WordTokens(value);
        if (cache.Count >= CacheLimit) cache.Clear();
        cache[value] = tokens;
        return tokens;
    }

    private static string[] ClassTokens(string className)
    {
        if (IsAtomicCss(className)) return [];
        // Tailwind's text utilities ("text-14", "md:text-20", "text-gray-63", "text-center") set a font size, colour or
        // alignment on any element: "text" in them says nothing about content. A numbered block ("text-block-1") is
        // no utility: a shade has two or three digits.
        if (className.Contains("text-", StringComparison.Ordinal)) className = TextUtility().Replace(className, " ");
        // "cmp" names a consent-management platform, and also the component prefix of Adobe Experience Manager's
        // core components ("cmp cmp-text", "cmp-teaser", "cmp-title") that build whole corporate sites: as a
        // prefix of a component name it says nothing about the block.
        var component = className.StartsWith("cmp-", StringComparison.Ordinal) || className.Contains(" cmp-", StringComparison.Ordinal);
        var tokens = new List<string>();
        foreach (var word in Words(className))
        {
            foreach (var token in Split(word))
            {
                if (component && token == "cmp") continue;
                tokens.Add(token);
            }
        }

        return tokens.Count == 0 ? [] : tokens.ToArray();
    }

    private static string[] WordTokens(string id)
    {
        var tokens = new List<string>();
        foreach (var word in Words(id)) tokens.AddRange(Split(word));
        return tokens.Count == 0 ? [] : tokens.ToArray();
    }

    /// <summary>The lower-case words of a class or id attribute, leaving out generated hash names and the furniture
    /// word a state prefix qualifies.</summary>
    /// <remarks>"has-comments", "with-sidebar", "article-with-related-posts", "content-with-sidebar-wrp": a furniture
    /// word after "has" or "with" in the same name says what the element has beside its text, not what it is
    /// (themes flag the article's wrapper so). Measured with <c>bench extract-mutate</c>: "has-comments" added to the
    /// class of the article's holder on Readability's real pages cut the mean F1 of the text to 0.35.
    /// "no-comments" is left alone: themes name the "Comments are closed." notice so. Any other furniture word after
    /// "no" says what a block lacks: ESPN's inline table box "mod-container mod-no-footer content-box mod-inline"
    /// is a module without a footer, not a footer.</remarks>
    private static IEnumerable<string> Words(string value)
    {
        var qualifierEnd = -1;
        var negated = false;
        foreach (Match m in Word().Matches(value))
        {
            // The letters and digits around the word, up to the separators: the name it is part of.
            var (start, end) = (m.Index, m.Index + m.Length);
            while (start > 0 && char.IsAsciiLetterOrDigit(value[start - 1])) start--;
            while (end < value.Length && char.IsAsciiLetterOrDigit(value[end])) end++;
            if (end - start > m.Length && IsHexHash(value.AsSpan(start, end - start))) continue;
            var word = m.Value.ToLowerInvariant();
            var qualified = qualifierEnd >= 0 && SameName(value, qualifierEnd, m.Index);
            // The qualifier reaches to the end of its name: Docusaurus' "anchorWithStickyNavbar_LWe7" is a heading
            // placed below a sticky navbar, not a navbar.
            var wasNegated = qualified && negated;
            negated = word == "no" || wasNegated;
            qualifierEnd = word is "has" or "with" or "no" || qualified ? m.Index + m.Length : -1;
            // Only the words that remove a block whatever its size: a short-furniture word after "with" still names
            // the block ("topAttributionWithDate" is a byline), and such a block is removed only when short anyway.
            if (qualified && (Negative.Contains(word) || NeverContent.Contains(word)) && !(wasNegated && CommentWords.Contains(word))) continue;
            yield return word;
        }
    }

    /// <summary>True when nothing but name separators ('-', '_', ':') lies between two words: they belong to one class
    /// name.</summary>
    private static bool SameName(string value, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (value[i] is not ('-' or '_' or ':')) return false;
        }

        return true;
    }

    /// <summary>A generated hash name (Medium's paragraph id <c>e1ad</c>): hexadecimal digits only, with a letter after
    /// a digit. Split into words it would yield "ad"; an ad slot's "ad1" or "ad300x250" is not one.</summary>
    private static bool IsHexHash(ReadOnlySpan<char> run)
    {
        var digitSeen = false;
        var letterAfterDigit = false;
        foreach (var c in run)
        {
            if (char.IsAsciiDigit(c)) digitSeen = true;
            else if (char.IsAsciiHexDigitLower(c)) letterAfterDigit |= digitSeen;
            else return false;
        }

        return letterAfterDigit;
    }

    /// <summary>True for a class list of generated atomic CSS names (Medium's <c>go gp dg ay gq b gr gs …</c>): five
    /// names or more, at least four in five of them one to three characters long. Such names are hashes, and any
    /// furniture word among them ("sr", "ad") is there by chance.</summary>
    private static bool IsAtomicCss(string className)
    {
        var (names, tiny, length) = (0, 0, 0);
        foreach (var c in className + " ")
        {
            if (!char.IsWhiteSpace(c))
            {
                length++;
                continue;
            }

            if (length == 0) continue;
            names++;
            if (length <= 3) tiny++;
            length = 0;
        }

        return names >= 5 && tiny * 5 >= names * 4;
    }

    /// <summary>Words that close a compound class word (<c>relatedposts</c>, <c>sharebox</c>, <c>commentlist</c>).</summary>
    private static readonly HashSet<string> CompoundTails = new(StringComparer.Ordinal)
    {
        "posts", "post", "articles", "article", "stories", "story", "links", "link", "box", "bar", "area", "wrap", "wrapper",
        "list", "items", "item", "block", "container", "section", "content", "body", "text", "widget", "area", "module",
    };

    /// <summary>A class word as written, plus its two halves when it is a compound of a known word and a known tail
    /// written without a separator (<c>relatedposts</c> → related, posts).</summary>
    private static IEnumerable<string> Split(string word)
    {
        yield return word;
        if (word.Length < 6 || Known(word)) yield break;
        for (var k = 2; k <= word.Length - 3; k++)
        {
            var head = word[..k];
            var tail = word[k..];
            if (Known(head) && (CompoundTails.Contains(tail) || Known(tail)))
            {
                // A content word before "widget" names the widget's kind (WordPress's "textwidget" is a sidebar
                // box), not the article.
                if (!(tail is "widget" or "widgets" && Positive.Contains(head))) yield return head;
                yield return tail;
                yield break;
            }
        }
    }

    private static bool Known(string word) =>
        Negative.Contains(word) || Positive.Contains(word) || ShortNegative.Contains(word) || NeverContent.Contains(word);

    /// <summary>True when the id is an anchor made from the section's own heading (docutils/Sphinx, Markdown and
    /// wiki generators write <c>id="sharing-with-a-single-developer"</c> on the section titled "Sharing with a single
    /// developer"): its words describe the text, not a page widget.</summary>
    private static bool IsHeadingAnchor(IElement element, string id)
    {
        // A one-word id is a widget's name more often than a title's.
        var separators = 0;
        foreach (var c in id)
        {
            if (c is '-' or '_') separators++;
        }

        if (separators < 1) return false;
        // Markdown generators (Hugo, Jekyll, MkDocs, GitHub) put the anchor on the heading itself
        // (<h2 id="why-more-cores-made-it-worse">): three words or more, most of them the heading's own.
        var self = HtmlTags.IsHeading(element.LocalName);
        // A heading numbered by its place in the text ("nav_2", "toc-3", "section_4": an in-page contents' anchor).
        if (self && separators == 1 && EndsWithNumber(id)) return true;
        // Two words on a heading are its anchor only when they are the whole heading ("What’s next" is
        // id="whats-next"; a widget's "related-posts" names a longer heading).
        if (self && separators < 2) return string.Equals(Slug(element.TextContent), id.Replace('_', '-'), StringComparison.OrdinalIgnoreCase);
        var heading = self ? element : ElementWalk.FirstDescendant(element, HtmlTags.IsHeading);
        if (heading is null) return false;
        // A slug of four words or more on a section that opens with its heading is the heading's anchor even when
        // the page was translated and the slug kept ("handling-security-related-bugs" on a German section titled
        // "Handhabung von sicherheitsrelevanten Fehlern"); widget names are shorter ("related-posts").
        if (!self && separators >= 3 && FirstWithText(element) == heading && Word().Matches(id).Count(m => char.IsLetter(m.Value[0])) >= 4) return true;
        var words = new HashSet<string>(StringComparer.Ordinal);
        // Slug generators drop apostrophes: "What’s next" is id="whats-next".
        foreach (Match m in Word().Matches(WithoutApostrophes(heading.TextContent))) words.Add(m.Value.ToLowerInvariant());
        var matched = 0;
        var total = 0;
        foreach (Match m in Word().Matches(id))
        {
            total++;
            if (words.Contains(m.Value.ToLowerInvariant())) matched++;
        }

        return total > 0 && matched * 4 >= total * 3;
    }

    /// <summary>A heading's words joined by hyphens, apostrophes dropped, as slug generators write them.</summary>
    private static string Slug(string text) => string.Join('-', Word().Matches(WithoutApostrophes(text)).Select(m => m.Value.ToLowerInvariant()));

    private static string WithoutApostrophes(string text) => text.Replace("’", "").Replace("'", "");

    /// <summary>The id's last hyphen- or underscore-separated part is a number ("nav_2", "section-14").</summary>
    private static bool EndsWithNumber(string id)
    {
        var last = id.AsSpan(id.LastIndexOfAny(['-', '_']) + 1);
        return last.Length > 0 && !last.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The first element child that carries text (an empty anchor <c>&lt;span id=…&gt;</c> before a heading
    /// does not count).</summary>
    private static IElement? FirstWithText(IElement element)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (!string.IsNullOrWhiteSpace(child.TextContent)) return child;
        }

        return null;
    }

    // Shipping, delivery, returns, refunds and payment in the project's languages, as whole words.
    [GeneratedRegex(@"\b(shipping|delivery|returns?|refunds?|payment|versand|lieferung|lieferzeit|rückgabe|rücksendung|retoure|zahlung|zahlungsarten|livraison|retours?|remboursement|paiement|env[ií]os?|devoluci[oó]n(es)?|pagos?|spedizion[ei]|resi|reso|pagamento|consegna|verzending|levering|retourneren|betaling|wysyłka|dostawa|zwroty?|płatność|entrega|devoluç(ão|ões)|trocas?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShopTerms();

    // A number and the interface word for what it counts, in either order, in the project's languages.
    [GeneratedRegex(@"^(\d[\d.,\u00a0\u202f ]*\s*(k|m|tsd\.?|mio\.?)?\s*(replies|reply|answers?|views?|users?|likes?|links?|posts?|comments?|votes?|members?|followers?|shares?|reactions?|clicks?|downloads?|antworten|aufrufe|benutzer|beiträge|kommentare?|mitglieder|reaktionen|zugriffe|bewertungen|réponses?|réactions?|vues|utilisateurs|messages?|commentaires?|membres|respuestas?|vistas|visitas|usuarios|comentarios?|miembros|risposte|visualizzazioni|utenti|commenti|membri|antwoorden|weergaven|gebruikers|reacties|leden|odpowiedzi|wyświetle(ń|nia)|komentarz[ey]?|respostas?|visualizações|usuários|comentários?|membros)|(replies|answers|views|users|likes|links|posts|comments|votes|members|antworten|aufrufe|benutzer|beiträge|kommentare|mitglieder|réponses|vues|membres|respuestas|visitas|comentarios|risposte|visualizzazioni|antwoorden|reacties)\s*:?\s*\d[\d.,\u00a0\u202f ]*\s*(k|m|tsd\.?|mio\.?)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Counter();

    /// <summary>A line that is only a number (a vote count, "1,4 Tsd.", "+3"): a counter's figure left where its
    /// buttons were, not a sentence.</summary>
    [GeneratedRegex(@"^[+\-−]?\d{1,3}([.,\u00a0\u202f ]\d{3})*([.,]\d+)?\s*(k|m|tsd\.?|mio\.?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex NumberOnly();

    [GeneratedRegex(@"(display\s*:\s*none|visibility\s*:\s*hidden)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>An ad label and its continue line ("Anzeige - Weiterlesen"), "Story continues below".</summary>
    private const string AdSlotLabels =
        @"(advertisement|anzeige|werbung|publicit[ée]|publicidad)\s*[-–—:]?\s*(continue reading( below)?|scroll to continue( with content)?|story continues below|weiterlesen( nach der anzeige)?|la suite (après|ci-dessous)( cette publicité)?|sigue leyendo)|" +
        @"(story|article) continue[sd] below( advertisement)?";

    /// <summary>News-template labels: "Story highlights", "Reuters staff writer", "Follow @x".</summary>
    private const string NewsTemplateLabels =
        @"story highlights|share your views|" +
        @"(healthday|ap|associated press|reuters|afp|bloomberg|cnn|staff) (reporter|writer|correspondent)|" +
        @"follow @\w+|main category:.{1,80}|also included in:.{1,80}";

    /// <summary>An ad slot's continue line alone: "Continue reading below", "Weiterlesen nach der Anzeige".</summary>
    private const string ContinueBelowLabels =
        @"continue reading below|weiterlesen nach der anzeige|la suite après (cette|la) publicité";

    /// <summary>Japanese blog-ranking badges: "にほんブログ村", "人気ブログランキング".</summary>
    private const string BlogRankingBadges =
        @"にほんブログ村|人気ブログランキング|ランキングに参加しています.{0,30}";

    /// <summary>Share and embed buttons ("Share this article", "Teilen", "Tweet", "[Embed]") and "Read more".</summary>
    private const string ShareLabels =
        @"share( this( article| post| page)?)?( on \w+)?|teilen|partager|compartir|tweet|" +
        @"\[?embed( this)?( video| code| post)?\]?|(" + ReadMoreLabels + @"):?";

    /// <summary>Slide counters and arrows ("3 / 12", "Next slide"), "Report it", "Back to top", "Print".</summary>
    private const string GalleryAndPageButtons =
        @"\d{1,3} ?/ ?\d{1,3}|\d{1,3} (photos|images|pictures|slides|bilder|fotos)|" +
        @"(continue to (the )?)?(next|previous) (slide|photo|image)|report it|back to top|nach oben|print|drucken|" +
        @"imprimer|печать";

    /// <summary>"Loading…", photo links ("View all 12 photos", "Alle Bilder ansehen") and "1.2k views".</summary>
    private const string LoadingAndViewLabels =
        @"(loading|(wird )?geladen|chargement|cargando|caricamento|carregando)\s*(\.\.\.|…)?|" +
        @"(view|see|show)( all)?( \d+)? (images?|photos?|pictures?|gallery)|" +
        @"(alle )?(\d+ )?(bilder|fotos) (ansehen|anzeigen)|voir (les )?(\d+ )?(photos|images)|" +
        @"ver (las )?(\d+ )?(fotos|imágenes)|" +
        @"[\d.,]+\s*(k|m|tsd\.|mio\.)?\s*(views|aufrufe|vues|visualizaciones|visualizações|visualizzazioni|weergaven|wyświetle(ń|nia))";

    /// <summary>Tag lines ("Tags: …"), text-size controls ("Font size", "Schriftgröße") and "Enlarge".</summary>
    private const string TagAndTextSizeLabels =
        @"tags?:.*|schlagwörter:.*|(text|font) ?size:?( .{0,30})?|schriftgröße:?( .{0,30})?|taille du texte|" +
        @"tamaño del texto|(\[\+\] ?)?enlarge( this)?( image| photo)?";

    /// <summary>Related-links labels ("See also", "You may also like") and "Follow us", "Subscribe".</summary>
    private const string RelatedAndFollowLabels =
        @"related( articles| posts| stories)?:?|see also:?|you may also like|recommended for you|follow us.*|" +
        @"subscribe.*|sign up.*";

    /// <summary>Cookie and privacy links: "Cookie settings", "Do not sell my information", "Datenschutz".</summary>
    private const string ConsentLinks =
        @"(cookie|privacy|consent) (settings|preferences|policy|choices)|manage (cookies|consent|preferences)|" +
        @"do not sell my (personal )?information|cookie-einstellungen|datenschutz(erklärung|einstellungen)?|" +
        @"paramètres (des )?cookies|gérer (les )?cookies|configuración de cookies|configurações de cookies|" +
        @"impostazioni (dei )?cookie";

    /// <summary>Reading times: "Reading time: 5 min", "Lesezeit ca. 3 Minuten", "4 min read".</summary>
    private const string ReadingTimeLabels =
        @"(reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd|czas czytania)\s*:?\s*((ca\.|circa|environ|approx\.)\s*)?(\d+\s*(min\.?|mins?|minutes?|minuten|minuti|minutos|minut|minuty))?|" +
        @"(\d+\s*(min\.?|mins?|minutes?|minuten|minuti|minutos|minut|minuty)\s*(read|reading|lesezeit|lesedauer|de lecture|di lettura|de leitura|de lectura|leestijd|czytania))";

    /// <summary>"Pin it" and subscribe buttons: "読者になる", "Je m'abonne", "Jetzt abonnieren", "Suscríbete".</summary>
    private const string SubscribeButtons =
        @"pin( it| (this|rezept|recipe|recette|receta|ricetta|receita))?( for later| now)?!?|読者になる|.{1,30}さんの読者になろう|" +
        @"ブログの更新情報が受け取れて、アクセスが簡単になります|je m[’']abonne|s[’']abonner|jetzt abonnieren|abonnieren|suscr[ií]bete|" +
        @"assine( já)?|abbonati|abonneer( nu)?|zasubskrybuj";

    /// <summary>Short lines that are widget labels in any of the common languages (advertising marks, share and
    /// read-more links), matched whole after trimming, with or without the dashes some themes set around them (tagDiv's
    /// Newspaper theme prints "- Advertisement -" over each ad slot). Single words and short labels go here; phrases of
    /// news templates (buttons, consent placeholders, agency lines) in <see cref="InterfaceLine"/>, which is tested
    /// beside it.</summary>
    [GeneratedRegex(@"^([-–—]+\s*)?(" + AdLabels + "|" + AdSlotLabels + "|" + NewsTemplateLabels + "|" +
        ContinueBelowLabels + "|" + BlogRankingBadges + "|" + ShareLabels + "|" + GalleryAndPageButtons + "|" +
        LoadingAndViewLabels + "|" + TagAndTextSizeLabels + "|" + RelatedAndFollowLabels + "|" + ConsentLinks + "|" +
        ReadingTimeLabels + "|" + SubscribeButtons + @")(\s*[-–—]+)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex BoilerplateLine();

    /// <summary>A clock time beside a date ("10:42 a.m.", "14h03", "9:15 PM"): part of a date line, not a sentence.</summary>
    [GeneratedRegex(@"\b\d{1,2}[:h]\d{2}(\s*[ap]\.?m\.?)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ClockTime();

    /// <summary>An author's handle line after the text: "Follow Brett Molina on Twitter: @bam923.", "Follow Jeff Gluck on
    /// Twitter @jeff_gluck", "Follow Dan Shanoff on Twitter at @danshanoff." (USA Today's and its network's, six of
    /// the 258 news pages), "Folgen Sie Max Muster auf Twitter". Matched whole, with the name capitalised (name
    /// particles such as de, van, von between): a sentence
    /// about someone on Twitter, or a list of accounts to follow, is text.</summary>
    [GeneratedRegex(@"^(?i:follow|folgen sie|suivez|sigue a|segui)\s+(\p{Lu}[\p{L}.'’-]*\s+|(de|da|do|dos|del|della|di|van|von|der|den|le|la|du)\s+){0,4}\p{Lu}[\p{L}.'’-]*\s+(?i:on|auf|sur|en|su)\s+(?i:twitter|x|instagram|facebook|threads|bluesky|mastodon)(\s*(:|at)?\s*@\w+)?\s*\.?$",
        RegexOptions.CultureInvariant)]
    public static partial Regex HandleLine();

    /// <summary>A sign-off of follow prompts with handles: SPACE.com's and its network's "Follow Miriam Kramer
    /// @mirikramer and Google+. Follow us @Spacedotcom, Facebook and Google+. Original article on SPACE.com." Every
    /// sentence asks to follow (with an @handle in the first) or names the original article's site.</summary>
    [GeneratedRegex(@"^(?i:follow) [^.]{0,80}@\w+[^.]{0,80}\.(\s+(?i:follow) [^.]{1,100}\.)*(\s+(?i:original (article|story)) (?i:on|at) \S+( \S+){0,3}?\.?)?$",
        RegexOptions.CultureInvariant)]
    public static partial Regex FollowSignOff();

    /// <summary>A contact note after the text, opening as publishers write them: "To contact the reporter on this story:
    /// … at …@bloomberg.net" (Bloomberg), "Write to Kristin Jones at …" (Dow Jones), "Contact Matt Breen at …",
    /// "Contact the writer: …". Counted only on a line that holds an e-mail address (see HtmlExtractor.Clean). An
    /// author's biography with an address ("Jaclyn Reiss can be reached at …", "Erin Allday is a San Francisco Chronicle
    /// staff writer. E-mail: …") is left: Readability and Mercury's site extractors keep it as the article's.</summary>
    [GeneratedRegex(@"^((?i:to contact the (reporters?|editors?|writers?|authors?|correspondents?))\b|(?i:write to) \p{Lu}|(?i:contact) ((?i:the (writer|reporter|author|editor))s?\s*:|\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){0,3} at\b)|\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){0,3} at [^\s@]+@[^\s@]+$)",
        RegexOptions.CultureInvariant)]
    public static partial Regex ContactLine();

    /// <summary>An e-mail address.</summary>
    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    public static partial Regex EmailAddress();

    /// <summary>A short byline: "By Jane Doe", "By Jane Doe - 3 March 2024", "Por Ana Souza |", "Von Max Muster",
    /// "Written by Jane Doe on March 3, 2024", "By: Jane Doe", "Autor: Max Muster", "Por Ana de Souza e João da Silva"
    /// (name particles de, da, van, von, … between capitalised names).</summary>
    [GeneratedRegex(@"^((?i:(written|posted|words|story|reported|text|texto|texte|escrito|publicado|geschrieben)\s+)?(?i:by|von|par|por|di|door|av)\s*:?|(?i:autor|autora|author|auteur|verfasser|autore)\s*:)\s+\p{Lu}[\p{L}.'’-]*(\s+((?i:and|und|et|e|y|&)\s+)?((de|da|do|dos|das|del|della|di|van|von|der|den|du|la|le|ten|bin)\s+)?\p{Lu}[\p{L}.'’-]*){0,4}\s*([-–—|,·•].{0,50}|\s+(?i:on|updated|published|am|le|el|em|il|op)\s+[^.!?]{0,40})?$",
        RegexOptions.CultureInvariant)]
    public static partial Regex BylineLine();

    /// <summary>The heading of a related-posts block, in the languages of the common CMS themes: it and the short
    /// teaser lines under it are dropped.</summary>
    [GeneratedRegex(@"^(related( articles| posts| stories| content| coverage| news| links| reading)?|auch interessant|top[- ]themen|more (stories|articles|news|headlines)( .{0,30})?|more great \w+ stories|today['’]s best .{1,60} deals|discover more( stories| articles)?|you (may|might) (also )?like|recommended( for you| articles)?|read (also|next)|see also|also read|more from .{1,40}|the latest (on|from|in) .{1,40}|further reading|external links|weblinks|liens externes|enlaces externos|collegamenti esterni|ligações externas|externe links|trending( now)?|before you go\b.{0,60}|most (read|popular|viewed|shared|commented|emailed)( .{0,30})?|mais (lidas|lidos|vistos|vistas)|(lo|los|las) más (leído|leídos|leídas|visto)s?|más leídas|les plus lus|meistgelesen|am meisten gelesen|i più letti|più letti|popular (videos?|stories|posts|articles)|(recommended|featured|related) videos?|você (também )?pode gostar( também)?|pode (também )?gostar|notícias relacionadas|matérias relacionadas|te puede gustar|también te puede gustar|veja também|leia também|lesen sie auch|das könnte sie (auch )?interessieren|mehr zum thema|weitere artikel|(ältere|weitere|neuere) (meldungen|beiträge|nachrichten)|à lire aussi|vous aimerez aussi|sur le même sujet|te puede interesar|también te puede interesar|noticias relacionadas|artículos relacionados|potrebbe interessarti|articoli correlati|leggi anche|lees ook|gerelateerde artikelen|czytaj (także|też|również|więcej)|zobacz (także|też|również)|čtěte také|související články|смотрите также|читайте также|похожие статьи)\s*[:.…!]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex RelatedHeading();

    /// <summary>Advertising labels in the project's languages, for <see cref="BoilerplateLine"/> (a label line left where
    /// its slot was) and <see cref="AdLabel"/> (a label opening an ad's box).</summary>
    private const string AdLabels = "advertisement|advertising|advert|sponsored( content| by .{1,40})?|paid (content|post|partnership)|promoted|" +
        "anzeige|werbung|publicit[ée]|publicidade?|pubblicit[àa]|annons|advertentie|reklama|реклама|広告|广告";

    /// <summary>"Read more" in the project's languages: a widget label on a line of its own (<see cref="BoilerplateLine"/>)
    /// and the label of an excerpt's last link (<see cref="ReadMoreLink"/>).</summary>
    private const string ReadMoreLabels = "read more|continue reading|weiterlesen|mehr lesen|lire la suite|leer m[áa]s|seguir leyendo|continuar leyendo|" +
        "leggi tutto|leggi di più|continua a leggere|lees (verder|meer)|czytaj (dalej|więcej)|ler mais|continuar lendo|leia mais|читать далее|подробнее|続きを読む";

    /// <summary>The label of a link to the rest of a post after its excerpt, in the project's languages: "Read more",
    /// "Continue reading", "Weiterlesen", "Mehr lesen", "Lire la suite", "Leer más", "Leggi tutto", "Lees verder",
    /// "Czytaj dalej", "Ler mais", "Читать далее", with an arrow or ellipsis after it. Matched whole.</summary>
    [GeneratedRegex(@"^(\[?(…|\.\.\.)\]?\s*)?(" + ReadMoreLabels + @"|more|mehr|la suite)\s*(»|›|→|…|\.\.\.|>>)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ReadMoreLink();

    /// <summary>A writer's tagline under a column or guest post: the writer's name (two to four capitalised words), "is"
    /// or "was", and what the writer does for the publication ("… is a columnist for …", "… is a freelance writer
    /// based in …", "… is the author of …"). Tested only on a text's last two lines.</summary>
    [GeneratedRegex(@"^\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){1,3},? (is|was) (a|an|the) .{0,160}\b(columnist|contributor|contributing (writer|editor)|freelance (writer|journalist|reporter)|staff (writer|reporter)|reporter|correspondent|author of|editor (of|at|for))\b.{0,250}$", RegexOptions.CultureInvariant)]
    public static partial Regex AuthorTagline();

    /// <summary>The label of a press release's contact block ("Investor Contact:", "Media Contacts", "Press
    /// inquiries:"), over the names, companies, addresses and numbers (see HtmlExtractor.Clean).</summary>
    [GeneratedRegex(@"^(investor|investors|media|press|company|corporate|public)( relations)?( contacts?| inquiries| enquiries)\s*:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ContactBlockLabel();

    /// <summary>An advertising label that opens a box (matched whole): "Anzeige", "Advertisement", "Sponsored", and the
    /// same in the project's languages.</summary>
    [GeneratedRegex(@"^(" + AdLabels + @"|ad)\s*[:|]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex AdLabel();

    /// <summary>A related-posts heading: a short line (under 80 characters) that <see cref="RelatedHeading"/> matches.</summary>
    public static bool IsRelatedHeading(string line) => line.Length < 80 && RelatedHeading().IsMatch(line);

    /// <summary>The heading of the matter after an article: an author's box, a comment prompt, an advertising label
    /// ("About Author" over a biography, "Add Your Opinion On This Article" over a form's small print, "Ads by
    /// Google"). Matched whole, and only among the last blocks of a text (see HtmlExtractor.Clean).</summary>
    [GeneratedRegex(@"^(about (the )?(authors?|writer|contributor)|über (den|die) autor(in|en)?|zum autor|zur autorin|à propos de l['’]auteur|sobre (el|la) autora?|sull['’]autore|over de auteur|o autorze|add your (opinion|comment)( on this (article|story))?|leave a (reply|comment)|(post|write|add) a comment|ads by google|editor['’]?s['’]? (choice|picks)|in this article)\s*[:.]?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex EndMatterHeading();

    /// <summary>The heading of readers' comments, matched whole: "Comments", "COMMENTS", "Reader comments", "7
    /// Comments", "Comments (12)", "Latest comments", and the same in the project's languages ("Kommentare",
    /// "Leserkommentare", "Commentaires", "Comentarios", "Commenti", "Reacties", "Komentarze", "Komentáře",
    /// "Comentários"). See MainContentExtractor.OpensWithCommentsHeading.</summary>
    [GeneratedRegex(@"^((\d+|latest|recent|top|all|reader|readers['’]?|user|your)\s+)?(comments?|kommentare|leserkommentare|commentaires|comentarios|commenti|reacties|komentarze|komentáře|comentários)(\s*\(\d+\))?\s*:?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CommentsHeading();

    /// <summary>A note on who else reported or wrote the story, printed under it as part of the article: "Katie Thomas
    /// contributed reporting.", "Ellen Barry contributed reporting from Moscow.", "CNN's Dana Bash and Gloria Borger
    /// contributed to this story", "Additional reporting by …". Matched whole.</summary>
    [GeneratedRegex(@"^(.{3,150} contributed (additional )?(reporting|research|to this (report|story|article))\b.{0,100}|\(?(additional )?(reporting|writing) by .{3,200})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ContributorNote();

    /// <summary>A promotion of a gallery or video set in the text under a label in capitals: "GALLERY: THURSDAY AT THE
    /// BRITISH OPEN", "PHOTOS: The week in pictures", "VIDEO: …" (USA Today's, the Los Angeles Times' inline promos).
    /// Case-sensitive: a sentence that starts "Video: the council" is the text's own.</summary>
    [GeneratedRegex(@"^(PHOTO GALLERY|GALLERY|PHOTOS|VIDEO|SLIDESHOW|WATCH)\s*:\s*\S.{0,100}$", RegexOptions.CultureInvariant)]
    public static partial Regex MediaPromoLine();

    /// <summary>The subject line of a forum reply: "Re:" and its forms in other languages (AW, Antw, SV, VS, Odp, Rif).</summary>
    [GeneratedRegex(@"^(re|aw|antw|sv|vs|odp|rif|res)(\[\d+\])?\s*:\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ReplySubject();

    /// <summary>A note on where the piece was printed: "Published in February 2017 issue of Prospect Magazine", "This
    /// article appeared in the March 3, 2024 print edition.", The New York Times' "A version of this article appears in
    /// print on …, on Page A22 of the New York edition with the headline: …". Matched whole on short lines.</summary>
    [GeneratedRegex(@"^((this (article|story|piece|essay|review|interview) (was |has been )?(first |originally |also )?(published|appeared|ran)|(first |originally )?(published|appeared)) in (the |our )?.{0,50}\b(issue|edition)\b.{0,60}|a version of this (article|story|review|essay|interview) appear(s|ed) in print\b.{0,200})$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex PublicationNote();

    /// <summary>A note that the piece was updated, in the project's languages: "Dieser Artikel wurde am 5. März um 16.05
    /// Uhr aktualisiert.", "This article was last updated on March 5.", "Cet article a été mis à jour le 5 mars." Matched
    /// whole on short lines; a sentence that reports an update of something else does not open this way.</summary>
    [GeneratedRegex(@"^(this (article|story|post|page) (was|has been) (last )?updated\b.{0,60}|(dieser|der) (artikel|beitrag|text) wurde\b.{0,50}\b(aktualisiert|ergänzt)|cet article a été (mis à jour|actualisé)\b.{0,60}|(este|el) artículo (ha sido|fue) actualizado\b.{0,60}|questo articolo è stato aggiornato\b.{0,60}|dit artikel is (bijgewerkt|geüpdatet|aangepast)\b.{0,60}|este artigo foi atualizado\b.{0,60}|artykuł (został )?zaktualizowany\b.{0,60})\s*[.!]?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex UpdateNote();

    /// <summary>A forum's note under a post, in English, German and French: an edit note (bbPress's "This reply was
    /// modified 3 weeks, 4 days ago by …", phpBB's "Last edited by … on …, edited 1 time in total.", vBulletin's
    /// "Zuletzt bearbeitet von …") or a thanks list (Kunena's "Folgende Benutzer bedankten sich: …", "The following
    /// user(s) said Thank You: …"), or who is reading the thread (phpBB's "Users browsing this forum: …" in its
    /// language packs, "Сейчас этот форум просматривают: …"; SMF's "0 Mitglieder und 3 Gäste betrachten dieses
    /// Thema.", Invision's "No registered users viewing this page."), or who liked it (Confluence's "Markus Teller,
    /// Sevgi Aydın und 3 weitere Personen gefällt das."). Matched whole on short lines.</summary>
    [GeneratedRegex(@"^(this (reply|topic|post) was (last )?(modified|edited)\b.{0,100}|last edited( by\b|:|\s+on\b|\s+\d).{0,120}|zuletzt (geändert|bearbeitet|editiert) (von|am|durch)\b.{0,120}|dernière (modification|édition) (par|le)\b.{0,120}|(folgende|die folgenden) (benutzer|mitglieder|user) (bedankten sich|haben sich bedankt|sagten danke)\b.{0,200}|the following (users?|members?|user\(s\)) (said thank you|thanked|say thank you)\b.{0,200}|(users browsing this (forum|topic|thread|board)|(mitglieder|benutzer) in diesem (forum|thema)|aktive benutzer in diesem thema|utilisateurs parcourant ce forum|usuarios navegando (por )?este foro|użytkownicy przeglądający ten (dział|forum|temat)|сейчас (этот форум|эту тему) просматривают|uživatelé procházející toto fórum)\s*:.{0,300}|(no registered users|keine registrierten benutzer|aucun utilisateur enregistré|brak zarejestrowanych użytkowników) (viewing|sehen|ne consulte|przeglądających) (this|diese|cette|tę) (page|seite|stronę)( an| actuellement)?\.?|(?-i:(\p{Lu}[\p{L}\d_.-]*( \p{Lu}[\p{L}\d_.-]*)?,\s*){0,4}\p{Lu}[\p{L}\d_.-]*( \p{Lu}[\p{L}\d_.-]*)?)( (und|and) \d+ (weitere personen|others|other people))? (gefällt das|gefällt dies|like this|likes this)\.?[^\p{L}]{0,20}|\d+ (members?|mitglieder|benutzer|membres|miembros|membri|użytkownik\w*|пользовател\w*|участник\w*) (and|und|et|y|e|i|и) \d+ (guests?|gäste?|gast|invités?|invitados?|ospiti|gości|гост\w*) (are viewing|is viewing|betrachten|lesen|sehen|consultent|están viendo|stanno visualizzando|просматривают)\b.{0,60})$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ForumNote();

    /// <summary>A video's running time on a line of its own, left from a video teaser: "01:42 min", "1:02:10 Min.".</summary>
    [GeneratedRegex(@"^(video\s*[,:|·-]?\s*)?\d{1,2}:\d{2}(:\d{2})?\s*(min\.?|mins|minuten|minutes|minuti|minutos|minut)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex RunningTime();

    /// <summary>A heading that is a video's title with its running time, as a player module between a story's
    /// paragraphs titles it ("Why homeowners are watching Congress (02:41)"). Tried on headings only: a track list's
    /// items ("Hey Jude (7:11)") are the text of an album's page.</summary>
    [GeneratedRegex(@"^[^.!?]{8,110}\s\(\d{1,2}:\d{2}(:\d{2})?\)$", RegexOptions.CultureInvariant)]
    public static partial Regex VideoTitle();

    /// <summary>A labelled line of an event's data other than its date: place, admission, price, time ("Ort:
    /// Marktplatz", "Eintritt: frei", "Where: Town Hall", "Lieu : salle des fêtes").</summary>
    [GeneratedRegex(@"^\s*(ort|veranstaltungsort|wo|eintritt|preis|kosten|uhrzeit|einlass|where|location|venue|place|admission|tickets|price|cost|time|lieu|entrée|tarif|horaire|lugar|entrada|precio|hora|luogo|ingresso|prezzo|orario|locatie|plaats|toegang|prijs|tijd)\s*:\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex EventDataLine();

    /// <summary>A copyright notice line: "© 2011 CNBC.com", "Copyright 2024 Example Media. All rights reserved."</summary>
    [GeneratedRegex(@"^(©|\(c\)|copyright\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CopyrightLine();

    /// <summary>A rights notice without the word copyright, opening with its clause: "Not to be reproduced without
    /// permission of Medical News Today", "No part of this article may be reproduced …", "Nachdruck nur mit
    /// Genehmigung …". The opening clause is the whole notice's point, so no copyright word is needed.</summary>
    [GeneratedRegex(@"^(not to be (re)?produced|no part of this (article|publication|material|page|website|site) may be (re)?produced|nachdruck (nur mit genehmigung|verboten)|reproduction interdite|reproducci[oó]n prohibida|riproduzione riservata)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ReproductionNotice();

    /// <summary>The page's own citation instructions, matched whole: "Please use one of the following formats to cite
    /// this article in your essay, paper or report:" (Medical News Today), "Cite this article" (Nature, Springer),
    /// "How to cite this page", "Pour citer cet article" (OpenEdition), "Citer cet article" (Cairn), "Zitiervorschlag",
    /// "Cómo citar este artículo", "Come citare questo articolo", "Como citar este artigo". What follows them is this
    /// page's reference in citation styles, not text (see HtmlExtractor.Clean).</summary>
    [GeneratedRegex(@"^(please use (one of )?the following formats? to cite this (article|page|post|story)\b.{0,60}|(how to )?cite this (article|page|post|story|entry)( as)?|(pour )?citer (cet article|ce document|ce billet|cette page)|zitiervorschlag|(so )?zitieren sie (diesen|den) (artikel|beitrag)|c[oó]mo citar este (art[ií]culo|documento)|citar este art[ií]culo|come citare (questo articolo|questa pagina)|como citar este (artigo|documento))\s*[:.]?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CitationPrompt();

    /// <summary>The rights clause of a longer copyright line: "Copyright 2013 The Associated Press. All rights
    /// reserved. This material may not be published, broadcast, rewritten or redistributed."</summary>
    [GeneratedRegex(@"\b(all rights reserved|may not be (re)?published|may not be reproduced|not be reproduced without|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|tutti i diritti riservati)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex RightsClause();

    /// <summary>A newsletter promotion set into the article: "Sign up now for the Us Weekly newsletter packed with the
    /// latest celeb news!", "Get top stories and blog posts emailed to me each day.", "[Get New York Today in your
    /// inbox.]", "Newsletter abonnieren", "Inscrivez-vous à notre infolettre". An offer to the reader, not text.</summary>
    [GeneratedRegex(@"\b(sign(ing)? up|subscribe|get|receive|join|abonnieren|abonnez-vous|inscrivez-vous|suscr[ií]bete|iscriviti)\b.{0,80}\b(newsletters?|in your inbox|to your inbox|emailed to me|e-?mail alerts?|infolettre|bolet[ií]n)\b|^(newsletters?|newsletter abonnieren)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex NewsletterPromo();

    /// <summary>A subscription offer with its price, set under or into the article: "Soutenez une information locale :
    /// abonnez-vous dès 1 € le premier mois.", "Jetzt abonnieren: 4 Wochen für 0,99 €", "Subscribe now for $1 a week".
    /// An imperative to subscribe and a price in one short line; a sentence that reports what a subscription costs
    /// ("Ein Netflix-Abonnement kostet 13,99 Euro") has no imperative.</summary>
    [GeneratedRegex(@"\b(subscribe (now|today|for)|abonnez-vous|abonnieren sie|jetzt abonnieren|jetzt abo|suscr[ií]bete|assine (já|agora)|abbonati|abonneer (nu|je))\b.{0,80}(\d+([.,]\d{1,2})?\s?(€|euros?\b|eur\b)|[€$£]\s?\d)|(\d+([.,]\d{1,2})?\s?(€|euros?\b)|[€$£]\s?\d).{0,60}\b(subscribe now|abonnez-vous|jetzt abonnieren|suscr[ií]bete|assine já|abbonati)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex SubscriptionOffer();

    /// <summary>A paywall's prompt without a price: "Subscribe now for unlimited access to our journalism. Cancel
    /// anytime.", "Already a subscriber? Log in", "This article is for subscribers only", "See subscription options",
    /// "Déjà abonné ? Connectez-vous", "Dieser Artikel ist nur für Abonnenten". An imperative to subscribe with an offer
    /// of access, the subscriber's log-in line or the subscribers-only notice; a sentence about subscribers
    /// ("Subscribers get unlimited access to the catalogue", "Verizon is also allowing subscribers to …") is none of
    /// them. Found by <c>bench extract-inject</c>: such a prompt put inside real articles leaked on 90–97 % of them.
    /// Also the offer's promise of access to the paid tier ("Mit WZ+ erhalten Sie unbegrenzten Zugang zu allen
    /// Plus-Inhalten", "unlimited digital access to premium stories"), which names the tier it sells.</summary>
    [GeneratedRegex(@"^(subscribe|become a (subscriber|member))\b.{0,100}\b(unlimited|full|digital|unrestricted|premium|ad-free)\s+access\b|\b(unlimited|full|digital) access\b.{0,80}\bsubscribe (now|today)\b|\bsubscrib(e|ing)\b.{0,120}\bcancel (any ?time|at any time)\b|^(already a (subscriber|member)|already subscribed|déjà abonné|bereits abonnent|sie sind bereits abonnent|sie haben bereits ein abo|ya eres suscriptor|já é assinante|sei già abbonato)\b|^(see|view|compare) (all |our )?(subscription|membership) (options|offers|plans|packages)\.?$|^(this (article|story|content) is (only )?(available |reserved )?(for|to) (subscribers|members)|cet article est réservé aux abonnés|dieser artikel ist (nur )?für abonnenten|(artículo|contenido) (exclusivo|reservado) para suscriptores)|\b(unbegrenzte[nmr]?|uneingeschränkte[nmr]?) (zugang|zugriff) (zu|auf) .{0,40}(plus|premium|\+)|\bunlimited (digital )?access to .{0,40}\b(plus|premium|subscriber|exclusive)|^word abonnee\b.{0,120}|^(je leest nu|you['’]re reading|you are reading|you have read) (\d+|one|two|three) (van de|of|out of) (\d+|your) .{0,40}(artikelen|articles|stories)\b.{0,150}|^al abonnee\?.{0,30}$|^bekijk (alle |onze )?abonnementen$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex PaywallPrompt();

    /// <summary><see cref="PaywallPrompt"/>, tried only on lines that name a subscription or membership (most lines
    /// do not, and the line rules run on every line of every page).</summary>
    public static bool IsPaywallPrompt(string line) => line.AsSpan().IndexOfAny(PaywallStems) >= 0 && PaywallPrompt().IsMatch(line);

    /// <summary>Whether a text can open a <see cref="IsCookieNotice"/> notice: its first word is one the notices open
    /// with. A cheap test on a paragraph's first text node before its whole text is built.</summary>
    public static bool MayOpenCookieNotice(string text)
    {
        var span = text.AsSpan().TrimStart();
        var end = span.IndexOfAny(' ', '\u00a0', '\n');
        var word = end < 0 ? span : span[..end];
        return word.Length is > 0 and <= 16 && CookieNoticeOpeners.Contains(word);
    }

    // Looked up by span, case-insensitively: no string is made for the paragraph's first word.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CookieNoticeOpeners = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "we", "this", "our", "by", "wir", "diese", "unsere", "nous", "ce", "utilizamos", "usamos", "este", "utilizziamo",
        "usiamo", "questo", "wij", "deze", "używamy", "wykorzystujemy", "ta", "nasza", "noi", "nosotros", "my", "nós",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A cookie banner's notice left in the page's markup (a consent manager's dialog outside the known
    /// class words: Sourcepoint's <c>div.sp_veil</c> after the footer, whose <c>message-container</c> reads like a
    /// forum post's class): it opens by saying the site uses cookies ("We use cookies to improve your experience …",
    /// "By continuing to browse this site you agree to our use of cookies", "Wir verwenden Cookies, um …", "Ce site
    /// utilise des cookies …") and names what they are for or the reader's choice (experience, advertising, privacy,
    /// consent, settings). A sentence about cookies inside an article does not open that way. The consent managers of
    /// IAB Europe's Transparency and Consent Framework open their first layer with its standard disclosure ("We and our
    /// partners store and/or access information on a device, such as cookies and process personal data …", "Wir und
    /// unsere Partner speichern und/oder greifen auf Informationen auf einem Gerät zu …", "Nous et nos partenaires
    /// stockons et/ou accédons …"), in every language of the framework's translations.</summary>
    public static bool IsCookieNotice(string line) =>
        line.Contains("cookie", StringComparison.OrdinalIgnoreCase) && CookieNotice().IsMatch(line) && CookieNoticePurpose().IsMatch(line);

    [GeneratedRegex(@"^((we|this (web)?site|our (web)?site|this page)( and (our|selected) (partners|third parties))? (use|uses|are using|is using) cookies\b|by (continuing to )?(use|using|browse|browsing|visit|visiting) (this|our|the) (web)?site\b|wir (verwenden|nutzen|setzen|benutzen) (auf (dieser|unserer) (website|webseite|seite) )?cookies\b|(diese|unsere) (website|webseite|seite) (verwendet|nutzt|benutzt) cookies\b|(nous utilisons|ce site( web)? utilise) des cookies\b|(utilizamos|usamos) cookies\b|este (sitio( web)?|portal|site) (utiliza|usa) cookies\b|(utilizziamo|usiamo) (i )?cookie|questo sito( web)? (utilizza|usa) (i )?cookie|(wij|we) gebruiken cookies\b|deze (web)?site (gebruikt|maakt gebruik van) cookies\b|(używamy|wykorzystujemy) (plików )?cookie|(ta|nasza) strona (używa|wykorzystuje) (plików )?cookie|(we and our|wir und unsere|nous et nos|nosotros y nuestros|noi e i nostri|wij en onze|my i nasi|nós e os nossos) (\d+ )?(partners?|partenaires|socios|partnerzy|parceiros)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieNotice();

    [GeneratedRegex(@"\b(experience|personali[sz]|advertis|analytic|privacy|polic(y|ies)|consent|accept|agree|settings|preferences|learn more|find out more|more information|nutzererlebnis|erlebnis|erfahrung|datenschutz|zustimm|einwillig|einstellungen|akzeptier|expérience|confidentialité|accept|paramètres|experiencia|privacidad|aceptas|configuración|esperienza|privacy|consenso|acconsent|experiência|privacidade|aceita|ervaring|akkoord|instellingen|doświadcze|prywatno|zgod|ustawie|personal data|personenbezogen|données personnelles|datos personales|dati personali|persoonsgegevens|dane osobowe|dados pessoais)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieNoticePurpose();

    // One search for all stems, case-insensitive; "abo" also finds "abonné", "abonnent", "abonnez".
    private static readonly SearchValues<string> PaywallStems =
        SearchValues.Create(["subscri", "abo", "suscript", "assinante", "abbonat", "member", "unbegrenzt", "uneingeschränkt", "unlimited", "free articles"], StringComparison.OrdinalIgnoreCase);

    /// <summary>A help page's or how-to's feedback widget, matched whole: "Was this article helpful?", "Is this page
    /// useful?", "Did this method work for you? Yes No", "Thanks! 37 Not Helpful 2", "War dieser Artikel hilfreich?",
    /// "Cet article vous a-t-il été utile ?", "¿Te resultó útil este artículo?", "Questo articolo è stato utile?",
    /// "Was dit artikel nuttig?". Zendesk help centres, docs sites and GOV.UK put one under every page.</summary>
    [GeneratedRegex(@"^((was|is) (this|the) (article|page|answer|post|information|content|guide|tip|section|review)( (helpful|useful))?|did (this|the) (article|page|answer|post|method|guide|tip|information) (help( you)?|work for you|answer your question)|(thanks!?|helpful)\s*\d+\s*not helpful\s*\d+|(war|ist) (dieser|diese|dieses) (artikel|seite|beitrag|antwort|information) (hilfreich|nützlich)|(cet article|cette page|cette réponse) (vous )?(a-t-il|a-t-elle) été utile|¿?(te|le) (ha )?(resultó|resultado|ha resultado|parece) útil (este|esta) (artículo|página|respuesta)|¿?(fue|es|ha sido) útil (este|esta) (artículo|página|respuesta)|(questo articolo|questa pagina|questa risposta) (ti |le )?(è stat[oa]|è) utile|(was|is) (dit|deze) (artikel|pagina|antwoord) (nuttig|behulpzaam)|heeft dit (artikel|antwoord) je geholpen|wie hilfreich (war|ist) (dieser|diese|dieses|der|die|das) (artikel|praxistipp|tipp|beitrag|seite|ratgeber|anleitung))\s*[?？]?\s*((yes|ja|oui|sí|si|sim)\s*/?\s*(no|nein|non|não|nee))?[\s★☆]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex FeedbackPrompt();

    /// <summary>Comment and like widgets: "Join the conversation", "Leave a reply", "12 comments".</summary>
    private const string CommentPrompts =
        @"join the (conversation|discussion)|leave a (comment|reply)|add a comment|post a comment|" +
        @"\d+ (comments?|postings?|replies|answers?|kommentare?|antworten|commentaires?|réponses?|comentarios?|respuestas?|commenti|risposte|reacties|antwoorden|komentarz[ey]?|odpowiedzi|comentários?|respostas?)|" +
        @"(show|view|load|read) (all )?(\d+ )?comments|comment on this (article|story|post)|like this:|share this:|" +
        @"like us on facebook\b.{0,60}|report (inappropriate content|abuse|this comment)";

    /// <summary>"Leave a comment" translated ("Deixe seu comentário"), "… scroll down to comment".</summary>
    private const string CommentPromptsTranslated =
        @"deixe (seu|um|o seu) coment[aá]rio|deja (tu|un) comentario|laissez un commentaire|laisser un commentaire|" +
        @"kommentar (schreiben|verfassen|hinterlassen)|lascia un commento|оставьте комментарий|" +
        @".{0,60}\bscroll down to comment\b.{0,40}";

    /// <summary>"Send a letter to the editor", "Letters to the Editor".</summary>
    private const string LetterToEditorPrompts =
        @"(send|write|submit) (a |us a |your )?letters? to the editor|letters? to the editor";

    /// <summary>Donation appeals: "… depends on donations from readers like you", "Give now".</summary>
    private const string DonationAppeals =
        @".{0,80}\bdepends on (the )?(donations|contributions|support) (from|of) (readers|people) like you\b.{0,40}|" +
        @"(please )?(support|fund) (our|independent|quality) journalism\b.{0,60}|" +
        @"(give|donate|contribute) (now|today)|make a (donation|contribution)( today| now)?";

    /// <summary>"Shop the look here" and "Still have questions? … Community" (a pointer to ask elsewhere).</summary>
    private const string ShopAndAskPrompts =
        @"shop (the|this) (look|post|story|illustration|outfit|products?|items?)( here| below)?|" +
        @"(do you )?(still )?have (any )?(more |further |other )?questions\?.{0,80}\b(community|forums?|contact us|ask us|get in touch)\b.{0,40}";

    /// <summary>Calls for readers' stories and tips: "Tell us your story", "Help us report on …".</summary>
    private const string StoryTipPrompts =
        @"(erzähl|erzählen sie) uns (deine|ihre) geschichte\b.{0,100}|" +
        @"(send|email|tell) us your (story|stories|news tips?|photos|videos)\b.{0,80}|" +
        @"we pay for your (stories|videos|photos|pictures)\b.{0,80}|" +
        @"have (a|any) (photos?|videos?|news tip|story)\b.{0,60}\?\s*(send|share|submit|email) (it|them) to us\b.{0,30}|" +
        @"get in touch with our (news )?(team|desk)\b.{0,100}|" +
        @"for more stories like this,? (check|visit|see) our .{1,40}|learn how to share a tip securely|" +
        @"help us report on .{1,60}|we want to hear from you\b.{0,40}|" +
        @".{0,160}\b(share your story with|tell us about your experience)\b.{0,100}";

    /// <summary>A reader-revenue box's buttons: "Support us", "Remind me in May", "Hazte socio".</summary>
    private const string SupporterPrompts =
        @"already (contributed|a supporter|supporting)\?\s*log in to hide these messages|support us|remind me in \w+|" +
        @"hazte soci[oa](/a)?";

    /// <summary>"Did you like this article?" in the project's languages ("Cet article vous a plu ?").</summary>
    private const string LikedArticlePrompts =
        @"(did you (like|enjoy) this (article|story|post)|(hat|hätte) (ihnen|dir) (dieser|der) (artikel|beitrag) gefallen|cet article vous a plu|vous avez aimé cet article|(te|le) ha gustado (este|el) artículo|ti è piaciuto (questo articolo|l[’']articolo)|gostou (deste|do) (artigo|texto|conteúdo)|vond je dit artikel (leuk|interessant)|podobał ci się (ten )?artykuł)\s*\?";

    /// <summary>An invitation to comment, react or report, left where a comment widget or a like bar was: "Join The
    /// Conversation", "What do you think? Scroll down to comment below.", "Like this:", "Leave a reply", "12 comments",
    /// "Report inappropriate content", "Deixe seu comentário", "Kommentar schreiben"; and the other lines addressed to
    /// the reader that news sites set under the text (issue 12, eighth pass): "Send a Letter to the Editor", a
    /// donation appeal ("… depends on donations from readers like you.", "Give Now"), "Shop the illustration here:";
    /// and (ninth pass) a pointer to ask elsewhere: "Do you still have questions? Head over to the Spiceworks Community
    /// to find answers." Not text.</summary>
    [GeneratedRegex(@"^(" + CommentPrompts + "|" + CommentPromptsTranslated + "|" + LetterToEditorPrompts + "|" +
        DonationAppeals + "|" + ShopAndAskPrompts + "|" + StoryTipPrompts + "|" + SupporterPrompts + "|" +
        LikedArticlePrompts + @")\s*[.!:]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex EngagementPrompt();

    /// <summary>"Create an account or sign in to comment", "You must be logged in to post a comment."</summary>
    private const string SignInToCommentEnglish =
        @"create an account or sign in to comment|you need to be a member in order to leave a comment|" +
        @"(you )?(must|need to) (be logged in|log in|sign in|register) to (post a |leave a )?(comment|reply)\.?|" +
        @"already have an account\? ?(sign|log) in here\.?";

    /// <summary>The same in German: "Du musst angemeldet sein, um einen Kommentar abzugeben."</summary>
    private const string SignInToCommentGerman =
        @"erstelle ein benutzerkonto oder melde dich an, um zu kommentieren|" +
        @"du musst ein benutzerkonto haben, um einen kommentar verfassen zu können|" +
        @"du hast bereits ein benutzerkonto\? ?melde dich hier an\.?|" +
        @"(du musst|sie müssen) (angemeldet|eingeloggt) sein, um einen kommentar (abzugeben|zu schreiben|zu verfassen|zu veröffentlichen)\.?";

    /// <summary>The same in the other languages; "Sie können nur posten, wenn Sie angemeldet sind."</summary>
    private const string SignInToCommentTranslated =
        @"vous devez (être connecté|vous connecter|être inscrit)( pour| afin de) (publier|poster|laisser) un commentaire\.?|" +
        @"debes (estar registrado|iniciar sesión|estar conectado) para (publicar|escribir|dejar) un comentario\.?|" +
        @"devi (essere connesso|effettuare il login|essere registrato) per (pubblicare|inviare|lasciare) un commento\.?|" +
        @"je moet (ingelogd zijn|inloggen)( op)? om (een reactie te (plaatsen|geven)|te reageren)\.?|" +
        @"musisz (być zalogowany|się zalogować),? (aby|by) (dodać|opublikować) komentarz\.?|" +
        @"(você )?precisa (estar logado|fazer login) para (publicar|postar) um comentário\.?|" +
        @"(sie können|du kannst) nur (posten|kommentieren|mitdiskutieren), wenn (sie|du) (angemeldet|eingeloggt|registriert) (sind|bist)\.(\s.{0,80})?";

    /// <summary>Registration walls: "Jetzt kostenlos registrieren", "Register for free".</summary>
    private const string RegistrationWalls =
        @"jetzt (kostenlos )?registrieren|registrieren sie sich (jetzt )?(kostenlos )?(bei .{1,40} )?und .{0,200}|" +
        @"lesen sie (den|diesen) (vollständigen|ganzen|kompletten) (artikel|beitrag)( jetzt)?( kostenlos| gratis)?|" +
        @"(lesen sie )?(mehr|weiter) mit ihrem (kostenlosen )?.{0,40}(konto|account|zugang)|" +
        @"register (now )?for free\b.{0,80}|register( now)?|create a free account to (continue|keep) reading.{0,120}";

    /// <summary>"You can post now and register later." in its translations.</summary>
    private const string PostNowRegisterLater =
        @"(you can post now and register later|du kannst jetzt schreiben und dich später registrieren|sie können jetzt schreiben und sich später registrieren|możesz dodać zawartość już teraz a zarejestrować się później|vous pouvez publier maintenant et vous inscrire plus tard)\.(\s.{0,120})?";

    /// <summary>A prompt to sign in or register before commenting, as forum and blog software prints it under a thread
    /// or a post (Invision Community's "Create an account or sign in to comment" and "Already have an account? Sign in
    /// here.", WordPress's "You must be logged in to post a comment.", in their translations); and a trade portal's
    /// wall of free registration set into the text ("Lesen Sie mehr mit Ihrem kostenlosen …-Konto", "Registrieren Sie
    /// sich jetzt und erhalten Sie Zugriff auf alle Fachbeiträge …", "Jetzt kostenlos registrieren", "Create a free
    /// account to continue reading").</summary>
    [GeneratedRegex(@"^(" + SignInToCommentEnglish + "|" + SignInToCommentGerman + "|" +
        SignInToCommentTranslated + "|" + RegistrationWalls + "|" + PostNowRegisterLater + @")$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex LoginPrompt();

    /// <summary>A site-footer link row flattened into a line: "Privacy Policy | Terms of Use | Cookie Settings",
    /// "Impressum · Datenschutz · Cookie-Einstellungen". Its parts are short and one of them is a legal or consent link.</summary>
    internal static bool IsFooterLinkRow(string line)
    {
        if (line.Length > 200 || line.IndexOfAny(['|', '·', '•']) < 0) return false;
        var parts = line.Split(['|', '·', '•'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2) return false;
        var legal = false;
        foreach (var part in parts)
        {
            if (part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 5) return false;
            if (BoilerplateLine().IsMatch(part) || LegalLink().IsMatch(part)) legal = true;
        }

        return legal;
    }

    /// <summary>A language switcher flattened into a line: "Available Languages: de | en | fr | ja", "EN · DE · FR",
    /// "Deutsch | English | Français". Every part is a language code (<c>en</c>, <c>pt-br</c>) or a language's own
    /// name, after an optional label; commas do not separate parts, so a sentence or a list of languages someone
    /// speaks ("Sprachen: Deutsch, Englisch") is not one.</summary>
    internal static bool IsLanguageSwitcher(string line)
    {
        if (line.Length > 200) return false;
        var colon = line.IndexOf(':');
        // Cheap rejections first (this runs on every short line): an unlabelled switcher has separators.
        if (colon < 0 && line.AsSpan().IndexOfAny("|·•/") < 0) return false;
        if (colon > 40) return false;
        var rest = line;
        if (colon >= 0)
        {
            if (!LanguageLabel().IsMatch(line[..colon].Trim())) return false;
            rest = line[(colon + 1)..];
        }

        var parts = rest.Split(['|', '·', '•', '/', ' ', '\u00a0'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (codes, names) = (0, 0);
        foreach (var part in parts)
        {
            if (Endonyms.Contains(part)) names++;
            else if (LanguageCodes.Contains(part.Length > 2 && part[2] is '-' or '_' && LanguageCode().IsMatch(part) ? part[..2] : part)) codes++;
            else return false;
        }

        // A labelled switcher may offer one language ("Available Languages: en"). Unlabelled, two letters are often
        // something else ("IT / HR", "TV / PC"): three codes or more, or languages' own names, make a switcher.
        return colon >= 0 ? parts.Length >= 1 : names >= 2 && codes == 0 || codes + names >= 3;
    }

    /// <summary>ISO 639-1 codes of the languages sites are commonly offered in.</summary>
    private static readonly HashSet<string> LanguageCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "en", "de", "fr", "es", "it", "nl", "pl", "pt", "ru", "uk", "cs", "sk", "hu", "ro", "sv", "da", "no", "nb", "nn",
        "fi", "tr", "el", "ca", "hr", "sl", "sr", "bs", "mk", "bg", "et", "lv", "lt", "ja", "zh", "ko", "ar", "he", "fa",
        "hi", "id", "ms", "th", "vi", "ga", "eu", "gl", "is", "mt", "sq", "lb", "cy",
    };

    /// <summary>Labels of language switchers in the common languages.</summary>
    [GeneratedRegex(@"^((other |available )?languages?|also available in|read (this )?in|(verfügbare |andere )?sprachen?|(autres )?langues?( disponibles)?|idiomas?( disponibles)?|(altre )?lingue( disponibili)?|lingua|(beschikbare )?talen|taal|języki?|idiomas? disponíveis|языки?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LanguageLabel();

    /// <summary>A language code as switchers print it: ISO 639-1 letters, optionally with a region (<c>pt-br</c>,
    /// <c>zh_CN</c>).</summary>
    [GeneratedRegex(@"^[a-zA-Z]{2}([-_][a-zA-Z]{2,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();

    /// <summary>Languages' names in themselves, as switchers list them.</summary>
    private static readonly HashSet<string> Endonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "English", "Deutsch", "Français", "Español", "Italiano", "Nederlands", "Polski", "Português", "Русский", "Українська",
        "Čeština", "Slovenčina", "Magyar", "Română", "Svenska", "Dansk", "Norsk", "Suomi", "Türkçe", "Ελληνικά", "Català",
        "Hrvatski", "Slovenščina", "Български", "Eesti", "Latviešu", "Lietuvių", "日本語", "中文", "简体中文", "繁體中文", "한국어",
        "العربية", "עברית", "فارسی", "हिन्दी", "Bahasa", "Indonesia", "Melayu", "ไทย",
    };

    /// <summary>The legal links of a site footer in the common languages.</summary>
    [GeneratedRegex(@"^(terms( of (use|service))?|terms (and|&) conditions|imprint|impressum|legal( notice)?|privacy|accessibility|sitemap|contact( us)?|about( us)?|agb|nutzungsbedingungen|mentions légales|cgu|politique de confidentialité|aviso legal|política de privacidad(e)?|termos de uso|termini (e condizioni|di utilizzo)|privacy policy)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalLink();

    /// <summary>A photo credit set as its own line: "Photo: Harbour Authority", "Image credit: Submitted by Ashley",
    /// "Foto: dpa", "Bild: Hersteller", "Photograph by Jane Doe". Captions are text; their credits are not.</summary>
    [GeneratedRegex(@"^((photo(graph)?|image|picture|foto|bild|crédit|credit)s?( credits?)?\s*:|(photo(graph)?|image|picture|foto|bild)s?\s+(by|courtesy( of)?|von|de|par)\s)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex CreditLine();

    /// <summary>A photo credit closing a caption's sentence: "… on Sunday. Photograph: Stephanie Keith/Reuters",
    /// "… in Washington, D.C. Credit: Paul Morigi/WireImage". Group 1 is the caption without it.</summary>
    [GeneratedRegex(@"^(.*[.!?…""”»])\s+(?:photo(?:graph)?|image|picture|foto|bild|crédit|credit)s?(?: credits?)?\s*:\s*[^.!?:]{1,60}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex TrailingCredit();

    /// <summary>Skip links: "Zum Inhalt springen", "Skip to main content", "Aller au contenu".</summary>
    private const string SkipLinks =
        @"(direkt )?zum inhalt( springen)?|skip to (the )?(main )?content|aller au contenu( principal)?|" +
        @"ir al contenido( principal)?|vai al contenuto( principale)?";

    /// <summary>German buttons and links: "Artikel teilen", "Seite drucken", "Zur Startseite", "Mehr dazu".</summary>
    private const string GermanArticleButtons =
        @"(diesen )?artikel (teilen|drucken|merken|versenden|kommentieren|vorlesen( lassen)?|anhören)|" +
        @"teilen (auf|per|via) \w+|auf \w+ teilen|jetzt (kommentieren|lesen|anhören)|kommentar (schreiben|verfassen)|" +
        @"seite drucken|zur startseite|zurück zur (übersicht|startseite)|zum artikel|zur (bilder)?galerie|" +
        @"bildergalerie|video abspielen|mehr (erfahren|anzeigen|informationen|dazu)|weitere informationen|" +
        @"fehler melden|feedback (senden|geben)|gefällt mir";

    /// <summary>A blocked embed's placeholders: "Empfohlener redaktioneller Inhalt", "Externer Inhalt".</summary>
    private const string EmbedConsentPlaceholders =
        @"empfohlener redaktioneller inhalt|externer inhalt|externe inhalte( (laden|anzeigen|aktivieren|zulassen))?|" +
        @"inhalte von drittanbietern";

    /// <summary>A rights line and an agency attribution: "Alle Rechte vorbehalten", "mit Material von dpa".</summary>
    private const string GermanRightsLines =
        @"alle rechte vorbehalten|mit material (von|der) .{1,40}";

    /// <summary>The same in French, Spanish, Italian, Portuguese and Dutch: "Voir plus", "Lees meer".</summary>
    private const string TranslatedInterfaceLines =
        @"partager (sur \w+|cet article|l[’']article)|commenter( cet article)?|en savoir plus|voir plus|" +
        @"retour (à l[’']accueil|en haut)|contenu externe|tous droits réservés|" +
        @"compartir (en \w+|este artículo|el artículo)|saber más|volver (al inicio|arriba)|contenido externo|todos los derechos reservados|" +
        @"condividi( su \w+| questo articolo| l[’']articolo)?|scopri di più|torna (su|alla home)|contenuto esterno|tutti i diritti riservati|" +
        @"compartilhe( este artigo| no \w+)?|saiba mais|todos os direitos reservados|" +
        @"delen op \w+|lees meer|meer informatie|alle rechten voorbehouden";

    /// <summary>Agency sources: "Quelle: dpa, AFP", "(dpa/lno)".</summary>
    private const string AgencySourceLines =
        @"quelle: (dpa|afp|ap|reuters|kna|epd|sid|apa|ots)((, ?| ?/ ?| und )(dpa|afp|ap|reuters|kna|epd|sid|apa|ots))*|" +
        @"\((dpa|afp|ap|reuters|kna|epd|sid|apa)(/\w+)?\)";

    /// <summary>More German phrases: "Lesen Sie hier mehr", "Diskutieren Sie mit", "Weitere Bilder".</summary>
    private const string GermanTemplatePhrases =
        @"(lesen sie|hier lesen sie) (hier )?mehr|hier geht(['’]s| es) zum artikel|zum thema|artikel empfehlen|" +
        @"zur mobilen ansicht|diskutieren sie mit|ihre meinung ist gefragt|sie haben einen fehler gefunden\?|" +
        @"melden sie sich an|weitere bilder|" +
        @"(dieser|der) (artikel|text|beitrag) erschien zuerst (bei|in|auf|im) .{1,60}";

    /// <summary>BBC's hidden "Start Quote", Globo's "Vídeos: …", "To contact the reporter on this story:".</summary>
    private const string NewsSiteLabels =
        @"[“""]?\s*(start|end) quote|v[íi]deos: (tudo sobre|mais assistidos|veja mais).{0,80}|" +
        @"to contact the (authors?|reporters?|editors?|writers?|correspondents?)( responsible for| of| on| for)?( this)?( story| article| column)?\s*:";

    /// <summary>Shop buttons: "Check the latest price on Amazon", "Buy it now at Walmart".</summary>
    private const string ShopButtons =
        @"(check|see|view|compare) (the )?(latest |current )?prices? (on|at) [\w .]{1,30}|" +
        @"(buy|shop|view|see) (it )?(now )?(on|at) (amazon|walmart|target|best buy|ebay|etsy)\b.{0,20}";

    /// <summary>Interface lines of European news and blog templates, matched whole: share, comment, print and listen
    /// buttons, "more" links, back links, consent placeholders of embedded content ("Empfohlener redaktioneller
    /// Inhalt", "Externer Inhalt", as German news sites print them around a blocked embed), rights lines and agency
    /// attributions ("mit Material von dpa"), and the visually hidden "Start Quote" / "End Quote" around BBC News'
    /// pull quotes. Only phrases, never a single word a heading could be ("Hören"), and
    /// never a lead-in ending in a colon ("Weitere Informationen:" over a list of links in GIMP's help).</summary>
    [GeneratedRegex(@"^(" + SkipLinks + "|" + GermanArticleButtons + "|" + EmbedConsentPlaceholders + "|" +
        GermanRightsLines + "|" + TranslatedInterfaceLines + "|" + AgencySourceLines + "|" +
        GermanTemplatePhrases + "|" + NewsSiteLabels + "|" + ShopButtons + @")\s*[.!»›→]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex InterfaceLine();

    /// <summary>Notes on external links, comment rules, "Best viewed in …" and reCAPTCHA.</summary>
    private const string SiteLinkNotices =
        @".{0,40}\bis not responsible for the content of external (sites|websites|internet sites|links)\b.{0,40}|" +
        @"we reserve the right to (remove|delete|edit) (any|all)? ?(content|comments?|posts?)\b.{0,400}|" +
        @"this (page|site|website) (is )?best viewed\b.{0,400}|" +
        @".{0,40}\b(protected by|durch|protégée? par|protegid[oa] por|protett[oa] da|beschermd door|chroniona przez) recaptcha\b.{0,200}";

    /// <summary>A blocked embed's consent request and a forum's liability note ("Für die Inhalte …").</summary>
    private const string ConsentAndLiabilityNotices =
        @"(wir benötigen ihre zustimmung|we need your (consent|permission)|nous avons besoin de votre consentement)\b.{0,120}\b(zu laden|to load|pour charger|anzuzeigen|to display)\b.{0,80}|" +
        @"(für (die inhalte|den inhalt) (der|aller) (beiträge|postings|themen|nachrichten)|the (posts|contents of (the )?posts) (are|is) the (sole )?responsibility of) .{0,400}";

    /// <summary>Affiliate disclosures: "This post may contain affiliate links.", "As an Amazon Associate …".</summary>
    private const string AffiliateDisclosures =
        @"((disclosure|disclaimer|hinweis|note)\s*:\s*)?(this (post|article|page|site|blog|website|review|guide|story) (may )?(contains?|includes?|has) (affiliate|sponsored|referral) links?\b.{0,300}|as an amazon associate,? (i|we) earn from qualifying purchases\b.{0,200}|(dieser|der) (artikel|beitrag|blogbeitrag|text) enthält (affiliate|werbe)-?links\b.{0,300}|(cet article|ce billet|cette page) contient des liens (affiliés|d'affiliation|sponsorisés)\b.{0,300}|(este|el) (artículo|post) contiene enlaces (de afiliados?|afiliados)\b.{0,300}|questo (articolo|post) contiene (dei )?link (di affiliazione|affiliati)\b.{0,300}|dit (artikel|bericht) bevat affiliate ?links\b.{0,300})|" +
        @".{0,40}\bhas affiliate partnerships\b.{0,300}";

    /// <summary>Notes of science and press pages: "Citation: … Retrieved …", "More information: … DOI".</summary>
    private const string PublisherNotes =
        @"this article has been reviewed according to science ?x['’]s editorial process\b.{0,400}|" +
        @"this document is subject to copyright\. apart from any fair dealing\b.{0,400}|" +
        @"citation\s*: .{10,300}\bretrieved \d{1,2} \w+ \d{4} from https?://\S+|" +
        @"more information\s*: .{0,400}\bdoi\s*:?\s*10\.\d{4,}/\S+|journal information\s*: .{1,120}|新浪声明：.{0,120}";

    /// <summary>Review sites' notes: "Why you can trust …", "We may earn a commission from …".</summary>
    private const string ReviewSiteNotes =
        @"why you can trust \w+\b.{0,200}|(editorial note:\s*)?we (may )?earn a commission (from|on|for) .{0,300}|" +
        @".{0,160}\bcontributors do not accept freebies\b.{0,160}";

    /// <summary>Appeals to the reader: "Do you have a tip about …? Contact …", "… before you move on".</summary>
    private const string ReaderAppeals =
        @"do you have (information|a tip|tips) about .{0,150}\?\s*(contact|email|reach|call) .{0,250}|" +
        @"support (the )?\w+ from as little as .{0,200}|" +
        @"(i|we) hope you appreciated this article\. before you move on\b.{0,400}";

    /// <summary>Editorial-standards notes: "Our editors independently research, test, and recommend".</summary>
    private const string EditorialStandardsNotes =
        @"our editors independently research, test,? and recommend\b.{0,300}|" +
        @".{0,40}\buses only high-quality sources, including peer-reviewed studies\b.{0,300}";

    /// <summary>A Chinese "scan the QR code to follow us" line ("扫描二维码关注…").</summary>
    private const string QrCodeFollowLine =
        @".{0,80}扫描二维码关注.{0,60}";

    /// <summary>A site footer's notice about the browser or about external links ("This page is best viewed in an
    /// up-to-date web browser with style sheets (CSS) enabled. …", "BBC © 2013 The BBC is not responsible for the
    /// content of external sites. Read more."), matched whole; longer than the interface lines, so tested up to 500
    /// characters. On a BBC video page they were all the text left. Also Google's reCAPTCHA notice under a form ("This
    /// site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.", in its translations)
    /// and a forum's liability note ("Für die Inhalte der Beiträge sind ausschließlich die jeweiligen Verfasser
    /// verantwortlich. …"), and a consent manager's placeholder for a blocked embed ("Wir benötigen Ihre Zustimmung, um
    /// die Karte von OpenStreetMap zu laden."), and an affiliate disclosure over a post ("This post may contain affiliate
    /// links. Please read our disclosure policy.", "As an Amazon Associate I earn from qualifying purchases.", "Dieser
    /// Beitrag enthält Affiliate-Links …"): the site's notice about its links, not the post's text. And a comment
    /// section's rules ("We reserve the right to remove any content at any time from this Community, …").</summary>
    [GeneratedRegex(@"^(" + SiteLinkNotices + "|" + ConsentAndLiabilityNotices + "|" + AffiliateDisclosures + "|" +
        PublisherNotes + "|" + ReviewSiteNotes + "|" + ReaderAppeals + "|" + EditorialStandardsNotes + "|" +
        QrCodeFollowLine + @")$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex SiteNotice();

    /// <summary>A credit whose label is glued to the name because the page sets the label in its own (often visually
    /// hidden) element: The New York Times' <c>&lt;span class="css-1dv1kvn"&gt;Credit&lt;/span&gt;Chang W. Lee/The New
    /// York Times</c> after a caption, or a line of its own ("Photo CreditKevin Frayer/Getty Images"). Case-sensitive:
    /// a capital after "Credit" with no space between is the sign. Group 1 is the caption before it (empty for a
    /// credit line alone).</summary>
    [GeneratedRegex(@"^(.*?[.!?…""”»]\s*)?(?:Photo |Image )?Credit(?:\s?Credit)?(?=\p{Lu})[^!?:]{1,60}$", RegexOptions.CultureInvariant)]
    public static partial Regex GluedCredit();

    /// <summary>A photo credit written as the picture's path of owners, ending in an agency: "Thomas Jackson/Digital
    /// Vision/Getty Images", "evgenyb/iStock/Getty Images", "Brian Brainerd | The Denver Post | Getty Images",
    /// "Mandel Ngan / AFP / Getty Images". A line of its own, short, with no sentence in it, and a person's name before
    /// the separator or two separators: "PP/AP" (GIMP's colour swap) and "SMB/AFP" (file protocols) are no credits.</summary>
    [GeneratedRegex(@"^(?=[^/|]*\s[^/|]*[/|]|[^/|]*[/|][^/|]*[/|])[^.!?:;]{1,60}?\s*[/|]\s*(Getty Images|iStock(photo)?|Shutterstock|Alamy( Stock Photo)?|AFP|Reuters|AP Photo|AP Images|EPA|dpa|picture alliance|Corbis|Bloomberg)( News| Sport| Entertainment)?$", RegexOptions.CultureInvariant)]
    public static partial Regex AgencyCreditLine();

    /// <summary>A caption's credit in brackets at its end: "… synagogue in Pittsburgh. (Dustin Franz/AFP/Getty
    /// Images)", "… foreign tourists. (Reuters)". Group 1 is the caption.</summary>
    [GeneratedRegex(@"^(.*[.!?…""”»])\s*\([^()]{0,60}\b(Getty Images|iStock(photo)?|Shutterstock|Alamy|AFP|Reuters|AP( Photo)?|EPA|dpa|picture alliance|Corbis)\b[^()]{0,20}\)$", RegexOptions.CultureInvariant)]
    public static partial Regex BracketedCredit();

    /// <summary>Full month names in German, French, Spanish, Italian, Dutch, Portuguese and Polish (genitive, as dates
    /// write them: "16 września 2024"), for dates written day first ("3. März 2024", "15 de abril de 2024").</summary>
    private const string Months =
        "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|" +
        "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|" +
        "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|" +
        "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|" +
        "januari|februari|maart|mei|augustus|december|" +
        "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|" +
        "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia";

    /// <summary>Weekday names in the same languages, as a date line may open ("Dienstag, 21.01.2025").</summary>
    private const string Weekdays =
        "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|" +
        "lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|" +
        "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|" +
        "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela";

    /// <summary>A day-first date with a month name of one of <see cref="Months"/>: "3. März 2024", "02 settembre 2024",
    /// "15 de abril de 2024", "23 de janeiro de 2024".</summary>
    private const string DayMonthYear = @"\d{1,2}\.?º?\s+(de\s+)?(" + Months + @")\.?,?\s+(de\s+)?\d{4}";

    /// <summary>A line that is only a date (and time): a dateline left without markup.</summary>
    [GeneratedRegex(@"^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|(" + Weekdays + @")\.?,?\s+)?(" + DayMonthYear + "|" + @"\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})([\s,|·-]+\d{1,2}[:.]\d{2}(\s*(am|pm|uhr|h))?)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex DateLine();

    /// <summary>A date anywhere in a line (the date patterns of <see cref="DateLine"/> plus numeric times), to find
    /// "Published on 29/10/2012", "Mis à jour le 29/10/2012 à 14h03", "Updated 3:45 PM ET, Fri August 13, 2010".</summary>
    [GeneratedRegex("(" + DayMonthYear + "|" + @"\d{1,2}(st|nd|rd|th)?\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|januar|februar|märz|april|juni|juli|august|september|oktober|november|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)[a-zé]*\.?,?\s+\d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex DateIn();
}
