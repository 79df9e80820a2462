using AngleSharp.Dom;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Extraction;

// Removals before scoring (see RemoveFurniture): the walk that takes out furniture, datelines, entry forms, author
// boxes and photo captions.
internal sealed partial class MainContentExtractor
{
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
                    ElementWalk.FirstDescendant(e, HtmlTags.IsHeading) is not null) break;
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
}
