using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CorpusForge.Stages.Extraction;

/// <summary>Finds the main text of a parsed page: removes furniture, scores paragraph-like blocks, picks the
/// container that gathers the most content and prunes what is left of link lists inside it.</summary>
/// <remarks>
/// The ideas are the published ones (Readability's paragraph scores propagated to ancestors and damped by link
/// density, its rule that several strong candidates under one ancestor mean the ancestor is the article, class/id
/// hints; boilerpipe's and jusText's link density and length features), with a different balance: furniture is removed
/// by rules before scoring, semantic containers (article, main, itemprop=articleBody) get a strong prior, and inside
/// the chosen container link-dense blocks are removed rather than kept, favouring precision.
/// The steps live in files of their own: <c>MainContentExtractor.Removals.cs</c> (the walk that removes furniture,
/// datelines, author boxes and captions), <c>.Furniture.cs</c> (what counts as furniture), <c>.Measure.cs</c> (the
/// measure and scores of every element) and <c>.Selection.cs</c> (picking the container and pruning inside it).
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
}
