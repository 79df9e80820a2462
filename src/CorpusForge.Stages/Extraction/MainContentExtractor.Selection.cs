using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

// Picking the content container from the scores, gathering its sibling blocks and repeated containers, and pruning the
// link blocks left inside it.
internal sealed partial class MainContentExtractor
{
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
        return (SameBuild(top, s) || bare) && LinkDensity(s) < 0.85 && ElementWalk.FirstDescendant(b, HtmlTags.IsSubheading) is not null && ProseOutsideCards(s) >= 1;
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
        if (density > 0.5 && tag is "div" or "header" && OnlyLinksWithinPage(element) && ElementWalk.FirstDescendant(element, HtmlTags.IsSubheading) is { } question &&
            WeightedLength(question.TextContent) * 10 >= _text[i] * 9) return false;
        // A list of teasers (title links with excerpts: other stories) inside the article's container.
        if (tag is "ul" or "ol" && IsTeaserList(element)) return true;
        // A sub-list of links under an item of a list that says things (a team's update: "In progress:" over its
        // bug links, "Bug 1677080 – Fullscreen PiP window is affected …", in Firefox's Nightly newsletter) is that
        // list's text; a menu's sub-menu hangs under items that are links themselves, and a front page's related
        // links under a story's teaser, which has a heading.
        if (tag is "ul" or "ol" && element.ParentElement is { LocalName: "li", ParentElement: { LocalName: "ul" or "ol" } outer } item && HasProseItem(outer) &&
            ElementWalk.FirstDescendant(item, HtmlTags.IsHeading) is null) return false;
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
}
