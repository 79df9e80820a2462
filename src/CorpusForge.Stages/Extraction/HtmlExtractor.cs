using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Extraction;

/// <summary>Options of <see cref="HtmlExtractor"/>.</summary>
public sealed class HtmlExtractorOptions : IValidatableOptions
{
    /// <summary>Output format.</summary>
    [Description("output format: plain (default) or markdown")]
    public ExtractFormat Format { get; set; } = ExtractFormat.Plain;

    /// <summary>Start the text with the page headline. Off by default: the headline is kept as the <c>title</c>
    /// metadata and left out of the body (also when it sits inside the content container), as trafilatura and FineWeb
    /// do, so training text is not prefixed with a line that duplicates the metadata.</summary>
    [Description("start the text with the page's headline; off by default (the headline is the 'title' metadata, not body text)")]
    public bool IncludeTitle { get; set; }

    /// <summary>Keep photo captions (<c>figcaption</c>, caption-named blocks) as text. Off by default: a caption
    /// describes a picture the text does not carry, and article-extraction references count the article's body
    /// without them (Zyte's article schema: <c>articleBody</c> is the text with its sub-headings, while
    /// <c>articleBodyHtml</c> adds image captions and embeds; trafilatura leaves figures out). Captions that hold the
    /// text's prose paragraphs (a slide-by-slide article) are kept either way.</summary>
    [Description("keep photo captions as text; off by default (captions describe pictures; a slide-by-slide article's caption paragraphs are kept either way)")]
    public bool IncludeCaptions { get; set; }

    /// <summary>Deepest element nesting accepted; deeper pages are dropped as html_too_deep before parsing.</summary>
    [Description("deepest element nesting accepted (pages nested deeper are dropped as html_too_deep)")]
    public int MaxDepth { get; set; } = 512;

    /// <summary>Most elements accepted; larger pages are dropped as html_too_many_elements before parsing.</summary>
    [Description("most elements accepted (larger pages are dropped as html_too_many_elements)")]
    public int MaxElements { get; set; } = 250_000;

    /// <summary>Largest page accepted, in millions of characters.</summary>
    [Description("largest page accepted in MB of characters (larger pages are dropped as html_too_large)")]
    public int MaxHtmlMb { get; set; } = 8;

    /// <summary>Most time spent on one page; a page that takes longer is dropped as html_too_slow.</summary>
    /// <remarks>A safety net behind the deterministic limits (size, elements, depth), which bound the work first;
    /// being a clock, it can only fire on pathological pages, where a drop is the outcome anyway.</remarks>
    [Description("most milliseconds spent on one page (a safety net behind max_elements and max_depth); slower pages are dropped as html_too_slow")]
    public int MaxMsPerPage { get; set; } = 30_000;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxMsPerPage < 100) yield return "max_ms_per_page must be at least 100";
        if (MaxDepth < 8) yield return "max_depth must be at least 8";
        if (MaxElements < 16) yield return "max_elements must be at least 16";
        if (MaxHtmlMb < 1) yield return "max_html_mb must be at least 1";
    }
}

/// <summary>Extracts the main text of HTML documents (article, post, thread, product description) without the page's
/// navigation, banners, comments, share widgets, ads and link lists; other documents pass unchanged.</summary>
/// <remarks>
/// A document is HTML when its <c>content_type</c> metadata says so (<c>reader.warc_v1</c>, <c>reader.html_v1</c>), or,
/// without that metadata, when its text starts like markup. The page is parsed by AngleSharp with scripting off and no
/// resource loader, so nothing runs and nothing is fetched. Metadata gains <c>title</c>, <c>lang</c>,
/// <c>canonical_url</c> and <c>published_date</c> when the page has them (and <c>text_from: json_ld_article_body</c>
/// when the HTML held next to no text and the page's JSON-LD states the article), and <c>content_type</c> becomes
/// <c>text/plain</c> or <c>text/markdown</c> (the original is kept as <c>source_content_type</c>). Attribute
/// <c>extract.text_ratio</c> is the extracted share of the page's characters. Drops: <c>html_too_large</c>,
/// <c>html_too_deep</c>, <c>html_too_many_elements</c>, <c>html_too_slow</c>, <c>no_main_content</c> (also when only a
/// headline is left).
/// </remarks>
[Component("extract.html_v1", "main-content extraction from HTML (drops navigation, banners, comments, ads); plain text or Markdown")]
public sealed partial class HtmlExtractor : IDocumentStage
{
    internal static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = false,
        IsKeepingSourceReferences = false,
        // Element source positions (line and column) are never read: not tracking them saves work per element.
        DisableElementPositionTracking = true,
        // Only the attributes the extraction reads are built into the tree: a modern page's data-*, srcset, sizes,
        // on* and tracking attributes are most of its markup, and each kept one costs an attribute object.
        ShouldEmitAttribute = KeepAttribute,
    };

    /// <summary>Every attribute the extraction code reads (by name, in <c>GetAttribute</c>, <c>HasAttribute</c> or a
    /// selector); the parser drops the rest. A test checks the extraction sources against this list, so a new rule
    /// that reads another attribute fails until it is added here.</summary>
    internal static readonly HashSet<string> ReadAttributes = new(StringComparer.Ordinal)
    {
        "class", "id", "style", "role", "hidden", "aria-hidden", "open", "href", "rel", "name", "content", "property", "itemprop",
        "http-equiv", "lang", "xml:lang", "type", "title", "alt", "alttext", "datetime", "pubdate", "encoding",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadAttributeNames = ReadAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    // The tokenizer hands attribute names over lower-cased, as the HTML standard's tokenizer does.
    private static bool KeepAttribute(ref AngleSharp.Html.Parser.Tokens.Struct.StructHtmlToken token, ReadOnlyMemory<char> name) =>
        ReadAttributeNames.Contains(name.Span);

    [ThreadStatic]
    private static HtmlParser? _parser;

    // One per thread, reused page after page: its element lists and index keep their capacity (a new one per page
    // grew them from empty every time). It lets go of the page's elements when the page is done.
    [ThreadStatic]
    private static MainContentExtractor? _finder;

    private readonly HtmlExtractorOptions _options;

    /// <summary>Creates the stage.</summary>
    public HtmlExtractor(HtmlExtractorOptions options)
    {
        _options = options;
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        if (!IsHtml(document)) return StageResult.Keep;
        var result = Extract(document.Text, out var reason, out var detail);
        if (result is null) return StageResult.Drop(reason!, detail);
        if (result.Text.Length == 0) return StageResult.Drop("no_main_content", "no block of the page looks like main text");

        var output = document.WithText(result.Text);
        if (document.Metadata.TryGetValue("content_type", out var original) && original is not null)
            output.Metadata["source_content_type"] = original;
        output.Metadata["content_type"] = _options.Format == ExtractFormat.Markdown ? "text/markdown" : "text/plain";
        var meta = result.Metadata;
        if (meta.Title is not null) output.Metadata["title"] = meta.Title;
        if (meta.Language is not null) output.Metadata["lang"] = meta.Language;
        if (meta.CanonicalUrl is not null) output.Metadata["canonical_url"] = meta.CanonicalUrl;
        if (meta.PublishedDate is not null) output.Metadata["published_date"] = meta.PublishedDate;
        if (result.FromJsonLd) output.Metadata["text_from"] = "json_ld_article_body";
        output.Attributes["extract.text_ratio"] = Math.Round((double)result.Text.Length / Math.Max(1, document.Text.Length), 4);
        return StageResult.Replace(output);
    }

    /// <summary>The main text and metadata of a page; null with a reason key and detail when the page is refused.</summary>
    public ExtractionResult? Extract(string html, out string? reason, out string? detail)
    {
        reason = detail = null;
        if (html.Length > _options.MaxHtmlMb * 1048576L)
        {
            (reason, detail) = ("html_too_large", $"{html.Length} characters exceed max_html_mb {_options.MaxHtmlMb}");
            return null;
        }

        var scan = HtmlPrescan.Scan(html, _options.MaxDepth, _options.MaxElements);
        if (scan.MaxDepth > _options.MaxDepth)
        {
            (reason, detail) = ("html_too_deep", $"elements nested more than {_options.MaxDepth} deep");
            return null;
        }

        if (scan.Elements > _options.MaxElements)
        {
            (reason, detail) = ("html_too_many_elements", $"more than {_options.MaxElements} elements");
            return null;
        }

        _parser ??= new HtmlParser(ParserOptions);
        var clock = Stopwatch.StartNew();
        var result = ExtractParsed(scan, relaxed: false, clock, out reason, out detail, out var body);
        // A body lost to furniture removal (a theme class naming the article's wrapper "sidebar" or "overlay"):
        // try again removing only structural furniture, and keep whichever found more text.
        if (result is not null && body < RecoverBelow)
        {
            var retry = ExtractParsed(scan, relaxed: true, clock, out var retryReason, out var retryDetail, out var retryBody);
            if (retry is null) (result, reason, detail) = (null, retryReason, retryDetail);
            else if (retryBody > body) (result, body) = (retry, retryBody);
        }

        // A page built by script may serve its text to readers without script inside <noscript> (Flarum's discussions:
        // every post in noscript#flarum-content, beside an empty app root; The Wall Street Journal's 2013 blog posts):
        // read those contents as the page's, when they hold a text and not only a notice ("Please enable JavaScript
        // for the search to work" on a documentation search page).
        if (result is not null && body < RecoverBelow && html.Contains("<noscript", StringComparison.OrdinalIgnoreCase))
        {
            var unwrapped = HtmlPrescan.Scan(html, _options.MaxDepth, _options.MaxElements, unwrapNoscript: true);
            if (unwrapped.MaxDepth <= _options.MaxDepth && unwrapped.Elements <= _options.MaxElements &&
                ExtractParsed(unwrapped, relaxed: false, clock, out _, out _, out var fallbackBody) is { } fallback && fallbackBody >= RecoverBelow && fallbackBody > body)
                (result, body) = (fallback, fallbackBody);
        }

        // A page rendered by script has next to no text in its HTML; its JSON-LD may still state the article.
        if (result is not null && body < RecoverBelow && JsonLdArticle.Body(scan.JsonLd, InlineCode) is { Count: > 0 } stated)
        {
            var statedBody = stated.Sum(b => b.Kind == BlockKind.Heading ? 0 : MainContentExtractor.WeightedLength(b.Text));
            if (statedBody >= RecoverBelow && statedBody > body)
                (result, body) = (new ExtractionResult(TextRenderer.Format(stated, _options.Format), result.Metadata) { FromJsonLd = true }, statedBody);
        }

        if (result is not null && body == 0)
        {
            (reason, detail) = ("no_main_content", "no body text was found (a headline alone is not a document)");
            return null;
        }

        return result;
    }

    /// <summary>Below this many weighted characters of body text (headings aside) a page's extraction is retried in
    /// recovery mode.</summary>
    private const int RecoverBelow = 150;

    private ExtractionResult? ExtractParsed(PrescanResult scan, bool relaxed, Stopwatch clock, out string? reason, out string? detail, out double body)
    {
        (reason, detail, body) = (null, null, 0);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(1, _options.MaxMsPerPage - clock.ElapsedMilliseconds)));
        IHtmlDocument document;
        try
        {
            // The asynchronous parse checks the token between tokens; over a string it completes synchronously.
            document = _parser!.ParseDocumentAsync(scan.Html, cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            (reason, detail) = ("html_too_slow", $"parsing took over max_ms_per_page ({_options.MaxMsPerPage} ms)");
            return null;
        }

        using (document)
        {
            var metadata = PageMetadata.From(document, scan.JsonLd);
            var finder = _finder ??= new MainContentExtractor();
            // The finder is shared by the thread's extractors; each brings its own options.
            finder.DropCaptions = !_options.IncludeCaptions;
            List<TextBlock> blocks;
            string? headline;
            try
            {
                var content = finder.Find(document, relaxed);
                headline = FindHeadline(document, metadata.Title, Collapse(document.Title));
                blocks = Clean(new TextRenderer { InlineCode = InlineCode }.Render(content));
                if (headline is null && OnlyH1(document, metadata.Title, Collapse(document.Title)) is { } single && blocks.Count > 0 &&
                    blocks[0].Kind == BlockKind.Heading && blocks[0].Text == single) headline = single;
            }
            finally
            {
                finder.Release();
            }

            if (clock.ElapsedMilliseconds > _options.MaxMsPerPage)
            {
                (reason, detail) = ("html_too_slow", $"extraction took over max_ms_per_page ({_options.MaxMsPerPage} ms)");
                return null;
            }

            var at = headline is null ? -1 : blocks.FindIndex(b => b.Kind == BlockKind.Heading && b.Text == headline);
            // A headline set as a styled line or a lower heading (span.headline or bold <font> in an old table layout,
            // Blogger's h3.post-title): a line among the first three that is the title, or its longest segment, word
            // for word. The line above it is left alone: a page that repeats its title has no kicker to shed.
            var titleLine = at < 0 ? TitleLine(blocks, metadata.Title, Collapse(document.Title)) : -1;
            if (titleLine >= 0) (at, headline) = (titleLine, blocks[titleLine].Text);
            // A kicker over the headline ("POLITICS", "ARRIVING NOW", "Broken Pledge"): the section or series label,
            // not text of the article.
            while (titleLine < 0 && at is 1 or 2 && IsKicker(blocks[0].Text))
            {
                blocks.RemoveAt(0);
                at--;
            }

            if (_options.IncludeTitle && headline is not null && (at < 0 || blocks[at].Text != headline))
                blocks.Insert(0, new TextBlock(BlockKind.Heading, headline, 1));
            // Without include_title the headline is metadata only, as in trafilatura's and FineWeb's output. Only a
            // heading above the text is the headline: after two paragraphs of prose it heads a section (one long
            // line before the headline is often the lead photo's caption).
            if (!_options.IncludeTitle && at >= 0 && at <= 2 && blocks.Take(at).Count(b => b.Kind == BlockKind.Paragraph && b.Text.Length >= 100) < 2) blocks.RemoveAt(at);

            foreach (var block in blocks)
            {
                if (block.Kind != BlockKind.Heading) body += MainContentExtractor.WeightedLength(block.Text);
            }

            return new ExtractionResult(TextRenderer.Format(blocks, _options.Format), metadata);
        }
    }

    /// <summary>The teasers under a related-posts heading: one list (the items of the next list, or a line after it,
    /// are the text again: a "More from …" box set between a post's paragraphs, before its own lists and short lines),
    /// or without a list up to <see cref="MaxLines"/> short lines and teaser headings, up to a heading above the
    /// related heading's own level (teaser titles often share its level).</summary>
    /// <param name="headingLevel">The related heading's level; 0 when it is a label line, not a heading.</param>
    private sealed class RelatedBlock(int headingLevel)
    {
        /// <summary>The most teaser lines (titles, excerpts, sources) a related-posts heading without a list takes.</summary>
        private const int MaxLines = 12;

        private int _list;
        private int _listLevel;
        private int _lines;

        /// <summary>Whether <paramref name="block"/> is one of the block's teasers (dropped); false ends the block.</summary>
        public bool Takes(TextBlock block, string line, List<TextBlock> blocks)
        {
            if (block.Kind == BlockKind.ListItem && _list == 0 && _lines == 0) (_list, _listLevel) = (block.List, block.Level);
            if (_list != 0) return block.Kind == BlockKind.ListItem && (block.List == _list || block.Level > _listLevel);
            if (++_lines > MaxLines || line.Length >= 120) return false;
            return block.Kind switch
            {
                BlockKind.ListItem => false,
                BlockKind.Heading => !IsSectionHeading(blocks, block) && (headingLevel == 0 || block.Level >= headingLevel),
                _ => true,
            };
        }
    }

    /// <summary>Drops widget labels, a block that repeats the one just before it (responsive duplicates of a
    /// teaser or caption) and headings left without a section. Repetition further apart is kept: recipes, day-by-day
    /// plans and refrains repeat lines legitimately.</summary>
    private static List<TextBlock> Clean(List<TextBlock> blocks)
    {
        var kept = new List<TextBlock>(blocks.Count);
        RelatedBlock? related = null;
        var schedule = ScheduleItems(blocks);
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var line = block.Text.Trim();
            // A related-posts heading starts a block of teasers: one list, or a few short lines and teaser headings,
            // up to the next prose. It ends with its list: the items of the next list, or a line after it, are the
            // text again (a "More from …" box set between a post's paragraphs, before its own lists and short lines).
            if (block.Kind != BlockKind.Code && BoilerplateRules.IsRelatedHeading(line))
            {
                related = new RelatedBlock(block.Kind == BlockKind.Heading ? block.Level : 0);
                continue;
            }

            if (related is not null)
            {
                if (related.Takes(block, line, blocks)) continue;
                related = null;
            }

            // A byline set in a <pre> of its own (Dow Jones Newswires: "   By Kristin Jones" over the story) is no code.
            if (block.Kind == BlockKind.Code && line.Length < 80 && !line.Contains('\n') && BoilerplateRules.BylineLine().IsMatch(line)) continue;
            // A forum reply's subject line ("Re: …", "AW: …", "Odp: …") repeats the thread's title.
            if (block.Kind == BlockKind.Heading && BoilerplateRules.ReplySubject().IsMatch(line)) continue;
            // A date in a table row or in a list of dates (a schedule: collection days, fixtures, opening dates) is
            // the text's data, not a dateline.
            var dated = block.Kind is not (BlockKind.TableRow or BlockKind.TableHeader) && !schedule[b];
            if (block.Kind != BlockKind.Code &&
                ((line.Length < 80 &&
                  (BoilerplateRules.BoilerplateLine().IsMatch(line) || BoilerplateRules.InterfaceLine().IsMatch(line) || (dated && BoilerplateRules.DateLine().IsMatch(line) && !BesideEventData(blocks, b)) ||
                   BoilerplateRules.BylineLine().IsMatch(line) || BoilerplateRules.HandleLine().IsMatch(line) || (dated && IsLabelledDate(line) && !BesideEventData(blocks, b)) ||
                   (block.Kind == BlockKind.Heading && BoilerplateRules.VideoTitle().IsMatch(line)))) ||
                 // Its own length limits: the publication and update notes run longer than the lines above. A table row of
                 // one cell is a line too (an old layout's copyright box: table > tr > td > font).
                 ((block.Kind is BlockKind.Paragraph or BlockKind.ListItem || (block.Kind == BlockKind.TableRow && block.Level == 1)) && IsWidgetResidue(line)))) continue;
            // A newsletter offer, a call to comment or react, a footer's legal link row: addressed to the reader, not
            // the article.
            var prose = block.Kind is BlockKind.Paragraph or BlockKind.ListItem;
            if ((prose || block.Kind == BlockKind.Heading) &&
                ((line.Length < 200 && (BoilerplateRules.NewsletterPromo().IsMatch(line) || BoilerplateRules.SubscriptionOffer().IsMatch(line) || BoilerplateRules.IsPaywallPrompt(line))) ||
                 (line.Length < 120 && (BoilerplateRules.EngagementPrompt().IsMatch(line) || BoilerplateRules.FeedbackPrompt().IsMatch(line))) || (line.Length < 240 && BoilerplateRules.LoginPrompt().IsMatch(line)) ||
                 (line.Length < 500 && (BoilerplateRules.SiteNotice().IsMatch(line) || BoilerplateRules.IsCookieNotice(line))))) continue;
            if (prose && (BoilerplateRules.IsFooterLinkRow(line) || BoilerplateRules.IsLanguageSwitcher(line))) continue;
            if (prose && line.Length < 300 && line.StartsWith("Follow ", StringComparison.OrdinalIgnoreCase) && BoilerplateRules.FollowSignOff().IsMatch(line)) continue;
            if ((prose || block.Kind == BlockKind.Heading) && line.Length < 120 && BoilerplateRules.MediaPromoLine().IsMatch(line)) continue;
            // A press release's contact block: its label and up to six short lines under it that are no sentences (a
            // name, a company, an address, a number).
            if (prose && line.Length < 40 && BoilerplateRules.ContactBlockLabel().IsMatch(line))
            {
                for (var label = b; b + 1 < blocks.Count && b - label < 6 && IsContactDetail(blocks[b + 1]);) b++;
                continue;
            }

            // How to reach the reporter or the editor, with an address: the publisher's note, not the story.
            if (prose && line.Length < 200 && line.Contains('@') && BoilerplateRules.ContactLine().IsMatch(line) && BoilerplateRules.EmailAddress().IsMatch(line)) continue;
            if (block.Kind is not (BlockKind.Code or BlockKind.TableRow or BlockKind.TableHeader) && kept.Count > 0 &&
                block.Text.Length < 100 && kept[^1].Text == block.Text) continue;
            // A caption is kept as text, the photo credit at its end is not; a credit line alone goes.
            if (block.Kind == BlockKind.Paragraph && line.Length < 600 && WithoutCredit(line) is { } caption)
            {
                if (caption.Length > 0) kept.Add(block with { Text = caption });
                continue;
            }

            kept.Add(block);
        }

        // End matter: an "About the author" box, a comment prompt or an advertising label among the last blocks, with
        // under 800 characters after it, ends the text there (an author's biography, the form's small print).
        for (var i = Math.Max(1, kept.Count - 4); i < kept.Count; i++)
        {
            if (kept[i].Text.Length >= 80 || !BoilerplateRules.EndMatterHeading().IsMatch(kept[i].Text.Trim())) continue;
            var after = 0;
            for (var j = i + 1; j < kept.Count; j++) after += kept[j].Text.Length;
            if (after >= 800) continue;
            kept.RemoveRange(i, kept.Count - i);
            break;
        }

        // An author's tagline closing a column ("Margaret Ellery is a retired teacher and a columnist for the Ledger.
        // Reach her at …"): the publisher's note about the writer, not the column. Only the last two lines.
        for (var i = kept.Count - 1; i >= Math.Max(1, kept.Count - 2); i--)
        {
            if (kept[i].Kind == BlockKind.Paragraph && kept[i].Text.Length < 400 && BoilerplateRules.AuthorTagline().IsMatch(kept[i].Text.Trim()))
                kept.RemoveAt(i);
        }

        // The page's own citation instructions in the second half of the text ("Please use one of the following
        // formats to cite this article in your essay, paper or report:", "Cite this article", "Pour citer cet
        // article") open what follows the text: this page's reference in MLA and APA, then readers' comments. The
        // text ends there when under 3,000 characters follow.
        var total = kept.Sum(b => b.Text.Length);
        var before = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var line = kept[i].Text;
            if (before * 2 >= total && line.Length < 200 && total - before - line.Length < 3000 && BoilerplateRules.CitationPrompt().IsMatch(line.Trim()))
            {
                kept.RemoveRange(i, kept.Count - i);
                break;
            }

            before += line.Length;
        }

        // A text does not end on a lead-in: a short last line ending in a colon ("Read more:", "Polub Money.pl na
        // Facebooku:") introduced links or buttons that were removed.
        while (kept.Count > 1 && kept[^1].Kind is BlockKind.Paragraph or BlockKind.Heading && kept[^1].Text.Length < 80 &&
               kept[^1].Text.TrimEnd().EndsWith(':'))
            kept.RemoveAt(kept.Count - 1);

        for (var i = kept.Count - 1; i >= 0; i--)
        {
            if (kept[i].Kind != BlockKind.Heading) continue;
            var next = i + 1 < kept.Count ? kept[i + 1] : (TextBlock?)null;
            if ((next is null || (next.Value.Kind == BlockKind.Heading && next.Value.Level <= kept[i].Level)) && !IsSentence(kept[i].Text)) kept.RemoveAt(i);
        }

        return kept;
    }

    /// <summary>Inline code is marked (with backticks) in Markdown output only.</summary>
    private bool InlineCode => _options.Format == ExtractFormat.Markdown;

    /// <summary>A paragraph ending in a photo credit: the text before the credit (empty when the line is only a
    /// credit); null when the line holds no credit. Credits after a caption's sentence ("… on Sunday. Photograph:
    /// Stephanie Keith/Reuters", "… (Dustin Franz/AFP/Getty Images)", NYT's glued "…underground.CreditChang W. Lee/…")
    /// and credit lines of their own ("Thomas Jackson/Digital Vision/Getty Images", "Photo CreditKevin Frayer/…").</summary>
    private static string? WithoutCredit(string line)
    {
        if (line.Contains(':') && BoilerplateRules.TrailingCredit().Match(line) is { Success: true } labelled) return labelled.Groups[1].Value;
        if (line.Length < 80 && BoilerplateRules.AgencyCreditLine().IsMatch(line)) return "";
        if (line.EndsWith(')') && BoilerplateRules.BracketedCredit().Match(line) is { Success: true } bracketed) return bracketed.Groups[1].Value;
        if (line.Contains("Credit", StringComparison.Ordinal) && BoilerplateRules.GluedCredit().Match(line) is { Success: true } glued) return glued.Groups[1].Value.TrimEnd();
        return null;
    }

    /// <summary>List items in a run of three or more consecutive items that each hold a date: a schedule (collection
    /// days, fixtures, course dates). A byline's date stands alone or beside an author line. Also a timeline's headings:
    /// three or more short headings that hold a date, each over the text of its own (an explainer told date by date,
    /// "Jan. 14, 2020" over what happened that day).</summary>
    private static bool[] ScheduleItems(List<TextBlock> blocks)
    {
        var marks = new bool[blocks.Count];
        var start = 0;
        for (var i = 0; i <= blocks.Count; i++)
        {
            if (i < blocks.Count && blocks[i].Kind == BlockKind.ListItem && blocks[i].Text.Length < 200 && BoilerplateRules.DateIn().IsMatch(blocks[i].Text)) continue;
            if (i - start >= 3)
                for (var k = start; k < i; k++) marks[k] = true;
            start = i + 1;
        }

        List<int>? dated = null;
        for (var i = 0; i + 1 < blocks.Count; i++)
        {
            if (blocks[i].Kind == BlockKind.Heading && blocks[i].Text.Length < 60 && blocks[i + 1].Kind is BlockKind.Paragraph or BlockKind.ListItem &&
                BoilerplateRules.DateIn().IsMatch(blocks[i].Text)) (dated ??= []).Add(i);
        }

        if (dated is { Count: >= 3 })
            foreach (var i in dated) marks[i] = true;
        return marks;
    }

    /// <summary>A line of a contact block: a short paragraph that is no sentence (a name, a company, an address, a
    /// number).</summary>
    private static bool IsContactDetail(TextBlock block) =>
        block.Kind == BlockKind.Paragraph && block.Text.Trim() is { Length: > 0 and < 80 } line && line[^1] is not ('.' or '!' or '?');

    /// <summary>The line before or after is an event's place, price or time, labelled ("Ort: Marktplatz", "Eintritt:
    /// frei", "Where: Town Hall"): a labelled date beside it is the event's date, the text's data, not a dateline.</summary>
    private static bool BesideEventData(List<TextBlock> blocks, int b) =>
        (b > 0 && BoilerplateRules.EventDataLine().IsMatch(blocks[b - 1].Text)) ||
        (b + 1 < blocks.Count && BoilerplateRules.EventDataLine().IsMatch(blocks[b + 1].Text));

    /// <summary>A label line: at most five words and 40 characters, not closed as a sentence.</summary>
    internal static bool IsKicker(string line)
    {
        var text = line.Trim();
        if (text.Length is 0 or > 40 || text[^1] is '.' or '!' or '?' or ':' or '"' or '”') return false;
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= 5;
    }

    /// <summary>A heading that is a sentence of the text (a list article's item told in its heading: "2. The drawing
    /// recently resurfaced – and it didn't go down too well with the singer. …"): long, and closed by sentence
    /// punctuation. A section or teaser title is short and unpunctuated, so it still needs text under it.</summary>
    internal static bool IsSentence(string heading)
    {
        var line = heading.TrimEnd();
        return line.Length >= 80 && line[^1] is '.' or '!' or '?' or '…' or '"' or '”' or '»' or '」' or '。';
    }

    /// <summary>A date with a short label and no sentence around it ("Publié le 29/10/2012", "Updated Aug. 13, 2010
    /// 3:45 PM ET"): at most four words of three letters or more besides the date, and no sentence punctuation.</summary>
    internal static bool IsLabelledDate(string line)
    {
        // Two labelled dates in one row ("Updated: March 4, 2019 10:42 a.m. | Published: March 3, 2019"): each part
        // is one. Otherwise the row is judged whole ("By | Posted 2013-05-15 Email Print").
        if (line.IndexOfAny(DateRowSeparators) >= 0 &&
            line.Split(DateRowSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: >= 2 } parts &&
            parts.All(IsLabelledDate)) return true;

        // A tweet's attribution ("— Jane Doe (@jane) August 22, 2013") quotes a source: it stays with the quote.
        if (line.Length >= 70 || line.IndexOfAny(['@', '(', '—', '–']) >= 0) return false;
        // A correction's heading ("Correction: September 19, 2016" over The New York Times' note) opens the note.
        if (line.StartsWith("Correction", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Clarification", StringComparison.OrdinalIgnoreCase)) return false;
        var date = BoilerplateRules.DateIn().Match(line);
        if (!date.Success) return false;
        // The time beside the date ("10:42 a.m.") is no sentence punctuation.
        var rest = BoilerplateRules.ClockTime().Replace(line.Remove(date.Index, date.Length), " ");
        if (rest.IndexOfAny(['.', '!', '?', ';']) >= 0 && !rest.TrimEnd().EndsWith("ET", StringComparison.Ordinal)) return false;
        // Label words of three letters or more ("Mis à jour le … à 14h03": Mis, jour); short particles do not count.
        var (words, tokens) = (0, 0);
        foreach (var word in rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            tokens++;
            if (word.Count(char.IsLetter) >= 3) words++;
        }

        return words <= 4 && tokens <= 8;
    }

    private static readonly char[] DateRowSeparators = ['|', '·', '•'];

    /// <summary>What a widget leaves in a text line: no letter or digit at all ("- -", "___", "***"), a copyright
    /// notice (up to 200 characters when a rights clause follows, as in the AP's "Copyright 2013 The Associated Press.
    /// All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", or a
    /// notice that opens with the clause: "Not to be reproduced without permission of Medical News Today"), a photo
    /// credit, a video's running time, a note on the print issue or on an update of the piece, a forum's edit note or
    /// thanks list under a post.</summary>
    internal static bool IsWidgetResidue(string line) =>
        !line.Any(char.IsLetterOrDigit) ||
        (line.Length < 80 && (BoilerplateRules.CopyrightLine().IsMatch(line) || BoilerplateRules.CreditLine().IsMatch(line) || BoilerplateRules.RunningTime().IsMatch(line))) ||
        (line.Length < 200 && ((BoilerplateRules.CopyrightLine().IsMatch(line) && BoilerplateRules.RightsClause().IsMatch(line)) ||
                               BoilerplateRules.ReproductionNotice().IsMatch(line))) ||
        (line.Length < 300 && (BoilerplateRules.PublicationNote().IsMatch(line) || BoilerplateRules.UpdateNote().IsMatch(line) ||
                               BoilerplateRules.ForumNote().IsMatch(line)));

    /// <summary>A heading followed by a prose paragraph: a section of the article, not a teaser title.</summary>
    private static bool IsSectionHeading(List<TextBlock> blocks, TextBlock heading)
    {
        var at = blocks.IndexOf(heading);
        return at >= 0 && at + 1 < blocks.Count && blocks[at + 1].Kind == BlockKind.Paragraph && blocks[at + 1].Text.Length >= 120;
    }

    /// <summary>The page's headline: the first h1 (else h2) left after furniture removal that agrees with the longest
    /// segment of the title (titles append the site name after a separator; a logo h1 is the site name), or with the
    /// document's own title when it differs: the social title (og:title) is often a shorter headline than the page's
    /// (BBC News' "Apes remember distant past events" over "Chimpanzees and orangutans remember distant past events").
    /// One pass over the headings for both.</summary>
    private static string? FindHeadline(IHtmlDocument document, string? title, string? documentTitle)
    {
        if (document.Body is null) return null;
        if (title == documentTitle) documentTitle = null;
        if (title is null) (title, documentTitle) = (documentTitle, null);
        if (title is null) return null;
        var main = MainSegment(title);
        var other = documentTitle is null ? null : MainSegment(documentTitle);
        foreach (var tag in (ReadOnlySpan<string>)["h1", "h2"])
        {
            foreach (var heading in document.Body.GetElementsByTagName(tag))
            {
                var text = Collapse(heading.TextContent);
                if (text is null) continue;
                // The whole title too: a title whose separator is part of the headline ("Tabellenassistent – Felder
                // auswählen") splits into halves that the headline no longer resembles.
                if (IsHeadline(text, main) || IsHeadline(text, title.Trim())) return text;
                if (other is not null && (IsHeadline(text, other) || IsHeadline(text, documentTitle!.Trim()))) return text;
            }
        }

        return null;
    }

    /// <summary>The page's only h1 when it is worded otherwise than the titles but about the same subject (ESPN's h1
    /// "SI: Floyd Mayweather highest-paid" under the title "Floyd Mayweather Jr. top-paid U.S. athlete in 2013 --
    /// Sports Illustrated - ESPN"): two words of four letters or more in common with a title. Only taken as the
    /// headline where the text opens with it as a heading.</summary>
    private static string? OnlyH1(IHtmlDocument document, string? title, string? documentTitle)
    {
        if (document.Body?.GetElementsByTagName("h1") is not { Length: 1 } h1s || Collapse(h1s[0].TextContent) is not { Length: < 200 } single) return null;
        return (title is not null && SharesSubject(single, title)) || (documentTitle is not null && SharesSubject(single, documentTitle)) ? single : null;
    }

    private static bool SharesSubject(string heading, string title) =>
        Words(heading).Where(w => w.Length >= 4).Intersect(Words(title)).Count() >= 2;

    /// <summary>The index of a line among the first three that repeats the title (whole, or its longest segment
    /// between separators), ignoring case: the headline when the page sets it as a styled line; -1 when none does.
    /// A title of one or two short words ("Einfg", a help page's shortcut over its heading "Einfügen") names no
    /// headline.</summary>
    private static int TitleLine(List<TextBlock> blocks, string? title, string? documentTitle)
    {
        string?[] forms = [title?.Trim(), title is null ? null : MainSegment(title), documentTitle?.Trim(), documentTitle is null ? null : MainSegment(documentTitle)];
        for (var k = 0; k < Math.Min(3, blocks.Count); k++)
        {
            var text = blocks[k].Text;
            if (blocks[k].Kind is not (BlockKind.Paragraph or BlockKind.Heading) || text.Length > 200) continue;
            if (text.Length < 12 && text.AsSpan().Count(' ') < 2) continue;
            if (forms.Any(form => text.Equals(form, StringComparison.OrdinalIgnoreCase))) return k;
        }

        return -1;
    }

    private static string MainSegment(string title) => TitleSeparators().Split(title).OrderByDescending(s => s.Length).First().Trim();

    private static bool IsHeadline(string heading, string title)
    {
        if (title.Length == 0) return false;
        if (title.Contains(heading, StringComparison.OrdinalIgnoreCase) && heading.Length * 2 >= title.Length) return true;
        if (heading.Contains(title, StringComparison.OrdinalIgnoreCase)) return true;
        var a = Words(heading);
        var b = Words(title);
        return a.Count > 0 && b.Count > 0 && (double)a.Intersect(b).Count() / Math.Max(a.Count, b.Count) >= 0.6;
    }

    [GeneratedRegex(@"\s+[|\-–—»]\s+|_|\s::\s")]
    private static partial Regex TitleSeparators();

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', ':', '|', '-', '–', '—')).Where(w => w.Length > 0).ToHashSet();

    private static string? Collapse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool IsHtml(Document document)
    {
        if (document.Metadata.TryGetValue("content_type", out var value) && value is string type)
            return type.Contains("html", StringComparison.OrdinalIgnoreCase);
        return LooksLikeHtml().IsMatch(document.Text.AsSpan(0, Math.Min(document.Text.Length, 2048)));
    }

    [GeneratedRegex(@"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|table|article)\b",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeHtml();
}

/// <summary>Extracted text with the page's metadata.</summary>
public sealed record ExtractionResult(string Text, PageMetadata Metadata)
{
    /// <summary>The text is the <c>articleBody</c> of the page's JSON-LD: the HTML held almost none (a page rendered by
    /// script).</summary>
    public bool FromJsonLd { get; init; }
}
