using AngleSharp.Dom;

namespace CorpusForge.Bench;

/// <summary><c>extract-restructure</c>: how much of a real page's extracted text survives when the markup around and
/// inside the article is rebuilt the way other real templates lay an article out: the body split into segments with
/// ad slots between them (news CMSs), paragraphs as <c>div</c>s (CNN's 2018 pages) or as text between
/// <c>&lt;br&gt;</c>s (forums, old blogs), every paragraph in a block wrapper (page builders), sections per
/// subheading, deep wrapper nesting (Wix, Elementor), a table layout with a navigation cell, the holder unwrapped into
/// the page, the article placed after the page's furniture, a hidden or no-script second copy of it, and its
/// subheadings written as bold paragraphs.</summary>
/// <remarks>
/// Pages, the article's holder and the score are those of <c>extract-mutate</c> (<see cref="ClassWordMutationBenchmark"/>):
/// the 4-gram F1 of the mutant's text against the unmutated page's text, so 1 means the layout changed nothing. The
/// mutations add no words of their own (ad slots are empty, the navigation cell's links are the page's own words
/// nowhere: they are counted against precision), so a loss is the extractor's reading of the structure.
/// </remarks>
public sealed class StructureMutationBenchmark : IBenchmark
{
    public string Name => "extract-restructure";
    public string Description => "F1 of the text left when a real page's article is laid out as other templates do (segments, div/br paragraphs, tables, nesting)";

    private static readonly (string Label, Func<IElement, bool> Apply)[] Mutations =
    [
        ("segments+ads", e => Segments(e, "article-body-segment", withAds: true)),
        ("segments-plain", e => Segments(e, null, withAds: false)),
        ("p-as-div", e => Rename(e, "p", "div", "paragraph")),
        ("p-as-br", PAsBreaks),
        ("p-in-block", e => WrapEach(e, "p", "wp-block-group__inner-container")),
        ("sections", Sections),
        ("nested-8", e => Nest(e, 8)),
        ("table-layout", TableLayout),
        ("unwrapped", Unwrap),
        ("after-footer", AfterFooter),
        ("hidden-copy", e => Copy(e, "div", "display:none")),
        ("noscript-copy", e => Copy(e, "noscript", null)),
        ("headings-as-bold", HeadingsAsBold),
    ];

    public void Run(BenchContext context) => ClassWordMutationBenchmark.RunMutations(context, Mutations, maxLevel: 0);

    /// <summary>The holder's children split into three runs, each in its own wrapper, with an empty ad slot between
    /// them (as news CMSs break a story around inline ads).</summary>
    private static bool Segments(IElement holder, string? className, bool withAds)
    {
        var children = holder.ChildNodes.ToList();
        if (holder.Children.Length < 3) return false;
        var document = holder.Owner!;
        var cut = new[] { children.Count / 3, 2 * children.Count / 3, children.Count };
        var start = 0;
        for (var s = 0; s < 3; s++)
        {
            var segment = document.CreateElement("div");
            if (className is not null) segment.SetAttribute("class", className);
            for (var i = start; i < cut[s]; i++) segment.AppendChild(children[i]);
            holder.AppendChild(segment);
            if (withAds && s < 2)
            {
                var ad = document.CreateElement("div");
                ad.SetAttribute("class", "ad-container ad-inline");
                ad.InnerHtml = $"<div id='div-gpt-ad-inline-{s}' data-slot='inline{s}'></div>";
                holder.AppendChild(ad);
            }

            start = cut[s];
        }

        return true;
    }

    /// <summary>Every <paramref name="from"/> below the holder renamed, its content and attributes kept.</summary>
    private static bool Rename(IElement holder, string from, string to, string className)
    {
        var found = holder.QuerySelectorAll(from).ToList();
        if (found.Count < 2) return false;
        foreach (var element in found)
        {
            var renamed = holder.Owner!.CreateElement(to);
            renamed.SetAttribute("class", className);
            while (element.FirstChild is { } child) renamed.AppendChild(child);
            element.Replace(renamed);
        }

        return true;
    }

    /// <summary>Every paragraph replaced by its content followed by two line breaks, as forum posts and old blogs
    /// write text.</summary>
    private static bool PAsBreaks(IElement holder)
    {
        var found = holder.QuerySelectorAll("p").ToList();
        if (found.Count < 2) return false;
        foreach (var p in found)
        {
            var parent = p.Parent!;
            while (p.FirstChild is { } child) parent.InsertBefore(child, p);
            parent.InsertBefore(holder.Owner!.CreateElement("br"), p);
            parent.InsertBefore(holder.Owner!.CreateElement("br"), p);
            p.Remove();
        }

        return true;
    }

    /// <summary>Every <paramref name="selector"/> below the holder put in a wrapper div of its own.</summary>
    private static bool WrapEach(IElement holder, string selector, string className)
    {
        var found = holder.QuerySelectorAll(selector).ToList();
        if (found.Count < 2) return false;
        foreach (var element in found)
        {
            var wrapper = holder.Owner!.CreateElement("div");
            wrapper.SetAttribute("class", className);
            element.Replace(wrapper);
            wrapper.AppendChild(element);
        }

        return true;
    }

    /// <summary>The holder's children grouped into a <c>section</c> per subheading (h2–h4), heading included.</summary>
    private static bool Sections(IElement holder)
    {
        var children = holder.ChildNodes.ToList();
        if (!children.Any(c => c is IElement { LocalName: "h2" or "h3" or "h4" })) return false;
        IElement? section = null;
        foreach (var child in children)
        {
            if (child is IElement { LocalName: "h2" or "h3" or "h4" } || section is null)
            {
                section = holder.Owner!.CreateElement("section");
                section.SetAttribute("class", "content-section");
                holder.InsertBefore(section, child);
            }

            section.AppendChild(child);
        }

        return true;
    }

    /// <summary>The holder's content inside <paramref name="depth"/> class-less wrapper divs.</summary>
    private static bool Nest(IElement holder, int depth)
    {
        var inner = holder.Owner!.CreateElement("div");
        while (holder.FirstChild is { } child) inner.AppendChild(child);
        for (var i = 1; i < depth; i++)
        {
            var outer = holder.Owner!.CreateElement("div");
            outer.AppendChild(inner);
            inner = outer;
        }

        holder.AppendChild(inner);
        return true;
    }

    /// <summary>The holder placed in the second cell of a layout table whose first cell holds a link column, as
    /// hand-built sites of the 2000s lay pages out.</summary>
    private static bool TableLayout(IElement holder)
    {
        var document = holder.Owner!;
        var table = document.CreateElement("table");
        table.SetAttribute("width", "100%");
        table.InnerHtml = "<tbody><tr><td valign='top' width='180'>" +
                          string.Concat(Enumerable.Range(1, 8).Select(i => $"<a href='/section{i}.html'>Section {i}</a><br>")) +
                          "</td><td valign='top'></td></tr></tbody>";
        holder.Replace(table);
        table.QuerySelectorAll("td")[1].AppendChild(holder);
        return true;
    }

    /// <summary>The holder's children moved into its parent in its place: the article's text sits directly among
    /// whatever else that parent holds.</summary>
    private static bool Unwrap(IElement holder)
    {
        var parent = holder.Parent;
        if (parent is null || holder.ParentElement?.LocalName is "body" or "html") return false;
        while (holder.FirstChild is { } child) parent.InsertBefore(child, holder);
        holder.Remove();
        return true;
    }

    /// <summary>A second copy of the holder's content after it, in a <paramref name="tag"/> (a hidden mobile or print
    /// version of the story, as responsive templates of the 2010s wrote it, or a no-script fallback).</summary>
    private static bool Copy(IElement holder, string tag, string? style)
    {
        var copy = holder.Owner!.CreateElement(tag);
        if (style is not null) copy.SetAttribute("style", style);
        copy.InnerHtml = holder.InnerHtml;
        // A <noscript> cannot hold another: parsed again, the inner one's end tag would close the copy early.
        if (tag == "noscript")
            foreach (var inner in copy.QuerySelectorAll("noscript").ToList()) inner.Remove();
        holder.After(copy);
        return true;
    }

    /// <summary>Every h2–h4 below the holder written as a bold paragraph, as editors without heading styles do.</summary>
    private static bool HeadingsAsBold(IElement holder)
    {
        var found = holder.QuerySelectorAll("h2, h3, h4").ToList();
        if (found.Count == 0) return false;
        foreach (var heading in found)
        {
            var p = holder.Owner!.CreateElement("p");
            var strong = holder.Owner!.CreateElement("strong");
            while (heading.FirstChild is { } child) strong.AppendChild(child);
            p.AppendChild(strong);
            heading.Replace(p);
        }

        return true;
    }

    /// <summary>The holder moved to the end of the body, after the page's footer.</summary>
    private static bool AfterFooter(IElement holder)
    {
        var body = holder.Owner!.Body;
        if (body is null || body.LastElementChild == holder) return false;
        body.AppendChild(holder);
        return true;
    }
}
