namespace CorpusForge.Stages.Extraction;

/// <summary>What the prescan learned about a page before it is parsed.</summary>
/// <param name="Html">The page without comments and the contents of script, style, noscript, template and svg
/// elements, which never hold main text (a third to a half of a real page's bytes, and parse time); a noscript's
/// contents are kept, without its tags, when the scan was asked to unwrap them.</param>
/// <param name="MaxDepth">Deepest nesting of elements as the tree builder nests them (approximate: elements with
/// optional end tags are not counted).</param>
/// <param name="Elements">Start tags seen.</param>
/// <param name="JsonLd">Bodies of <c>application/ld+json</c> scripts (for the published date).</param>
internal sealed record PrescanResult(string Html, int MaxDepth, int Elements, List<string> JsonLd);

/// <summary>A linear pass over the raw markup that measures nesting and size before anything is parsed, and drops
/// content no extractor uses. HTML parsers follow the standard's tree construction, whose scope checks walk the
/// stack of open elements, so a page nested 100,000 deep costs quadratic time; the prescan rejects it first.</summary>
internal static class HtmlPrescan
{
    private static readonly string[] Void =
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    ];

    // End tags that HTML lets authors leave out: counting them as open would report unclosed <p> and <li> as depth.
    private static readonly string[] OptionalEnd =
    [
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody", "thead", "tfoot",
        "colgroup", "caption", "html", "head", "body",
    ];

    private static readonly string[] Dropped = ["script", "style", "noscript", "template", "svg"];

    [Flags]
    private enum Kind : byte { Other = 0, Void = 1, OptionalEnd = 2, Dropped = 4 }

    /// <summary>Every tag name the sets above hold, with what it is (one case-insensitive lookup per tag instead of one
    /// per set), and its name spelled once (the dropped elements' end tags are searched for by it).</summary>
    private static readonly Dictionary<string, (Kind Kind, string Name)> Known = BuildKnown();

    private static readonly Dictionary<string, (Kind Kind, string Name)>.AlternateLookup<ReadOnlySpan<char>> KnownNames = Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, (Kind Kind, string Name)> BuildKnown()
    {
        var known = new Dictionary<string, (Kind Kind, string Name)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (names, kind) in new (IEnumerable<string>, Kind)[] { (Void, Kind.Void), (OptionalEnd, Kind.OptionalEnd), (Dropped, Kind.Dropped) })
        {
            foreach (var name in names) known[name] = ((known.TryGetValue(name, out var entry) ? entry.Kind : Kind.Other) | kind, name);
        }

        return known;
    }

    private static Kind KindOf(ReadOnlySpan<char> name, out string? known)
    {
        if (KnownNames.TryGetValue(name, out var entry))
        {
            known = entry.Name;
            return entry.Kind;
        }

        known = null;
        return Kind.Other;
    }

    /// <summary>Scans <paramref name="html"/>; stops early (returning what it saw) once a limit is passed.</summary>
    /// <remarks>Depth is measured as the tree builder builds it, with a stack of open element names: a start tag
    /// opens an element even when written self-closing (<c>&lt;div/&gt;</c> is an open div in HTML), and an end tag
    /// closes up to the nearest open element of its name or is ignored when none is open (a stray end tag closes
    /// nothing). Elements whose end tag HTML lets authors leave out (p, li, td, …) are not counted.</remarks>
    /// <param name="unwrapNoscript">Keep what <c>&lt;noscript&gt;</c> elements hold (their tags cut, their content
    /// read as the page's): the fallback a script-built page serves to readers without script (Flarum serves a
    /// discussion's posts only so).</param>
    public static PrescanResult Scan(string html, int maxDepth, int maxElements, bool unwrapNoscript = false)
    {
        // The parts of the page that are kept, as ranges; the output string is made from them in one copy.
        var kept = new List<(int Start, int Length)>();
        var jsonLd = new List<string>();
        // Open elements as ranges of the page holding their names (compared without case when an end tag closes one).
        var open = new List<(int Start, int Length)>(64);
        int deepest = 0, elements = 0, copied = 0, i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length) break;
            i = lt + 1;
            var c = html[i];
            if (c == '!')
            {
                if (string.CompareOrdinal(html, i, "!--", 0, 3) == 0)
                {
                    var end = html.IndexOf("-->", i + 3, StringComparison.Ordinal);
                    kept.Add((copied, lt - copied));
                    i = copied = end < 0 ? html.Length : end + 3;
                }

                continue;
            }

            var closing = c == '/';
            var nameStart = closing ? i + 1 : i;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_')) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart])) continue;
            var tagEnd = html.IndexOf('>', nameEnd);
            if (tagEnd < 0) break;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var kind = KindOf(name, out var knownName);
            if (unwrapNoscript && knownName == "noscript")
            {
                kept.Add((copied, lt - copied));
                i = copied = tagEnd + 1;
                continue;
            }

            if (closing)
            {
                if ((kind & (Kind.OptionalEnd | Kind.Void)) == 0) Close(html, open, name);
                i = tagEnd + 1;
                continue;
            }

            elements++;
            if (elements > maxElements) return new PrescanResult(html, deepest, elements, jsonLd);
            if ((kind & Kind.Dropped) != 0)
            {
                var close = IndexOfEndTag(html, tagEnd + 1, knownName!);
                if (knownName == "script" && html.AsSpan(nameEnd, tagEnd - nameEnd).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                    jsonLd.Add(html[(tagEnd + 1)..(close < 0 ? html.Length : close)]);
                // Keep an empty element so the tree keeps its shape (a <noscript> can sit where a block would).
                kept.Add((copied, tagEnd + 1 - copied));
                i = copied = close < 0 ? html.Length : close;
                continue;
            }

            if ((kind & (Kind.Void | Kind.OptionalEnd)) == 0)
            {
                open.Add((nameStart, nameEnd - nameStart));
                if (open.Count > deepest)
                {
                    deepest = open.Count;
                    if (deepest > maxDepth) return new PrescanResult(html, deepest, elements, jsonLd);
                }
            }

            i = tagEnd + 1;
        }

        kept.Add((copied, html.Length - copied));
        return new PrescanResult(Join(html, kept), deepest, elements, jsonLd);
    }

    /// <summary>The kept ranges of <paramref name="html"/> as one string (the page itself when nothing was cut).</summary>
    private static string Join(string html, List<(int Start, int Length)> kept)
    {
        if (kept.Count == 1) return html;
        var length = 0;
        foreach (var part in kept) length += part.Length;
        return string.Create(length, (html, kept), static (span, state) =>
        {
            foreach (var (start, count) in state.kept)
            {
                state.html.AsSpan(start, count).CopyTo(span);
                span = span[count..];
            }
        });
    }

    /// <summary>Pops up to and including the nearest open element named <paramref name="name"/>; nothing when none is
    /// open. The stack never exceeds max_depth + 1 entries, so the search is bounded.</summary>
    private static void Close(string html, List<(int Start, int Length)> open, ReadOnlySpan<char> name)
    {
        for (var k = open.Count - 1; k >= 0; k--)
        {
            if (!name.Equals(html.AsSpan(open[k].Start, open[k].Length), StringComparison.OrdinalIgnoreCase)) continue;
            open.RemoveRange(k, open.Count - k);
            return;
        }
    }

    private static int IndexOfEndTag(string html, int from, string name)
    {
        var i = from;
        while (true)
        {
            var at = html.IndexOf("</", i, StringComparison.Ordinal);
            if (at < 0) return -1;
            if (string.Compare(html, at + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0) return at;
            i = at + 2;
        }
    }
}
