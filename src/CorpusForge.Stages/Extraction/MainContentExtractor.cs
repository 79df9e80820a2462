using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Extraction;

/// <summary>Finds the main text of a parsed page: removes furniture, scores paragraph-like blocks, picks the
/// container that gathers the most content and prunes what is left of link lists inside it.</summary>
/// <remarks>
/// The ideas are the published ones (Readability's paragraph scores propagated to ancestors and damped by link
/// density, its rule that several strong candidates under one ancestor mean the ancestor is the article, class/id
/// hints; boilerpipe's and jusText's link density and length features), with a different balance: furniture is removed
/// by rules before scoring, semantic containers (article, main, itemprop=articleBody) get a strong prior, and inside
/// the chosen container link-dense blocks are removed rather than kept, favouring precision.
/// </remarks>
internal sealed partial class MainContentExtractor
{
    /// <summary>Whether photo captions are furniture (the default; <c>include_captions</c> keeps them).</summary>
    public bool DropCaptions { get; set; } = true;

    private const int MinParagraph = 25;
    private const int ProseParagraph = 80;
    /// <summary>Weight of prose inside the items of a card list (see <see cref="MarkCards"/>).</summary>
    private const double CardWeight = 0.3;
    // Table cells are not here: in layout tables a cell is a column of the page, and its text counts as the cell's own.
    private static readonly HashSet<string> ParagraphTags = new(StringComparer.Ordinal) { "p", "pre", "blockquote", "dd", "li" };
    private static readonly HashSet<string> InlineTags = new(StringComparer.Ordinal)
    {
        "span", "font", "b", "i", "em", "strong", "u", "small", "big", "sup", "sub", "mark", "abbr", "cite", "q", "s", "del", "ins",
    };

    /// <summary>Elements that end a run of a container's own text (see <see cref="OwnRuns"/>): block elements. A run
    /// goes on across links, images, acronyms and other inline elements whose text is not the container's own.</summary>
    private static readonly HashSet<string> RunBreakTags = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "table", "ul", "ol", "dl", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "pre", "figure", "form", "address", "center", "details", "fieldset",
    };

    private static readonly HashSet<string> OwnTextContainers = new(StringComparer.Ordinal) { "div", "section", "article", "main", "td", "span", "font", "center" };

    private readonly List<(double Length, int Commas)> _runs = [];
    private double _runLength;
    private int _runCommas;
    private int _runBreaks;
    private readonly List<IElement> _elements = new(1024);
    private readonly List<int> _parent = new(1024);
    /// <summary>Text entry fields (input boxes, text areas) met by <see cref="Measure"/>.</summary>
    private readonly List<int> _entries = [];
    private readonly Dictionary<IElement, int> _index = new(1024, ReferenceEqualityComparer.Instance);
    private double[] _text = [];
    private double[] _links = [];
    private double[] _own = [];

    /// <summary><see cref="IsThread"/>'s answers on this page, by class attribute and by the class name that names
    /// the comments.</summary>
    private readonly Dictionary<string, bool> _threads = new(StringComparer.Ordinal);

    /// <summary>The <c>&lt;br&gt;</c>s in each block's own text (an element's, or its inline wrappers').</summary>
    private int[] _breaks = [];
    private int[] _paragraphs = [];
    /// <summary>Prose paragraphs (p elements) outside cards, per element: see <see cref="ProseOutsideCards"/>.</summary>
    private int[] _freeProse = [];
    /// <summary>One past the last descendant of each element: elements are numbered in document order, so an
    /// element's descendants are the numbers up to this.</summary>
    private int[] _end = [];
    /// <summary>Each element's number of element children (set by <see cref="Score"/>).</summary>
    private int[] _elementChildren = [];
    /// <summary>The page's prose paragraphs and text outside links, hidden blocks left out (see
    /// <see cref="CountVisible"/>; -1 until counted).</summary>
    private int _visibleParagraphs = -1;
    private double _visibleText;
    /// <summary>The page's marked captions that hold prose (see <see cref="IsProseCaption"/>; -1 until counted).</summary>
    private int _proseCaptions = -1;
    private int[] _commas = [];
    private double[] _score = [];
    private bool[] _scored = [];
    private bool[] _inCard = [];
    /// <summary>The teaser cards <see cref="MarkCards"/> found: small blocks whose heading links to another page.</summary>
    private bool[] _teaser = [];
    private bool _relaxed;

    /// <summary>The main content elements of <paramref name="document"/>, in document order (usually one). The
    /// document is modified: furniture is removed from it.</summary>
    /// <param name="relaxed">Recovery mode for a page whose body was lost: only structural furniture (nav, aside,
    /// footer, hidden elements, ARIA landmarks) and blocks that are never the article (comments, consent banners,
    /// recirculation) are removed before scoring.</param>
    public List<IElement> Find(IHtmlDocument document, bool relaxed = false)
    {
        var body = document.Body;
        if (body is null) return [];
        _relaxed = relaxed;
        // One walk finds the elements the three removals below start from (each used to walk the tree again). An
        // element that an earlier removal took out with its block is still in the lists; what is done to it then
        // happens inside the removed block, never to the page.
        var (times, anchors, images) = Collect(body);
        RemoveDatelines(body, times);
        RemoveImageCaptions(images);
        RemoveAuthorBoxes(anchors);
        // Measured before furniture removal too: whether a furniture-named element holds the article is decided by
        // the text and paragraphs inside it, not by its class name alone.
        Measure(body, forScoring: false);
        RemoveEntryBoxes();
        RemoveFurniture(body, relaxed);
        Measure(body, forScoring: true);
        Score();
        var top = PickTop(out var best);
        if (top < 0) return [];
        // The body of a tab panel (Gambio's div.tab-pane > div.tab-heading + div.tab-body): the panel is the unit, so
        // that the other panels of the same tabs join it (see WithSiblings).
        if (!IsTabPanel(_elements[top]) && _parent[top] > 0 && IsTabPanel(_elements[_parent[top]]) && _text[_parent[top]] - _text[top] < 100)
            top = _parent[top];
        var content = WithSiblings(top);
        // Subsections of a long document (div.section inside div.section, as DocBook and docutils nest them): when
        // the chosen subsection was joined by its sibling subsections, the enclosing section is the unit, and its own
        // sibling sections join in turn.
        while (content.Count >= 2 && _parent[top] > 0 && SameBuild(top, _parent[top]) && content.All(c => _parent[_index[c]] == _parent[top]))
        {
            top = _parent[top];
            content = WithSiblings(top);
        }

        AddRepeatedContainers(content, best);
        AddStandfirst(content);
        RemovePromotions(content);
        foreach (var element in content) PruneLinkBlocks(element);
        return content;
    }

    /// <summary>Removes a promotion of another page set inside the text: a teaser card (a small block whose heading
    /// links to another page) of up to 300 characters, among at least three prose paragraphs of the text and with no
    /// such card beside it (a list's items stand side by side), that links to the heading's page a second time (a
    /// linked picture, a linked phrase of its line): Fox Sports' "TROUBLE WITH THE LAW" and "GALLERY: CRASH SITE" boxes between a story's paragraphs,
    /// The New York Times' "Connect With Us on Twitter". A section of a help page whose heading links to the full page
    /// (LibreOffice's embedded help) links there once; the items of a list article come in runs.</summary>
    private void RemovePromotions(List<IElement> content)
    {
        List<IElement>? promotions = null;
        for (var c = 1; c < _elements.Count; c++)
        {
            if (!_teaser[c] || _text[c] > 300 || _elements[c].LocalName == "li") continue;
            var card = _elements[c];
            if (!content.Any(e => e != card && e.Contains(card))) continue;
            // Set among the text's own paragraphs, not one of a run of cards (a list's items stand side by side).
            if (_freeProse[_parent[c]] < 3 || IsTeaser(card.PreviousElementSibling) || IsTeaser(card.NextElementSibling)) continue;
            var heading = card.QuerySelector("h2 a[href], h3 a[href], h4 a[href], h5 a[href], h6 a[href]");
            if (heading?.GetAttribute("href") is not { Length: > 0 } target) continue;
            if (card.GetElementsByTagName("a").Any(a => a != heading && a.GetAttribute("href") == target)) (promotions ??= []).Add(card);
        }

        foreach (var card in promotions ?? []) card.Remove();
    }

    private bool IsTeaser(IElement? element) => element is not null && _index.TryGetValue(element, out var i) && _teaser[i];

    /// <summary>Lets go of the last page's elements (the lists keep their capacity for the next page).</summary>
    public void Release()
    {
        _elements.Clear();
        _index.Clear();
        _entries.Clear();
    }

    /// <summary>Adds the standfirst: the sentence under the headline that sums the article up (La Nación's
    /// <c>p.bajada</c>, a dek), set in the headline's block just before the article's body, so outside the chosen
    /// container. Found by position, not by class: the headline block (an h1, or a block holding one and ending with
    /// the paragraph) is the element just before the content or one of its three nearest ancestors, and the
    /// paragraph has no links and is 60 to 500 characters long.</summary>
    private static void AddStandfirst(List<IElement> content)
    {
        if (content.Count == 0) return;
        var scope = content[0];
        for (var level = 0; level < 3 && scope is not null && scope.LocalName is not ("body" or "html"); level++, scope = scope.ParentElement)
        {
            var before = PreviousWithText(scope);
            // The lead photo often sits between the headline block and the body (figure with its caption).
            while (before is not null && IsPhoto(before)) before = PreviousWithText(before);
            if (before is null) continue;
            IElement? standfirst = null;
            if (before.LocalName != "h1" && PreviousWithText(before) is { LocalName: "h1" }) standfirst = before;
            else if (before.LocalName != "h1" && before.QuerySelector("h1") is { } h1 && EndsBlock(h1.ParentElement, before) &&
                     NextWithText(h1) is { } next && NextWithText(next) is null) standfirst = next;
            if (standfirst is not null && IsStandfirst(standfirst)) content.Insert(0, standfirst);
            return;
        }
    }

    /// <summary>Whether <paramref name="block"/> is <paramref name="outer"/> or ends it: no text follows it in any
    /// element up to <paramref name="outer"/> (HuffPost's header.entry__header &gt; div.headline &gt; h1 + h2.subtitle,
    /// once the time stamp after the headline block is gone).</summary>
    private static bool EndsBlock(IElement? block, IElement outer)
    {
        for (var e = block; e is not null; e = e.ParentElement)
        {
            if (e == outer) return true;
            if (NextWithText(e) is not null) return false;
        }

        return false;
    }

    /// <summary>A photo with at most a caption: a block holding an image, under 300 characters of text, and no
    /// heading, list, table or quote (nor a paragraph, unless it is a figure: captions hold paragraphs).</summary>
    private static bool IsPhoto(IElement element) =>
        element.QuerySelector("img, picture") is not null && element.QuerySelector("h1, h2, h3, ul, ol, table, blockquote") is null &&
        (element.LocalName == "figure" || element.QuerySelector("p") is null) && WeightedLength(element.TextContent) < 300;

    private static bool IsStandfirst(IElement element)
    {
        if (element.LocalName is not ("p" or "div" or "h2" or "header") || element.QuerySelector("a[href], h1, h2, h3, img, ul, ol, table") is not null) return false;
        var length = WeightedLength(element.TextContent);
        return length is >= 60 and <= 500;
    }

    private static IElement? PreviousWithText(IElement element)
    {
        var e = element.PreviousElementSibling;
        while (e is not null && string.IsNullOrWhiteSpace(e.TextContent)) e = e.PreviousElementSibling;
        return e;
    }

    private static IElement? NextWithText(IElement element)
    {
        var e = element.NextElementSibling;
        while (e is not null && string.IsNullOrWhiteSpace(e.TextContent)) e = e.NextElementSibling;
        return e;
    }

    private void RemoveFurniture(IElement body, bool relaxed)
    {
        var stack = new Stack<IElement>();
        ElementWalk.PushChildren(stack, body);
        var pageParagraphs = _paragraphs.Length > 0 ? _paragraphs[0] : 0;
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (IsFurniture(element, relaxed, pageParagraphs) && !IsContributorNote(element, relaxed))
            {
                element.Remove();
                continue;
            }

            ElementWalk.PushChildren(stack, element);
        }
    }

    /// <summary>The <c>time</c>, <c>a</c> and <c>img</c> elements under <paramref name="body"/>, each list in document
    /// order.</summary>
    private static (List<IElement> Times, List<IElement> Anchors, List<IElement> Images) Collect(IElement body)
    {
        var (times, anchors, images) = (new List<IElement>(), new List<IElement>(), new List<IElement>());
        foreach (var element in ElementWalk.Descendants(body))
        {
            switch (element.LocalName)
            {
                case "a": anchors.Add(element); break;
                case "img": images.Add(element); break;
                case "time": times.Add(element); break;
            }
        }

        return (times, anchors, images);
    }

    /// <summary>Removes the short line or list around each <c>&lt;time&gt;</c> element: machine-readable dates mark
    /// bylines, post headers and "updated" notes, while dates in running text are rarely marked up.</summary>
    private static void RemoveDatelines(IElement body, List<IElement> times)
    {
        foreach (var time in times)
        {
            IElement? remove = null;
            for (var e = time.ParentElement; e is not null && e != body; e = e.ParentElement)
            {
                if (e.LocalName is "article" or "main" or "body" || WeightedLength(e.TextContent) >= 120 ||
                    e.QuerySelector("h1, h2, h3, h4, h5, h6") is not null) break;
                remove = e;
            }

            remove?.Remove();
        }
    }

    /// <summary>Removes the small box around each text entry field: a newsletter sign-up ("Subscribing to a
    /// newsletter, constitutes acceptance of our Terms of Use" beside an e-mail field, PCMag's, in no form element),
    /// a search or comment box. The box is the largest ancestor with under 200 characters of text and no prose
    /// paragraph, below the article's landmarks; a field inside the text's own paragraph takes nothing else with it.</summary>
    private void RemoveEntryBoxes()
    {
        foreach (var entry in _entries)
        {
            var box = entry;
            for (var a = _parent[entry]; a > 0 && _text[a] < 200 && _paragraphs[a] == 0 && _elements[a].LocalName is not ("article" or "main" or "form" or "p" or "td" or "li"); a = _parent[a]) box = a;
            // Only a box with words to lose: a bare field is left to the form or block around it.
            if (box != entry && _text[box] > 0) _elements[box].Remove();
        }
    }

    /// <summary>An input that takes typed text (type text, email, search, tel, url, password or none), or a text
    /// area; not a check box, button or hidden field.</summary>
    private static bool IsTextEntry(IElement element) =>
        element.LocalName == "textarea" || element.GetAttribute("type") is not { } type || TextEntryTypes.Contains(type);

    private static readonly HashSet<string> TextEntryTypes = new(StringComparer.OrdinalIgnoreCase) { "text", "email", "search", "tel", "url", "password" };

    /// <summary>Removes an author box: a short block whose heading links to the author's page ("About
    /// &lt;a href="/author/rgehl"&gt;Robert Gehl&lt;/a&gt;" over a two-line biography, as WordPress biography plugins
    /// and news themes print it under the article). Found by the link (an <c>/author/</c> archive URL or
    /// <c>rel="author"</c>), not by the box's class, and only when the box is short and holds at most two paragraphs,
    /// so an article that opens with a linked byline heading keeps its text.</summary>
    private static void RemoveAuthorBoxes(List<IElement> anchors)
    {
        foreach (var anchor in anchors)
        {
            var href = anchor.GetAttribute("href");
            var rel = anchor.GetAttribute("rel");
            // Most links lead to no author's page: one test of each attribute settles them ("/author/" is one of the
            // author-page forms).
            var authorPage = href is not null && AuthorPage().IsMatch(href);
            var authorRel = rel is not null && rel.Contains("author", StringComparison.OrdinalIgnoreCase);
            if (!authorPage && !authorRel) continue;
            if (AuthorNoteOf(anchor) is { } note)
            {
                note.Remove();
                continue;
            }

            if (!(authorPage && href!.Contains("/author/", StringComparison.OrdinalIgnoreCase)) && !authorRel) continue;
            var heading = anchor.ParentElement;
            while (heading is not null && heading.LocalName is "span" or "strong" or "b" or "em") heading = heading.ParentElement;
            if (heading is null || !HtmlTags.IsSubheading(heading.LocalName)) continue;
            var box = heading.ParentElement;
            if (box is null || box.LocalName is "body" or "article" or "main" || box.Parent is null) continue;
            if (BoundedText(box, 800) is null || box.GetElementsByTagName("p").Length > 2 || box.QuerySelector("h1") is not null) continue;
            box.Remove();
        }
    }

    /// <summary>An author's note under the article: a paragraph that opens with the author's name linked to their
    /// page and goes on as a sentence about them ("&lt;b&gt;&lt;a href="/author/craiglloyd/"&gt;Craig Lloyd&lt;/a&gt;&lt;/b&gt;
    /// is a …" on How-To Geek, "&lt;a href="…/profile/keithnoonan/…"&gt;Keith Noonan&lt;/a&gt; owns shares of …", the
    /// Motley Fool's disclosure). The name is followed by a lower-case word: a biography or a disclosure, not the
    /// article. The caller has found that the anchor leads to an author's page or is marked <c>rel="author"</c>.
    /// Returns the paragraph, or null.</summary>
    private static IElement? AuthorNoteOf(IElement anchor)
    {
        var opener = anchor;
        while (opener.ParentElement is { LocalName: "span" or "strong" or "b" or "em" } wrapper && FirstContent(wrapper) == opener) opener = wrapper;
        if (opener.ParentElement is not { LocalName: "p" } paragraph || FirstContent(paragraph) != opener) return null;
        var text = paragraph.TextContent;
        if (text.Length > 800) return null;
        var name = anchor.TextContent.Trim();
        var start = text.IndexOf(name, StringComparison.Ordinal);
        if (name.Length == 0 || start < 0) return null;
        var rest = text.AsSpan(start + name.Length).TrimStart();
        return rest.Length > 20 && char.IsLower(rest[0]) ? paragraph : null;
    }

    /// <summary>The first child node with content (elements, or text that is not white space).</summary>
    private static INode? FirstContent(IElement element)
    {
        foreach (var node in element.ChildNodes)
        {
            if (node is IElement || (node is IText t && !string.IsNullOrWhiteSpace(t.Data))) return node;
        }

        return null;
    }

    /// <summary>An author's page on a news or blog site: /author/…, /authors/…, /profile/…, and the same in a few
    /// languages.</summary>
    [GeneratedRegex(@"/(authors?|profiles?|autor(es)?|auteurs?|autori?)/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorPage();

    /// <summary>Removes the caption of a photo: a short block beside an image (a sibling of the image or of one of
    /// its two wrappers) whose words are the image's alt or title text. CMSs write the caption twice, once as the alt
    /// text and once as a visible line under the picture (<c>&lt;p&gt;Izaskun Lesaka.&lt;/p&gt;</c>), and that line
    /// is not part of the article's text.</summary>
    private static void RemoveImageCaptions(List<IElement> images)
    {
        foreach (var image in images)
        {
            var alt = CaptionKey(image.GetAttribute("alt"));
            var title = CaptionKey(image.GetAttribute("title"));
            if (alt.Length < 12 && title.Length < 12) continue;
            var scope = image;
            for (var level = 0; level < 3 && scope.ParentElement is { } parent && parent.LocalName is not ("body" or "article" or "main"); level++)
            {
                foreach (var node in parent.ChildNodes.ToList())
                {
                    if (node is not IElement sibling || sibling == scope || HtmlTags.IsHeading(sibling.LocalName)) continue;
                    // A name linked inside the sentence beside the picture (MMAjunkie: the photo "bryan-caraway-9.jpg"
                    // floated into the text, "… has impacted <a>Bryan Caraway</a>'s professional MMA career") is the
                    // sentence's word, not a caption's copy.
                    if (InRunningText(sibling)) continue;
                    // A formula beside its picture (MediaWiki's MathML, whose TeX annotation repeats the image's alt
                    // text) is the formula's text, not a caption.
                    if (IsMarkedCaption(sibling) || BoundedText(sibling, 400) is not { } text || sibling.GetElementsByTagName("img").Length > 0 ||
                        sibling.GetElementsByTagName("math").Length > 0) continue;
                    var key = CaptionKey(text);
                    if (key.Length >= 12 && (SameCaption(key, alt) || SameCaption(key, title))) sibling.Remove();
                }

                scope = parent;
            }
        }
    }

    /// <summary>A caption the page marks as one (<c>figcaption</c>, a class word <c>caption</c>: WordPress's
    /// <c>p.wp-caption-text</c>): the picture's text, kept like any caption even when the alt text repeats it (CMSs
    /// fill the alt from the caption). Only an unmarked line that repeats the alt is the CMS's second copy.</summary>
    private static bool IsMarkedCaption(IElement element)
    {
        if (element.LocalName == "figcaption") return true;
        foreach (var word in BoilerplateRules.Tokens(element))
        {
            if (word is "caption" or "figcaption") return true;
        }

        return false;
    }

    /// <summary>A caption that holds a slide's prose: two paragraphs, or one of 250 characters or more, with few
    /// links.</summary>
    private bool IsProseCaption(IElement element, int i) =>
        element.LocalName != "p" && (_paragraphs[i] >= 2 || (_paragraphs[i] == 1 && _text[i] >= 250)) && LinkDensity(i) < 0.3;

    /// <summary>How many marked captions of the page hold prose: a slide show has several; one long caption under
    /// the page's only photo (The Salt Lake Tribune's div#lgPhotoCaption, "Courtesy NASA/JPL In this 2006 image of
    /// Saturn …") is a caption.</summary>
    private int ProseCaptions()
    {
        if (_proseCaptions >= 0) return _proseCaptions;
        _proseCaptions = 0;
        for (var k = 0; k < _elements.Count; k++)
        {
            var candidate = _elements[k];
            if ((candidate.LocalName == "figcaption" || MentionsCaption(candidate)) && IsMarkedCaption(candidate) && IsProseCaption(candidate, k)) _proseCaptions++;
        }

        return _proseCaptions;
    }

    /// <summary>A table of two or three rows holding one picture and no other table, where one row holds the picture
    /// and no text and the others one cell of text: a photo with its caption.</summary>
    private static bool IsPhotoTable(IElement table)
    {
        if (table.GetElementsByTagName("table").Length > 0) return false;
        var images = table.GetElementsByTagName("img");
        var rows = table.GetElementsByTagName("tr");
        if (images.Length != 1 || rows.Length is < 2 or > 3) return false;
        bool pictureRow = false, textRow = false;
        foreach (var row in rows)
        {
            var empty = string.IsNullOrWhiteSpace(row.TextContent);
            if (empty && row.GetElementsByTagName("img").Length == 1) pictureRow = true;
            // A caption spans the box: one cell. Rows of several cells are a table's data (a results table under a crest).
            else if (!empty && row.ChildElementCount > 1) return false;
            else if (!empty) textRow = true;
        }

        return pictureRow && textRow;
    }

    /// <summary>A short line ending in a colon set just before a list or table ("Why we like it:" over a product's
    /// merits, in p.product-why__label): the list's lead-in, part of the text whatever its class calls it.</summary>
    private bool IntroducesList(IElement element, int i) =>
        _text[i] < 80 && element.NextElementSibling is { LocalName: "ul" or "ol" or "dl" or "table" } &&
        element.TextContent.AsSpan().TrimEnd().EndsWith(":");

    /// <summary>Whether the class names a social platform's embedded post.</summary>
    private static bool IsSocialEmbed(IElement element)
    {
        // Most divs have a class; only those that mention a platform are split into names.
        if (element.GetAttribute("class") is not { Length: > 0 } classes || classes.AsSpan().IndexOfAny(SocialEmbedStems) < 0) return false;
        foreach (var name in classes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (name is "twitter-tweet" or "twitter-tweet-rendered" or "twitter-video" or "instagram-media" or "tiktok-embed" or
                "bluesky-embed" or "mastodon-embed" or "fb-post" or "threads-post") return true;
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<string> SocialEmbedStems =
        System.Buffers.SearchValues.Create(["twitter-", "instagram-", "tiktok-", "bluesky-", "mastodon-", "fb-post", "threads-post"], StringComparison.Ordinal);

    /// <summary>The first text node below an element that is not white space (null when none), found without
    /// building the element's text. Recursive: the prescan's <c>max_depth</c> bounds the nesting, and this runs for
    /// paragraphs on the scoring path, where a stack per call would cost more than the frames.</summary>
    private static IText? FirstTextNode(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                if (!string.IsNullOrWhiteSpace(text.Data)) return text;
            }
            else if (child is IElement && FirstTextNode(child) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Whether a text node is an advertising label alone (<see cref="BoilerplateRules.AdLabel"/>).</summary>
    private static bool IsAdLabel(string data)
    {
        var label = data.AsSpan().Trim();
        return label.Length is > 0 and <= 40 && BoilerplateRules.AdLabel().IsMatch(label);
    }

    /// <summary>Whether the class or id mentions a caption at all (a cheap test before splitting them into words).</summary>
    private static bool MentionsCaption(IElement element) =>
        element.GetAttribute("class")?.Contains("caption", StringComparison.OrdinalIgnoreCase) == true ||
        element.GetAttribute("id")?.Contains("caption", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>True when element <paramref name="i"/> or one of its two nearest ancestors is a marked caption.</summary>
    private bool InMarkedCaption(int i)
    {
        for (var (a, level) = (i, 0); a > 0 && level < 3; a = _parent[a], level++)
        {
            var element = _elements[a];
            if (element.LocalName == "figcaption") return true;
            // Split the class and id into words only when one of them mentions a caption at all.
            if (MentionsCaption(element) && IsMarkedCaption(element)) return true;
        }

        return false;
    }

    /// <summary>The element's text when it has at most <paramref name="limit"/> characters, else null; stops reading
    /// past the limit (a caption's sibling can be the whole article).</summary>
    private static string? BoundedText(IElement element, int limit)
    {
        var sb = _boundedText ??= new System.Text.StringBuilder();
        sb.Clear();
        var stack = new Stack<INode>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == NodeType.Text)
            {
                sb.Append(node.TextContent);
                if (sb.Length > limit) return null;
                continue;
            }

            var children = node.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }

        return sb.ToString();
    }

    [ThreadStatic]
    private static System.Text.StringBuilder? _boundedText;

    /// <summary>Letters and digits of a caption, lower-cased, so that "- Tapie en 2008. REUTERS/Benoit Tessier -"
    /// and its alt text "Tapie en 2008. REUTERS/Benoit Tessier" compare equal.</summary>
    private static string CaptionKey(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>The visible line is the alt text, or one contains the other and covers most of it (a credit added
    /// or left out).</summary>
    private static bool SameCaption(string line, string alt) =>
        alt.Length >= 12 && (line == alt || ((line.Contains(alt, StringComparison.Ordinal) || alt.Contains(line, StringComparison.Ordinal)) &&
                                             Math.Min(line.Length, alt.Length) * 10 >= Math.Max(line.Length, alt.Length) * 7));

    private bool IsFurniture(IElement element, bool relaxed, int pageParagraphs)
    {
        var tag = element.LocalName;
        // Elements added after Measure (none in practice) have no figures: every test on them below says "keep".
        var measured = _index.TryGetValue(element, out var i);
        // A caption is a credit or a line about the photo, except on slide-by-slide articles (POPSUGAR's galleries,
        // listicles), where each slide's caption holds the text's paragraphs: prose inside is kept.
        // Any other marked caption goes unless captions are wanted (include_captions); in recovery mode a page with
        // nothing else (a gallery) keeps them. A slide's text is two paragraphs or one of 250 characters or more (a
        // news photo's caption, "A towboat pushes barges … (AP Photo/…)", is shorter).
        if (DropCaptions && !relaxed && (tag == "figcaption" || MentionsCaption(element)) && IsMarkedCaption(element))
            return !(measured && IsProseCaption(element, i) && (_paragraphs[i] >= 2 || ProseCaptions() >= 2));
        if (tag == "figcaption" && measured && _paragraphs[i] >= 1 && LinkDensity(i) < 0.3) return false;
        // A picture set in a small table of its own, one row holding the picture and the next its caption and credit
        // in cells without class names (SPACE.com's pages of 2013): the caption box of a page without figure markup.
        if (DropCaptions && !relaxed && tag == "table" && measured && _text[i] < 600 && _paragraphs[i] <= 1 && LinkDensity(i) < 0.5 && IsPhotoTable(element)) return true;
        // A button that is a heading's whole content opens an accordion's panel (the WAI-ARIA accordion pattern:
        // h3 > button > the question): its label is the section's title.
        if (tag == "button" && element.ParentElement is { } heading && HtmlTags.IsSubheading(heading.LocalName) &&
            heading.ChildElementCount == 1 && heading.TextContent.Trim() == element.TextContent.Trim()) return false;
        // A fold's opener set as a button in the header block over its panel (Kadence's accordion:
        // div.kt-accordion-header-wrap > button > the question, then div.kt-accordion-panel): the panel's title.
        if (tag == "button" && element.ParentElement?.NextElementSibling is { } panel && BoilerplateRules.NamesFold(panel) &&
            element.ParentElement.ChildElementCount == 1 && element.TextContent.Trim() is { Length: > 0 and < 200 }) return false;
        // An admonition set as an aside inside the text (Astro's and Starlight's aside.callout-note, "Note" over
        // its paragraph): the text's note, not a column beside it.
        if (tag == "aside" && BoilerplateRules.IsAdmonition(element) && element.ParentElement is { } holder && holder.LocalName is not ("body" or "main")) return false;
        if (BoilerplateRules.DroppedTags.Contains(tag)) return true;
        // Small forms are search boxes, sign-ups and option pickers; a page wrapped whole in a form is not.
        if (tag == "form") return WeightedLength(element.TextContent) < 300;
        // Hidden content is not shown, except where the page's script shows it: when nothing was left (recovery mode),
        // a hidden element holding half the page's prose paragraphs is the text (LibreOffice help wraps a module's
        // whole page in <span hidden class="WRITER"> and unhides it by script).
        if (BoilerplateRules.IsHidden(element) && !(relaxed && measured && pageParagraphs > 0 && _paragraphs[i] * 2 >= pageParagraphs) &&
            !(measured && IsClosedTabText(element, i))) return true;
        // A short label placed by percent coordinates over a picture: a chart's values and axis ticks (ai2html's
        // "$915 billion", "98 00 02 04"), which read as a jumble of numbers without the picture.
        if (measured && _text[i] < BoilerplateRules.ShortLimit && BoilerplateRules.IsPlacedOverPicture(element)) return true;
        if (measured && _links[i] > 0 && _text[i] < BoilerplateRules.ShortLimit && BoilerplateRules.IsBreadcrumbTrail(element)) return true;
        // A heading that is a sentence made of three links or more points elsewhere (Stack Exchange's "Not the
        // answer you're looking for? Browse other questions tagged … or ask your own question." under the answers);
        // a section's title is not a sentence, and a reference manual's function headings, which link their
        // argument types, end in a type.
        if (measured && HtmlTags.IsHeading(tag) && LinkDensity(i) >= 0.3 && CountLinks(element) >= 3 &&
            element.TextContent.AsSpan().TrimEnd() is [.., '.' or '?' or '!']) return true;
        // A counter list is short; a menu's hundreds of items are not read for it.
        if (tag is "ul" or "ol" && measured && _text[i] <= 400 && BoilerplateRules.IsCounterList(element)) return true;
        if (measured && _text[i] < 16 && IsCounter(element)) return true;
        // A closed fold is text the reader opens (a product's material and care, an FAQ's answer, a collapsible
        // note); a fold of the shop's delivery and returns terms is not the page's own.
        if (tag == "details" && BoilerplateRules.IsShopTermsFold(element)) return true;
        var role = element.GetAttribute("role");
        if (role is not null && BoilerplateRules.DroppedRoles.Contains(role) && !(measured && RoleHoldsText(role, i))) return true;
        if (BoilerplateRules.IsInterfaceOnly(element)) return true;
        // A site header carries the logo link and navigation; a <header> that is only a sentence or two of prose, with
        // no link and no heading, and opens a block of the text's paragraphs is the article's summary set above its
        // body (medicalnewstoday's). A chart's header (its title and lead-in over the graphic) opens no prose.
        if (tag == "header")
            return element.QuerySelector("h1") is null &&
                   !(IsStandfirst(element) && element.TextContent.TrimEnd() is [.., '.' or '!' or '?' or '…'] &&
                     element.ParentElement is { } opens && _index.TryGetValue(opens, out var o) && _paragraphs[o] >= 2) &&
                   !IsSectionHeader(element);
        if (tag is "main" or "article" or "body" or "html") return false;
        // A place anchor (<a id="_the_pager"> without href, which DocBook writes and the parser reopens around the
        // following text) names a spot in the text: its id is the section's slug, not a widget's name.
        if (tag == "a" && (IsPlaceAnchor(element) || IsSelfAnchor(element))) return false;
        // An embedded social post as the platform's script expects it (blockquote.twitter-tweet, .instagram-media,
        // .tiktok-embed, .bluesky-embed): another person's post quoted by the page, with its handle and date; article
        // bodies are counted without them (Zyte's articleBody leaves embeds to articleBodyHtml).
        if (tag is "blockquote" or "div" && IsSocialEmbed(element)) return true;
        // A box that opens with an advertising label and links out ("Anzeige" over a product's picture, offers and
        // prices; "Sponsored" over a partner's card) is the advertisement, whatever its class names. (An ad slot the
        // parser moved out of a table to the front of the table's wrapper opens that wrapper with its label too; the
        // table links nowhere.)
        if (measured && !relaxed && _text[i] < 600 && _links[i] > 0 && tag is "div" or "aside" or "section" && element.ChildElementCount >= 2 &&
            FirstTextNode(element) is { } label && IsAdLabel(label.Data) && !HoldsMarkedArticle(element, i)) return true;
        // A gallery's title set as a bold paragraph in capitals just before the gallery (USA Today, 2013: "2012-13
        // NHL SUSPENSION TRACKER" over div.galleries): it goes with its gallery.
        if (tag == "p" && measured && _text[i] is > 0 and < 100 && element.NextElementSibling is { } next && BoilerplateRules.IsGallery(next) &&
            element.ChildElementCount == 1 && element.FirstElementChild is { LocalName: "b" or "strong" } bold &&
            bold.TextContent.Trim() == element.TextContent.Trim() && IsCapitals(bold.TextContent)) return true;
        // A block that opens with a heading naming readers' comments ("COMMENTS" over The Register's posts, in a
        // div whose id says "in_article_forums") is the comments, whatever its class says; on a discussion page,
        // where the comments are the text, the block holds most of the page's prose and stays.
        if (measured && !relaxed && tag is "div" or "section" or "aside" && _text[i] >= 200 && OpensWithCommentsHeading(element) &&
            !HoldsMarkedArticle(element, i) && !HoldsMostProse(i)) return true;
        if (!BoilerplateRules.IsNegative(element, out var onlyWhenShort)) return false;
        // A table cell is part of its row: a product's properties table labels its header cells "properties-label"
        // and a price list its value cells "price"; removing the cell would leave the row without its label or value.
        if (onlyWhenShort && tag is "td" or "th") return false;
        // A link or span inside running text is part of the sentence whatever its class says (a glossary
        // <a class="popup">, a <span class="tooltip">): removing it would cut words out of the middle of a sentence.
        if (InRunningText(element)) return false;
        // A link that is a heading's title is the heading, whatever its class says: Sphinx's "toc-backref" links
        // every section heading back to the table of contents (contents: :backlinks: entry), and "toc" alone names
        // the contents box.
        if (tag == "a" && element.ParentElement is { } titled && HtmlTags.IsHeading(titled.LocalName) &&
            WeightedLength(element.TextContent) * 2 >= WeightedLength(titled.TextContent)) return false;
        // A formula's wrapper (MathJax's "MathJax CtxtMenu_Attached_0") is part of the text it sits in.
        if (measured && _text[i] < BoilerplateRules.ShortLimit && element.QuerySelector("math") is not null) return false;
        if (relaxed) return BoilerplateRules.IsNeverContent(element);
        if (!measured) return false;
        // A short byline or badge is furniture; a short post whose class also says content ("message-userContent")
        // is not.
        if (onlyWhenShort)
            return _text[i] < BoilerplateRules.ShortLimit && !(_paragraphs[i] > 0 && BoilerplateRules.ClassNameSaysContent(element)) &&
                   !IsShortSection(element, i) && !IntroducesList(element, i);
        return !HoldsArticle(element, i);
    }

    /// <summary>A note on who contributed the reporting, under the text in a footer or an author-named block (The New
    /// York Times' footer.story-footer and div.authorIdentification, CNN's p.zn-body__footer): the article's last line,
    /// kept whatever its block is named. Asked only of blocks about to be removed.</summary>
    private bool IsContributorNote(IElement element, bool relaxed) =>
        !relaxed && _index.TryGetValue(element, out var i) && _text[i] is > 0 and < 300 && _links[i] == 0 &&
        BoilerplateRules.ContributorNote().IsMatch(element.TextContent.Trim());

    /// <summary>Whether every letter of the text is a capital (and there are three letters or more).</summary>
    private static bool IsCapitals(string text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            if (!char.IsUpper(c)) return false;
            letters++;
        }

        return letters >= 3;
    }

    /// <summary>Whether the first text below <paramref name="element"/> is a heading (h2–h4) that names readers'
    /// comments (<see cref="BoilerplateRules.CommentsHeading"/>).</summary>
    private static bool OpensWithCommentsHeading(IElement element)
    {
        if (FirstTextNode(element) is not { } first) return false;
        for (var up = first.ParentElement; up is not null && up != element; up = up.ParentElement)
        {
            if (up.LocalName is not ("h2" or "h3" or "h4")) continue;
            var title = up.TextContent.Trim();
            return title.Length < 40 && BoilerplateRules.CommentsHeading().IsMatch(title);
        }

        return false;
    }

    /// <summary>Whether the element at <paramref name="i"/> holds at least half of the page's visible prose
    /// paragraphs.</summary>
    private bool HoldsMostProse(int i) => _paragraphs[i] > 0 && ProseShare(i) >= 0.5;

    /// <summary>The share of the page's visible prose paragraphs that the element at <paramref name="i"/> holds
    /// (0 on a page without visible prose).</summary>
    private double ProseShare(int i)
    {
        if (_visibleParagraphs < 0) CountVisible();
        return _visibleParagraphs <= 0 ? 0 : (double)_paragraphs[i] / _visibleParagraphs;
    }

    /// <summary>A <c>&lt;header&gt;</c> that only wraps the heading of the section it opens: TYPO3's
    /// fluid_styled_content writes <c>&lt;header&gt;&lt;h2&gt;…&lt;/h2&gt;&lt;/header&gt;</c> before every content element's
    /// text, and HTML5 sections do the same. Nothing but one h2–h6 without links is inside, and text follows it in
    /// the same parent; a site header carries a logo link, navigation or a search form.</summary>
    private static bool IsSectionHeader(IElement element)
    {
        if (element.QuerySelector("h2, h3, h4, h5, h6") is not { } heading || element.QuerySelector("a[href], nav, form, img, ul, ol, p") is not null) return false;
        if (NextWithText(element) is null) return false;
        var own = element.TextContent.AsSpan().Trim();
        var title = heading.TextContent.AsSpan().Trim();
        return own.Length > 0 && own.SequenceEqual(title);
    }

    /// <summary>A document section (<c>&lt;section&gt;</c>, or docutils' <c>div.section</c>) that opens with its own
    /// heading and says something under it (a two-line section <c>id="porter-tools"</c> of a manual): a byline or
    /// badge has no heading, and a forum's "Who is online" box is no section element.</summary>
    private bool IsShortSection(IElement element, int i)
    {
        if (element.LocalName != "section" && !(element.LocalName == "div" && element.ClassList.Contains("section"))) return false;
        var first = element.FirstElementChild;
        while (first is not null && string.IsNullOrWhiteSpace(first.TextContent)) first = first.NextElementSibling;
        return first is not null && HtmlTags.IsSubheading(first.LocalName) && _index.TryGetValue(first, out var h) &&
               _text[i] - _text[h] >= 40;
    }

    private static readonly HashSet<string> PhrasingTags = new(StringComparer.Ordinal)
    {
        "a", "span", "font", "b", "i", "em", "strong", "u", "small", "big", "sup", "sub", "mark", "abbr", "cite", "q", "s",
        "del", "ins", "code", "kbd", "var", "dfn", "time",
    };

    /// <summary>A phrasing element (link, span, emphasis) whose parent carries words of its own on either side of it,
    /// or words before it and the sentence's punctuation or next word right after it: LibreOffice's help writes its menu paths as
    /// "Wählen Sie &lt;span class="menuitem"&gt;Bearbeiten – OLE-Objekt – Öffnen&lt;/span&gt;." on several hundred
    /// pages, too short a sentence for the length test, and "menu" in the class is furniture.</summary>
    private static bool InRunningText(IElement element)
    {
        // A custom element is inline unless its style says otherwise: inside a sentence it is part of it.
        if (!(PhrasingTags.Contains(element.LocalName) || element.LocalName.Contains('-')) || element.ParentElement is not { } parent) return false;
        var before = 0.0;
        var after = 0.0;
        var seen = false;
        var wordBefore = false;
        var punctuationAfter = false;
        foreach (var node in parent.ChildNodes)
        {
            if (node == element)
            {
                seen = true;
                // The node right after the element goes on with the sentence: its punctuation ("." or "," straight
                // after it) or its next word ("Klicken Sie auf <span>Zählen</span>, <span>Speichern</span> oder …").
                punctuationAfter = element.NextSibling is { NodeType: NodeType.Text } next &&
                                   (next.TextContent.AsSpan().TrimStart(" \u00A0") is [ '.' or ',' or ';' or ':' or '!' or '?' or ')' or '…', ..] ||
                                    next.TextContent.Any(char.IsLetter));
            }
            else if (node.NodeType == NodeType.Text)
            {
                var text = node.TextContent;
                var length = WeightedLength(text);
                if (seen) after += length;
                else
                {
                    before += length;
                    if (!wordBefore) wordBefore = text.Any(char.IsLetter);
                }
            }
        }

        return before + after >= 20 || (wordBefore && punctuationAfter);
    }

    /// <summary>The page's prose paragraphs and text outside links without its hidden blocks, for the shares that
    /// decide whether a furniture-named block holds the article: a hidden copy of the story (a mobile or print
    /// version, a closed tab) halved every share, and Mozilla's page lost its feature list, a "more-features" section
    /// that holds half the text. Taken from the first <see cref="Measure"/>'s figures when the first furniture
    /// candidate needs them (most elements never do), before any removal.</summary>
    private void CountVisible()
    {
        (_visibleParagraphs, _visibleText) = (_paragraphs[0], _text[0] - _links[0]);
        for (var i = 1; i < _elements.Count; i++)
        {
            if (!BoilerplateRules.IsHidden(_elements[i])) continue;
            _visibleParagraphs -= _paragraphs[i];
            _visibleText -= _text[i] - _links[i];
            i = _end[i] - 1;
        }
    }

    /// <summary>True when an <c>article</c>, <c>main</c>, <c>h1</c> or <c>[itemprop=articleBody]</c> is still below
    /// <paramref name="element"/>: its measured range is scanned (a selector query per furniture candidate cost more
    /// than the rule it serves), and a match is checked against the live tree, since a removal since the measuring may
    /// have taken it out.</summary>
    private bool HoldsMarkedArticle(IElement element, int i)
    {
        for (var k = i + 1; k < _end[i]; k++)
        {
            var candidate = _elements[k];
            if (candidate.LocalName is not ("article" or "main" or "h1") &&
                !string.Equals(candidate.GetAttribute("itemprop"), "articleBody", StringComparison.Ordinal)) continue;
            for (var up = candidate.ParentElement; up is not null; up = up.ParentElement)
            {
                if (up == element) return true;
            }
        }

        return false;
    }

    /// <summary>Whether an element whose class or id names furniture (sidebar, more, widget, overlay, paywall, …)
    /// holds the article all the same: theme classes mix layout words with content words
    /// (<c>l-sidebar-fixed l-article-body-segment</c>, <c>elementor-widget-text-editor</c>), and a paywall or
    /// overlay wrapper holds the very text. Decided by what is inside: the share of the page's prose paragraphs, link
    /// density, and content words in the same class.</summary>
    private bool HoldsArticle(IElement element, int i)
    {
        var paragraphs = _paragraphs[i];
        var share = ProseShare(i);
        var holdsMarkedArticle = HoldsMarkedArticle(element, i);
        // Comment sections and recirculation blocks can be long: they keep the article only when it sits inside.
        if (BoilerplateRules.IsNeverContent(element))
        {
            if (holdsMarkedArticle && share >= 0.5) return true;
            // Named comments only: a forum thread's posts, and Reddit's comment tree (id "comment-tree", each comment's
            // body "…-comment-rtjson-content"), the thread's discussion, the page's text with the post it answers.
            if (BoilerplateRules.IsOnlyCommentNamed(element)) return IsThread(element, i) || element.Closest("shreddit-comment-tree") is not null;
            // A shop's description tabs set in a block named for related products (OXID's div.detailsRelated around
            // the "Beschreibung" and "Spezifikation" panels, then accessories and similar products): a tab panel or
            // marked description inside that holds half the page's prose paragraphs is the text.
            return share >= 0.5 && element.QuerySelector("[role=tabpanel], .tab-pane, [itemprop=description]") is { } panel &&
                   _index.TryGetValue(panel, out var p) && _paragraphs[p] * 2 >= _visibleParagraphs;
        }
        // An image gallery's captions can outnumber the article's paragraphs; on a page that is only a gallery, the
        // recovery pass (which keeps galleries) finds them. A gallery block that names itself text with a content
        // word and holds prose with few links is the article's own text: a slider that pages through the post
        // ("theiaPostSlider_slides"), a gallery's introduction ("gallery-body").
        if (BoilerplateRules.IsGallery(element))
            return holdsMarkedArticle || (paragraphs >= 1 && LinkDensity(i) < 0.2 && BoilerplateRules.ClassWeight(element, ignoreNegative: true) > 0);
        // A page-wide wrapper (id="ad-portal" around everything) carries the page's links too.
        if (holdsMarkedArticle) return true;
        if (LinkDensity(i) >= 0.35) return false;
        if (BoilerplateRules.ClassWeight(element, ignoreNegative: true) > 0 && (paragraphs >= 1 || _text[i] >= 400) && share >= 0.25) return true;
        // A block with few links that holds most of the page's text outside links is the text, whatever its class
        // says and however it is set: a short article of one or two paragraphs, an old table layout's cell of
        // <br>-separated lines (no paragraph elements to count), an article in one paragraph of <br>-separated lines
        // beside a column of teaser paragraphs (half the text and half the paragraphs, or two thirds of the text).
        var ownText = _text[i] - _links[i];
        var pageText = _visibleText;
        if (LinkDensity(i) < 0.2 && _text[i] >= 400 && ownText * 2 >= pageText && (share >= 0.5 || ownText * 3 >= pageText * 2)) return true;
        // Layout words (widget, sidebar, more, overlay, paywall) say where a block sits, not what it is: a block of
        // several prose paragraphs with few links is text wherever it sits (Elementor's "elementor-widget-container"
        // wraps the post itself). Advertising, sharing and promotion words keep the stricter rule below.
        var layoutOnly = BoilerplateRules.IsLayoutOnly(element);
        // A closed panel of an accordion ("kt-accordion-panel-hidden") holds an answer the reader opens.
        if (layoutOnly && LinkDensity(i) < 0.2 &&
            (paragraphs >= 2 || (paragraphs >= 1 && (NamesContent(element) || BoilerplateRules.NamesFold(element))))) return true;
        // ... and so is a data table without links in a widget (plentymarkets' "widget-item-data-table" in a product's
        // "Technische Daten" tab), as a table of rows without links beside the text is.
        if (layoutOnly && _links[i] == 0 && _text[i] > 0 && element.QuerySelector("table tr + tr") is not null) return true;
        // ... and so is a page builder's heading widget: a section heading without links, nothing else.
        if (layoutOnly && _links[i] == 0 && _text[i] > 0 &&
            element.QuerySelector("h2, h3, h4, h5, h6") is { } heading && WeightedLength(heading.TextContent) >= _text[i]) return true;
        return paragraphs >= 3 && share >= 0.5;
    }

    /// <summary>For a comment-named element: a forum thread whose software names its posts comments (Invision
    /// Community: every post, the first included, is an <c>article.cPost.ipsComment</c> around a
    /// <c>div.ipsComment_content</c>): the elements of the page that carry the same comment-named class name (or,
    /// without one, the same class attribute) hold at least half of the page's visible prose paragraphs, and the
    /// first of them comes before any prose (the opening post), with little prose elsewhere. A blog's comments follow a post of its
    /// own paragraphs, whether they are <c>&lt;p&gt;</c>s, divs or text between <c>&lt;br&gt;</c>s, and the post stays
    /// the page's prose when a template moves it below them (measured with <c>bench extract-restructure</c>).</summary>
    private bool IsThread(IElement element, int i)
    {
        if (_paragraphs[i] == 0 || element.GetAttribute("class") is not { Length: > 0 } classes) return false;
        // Asked of every comment of a long thread: once per class attribute and page.
        if (_threads.TryGetValue(classes, out var known)) return known;
        // The posts are the elements that carry the class name naming comments, whatever else their classes say
        // (GitHub's opening post "TimelineItem pt-0 js-comment-container" beside its answers' "TimelineItem
        // js-comment-container"); without such a name, the elements with the same class attribute.
        var name = BoilerplateRules.CommentClassName(classes);
        if (name is null || !_threads.TryGetValue(name, out var thread))
        {
            thread = CountThread(name ?? classes, name is not null);
            if (name is not null) _threads[name] = thread;
        }

        _threads[classes] = thread;
        return thread;
    }

    /// <summary>Whether the elements of a kind hold a thread: see <see cref="IsThread"/>. When prose stands before
    /// them, it still belongs to the thread if it sits in text containers built like the posts' own (the opening post
    /// of Vanilla's discussion and each comment in <c>div.Message.userContent</c>; old Reddit's self-post and comments
    /// in <c>div.md</c>); a blog's post (<c>div.entry-content</c>) is built unlike its comments
    /// (<c>div.comment-content</c>).</summary>
    private bool CountThread(string kind, bool oneName) =>
        TallyThread(kind, oneName, null) ?? TallyThread(kind, oneName, PostBodyClasses(kind, oneName)) == true;

    /// <summary>True or false when the tally decides, null when prose before or around the posts made it fail and
    /// <paramref name="bodies"/> was not given.</summary>
    private bool? TallyThread(string kind, bool oneName, HashSet<string>? bodies)
    {
        int group = 0, before = 0, outside = 0;
        for (var k = 0; k < _elements.Count; k++)
        {
            if (_paragraphs[k] == 0) continue;
            if (InKind(k, kind, oneName))
            {
                group += _paragraphs[k];
                k = _end[k] - 1;
            }
            else
            {
                // Prose outside them: paragraphs, and text written straight into blocks (a story set as divs or
                // between <br>s counts as two when long).
                var prose = _elements[k].LocalName == "p" && _text[k] >= ProseParagraph && LinkDensity(k) < 0.3 ? 1
                    : OwnTextContainers.Contains(_elements[k].LocalName) && _own[k] >= ProseParagraph ? (_own[k] >= 3 * ProseParagraph ? 2 : 1) : 0;
                if (prose > 0 && bodies is not null && TextContainerClass(k) is { } container && bodies.Contains(container))
                {
                    group += prose;
                    continue;
                }

                if (group == 0) before += prose;
                outside += prose;
                if (before >= 2 || outside >= 4) return bodies is null ? null : false;
            }
        }

        return group * 2 >= _visibleParagraphs;
    }

    private bool InKind(int k, string kind, bool oneName) =>
        oneName ? _elements[k].ClassList.Contains(kind) : _elements[k].GetAttribute("class") == kind;

    /// <summary>The class attributes of the containers that hold the posts' prose paragraphs.</summary>
    private HashSet<string> PostBodyClasses(string kind, bool oneName)
    {
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < _elements.Count; k++)
        {
            if (_paragraphs[k] == 0 || !InKind(k, kind, oneName)) continue;
            for (var j = k + 1; j < _end[k]; j++)
            {
                if (_elements[j].LocalName == "p" && _text[j] >= ProseParagraph && TextContainerClass(j) is { } container) bodies.Add(container);
            }

            k = _end[k] - 1;
        }

        return bodies;
    }

    /// <summary>The class attribute of the nearest element with one, from the block itself up to three levels above.</summary>
    private string? TextContainerClass(int k)
    {
        for (var (e, level) = (k, 0); e > 0 && level < 4; e = _parent[e], level++)
        {
            if (_elements[e].GetAttribute("class") is { Length: > 0 } classes) return classes;
        }

        return null;
    }

    /// <summary>Whether the element's class, or its parent's or grandparent's, has a content word (a page builder's
    /// "elementor-widget-container" inside "elementor-widget-text-editor", a media widget inside the article's
    /// "text-wrapper"). A side column's own class only: a site builder's sidebar of contact lines sits in the
    /// "diywebContent" that also holds the page's main column, and that word names the page's content area, not the
    /// sidebar.</summary>
    private static bool NamesContent(IElement element)
    {
        var levels = BoilerplateRules.NamesSideColumn(element) ? 1 : 3;
        var e = element;
        for (var level = 0; level < levels && e is not null; level++, e = e.ParentElement)
        {
            if (BoilerplateRules.ClassWeight(e, ignoreNegative: true) > 0) return true;
        }

        return false;
    }

    /// <param name="forScoring">False for the measure taken before furniture removal, which reads text, links and
    /// prose paragraphs only: commas, cards and free prose are left uncounted.</param>
    private void Measure(IElement body, bool forScoring)
    {
        _elements.Clear();
        _parent.Clear();
        _entries.Clear();
        _index.Clear();
        var ownText = new List<double>(1024);
        var blockText = new List<double>(1024);
        var commas = new List<int>(1024);
        // The block each element's own text counts for: text in inline wrappers (<div><span>text</span></div>, as
        // editors write it) is the enclosing block's own text, as Readability's div-to-paragraph step treats it.
        // Resolved once per element when it is reached (its parent's block is known by then), not per text node.
        var blockOf = new List<int>(1024);
        // Line breaks in each block's own text: only a block with two or more can hold several runs (see OwnRuns).
        var breaks = new List<int>(1024);
        var stack = new Stack<(INode Node, int Parent)>();
        stack.Push((body, -1));
        while (stack.Count > 0)
        {
            var (node, parent) = stack.Pop();
            if (node is IElement element)
            {
                var index = _elements.Count;
                _elements.Add(element);
                _parent.Add(parent);
                _index[element] = index;
                if (element.LocalName is "input" or "textarea" && IsTextEntry(element)) _entries.Add(index);
                ownText.Add(0);
                blockText.Add(0);
                commas.Add(0);
                blockOf.Add(parent >= 0 && InlineTags.Contains(element.LocalName) ? blockOf[parent] : index);
                breaks.Add(0);
                if (parent >= 0 && element.LocalName == "br") breaks[blockOf[parent]]++;
                var children = element.ChildNodes;
                for (var i = children.Length - 1; i >= 0; i--) stack.Push((children[i], index));
            }
            else if (node.NodeType == NodeType.Text && parent >= 0)
            {
                var text = node.TextContent;
                var length = WeightedLength(text);
                ownText[parent] += length;
                blockText[blockOf[parent]] += length;
                if (forScoring) commas[parent] += CountCommas(text);
            }
        }

        var n = _elements.Count;
        _own = blockText.ToArray();
        _breaks = breaks.ToArray();
        _text = ownText.ToArray();
        _commas = commas.ToArray();
        _links = new double[n];
        _end = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            _end[i] = Math.Max(_end[i], i + 1);
            if (_parent[i] >= 0) _end[_parent[i]] = Math.Max(_end[_parent[i]], _end[i]);
        }

        for (var i = n - 1; i >= 0; i--)
        {
            if (_elements[i].LocalName == "a" && !IsPlaceAnchor(_elements[i]) && !IsSelfAnchor(_elements[i])) _links[i] = _text[i];
            var p = _parent[i];
            if (p < 0) continue;
            _text[p] += _text[i];
            _links[p] += _links[i];
            _commas[p] += _commas[i];
        }

        // Prose paragraphs: paragraph-like elements (or text written straight into a container) of real length with
        // few links. Counted bottom-up after the text sums, so a paragraph inside a paragraph is not counted twice.
        _paragraphs = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var tag = _elements[i].LocalName;
            if (ParagraphTags.Contains(tag) && _text[i] >= ProseParagraph && _paragraphs[i] == 0 && LinkDensity(i) < 0.3) _paragraphs[i]++;
            // Text written straight into a container counts a paragraph per run between double line breaks when it
            // runs to three such paragraphs or more (a story typed so); a caption with its credit line, as an
            // interactive timeline's slides write them by the dozen, stays one.
            else if (OwnTextContainers.Contains(tag) && _own[i] >= ProseParagraph)
                _paragraphs[i] += _breaks[i] >= 4 && _own[i] >= 3 * ProseParagraph && ProseRuns(_elements[i]) is var runs && runs >= 3 ? runs : 1;
            if (_parent[i] >= 0) _paragraphs[_parent[i]] += _paragraphs[i];
        }

        if (!forScoring)
        {
            _visibleParagraphs = -1;
            _proseCaptions = -1;
            _threads.Clear();
            return;
        }

        MarkCards();
        _freeProse = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            if (IsFreeProse(i)) _freeProse[i]++;
            if (_parent[i] >= 0) _freeProse[_parent[i]] += _freeProse[i];
        }
    }

    /// <summary>Marks the items of card lists and everything inside them. A list whose items mostly carry a heading
    /// of their own is a list of separate pieces (teasers of other stories, gallery slides with their captions,
    /// product tiles), not paragraphs of one text: its prose counts for less when containers are scored.</summary>
    private void MarkCards()
    {
        var n = _elements.Count;
        var headings = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            if (HtmlTags.IsHeading(_elements[i].LocalName)) headings[i]++;
            if (_parent[i] >= 0) headings[_parent[i]] += headings[i];
        }

        var items = new int[n];
        var titled = new int[n];
        for (var i = 1; i < n; i++)
        {
            var p = _parent[i];
            if (p < 0 || _elements[i].LocalName != "li" || _elements[p].LocalName is not ("ul" or "ol")) continue;
            items[p]++;
            if (headings[i] > 0) titled[p]++;
        }

        // A teaser: a small block whose heading is a link to another page (a related post, a story in a stream),
        // with at most a short excerpt beside it. The largest such block around each linked heading is the card.
        var teaser = _teaser = new bool[n];
        for (var h = 1; h < n; h++)
        {
            if (!IsLinkedTitle(h)) continue;
            var card = -1;
            for (var a = _parent[h]; a > 0 && _text[a] <= 600 && _elements[a].LocalName is "article" or "div" or "li" or "section"; a = _parent[a])
                card = a;
            if (card > 0) teaser[card] = true;
        }

        // A list item that opens with a title link on a line of its own followed by an excerpt is a teaser too
        // (a story stream written as a list without heading elements).
        for (var i = 1; i < n; i++)
        {
            var p = _parent[i];
            if (p < 0 || _elements[i].LocalName != "li" || _elements[p].LocalName is not ("ul" or "ol") || !IsTeaserItem(i)) continue;
            teaser[i] = true;
            titled[p]++;
        }

        _inCard = new bool[n];
        for (var i = 1; i < n; i++)
        {
            var p = _parent[i];
            if (p < 0) continue;
            _inCard[i] = _inCard[p] || teaser[i] || (_elements[i].LocalName == "li" && items[p] >= 3 && titled[p] * 3 >= items[p] * 2);
        }
    }

    /// <summary>A list item that starts with a link of 15 or more characters standing as a line of its own (no words
    /// of the item before it, none of its sentence around it) and goes on with up to 600 characters of excerpt: the
    /// title and summary of another page.</summary>
    private bool IsTeaserItem(int i)
    {
        if (_text[i] > 800) return false;
        var item = _elements[i];
        double before = 0;
        for (var j = i + 1; j < _end[i]; j++)
        {
            var element = _elements[j];
            if (element.LocalName != "a")
            {
                before += _elements[j].ChildNodes.Where(c => c.NodeType == NodeType.Text).Sum(c => WeightedLength(c.TextContent));
                if (before >= 5) return false;
                continue;
            }

            // A thumbnail's link carries no text.
            if (_text[j] == 0) continue;
            if (_text[j] < 15) return false;
            var excerpt = _text[i] - _text[j];
            // A linked title run into its sentence by a colon ("<a>Samsung Unveils Rugged Galaxy S4 Active</a>: The
            // Active version …", the items of a news round-up the author wrote) is a line of the text, not a card.
            if (element.NextSibling is { NodeType: NodeType.Text } next && next.TextContent.AsSpan().TrimStart().StartsWith(":")) return false;
            return !InRunningText(element) && excerpt >= 30 && excerpt <= 600 && item.GetElementsByTagName("a").Length <= 6;
        }

        return false;
    }

    /// <summary>An anchor that marks a place rather than links: no href, and it wraps a heading's text, whole blocks
    /// or a run of 25 characters or more (<c>&lt;a id="x"/&gt;</c> in DocBook's XHTML, which an HTML parser opens
    /// around the rest of the enclosing block and reopens in the blocks after it). A script-driven button
    /// (<c>&lt;a id="like"&gt;Like&lt;/a&gt;</c>) has no href either and still counts as a link.</summary>
    private static bool IsPlaceAnchor(IElement anchor)
    {
        if (anchor.HasAttribute("href")) return false;
        if (HtmlTags.IsHeading(anchor.ParentElement?.LocalName)) return true;
        // The parser also reopens an unclosed anchor inside the following blocks, around their text: a run of
        // text, not a button's label.
        if (WeightedLength(anchor.TextContent) >= 25) return true;
        for (var child = anchor.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (!PhrasingTags.Contains(child.LocalName)) return true;
        }

        return false;
    }

    /// <summary>A heading's link to itself (<c>&lt;h3 id="x"&gt;&lt;a class="toclink" href="#x"&gt;</c>, which Markdown's
    /// table-of-contents extension and many static site generators write): the heading's own text, not a link away
    /// and not a table of contents, whatever its class says ("toclink" reads as "toc").</summary>
    private static bool IsSelfAnchor(IElement anchor)
    {
        var href = anchor.GetAttribute("href");
        if (href is not ['#', _, ..]) return false;
        var target = href.AsSpan(1);
        for (var e = anchor; e is not null && e.LocalName is not ("p" or "li" or "div" or "section" or "article" or "body"); e = e.ParentElement)
        {
            // Only a heading's own id: a post counter (<a name="post301882" href="#post301882">#1</a>) links to itself
            // too, and is furniture.
            if (HtmlTags.IsHeading(e.LocalName))
            {
                if (target.SequenceEqual(e.GetAttribute("id")) || target.SequenceEqual(e.GetAttribute("name"))) return true;
            }
        }

        return false;
    }

    private double LinkDensity(int i) => _text[i] <= 0 ? 0 : _links[i] / _text[i];

    private void Score()
    {
        var n = _elements.Count;
        _score = new double[n];
        _scored = new bool[n];
        _elementChildren = new int[n];
        for (var i = 1; i < n; i++) _elementChildren[_parent[i]]++;
        for (var i = 0; i < n; i++)
        {
            var tag = _elements[i].LocalName;
            double contribution;
            int first;
            if (ParagraphTags.Contains(tag) && _text[i] >= MinParagraph && !(tag == "li" && LinkDensity(i) > 0.5))
            {
                // A list item inside a scored paragraph-like element is counted by that element already.
                if (tag is "li" && HasParagraphAncestor(i)) continue;
                // A list item or quote made of paragraphs is counted through them, not a second time as a whole.
                if (HasParagraphChild(i)) continue;
                // A consent manager's notice ("Wir und unsere Partner speichern und/oder greifen auf Informationen auf
                // einem Gerät zu, z. B. Cookies, …") is no text of the page: scored, its dialog (Sourcepoint's
                // div#sp_message_container_…, "message" a content word) outranked a short story in plain classes.
                if (_text[i] < 1000 && FirstTextNode(_elements[i]) is { } opening && BoilerplateRules.MayOpenCookieNotice(opening.Data) &&
                    BoilerplateRules.IsCookieNotice(_elements[i].TextContent)) continue;
                // Commas mark clauses of prose; in a code listing or program output they separate values
                // ("release v=11,o=Debian,a=stable,…"), and a screen of them outscored the text around it.
                contribution = 1 + (tag == "pre" ? 0 : _commas[i]) + Math.Min(Math.Floor(_text[i] / 100), 3);
                first = _parent[i];
            }
            else if (OwnTextContainers.Contains(tag) && _own[i] >= MinParagraph)
            {
                // Text written straight into a div is scored as the paragraphs it is written in: runs between two or
                // more <br>s (as Readability turns them into <p>s), each like a <p> of that length and its clause commas.
                // Counted as one short paragraph, a story typed that way (VOA's pages of 2013, forum posts) lost to a
                // teaser box once it sat a few wrappers deep.
                // Text in one run keeps the old measure (a table cell's note, a caption): its commas do not count.
                contribution = 0;
                var runs = 0;
                if (_breaks[i] >= 2 && _own[i] >= 2 * MinParagraph)
                {
                    foreach (var (length, commas) in OwnRuns(_elements[i]))
                    {
                        if (length < MinParagraph) continue;
                        contribution += 1 + commas + Math.Min(Math.Floor(length / 100), 3);
                        runs++;
                    }
                }

                if (runs < 2) contribution = 1 + Math.Min(Math.Floor(_own[i] / 100), 3);
                first = i;
            }
            else
            {
                continue;
            }

            // In recovery mode a paragraph that is one link counts as text (a shopping post's product lines).
            if (!(_relaxed && tag == "p")) contribution *= 1 - LinkDensity(i);
            if (_inCard[i]) contribution *= CardWeight;
            // A photo's caption describes the picture: kept as text, but a short one full of commas must not choose
            // the container ("Le calque et ses histogrammes Rouge, Vert, et Bleu, après traitement." outscored the
            // section's paragraph in GIMP's help).
            else if (InMarkedCaption(i)) contribution *= CardWeight;
            var level = 0;
            for (var a = first; a >= 0 && level < 5; a = _parent[a])
            {
                if (!_scored[a]) Initialise(a);
                _score[a] += contribution / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
                // A wrapper whose only element child is this one, with no text of its own, is the same block one tag
                // further out: it takes the same share. Counted as a level, eight such wrappers (page builders nest
                // them so) kept every paragraph's score from the element that names the article, and an e-mail box's
                // div.content won over a story.
                var up = _parent[a];
                if (up < 0 || _elementChildren[up] != 1 || _own[up] > 0 || _elements[up] is not { Attributes.Length: 0, LocalName: not ("article" or "main" or "section" or "body") }) level++;
            }
        }
    }

    /// <summary>The runs of text written straight into <paramref name="element"/> (in it or in inline wrappers such
    /// as span and b, the text <see cref="Measure"/> counts as the element's own), split where two or more
    /// <c>&lt;br&gt;</c>s or a block element stand between them: the paragraphs of a text typed without
    /// <c>&lt;p&gt;</c>. Each run: its weighted length and its clause commas (<see cref="CountClauseCommas"/>). The
    /// list is reused by the next call.</summary>
    internal List<(double Length, int Commas)> OwnRuns(IElement element)
    {
        _runs.Clear();
        _runLength = 0;
        _runCommas = 0;
        _runBreaks = 0;
        WalkRuns(element);
        CloseRun();
        return _runs;
    }

    private int ProseRuns(IElement element)
    {
        var count = 0;
        foreach (var run in OwnRuns(element))
        {
            if (run.Length >= ProseParagraph) count++;
        }

        return count;
    }

    private void WalkRuns(INode parent)
    {
        foreach (var node in parent.ChildNodes)
        {
            if (node.NodeType == NodeType.Text)
            {
                var text = node.TextContent;
                if (string.IsNullOrWhiteSpace(text)) continue;
                if (_runBreaks >= 2) CloseRun();
                _runBreaks = 0;
                _runLength += WeightedLength(text);
                _runCommas += CountClauseCommas(text);
            }
            else if (node is IElement child)
            {
                if (child.LocalName == "br") _runBreaks++;
                else if (InlineTags.Contains(child.LocalName)) WalkRuns(child);
                else if (RunBreakTags.Contains(child.LocalName)) CloseRun();
            }
        }
    }

    private void CloseRun()
    {
        if (_runLength > 0) _runs.Add((_runLength, _runCommas));
        _runLength = 0;
        _runCommas = 0;
        _runBreaks = 0;
    }

    private bool HasParagraphChild(int i)
    {
        foreach (var node in _elements[i].ChildNodes)
        {
            if (node is IElement child && ParagraphTags.Contains(child.LocalName) && _index.TryGetValue(child, out var c) &&
                _text[c] >= MinParagraph) return true;
        }

        return false;
    }

    private bool HasParagraphAncestor(int i)
    {
        for (var a = _parent[i]; a >= 0; a = _parent[a])
        {
            if (_elements[a].LocalName is "p" or "blockquote" or "pre") return true;
        }

        return false;
    }

    private void Initialise(int i)
    {
        _scored[i] = true;
        var element = _elements[i];
        var score = element.LocalName switch
        {
            "div" => 5,
            "article" or "main" => 15,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        var weight = BoilerplateRules.ClassWeight(element);
        // A wrapper around one paragraph is that paragraph, not a container of the text: its content word ("text" in
        // LibreOffice help's div.notetext around a tip) must not outrank the container that holds the whole page's
        // text. Readability collapses such a div into its paragraph for the same reason. Furniture words still count,
        // and so do the words of a standfirst's wrapper (div.lead > p), which is one paragraph by nature.
        if (weight > 0 && IsSingleParagraphWrapper(element) && !BoilerplateRules.IsSummary(element)) weight = 0;
        score += 25 * weight;
        if (element.GetAttribute("itemprop") is { } itemprop && itemprop.Contains("articleBody", StringComparison.OrdinalIgnoreCase)) score += 30;
        if (string.Equals(element.GetAttribute("role"), "main", StringComparison.OrdinalIgnoreCase)) score += 15;
        _score[i] = score;
    }

    /// <summary>A list (ul, ol, dl) or an element whose only element child is one.</summary>
    private static bool IsListBlock(IElement element) =>
        element.LocalName is "ul" or "ol" or "dl" ||
        (element.ChildElementCount == 1 && element.FirstElementChild is { LocalName: "ul" or "ol" or "dl" });

    /// <summary>True for a div or span whose only element child is one <c>&lt;p&gt;</c> or <c>&lt;pre&gt;</c> (GitHub's
    /// <c>div.snippet-clipboard-content</c> around a code block, whose "content" made a reply's code the page: the
    /// sixth snippet batch's GitHub issue, held by SnippetPageTests) and that has no text of its own outside it.</summary>
    private static bool IsSingleParagraphWrapper(IElement element)
    {
        if (element.LocalName is not ("div" or "span") || element.ChildElementCount != 1 || element.FirstElementChild is not { LocalName: "p" or "pre" }) return false;
        foreach (var node in element.ChildNodes)
        {
            if (node.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(node.TextContent)) return false;
        }

        return true;
    }

    /// <remarks>In recovery mode a container that holds a prose paragraph of its own is not damped by its links
    /// either (Readability's last attempt likewise keeps link-heavy text), so a post of linked product lines under an
    /// introduction wins over the page's copyright block; a block of linked headlines without prose is still damped.</remarks>
    private double Final(int i) => _relaxed && _freeProse[i] > 0 ? _score[i] : _score[i] * (1 - LinkDensity(i));

    /// <summary>The content container; <paramref name="best"/> is the best-scored element before climbing to
    /// ancestors (the one whose build repeated containers share).</summary>
    private int PickTop(out int best)
    {
        var ranked = Enumerable.Range(0, _elements.Count).Where(i => _scored[i] && i > 0)
            .OrderByDescending(Final).ThenBy(i => i).Take(5).ToList();
        best = ranked.Count > 0 ? ranked[0] : -1;
        if (ranked.Count == 0) return _text.Length > 0 && _text[0] > 0 ? 0 : -1;
        var top = ranked[0];
        var topScore = Final(top);
        // Paragraphs written straight into <body> (an old hand-written essay, no container at all) score the body
        // itself, and it is not ranked with the containers: when it gathers more than the best container, it is the
        // text (Readability does the same by moving such a body's children into a new candidate).
        if (_scored[0] && Final(0) > topScore) return 0;

        // Several strong candidates under one ancestor (the posts of a thread, the sections of a long article):
        // the ancestor is the content.
        var strong = ranked.Skip(1).Where(i => Final(i) >= topScore * 0.75 && _text[i] >= _text[top] * 0.2 &&
                                               !IsAncestor(i, top) && !IsAncestor(top, i)).ToList();
        // One strong candidate beside the top with more text than the top (a reference page's description and its
        // longer list of functions) counts as two.
        if (strong.Count >= 2 || (strong.Count == 1 && _text[strong[0]] > _text[top]))
        {
            for (var a = _parent[top]; a > 0; a = _parent[a])
            {
                var under = strong.Count(i => IsAncestor(a, i));
                if (under >= Math.Min(2, strong.Count))
                {
                    top = a;
                    break;
                }
            }
        }

        top = RowsOfText(top);
        top = EnclosingText(top);
        top = SectionAmongSections(top);

        // Climb while the parent is scored higher than the candidate (its content continues beside it).
        var last = Final(top);
        for (var a = _parent[top]; a > 0; a = _parent[a])
        {
            if (!_scored[a]) continue;
            var score = Final(a);
            if (score < topScore / 3) break;
            // A rise that only a content word in the parent's class ("story") gives, over a chain of wrappers, says
            // nothing about text beside the candidate: BBC News' div#main-content.story holds the article and a column
            // of teasers. Such a parent is taken only when it holds more prose than the candidate. (A rise from the
            // wrapper's tag, a DocBook div.variablelist around the winning list, still climbs.)
            if (score > last && (_freeProse[a] > _freeProse[top] || BoilerplateRules.ClassWeight(_elements[a]) <= 0))
            {
                top = a;
                break;
            }

            last = score;
        }

        // A list that won (a chapter's long definition list, whose items score as paragraphs, while the sections
        // around it go on in paragraphs that score less one by one), or a block with a quarter of the page's prose
        // paragraphs or less (one long note in a DocBook admonition's table cell beside a section of short
        // paragraphs): the nearest ancestor below the body that holds at least twice its paragraphs, with few links,
        // is the text. Not from an <article> or a block holding the headline (or an article, main or articleBody): that
        // is the whole story, however short,
        // and the paragraphs beside it are other posts (a hyperlocal brief over its neighbours' posts and events).
        if (_paragraphs[top] > 0 && (IsListBlock(_elements[top]) || (_paragraphs[top] * 4 <= _paragraphs[0] && _elements[top].LocalName != "article" && !HoldsMarkedArticle(_elements[top], top))))
        {
            for (var a = _parent[top]; a > 0; a = _parent[a])
            {
                if (_paragraphs[a] >= 2 * _paragraphs[top] + 2 && LinkDensity(a) < 0.25)
                {
                    top = a;
                    break;
                }
            }
        }

        // A winner still inside a documentation admonition (DocBook's div.note / div.tip around its one-cell table,
        // Sphinx's div.admonition): a note belongs to the section it stands in, and when that section holds twice the
        // note's text, the section is the text. A short help page whose tip was its longest paragraph (GIMP's help,
        // "Erneut anzeigen") gave the tip alone.
        for (int a = top, steps = 0; a > 0 && _parent[a] > 0 && steps < 6; a = _parent[a], steps++)
        {
            if (!BoilerplateRules.IsAdmonition(_elements[a])) continue;
            if (_text[_parent[a]] >= 2 * _text[a]) top = _parent[a];
            break;
        }

        // A candidate that is its parent's only element child says nothing its parent does not.
        while (top > 0 && _parent[top] > 0 && _elements[_parent[top]].ChildElementCount == 1) top = _parent[top];
        return top;
    }

    /// <summary>A winner in a table row whose table holds three or more rows of prose (a DocBook FAQ's
    /// <c>tr.question</c>/<c>tr.answer</c> pairs, a table of entries each told in sentences) is one entry: the table
    /// is the text. A layout table's rows are a header, the article beside a menu, and a footer: one row of prose.</summary>
    private int RowsOfText(int top)
    {
        var row = top;
        for (var level = 0; level < 3 && row > 0 && _elements[row].LocalName != "tr"; level++) row = _parent[row];
        if (row <= 0 || _elements[row].LocalName != "tr" || _parent[row] <= 0) return top;
        var table = _parent[row];
        var prose = 0;
        foreach (var sibling in _elements[table].Children)
        {
            if (sibling.LocalName == "tr" && _index.TryGetValue(sibling, out var r) && _paragraphs[r] > 0 && _text[r] >= 2 * MinParagraph && LinkDensity(r) < 0.3) prose++;
        }

        return prose >= 3 ? table : top;
    }

    /// <summary>A winner that is the body of one section among sections built alike (a listing's
    /// <c>div.sd-card.section</c> blocks, each a heading over its text: description, equipment, location, notes): the
    /// section itself, up to two levels above, when two or more of its siblings share its tag and first class name and
    /// hold a heading, so that the rules for siblings (their score, sections built alike) gather the others with
    /// their headings.</summary>
    private int SectionAmongSections(int top)
    {
        for (int a = _parent[top], steps = 0; a > 0 && _parent[a] > 0 && steps < 2; a = _parent[a], steps++)
        {
            var section = _elements[a];
            if (section.GetAttribute("class") is not { Length: > 0 } || !HasHeadingChild(section)) continue;
            var alike = 0;
            foreach (var node in _elements[_parent[a]].ChildNodes)
            {
                if (node is IElement sibling && sibling != section && _index.TryGetValue(sibling, out var s) && SameFamily(a, s) && HasHeadingChild(sibling)) alike++;
            }

            return alike >= 2 ? a : top;
        }

        return top;
    }

    private static bool HasHeadingChild(IElement element)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (HtmlTags.IsSubheading(child.LocalName)) return true;
        }

        return false;
    }

    /// <summary>A box inside the article can outscore the article's own paragraphs (the Daily Mail's fact box, a
    /// dozen short paragraphs in div.art-ins, against the story's paragraphs set straight into div.article-text
    /// around it): an ancestor up to four levels above the winner that scores at least three quarters of it, has few
    /// links and holds three or more prose paragraphs of its own outside the winner is the text, the box a part of
    /// it.</summary>
    private int EnclosingText(int top)
    {
        var topScore = Final(top);
        var below = top;
        for (var (a, level) = (_parent[top], 0); a > 0 && level < 4; below = a, a = _parent[a], level++)
        {
            if (!_scored[a] || Final(a) < topScore * 0.75 || LinkDensity(a) >= 0.25) continue;
            var own = 0;
            foreach (var node in _elements[a].ChildNodes)
            {
                if (node is IElement child && child != _elements[below] && child.LocalName == "p" && _index.TryGetValue(child, out var c) && IsFreeProse(c)) own++;
            }

            if (own >= 3) return a;
        }

        return top;
    }

    private bool IsAncestor(int ancestor, int i)
    {
        for (var a = _parent[i]; a >= 0; a = _parent[a])
        {
            if (a == ancestor) return true;
        }

        return false;
    }

    /// <summary>The candidate plus siblings that look like more of the same text.</summary>
    private List<IElement> WithSiblings(int top)
    {
        var parent = _parent[top];
        if (parent < 0) return [_elements[top]];
        var threshold = Math.Max(10, Final(top) * 0.2);
        var result = new List<IElement>();
        // Items of a list article: at least three siblings of the chosen block's family, each with a variant class.
        var family = 0;
        if (HasVariantClass(_elements[top]))
        {
            foreach (var node in _elements[parent].ChildNodes)
            {
                if (node is IElement sibling && _index.TryGetValue(sibling, out var s) && HasVariantClass(sibling) && SameFamily(top, s)) family++;
            }
        }

        HashSet<string>? targets = null;
        var afterTop = false;
        foreach (var node in _elements[parent].ChildNodes)
        {
            if (node is not IElement sibling) continue;
            if (!_index.TryGetValue(sibling, out var s)) continue;
            if (s == top)
            {
                afterTop = true;
                result.Add(sibling);
                continue;
            }

            var include = _scored[s] && Final(s) >= threshold && LinkDensity(s) < 0.3;
            // The other sections of a long document, built like the chosen one (DocBook's div.section after
            // div.section): a section with a heading and prose of its own belongs to the text even when tables of
            // links raise its link density; those tables are pruned inside it afterwards.
            if (!include && IsSiblingSection(top, s)) include = true;
            // The other items of a list article, whose first class names the item and later classes its kind
            // ("buzz_superlist_item buzz_superlist_item_video" beside "… _text"): an item told in its heading alone
            // scores nothing as a paragraph but is as much the text as its prose neighbours.
            if (!include && family >= 3 && SameFamily(top, s) && LinkDensity(s) < 0.3 && HoldsText(sibling, s)) include = true;
            // Another piece of a text split into bare blocks (a story broken into class-less divs around inline ads or
            // embeds, as CMSs cut a body into segments): the chosen block's tag, no class or id on either, two prose
            // paragraphs of its own and few links. A segment with fewer commas than the longest scored under the
            // fifth of it that siblings need.
            if (!include && IsBare(_elements[top]) && IsBare(sibling) && sibling.LocalName == _elements[top].LocalName &&
                ProseOutsideCards(s) >= 2 && LinkDensity(s) < 0.25) include = true;
            // A fold after the text that says more about it (Shopify's collapsible "Material & Pflege" tab beside the
            // product's description): a <details>, or a wrapper around one, with prose of its own and few links.
            if (!include && afterTop && IsProseFold(sibling, s)) include = true;
            // Another panel of the same tabs (PrestaShop's "Détails du produit" with its data sheet beside the
            // description's panel): the page shows one at a time, the text is all of them. A reviews panel goes as
            // furniture before this.
            if (!include && IsTabPanel(_elements[top]) && IsTabPanel(sibling) && _text[s] > 0 && LinkDensity(s) < 0.3) include = true;
            // A standfirst set as a subheading just before or after the headline.
            if (!include && sibling.LocalName is "h2" or "h3" && _text[s] > 80 && _links[s] == 0) include = true;
            // The text's notes: a block after it that holds the targets of the text's in-page references (DocBook's
            // div.footnotes beside the chapter's sections, a blog's endnotes after the post's body). They are the
            // author's words, referred to from the text itself.
            if (!include && afterTop && LinkDensity(s) < 0.3 && _text[s] > 0 && HoldsReferenceTarget(sibling, targets ??= InPageTargets(_elements[top]))) include = true;
            // A table of values without links beside the text (a product's specifications, a reference table).
            // (Links without text count too: a navigation table of arrow images, DocBook's div.navheader, is no table of
            // values.)
            if (!include && _links[s] == 0 && _text[s] > 0 && sibling.QuerySelector("table tr + tr") is not null && sibling.QuerySelector("a[href]") is null) include = true;
            // A list of sentences beside the text (the steps of a how-to, told in list items too short to score as
            // paragraphs) is text; lists of links, tags or labels do not end their items as sentences.
            if (!include && sibling.LocalName is "ol" or "ul" && IsSentenceList(sibling, s)) include = true;
            // A paragraph beside the text, and before it also a wrapped one (Telegraph's div.firstPar > p, one div per
            // paragraph ahead of the rest in div.body) or a run of text in a span or div (Hindustan Times' first
            // paragraph in span#…Para1, the rest in span#…Para2), as Readability turns such blocks into paragraphs
            // before it looks at siblings. After the text, a wrapped paragraph is more often a notice ("report an
            // error", an author's biography) than the article's own.
            if (!include && (sibling.LocalName == "p" || (!afterTop && IsParagraphLike(sibling, s))))
            {
                var density = LinkDensity(s);
                include = (_text[s] > 80 && density < 0.25) ||
                          (_text[s] > 0 && density == 0 && sibling.TextContent.TrimEnd().EndsWith('.'));
            }

            if (include) result.Add(sibling);
        }

        if (result.Count >= 2) result = Contiguous(parent, result);
        // The heading just before the text opens its first section ("So fügen Sie … ein:" over the steps).
        if (result[0].PreviousElementSibling is { } heading && HtmlTags.IsSubheading(heading.LocalName) &&
            _index.TryGetValue(heading, out var h) && _links[h] == 0 && !HtmlTags.IsSubheading(result[0].LocalName))
            result.Insert(0, heading);
        return result;
    }

    /// <summary>A tab panel hidden until its tab is clicked (WooCommerce's "Zusätzliche Informationen", display:none)
    /// that holds a table of rows or two prose paragraphs, with few links and no form (a review tab's form is no
    /// text): the product's data the reader opens, like a closed fold. Also a closed accordion panel that a button
    /// opens (an FAQ's answer: <c>div.accordion__panel</c> with <c>aria-hidden="true"</c>,
    /// right after its question) holding a prose paragraph.</summary>
    private bool IsClosedTabText(IElement element, int i) =>
        LinkDensity(i) < 0.2 && element.QuerySelector("form, textarea") is null &&
        ((IsTabPanel(element) && (_paragraphs[i] >= 2 || element.QuerySelector("table tr + tr") is not null)) ||
         (_paragraphs[i] >= 1 && BoilerplateRules.NamesFold(element) && IsOpenedByButton(element)));

    /// <summary>The element comes right after the control that opens it: a heading or a button, or a short header
    /// block holding one (Bootstrap's <c>div.card-header &gt; h5 &gt; button</c> over <c>div.collapse</c>), as the
    /// WAI-ARIA accordion pattern sets each panel under its heading's button.</summary>
    private static bool IsOpenedByButton(IElement element) =>
        element.PreviousElementSibling is { } opener &&
        (opener.LocalName is "h2" or "h3" or "h4" or "h5" or "h6" or "button" or "dt" ||
         (opener.TextContent.Length < 300 && opener.QuerySelector("h2, h3, h4, h5, h6, button") is not null));

    /// <summary>A tab's panel: <c>role="tabpanel"</c> or Bootstrap's <c>tab-pane</c>.</summary>
    private static bool IsTabPanel(IElement element) =>
        element.GetAttribute("role") == "tabpanel" || element.ClassList.Contains("tab-pane");

    /// <summary>A <c>&lt;details&gt;</c> (or a wrapper of single children around one) that is not a fold of shop
    /// terms, holding a prose paragraph of its own outside cards and under a tenth links.</summary>
    private bool IsProseFold(IElement element, int i)
    {
        var fold = element;
        while (fold.LocalName != "details" && fold.ChildElementCount == 1) fold = fold.FirstElementChild!;
        return fold.LocalName == "details" && !BoilerplateRules.IsShopTermsFold(fold) && ProseOutsideCards(i) >= 1 && LinkDensity(i) < 0.1;
    }

    /// <summary>A counter's figure in a block of its own (Stack Exchange's vote count between the vote buttons): a
    /// div, span or button holding only a number, without words of its parent beside it, not part of a paragraph, a
    /// list, a table, a definition list, a figure or code, where a number alone is a value of the text (a manual's
    /// section "1", a filter's range "-100,0").</summary>
    private static bool IsCounter(IElement element)
    {
        if (element.LocalName is not ("div" or "span" or "button" or "strong" or "b")) return false;
        if (!BoilerplateRules.NumberOnly().IsMatch(element.TextContent.AsSpan().Trim())) return false;
        // Beside words of its parent's own ("Versions: 00 01 02") a number is part of a line.
        if (element.ParentElement is { } parent && parent.ChildNodes.Any(n => n.NodeType == AngleSharp.Dom.NodeType.Text && !string.IsNullOrWhiteSpace(n.TextContent))) return false;
        for (var up = element.ParentElement; up is not null; up = up.ParentElement)
        {
            if (up.LocalName is "p" or "li" or "td" or "th" or "dt" or "dd" or "pre" or "code" or "figure" or "label" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6") return false;
            if (up.LocalName is "article" or "main" or "body") break;
        }

        return true;
    }

    /// <summary>A furniture role set on a block of the text's prose (a paragraph or more, few links): a tab list that
    /// holds its panels too (Magento's Luma: <c>div.product.data.items[role=tablist]</c> around the title links and the
    /// description's panels), an alert among the text's paragraphs (Docsy's note and warning callouts,
    /// <c>div.alert[role=alert]</c>; a banner's alert stands apart from them).</summary>
    private bool RoleHoldsText(string role, int i)
    {
        if (_paragraphs[i] < 1 || LinkDensity(i) >= 0.3) return false;
        return role == "tablist" || (role == "alert" && _parent[i] >= 0 && _paragraphs[_parent[i]] >= _paragraphs[i] + 2);
    }

    /// <summary>The links (anchors with an href) inside the element.</summary>
    private static int CountLinks(IElement element)
    {
        var links = 0;
        foreach (var anchor in element.GetElementsByTagName("a"))
        {
            if (anchor.HasAttribute("href")) links++;
        }

        return links;
    }

    /// <summary>An element without class or id.</summary>
    private static bool IsBare(IElement element) =>
        string.IsNullOrWhiteSpace(element.GetAttribute("class")) && string.IsNullOrWhiteSpace(element.Id);

    /// <summary>A paragraph, a wrapper around one paragraph, or a span, font or div holding only a run of text (text
    /// and inline elements: links, emphasis, line breaks), no block of its own.</summary>
    private bool IsParagraphLike(IElement element, int i)
    {
        if (element.LocalName == "p") return true;
        // A wrapper named as something else (an author box left with its biography) is that, not a paragraph.
        if (element.LocalName is not ("span" or "font" or "div") || _text[i] <= 0 || BoilerplateRules.IsNegative(element, out _)) return false;
        if (IsSingleParagraphWrapper(element)) return true;
        for (var k = i + 1; k < _end[i]; k++)
        {
            if (_elements[k].LocalName is not ("a" or "br" or "wbr") && !InlineTags.Contains(_elements[k].LocalName)) return false;
        }

        return true;
    }

    /// <summary>A list of two or more items, under 20 % links, at least two thirds of whose items end as a sentence
    /// (full stop, question or exclamation mark, ellipsis or colon).</summary>
    private bool IsSentenceList(IElement list, int i)
    {
        if (LinkDensity(i) >= 0.2) return false;
        int items = 0, sentences = 0;
        foreach (var child in list.Children)
        {
            if (child.LocalName != "li") continue;
            items++;
            var text = child.TextContent.AsSpan().TrimEnd();
            if (text.Length >= 15 && text[^1] is '.' or '!' or '?' or '…' or ':' or '。' or '！' or '？') sentences++;
        }

        return items >= 2 && sentences * 3 >= items * 2;
    }

    /// <summary>The ids that in-page links inside <paramref name="element"/> point to (<c>href="#ftn.idm3718"</c>).</summary>
    private static HashSet<string> InPageTargets(IElement element)
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in element.GetElementsByTagName("a"))
        {
            if (anchor.GetAttribute("href") is { Length: > 1 } href && href[0] == '#') targets.Add(href[1..]);
        }

        return targets;
    }

    /// <summary>Whether a block is where the text's references lead: two or more of its elements carry ids that
    /// the text links to (footnotes, endnotes). A table of contents is not one (its links lead into the text, not
    /// from it), nor is a header that a single "back to top" link points at.</summary>
    private static bool HoldsReferenceTarget(IElement block, HashSet<string> targets)
    {
        if (targets.Count == 0) return false;
        var hits = block.Id is { Length: > 0 } own && targets.Contains(own) ? 1 : 0;
        foreach (var element in ElementWalk.Descendants(block))
        {
            if (element.Id is { Length: > 0 } id && targets.Contains(id) && ++hits >= 2) return true;
        }

        return false;
    }

    private bool SameBuild(int a, int b) =>
        _elements[a].LocalName == _elements[b].LocalName && _elements[a].GetAttribute("class") is { Length: > 0 } className &&
        _elements[b].GetAttribute("class") == className;

    /// <summary>Same tag and same first class name (the item's own name; the classes after it say its variant).</summary>
    private bool SameFamily(int a, int b) =>
        _elements[a].LocalName == _elements[b].LocalName && FirstClass(_elements[a]) is { Length: > 0 } first &&
        FirstClass(_elements[b]) == first;

    /// <summary>A class attribute of two names or more: an item's name and its variant. Grid wrappers ("row",
    /// "col") carry one name and are no list items.</summary>
    private static bool HasVariantClass(IElement element) =>
        element.GetAttribute("class") is { } className && className.AsSpan().Trim().IndexOfAny(' ', '\t', '\n') > 0;

    private static string FirstClass(IElement element)
    {
        var className = element.GetAttribute("class");
        if (string.IsNullOrWhiteSpace(className)) return "";
        var span = className.AsSpan().Trim();
        var end = span.IndexOfAny(' ', '\t', '\n');
        return (end < 0 ? span : span[..end]).ToString();
    }

    /// <summary>Sibling <paramref name="s"/> has the chosen block's tag and class, a heading, a prose paragraph that
    /// is not in a card, and under 60 % links.</summary>
    private bool IsSiblingSection(int top, int s)
    {
        var b = _elements[s];
        // HTML's own sections without classes (Node.js's API pages, many static site generators): the same build, but
        // held to few links, since nothing else says they belong to one document.
        var bare = _elements[top].LocalName == "section" && b.LocalName == "section" && !_elements[top].HasAttribute("class") &&
                   !b.HasAttribute("class") && LinkDensity(s) < 0.3;
        return (SameBuild(top, s) || bare) && LinkDensity(s) < 0.85 && b.QuerySelector("h2, h3, h4, h5, h6") is not null && ProseOutsideCards(s) >= 1;
    }

    /// <summary>When the text is split over several sibling blocks (page builders put each paragraph group, heading
    /// and list in a widget of its own), the headings, lists, tables and prose between the first and the last included
    /// block belong to it too, unless they are mostly links. Short lines without prose (bylines, captions) do not.</summary>
    private List<IElement> Contiguous(int parent, List<IElement> included)
    {
        var result = new List<IElement>();
        var inside = false;
        var last = included[^1];
        foreach (var node in _elements[parent].ChildNodes)
        {
            if (node is not IElement sibling || !_index.TryGetValue(sibling, out var s)) continue;
            if (sibling == included[0]) inside = true;
            if (inside && (included.Contains(sibling) || (LinkDensity(s) < 0.5 && (HoldsText(sibling, s) || HtmlTags.IsSubheading(sibling.LocalName))))) result.Add(sibling);
            if (sibling == last) break;
        }

        return result;
    }

    /// <summary>True when the block's last link is a "read more" link (WordPress's <c>a.more-link</c> after an
    /// excerpt: "Weiterlesen", "Read more", "Lire la suite") with no text after it: the excerpt of another page.</summary>
    private static bool EndsInReadMore(IElement block)
    {
        var anchors = block.GetElementsByTagName("a");
        if (anchors.Length == 0) return false;
        var last = anchors[^1];
        if (!BoilerplateRules.ReadMoreLink().IsMatch(last.TextContent.Trim())) return false;
        for (INode? node = last; node is not null && node != block; node = node.Parent)
        {
            for (var next = node.NextSibling; next is not null; next = next.NextSibling)
            {
                if (next.TextContent.Any(char.IsLetterOrDigit)) return false;
            }
        }

        return true;
    }

    /// <summary>Adds the other containers built like the chosen one (same tag and class): the question beside the
    /// accepted answer, the other posts of a thread, when they hold real text and few links.</summary>
    private void AddRepeatedContainers(List<IElement> content, int top)
    {
        if (top < 0) return;
        var element = _elements[top];
        var className = element.GetAttribute("class");
        if (string.IsNullOrWhiteSpace(className)) return;
        var added = false;
        for (var i = 1; i < _elements.Count; i++)
        {
            if (i == top || _text[i] < 2 * MinParagraph || LinkDensity(i) >= 0.3) continue;
            var other = _elements[i];
            if (other.LocalName != element.LocalName || other.GetAttribute("class") != className) continue;
            if (content.Any(c => c == other || c.Contains(other) || other.Contains(c))) continue;
            // Another post's excerpt ending in its "Weiterlesen" link (a featured-posts widget under the post whose
            // teasers reuse the theme's "entry-content") is a teaser, not a part of this text.
            if (_text[i] < 600 && EndsInReadMore(other)) continue;
            content.Add(other);
            added = true;
        }

        if (!added) return;
        content.Sort((a, b) => _index[a].CompareTo(_index[b]));
        // A piece of the same build between two pieces of the text, side by side in one parent, belongs to it however
        // short: a one-line section of an overview page ("Anweisung Open" over "Öffnet einen Datenkanal." between the
        // other commands of LibreOffice's help), whose linked heading is half its text.
        for (var k = content.Count - 2; k >= 0; k--)
        {
            var (first, last) = (content[k], content[k + 1]);
            if (first.ParentElement is null || first.ParentElement != last.ParentElement) continue;
            var between = new List<IElement>();
            for (var e = first.NextElementSibling; e is not null && e != last; e = e.NextElementSibling)
            {
                if (e.LocalName == element.LocalName && e.GetAttribute("class") == className && _index.TryGetValue(e, out var j) && _text[j] > 0 &&
                    LinkDensity(j) < 0.5) between.Add(e);
            }

            content.InsertRange(k + 1, between);
        }
    }

    private bool HoldsText(IElement element, int i) =>
        _paragraphs[i] > 0 || element.QuerySelector("h2, h3, h4, h5, h6, ul, ol, table, pre, blockquote") is not null;

    /// <summary>Removes link lists and link-dense blocks (related stories, tag clouds, "read more" lines) left inside
    /// the content.</summary>
    private void PruneLinkBlocks(IElement root)
    {
        var stack = new Stack<IElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (element != root && _index.TryGetValue(element, out var i) && (IsLinkBlock(element, i) || IsMinorTeaserGrid(element, i, root)))
            {
                // Its related-posts heading goes with it: left alone, it would be read as the heading of whatever
                // follows (the text's own next list).
                if (element.PreviousElementSibling is { } heading && HtmlTags.IsSubheading(heading.LocalName) &&
                    BoilerplateRules.IsRelatedHeading(heading.TextContent.Trim())) heading.Remove();
                element.Remove();
                continue;
            }

            ElementWalk.PushChildren(stack, element);
        }
    }

    /// <summary>A grid or column of three or more teaser cards side by side (two thirds of the block's children: a
    /// linked title with an excerpt each), set inside the text, whose other text is at least twice the grid's: other
    /// pages' stories put among the article's paragraphs. Where the cards are most of the text (an overview page of a
    /// manual, each section a linked heading over a line), they are the page.</summary>
    private bool IsMinorTeaserGrid(IElement element, int i, IElement root)
    {
        if (element.LocalName is not ("div" or "section") || element.ChildElementCount < 3 || _text[i] < 100 ||
            !_index.TryGetValue(root, out var r) || _text[r] - _text[i] < 2 * _text[i]) return false;
        var (children, cards) = (0, 0);
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (!_index.TryGetValue(child, out var c) || _text[c] <= 0) continue;
            children++;
            if (_text[c] <= 600 && HoldsLinkedTitle(c)) cards++;
        }

        return cards >= 3 && cards * 3 >= children * 2;
    }

    /// <summary>Whether a heading of the block (its descendants are the measure's indices up to its end) is a title
    /// linked to another page, as teaser cards carry.</summary>
    private bool HoldsLinkedTitle(int block)
    {
        for (var h = block + 1; h < _end[block]; h++)
        {
            if (IsLinkedTitle(h)) return true;
        }

        return false;
    }

    /// <summary>A heading that is a title linked to another page: h2–h6 of 15 characters or more, nine tenths link. A
    /// link within the page (<c>href="#…"</c>) or to a script is no other page: an accordion's question opens its own
    /// panel (WPBakery's <c>vc_tta-panel-title</c>, Bootstrap's collapse headings) and the answer under it is text.</summary>
    private bool IsLinkedTitle(int h) =>
        HtmlTags.IsSubheading(_elements[h].LocalName) && _text[h] >= 15 && LinkDensity(h) >= 0.9 && !OnlyLinksWithinPage(_elements[h]);

    /// <summary>True when the element has links and every one of them stays on the page (a fragment or a script).</summary>
    private static bool OnlyLinksWithinPage(IElement element)
    {
        var any = false;
        foreach (var anchor in element.GetElementsByTagName("a"))
        {
            var href = anchor.GetAttribute("href")?.TrimStart();
            if (string.IsNullOrEmpty(href) || !(href[0] == '#' || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))) return false;
            any = true;
        }

        return any;
    }

    private bool IsLinkBlock(IElement element, int i)
    {
        var tag = element.LocalName;
        if (_text[i] <= 0) return false;
        var density = LinkDensity(i);
        // An inline group of several links ("Back to news | Print | Email") inside running text.
        if (tag is "span" or "font" or "small") return density > 0.5 && _text[i] >= 30 && element.GetElementsByTagName("a").Length >= 2;
        // A list item is judged with its list: one linked item of a list of news items is part of the list's text.
        // A figure that is one link (Ghost's bookmark card: another page's title, description and thumbnail in a
        // figure > a) is a card too.
        if (tag is not ("ul" or "ol" or "dl" or "div" or "section" or "p" or "table" or "header" or "figure")) return false;
        // A picture with a linked caption (Medium's source credits) is a figure of the text.
        if (tag == "figure" && element.QuerySelectorAll("img, picture, video, iframe").Any(m => m.Closest("a") is null)) return false;
        if (_relaxed && tag == "p") return false;
        // An accordion's question: a heading whose link opens its own panel (see IsLinkedTitle), not a link away.
        if (density > 0.5 && tag is "div" or "header" && OnlyLinksWithinPage(element) && element.QuerySelector("h2, h3, h4, h5, h6") is { } question &&
            WeightedLength(question.TextContent) * 10 >= _text[i] * 9) return false;
        // A list of teasers (title links with excerpts: other stories) inside the article's container.
        if (tag is "ul" or "ol" && IsTeaserList(element)) return true;
        // A sub-list of links under an item of a list that says things (a team's update: "In progress:" over its
        // bug links, "Bug 1677080 – Fullscreen PiP window is affected …", in Firefox's Nightly newsletter) is that
        // list's text; a menu's sub-menu hangs under items that are links themselves, and a front page's related
        // links under a story's teaser, which has a heading.
        if (tag is "ul" or "ol" && element.ParentElement is { LocalName: "li", ParentElement: { LocalName: "ul" or "ol" } outer } item && HasProseItem(outer) &&
            item.QuerySelector("h1, h2, h3, h4, h5, h6") is null) return false;
        // A paragraph that is a sentence is text however much of it is linked ("Lesen Sie dazu Abschnitt 9.4.6,
        // „Programmaktivitäten verfolgen“." in a manual, a news sentence whose words are one link); a link under a
        // label ("Related: …", "Lire aussi : …") or a bare title is not.
        if (tag == "p" && density > 0.5 && IsLinkedSentence(element.TextContent)) return false;
        // A quoted post in a blockquote (a tweet: "@a @b @c Wow, you guys are veering into … #Hashtag") is mostly
        // mention and hashtag links around a sentence of its own: the quotation, not a link list.
        if (tag == "p" && density > 0.5 && _text[i] - _links[i] >= 40 && element.Closest("blockquote") is not null) return false;
        // A list whose items say something around their links (release notes, "X fixed [bug]" lists) is text.
        if (density > 0.5)
            return element.QuerySelector("pre") is null && !(tag is "ul" or "ol" && ((density < 0.8 && ItemsHaveProse(element)) || HasProseItem(element))) &&
                   !(tag is "div" or "section" && ProseOutsideCards(i) >= 2);
        // A block of a few short links with a label ("Tags: a, b, c") is furniture even below half links; a short list
        // whose items say something around their links ("@POTUS on Twitter will be archived at @POTUS44") is text.
        return tag is "ul" or "ol" && density > 0.3 && _text[i] < 200 && !ItemsHaveProse(element);
    }

    /// <summary>Four words or more that end as a sentence does (. ! ? : … with closing quotes or brackets after
    /// them), not opened by a label of up to three words and a colon ("READ MORE:", "Lire aussi :", "[Read:").</summary>
    internal static bool IsLinkedSentence(string text)
    {
        var line = text.Trim();
        var end = line.Length - 1;
        while (end >= 0 && line[end] is '"' or '\'' or '”' or '’' or '»' or '“' or '「' or '」') end--;
        if (end < 0 || line[end] is not ('.' or '!' or '?' or ':' or '…' or '。')) return false;
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4) return false;
        if (line[0] is '[' or '(') return false;
        for (var k = 0; k < Math.Min(4, words.Length - 1); k++)
        {
            if (words[k].EndsWith(':') || words[k + 1] == ":") return false;
        }

        return true;
    }

    /// <summary>Prose paragraphs inside element <paramref name="i"/> that are not part of a card or teaser. A block
    /// that holds them and a long table of contents (a documentation front page) is pruned inside, not whole.</summary>
    private int ProseOutsideCards(int i) => _freeProse[i] - (_freeProse[i] > 0 && IsFreeProse(i) ? 1 : 0);

    private bool IsFreeProse(int i) => !_inCard[i] && _elements[i].LocalName == "p" && _text[i] >= ProseParagraph && LinkDensity(i) < 0.3;

    /// <summary>Three or more items, at least two thirds of them teasers (see <see cref="IsTeaserItem"/>).</summary>
    private bool IsTeaserList(IElement list)
    {
        var (items, teasers) = (0, 0);
        foreach (var node in list.ChildNodes)
        {
            if (node is not IElement { LocalName: "li" } item || !_index.TryGetValue(item, out var i)) continue;
            items++;
            if (IsTeaserItem(i)) teasers++;
        }

        return items >= 3 && teasers * 3 >= items * 2;
    }

    /// <summary>Whether an item of the list says a full sentence or more outside its links (a release note's "We've
    /// got the green light for another round of …" above a sub-list of bug links): such a list is judged item by item,
    /// so the link sub-lists go and the prose stays.</summary>
    private bool HasProseItem(IElement list)
    {
        foreach (var node in list.ChildNodes)
        {
            if (node is IElement { LocalName: "li" } item && _index.TryGetValue(item, out var i) && _text[i] - _links[i] >= ProseParagraph) return true;
        }

        return false;
    }

    /// <summary>Whether most items of a list carry 15 or more characters of text outside their links.</summary>
    private bool ItemsHaveProse(IElement list)
    {
        var (items, prose) = (0, 0);
        foreach (var node in list.ChildNodes)
        {
            if (node is not IElement { LocalName: "li" } item || !_index.TryGetValue(item, out var i)) continue;
            items++;
            if (_text[i] - _links[i] >= 15) prose++;
        }

        return items >= 2 && prose * 2 > items;
    }

    /// <summary>Characters of visible text, with ideographic and syllabic scripts weighted ×3 because one of their
    /// characters carries about what a Latin word of three letters does.</summary>
    internal static double WeightedLength(string text)
    {
        // Counted in an integer (exact: the weights are whole numbers), with ASCII, by far the commonest, decided by
        // one comparison: no ASCII character above the space is white space.
        long n = 0;
        var span = text.AsSpan();
        var i = 0;
        // Sixteen characters at a time while they are all ASCII: those above the space count one each. The first
        // block holding anything else hands over to the character loop, which takes the rest.
        if (Vector256.IsHardwareAccelerated)
        {
            var space = Vector256.Create((ushort)' ');
            var ascii = Vector256.Create((ushort)0x7f);
            var units = MemoryMarshal.Cast<char, ushort>(span);
            for (; i + Vector256<ushort>.Count <= units.Length; i += Vector256<ushort>.Count)
            {
                var block = Vector256.Create(units.Slice(i, Vector256<ushort>.Count));
                if (Vector256.GreaterThanAny(block, ascii)) break;
                n += Vector256<ushort>.Count - BitOperations.PopCount(Vector256.LessThanOrEqual(block, space).ExtractMostSignificantBits());
            }
        }

        foreach (var c in span[i..])
        {
            if (c < '\u0080')
            {
                if (c > ' ') n++;
                continue;
            }

            if (char.IsWhiteSpace(c)) continue;
            n += c >= '\u2e80' && c <= '\ud7af' ? 3 : 1;
        }

        return n;
    }

    /// <summary>Commas (and the comma-like marks of CJK and Arabic text) in <paramref name="text"/>; a vectorised
    /// search from one to the next, since they are sparse.</summary>
    internal static int CountCommas(string text)
    {
        var n = 0;
        var span = text.AsSpan();
        for (var at = span.IndexOfAny(CommaMarks); at >= 0; at = span.IndexOfAny(CommaMarks))
        {
            n++;
            span = span[(at + 1)..];
        }

        return n;
    }

    /// <summary>The commas of <paramref name="text"/> that separate clauses: followed by white space and a letter or
    /// digit. A data block written as text (a JSON page-info object in a hidden div: <c>"assetid": "2162867",</c>,
    /// <c>"keywords":"Michigan,Los Angeles,…"</c>) has commas by the dozen but none of them before a spaced word.</summary>
    internal static int CountClauseCommas(string text)
    {
        var n = 0;
        var span = text.AsSpan();
        for (var at = span.IndexOfAny(CommaMarks); at >= 0; at = span.IndexOfAny(CommaMarks))
        {
            var mark = span[at];
            span = span[(at + 1)..];
            var next = span.TrimStart();
            // A Latin comma is followed by a space in prose ("Michigan,Los Angeles,…" is a keyword list); the CJK and
            // Arabic marks are not.
            if (next.Length > 0 && char.IsLetterOrDigit(next[0]) && (mark != ',' || next.Length < span.Length)) n++;
        }

        return n;
    }

    private static readonly System.Buffers.SearchValues<char> CommaMarks = System.Buffers.SearchValues.Create(",，、،。；");
}
