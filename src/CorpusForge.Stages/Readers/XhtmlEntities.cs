using System.Text;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Readers;

/// <summary>Resolves the entities an XHTML file declares in its DOCTYPE's internal subset
/// (<c>&lt;!DOCTYPE html [&lt;!ENTITY D "&amp;#x2014;"&gt;]&gt;</c>), which an HTML parser does not understand: it would
/// show <c>]&gt;</c> as text and leave <c>&amp;D;</c> literal.</summary>
/// <remarks>Internal general entities are replaced by their values (nested ones too, to a bounded size, so an
/// "entity expansion" bomb fails instead of exhausting memory). External entities (SYSTEM/PUBLIC) are never fetched:
/// their references become empty, as a non-validating XML processor that does not load them leaves them.</remarks>
public static partial class XhtmlEntities
{
    private const int MaxDepth = 8;

    [GeneratedRegex(@"<!DOCTYPE\s[^\[>]*\[", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoctypeWithSubset();

    [GeneratedRegex(@"<!ENTITY\s+(?<pe>%\s+)?(?<name>[A-Za-z_:][\w.:-]*)\s+(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<external>SYSTEM|PUBLIC)\b[^>]*)\s*>",
        RegexOptions.CultureInvariant)]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex(@"&(?<name>[A-Za-z_:][\w.:-]*);", RegexOptions.CultureInvariant)]
    private static partial Regex EntityReference();

    /// <summary>The text with the internal subset removed and its entities expanded; unchanged when there is none.</summary>
    /// <exception cref="InvalidDataException">The expansion grows past a bound (an entity bomb).</exception>
    public static string ExpandInternalSubset(string text)
    {
        var doctype = DoctypeWithSubset().Match(text, 0, Math.Min(text.Length, 4096));
        if (!doctype.Success) return text;
        var subsetEnd = text.IndexOf("]", doctype.Index + doctype.Length, StringComparison.Ordinal);
        while (subsetEnd >= 0 && !Regex.IsMatch(text.AsSpan(subsetEnd + 1, Math.Min(64, text.Length - subsetEnd - 1)).ToString(), @"^\s*>"))
            subsetEnd = text.IndexOf("]", subsetEnd + 1, StringComparison.Ordinal);
        if (subsetEnd < 0) return text;
        var close = text.IndexOf('>', subsetEnd);
        var subset = text[(doctype.Index + doctype.Length)..subsetEnd];
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match declaration in EntityDeclaration().Matches(subset))
        {
            if (declaration.Groups["pe"].Success) continue;
            // The first declaration of a name binds (XML 1.0, section 4.2).
            entities.TryAdd(declaration.Groups["name"].Value, declaration.Groups["external"].Success ? "" : declaration.Groups["value"].Value);
        }

        var body = text[(close + 1)..];
        var limit = Math.Max(1 << 20, text.Length * 4L);
        for (var depth = 0; depth < MaxDepth && entities.Count > 0; depth++)
        {
            var replaced = false;
            var expanded = new StringBuilder(body.Length);
            var last = 0;
            foreach (Match reference in EntityReference().Matches(body))
            {
                if (!entities.TryGetValue(reference.Groups["name"].Value, out var value)) continue;
                expanded.Append(body, last, reference.Index - last).Append(value);
                last = reference.Index + reference.Length;
                replaced = true;
                if (expanded.Length > limit) throw new InvalidDataException($"entity expansion exceeds {limit} characters");
            }

            if (!replaced) break;
            expanded.Append(body, last, body.Length - last);
            body = expanded.ToString();
        }

        return text[..doctype.Index] + "<!DOCTYPE html>" + body;
    }
}
