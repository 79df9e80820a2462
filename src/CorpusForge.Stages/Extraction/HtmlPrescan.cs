using System.Text;

namespace CorpusForge.Stages.Extraction;

/// <summary>What the prescan learned about a page before it is parsed.</summary>
/// <param name="Html">The page without comments and the contents of script, style, noscript, template and svg
/// elements, which never hold main text (a third to a half of a real page's bytes, and parse time).</param>
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
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    };

    // End tags that HTML lets authors leave out: counting them as open would report unclosed <p> and <li> as depth.
    private static readonly HashSet<string> OptionalEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody", "thead", "tfoot",
        "colgroup", "caption", "html", "head", "body",
    };

    private static readonly string[] Dropped = ["script", "style", "noscript", "template", "svg"];

    /// <summary>Scans <paramref name="html"/>; stops early (returning what it saw) once a limit is passed.</summary>
    /// <remarks>Depth is measured as the tree builder builds it, with a stack of open element names: a start tag
    /// opens an element even when written self-closing (<c>&lt;div/&gt;</c> is an open div in HTML), and an end tag
    /// closes up to the nearest open element of its name or is ignored when none is open (a stray end tag closes
    /// nothing). Elements whose end tag HTML lets authors leave out (p, li, td, …) are not counted.</remarks>
    public static PrescanResult Scan(string html, int maxDepth, int maxElements)
    {
        var output = new StringBuilder(html.Length);
        var jsonLd = new List<string>();
        var open = new List<string>(64);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
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
                    output.Append(html, copied, lt - copied);
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
            if (closing)
            {
                if (!IsIn(name, OptionalEnd) && !IsIn(name, Void)) Close(open, name);
                i = tagEnd + 1;
                continue;
            }

            elements++;
            if (elements > maxElements) return new PrescanResult(html, deepest, elements, jsonLd);
            var dropped = DroppedName(name);
            if (dropped is not null)
            {
                var close = IndexOfEndTag(html, tagEnd + 1, dropped);
                if (dropped == "script" && html.AsSpan(nameEnd, tagEnd - nameEnd).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                    jsonLd.Add(html[(tagEnd + 1)..(close < 0 ? html.Length : close)]);
                // Keep an empty element so the tree keeps its shape (a <noscript> can sit where a block would).
                output.Append(html, copied, tagEnd + 1 - copied);
                i = copied = close < 0 ? html.Length : close;
                continue;
            }

            if (!IsIn(name, Void) && !IsIn(name, OptionalEnd))
            {
                if (!names.TryGetValue(name, out var interned))
                {
                    interned = name.ToString();
                    names[interned] = interned;
                }

                open.Add(interned);
                if (open.Count > deepest)
                {
                    deepest = open.Count;
                    if (deepest > maxDepth) return new PrescanResult(html, deepest, elements, jsonLd);
                }
            }

            i = tagEnd + 1;
        }

        output.Append(html, copied, html.Length - copied);
        return new PrescanResult(output.ToString(), deepest, elements, jsonLd);
    }

    /// <summary>Pops up to and including the nearest open element named <paramref name="name"/>; nothing when none is
    /// open. The stack never exceeds max_depth + 1 entries, so the search is bounded.</summary>
    private static void Close(List<string> open, ReadOnlySpan<char> name)
    {
        for (var k = open.Count - 1; k >= 0; k--)
        {
            if (!name.Equals(open[k], StringComparison.OrdinalIgnoreCase)) continue;
            open.RemoveRange(k, open.Count - k);
            return;
        }
    }

    private static string? DroppedName(ReadOnlySpan<char> name)
    {
        foreach (var d in Dropped)
        {
            if (name.Equals(d, StringComparison.OrdinalIgnoreCase)) return d;
        }

        return null;
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

    private static bool IsIn(ReadOnlySpan<char> name, HashSet<string> set) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);
}
