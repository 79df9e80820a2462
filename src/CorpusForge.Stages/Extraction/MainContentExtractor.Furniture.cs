using AngleSharp.Dom;

namespace CorpusForge.Stages.Extraction;

// The furniture test (IsFurniture) and what it weighs: class and id words against the prose an element holds, comment
// threads, tabs and sections.
internal sealed partial class MainContentExtractor
{
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
        if (ElementWalk.FirstDescendant(element, HtmlTags.IsSubheading) is not { } heading || element.QuerySelector("a[href], nav, form, img, ul, ol, p") is not null) return false;
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
            ElementWalk.FirstDescendant(element, HtmlTags.IsSubheading) is { } heading && WeightedLength(heading.TextContent) >= _text[i]) return true;
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
}
