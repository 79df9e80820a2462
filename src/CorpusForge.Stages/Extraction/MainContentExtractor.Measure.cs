using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

// The measure of every element (text, links, prose paragraphs, commas, cards) and the scores taken from it; the text
// measures they use.
internal sealed partial class MainContentExtractor
{
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
            // Every element of a parsed page is an Element: a class test is cheaper than asking for the interface.
            if (node is Element concrete)
            {
                IElement element = concrete;
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
