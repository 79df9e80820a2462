using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CorpusForge.Stages.Extraction;

/// <summary>Page facts worth keeping with the extracted text: title, language, canonical URL, published date.</summary>
public sealed record PageMetadata(string? Title, string? Language, string? CanonicalUrl, string? PublishedDate)
{
    /// <summary>Reads the metadata from the parsed page (before any element is removed).</summary>
    internal static PageMetadata From(IHtmlDocument document, IReadOnlyList<string> jsonLd)
    {
        var title = Meta(document, "og:title") ?? Clean(document.Title) ?? Clean(document.QuerySelector("h1")?.TextContent);
        var lang = Clean(document.DocumentElement.GetAttribute("lang")) ?? Clean(document.DocumentElement.GetAttribute("xml:lang"))
            ?? HttpEquiv(document, "content-language") ?? Meta(document, "og:locale");
        var canonical = Canonical(document) ?? Meta(document, "og:url");
        var published = Meta(document, "article:published_time") ?? Meta(document, "datePublished") ?? Meta(document, "date")
            ?? Meta(document, "dc.date") ?? Meta(document, "dcterms.created") ?? JsonLdDate(jsonLd) ?? MarkedUpDate(document);
        return new PageMetadata(title, lang, canonical, published);
    }

    private static string? Canonical(IHtmlDocument document)
    {
        foreach (var link in document.Head?.GetElementsByTagName("link") ?? Enumerable.Empty<IElement>())
        {
            var rel = link.GetAttribute("rel");
            if (rel is not null && rel.Split(' ').Contains("canonical", StringComparer.OrdinalIgnoreCase)) return Clean(link.GetAttribute("href"));
        }

        return null;
    }

    /// <summary>A date in the body's microdata or a time element of the article: the first element, in document
    /// order, that the selector <c>[itemprop=datePublished], article time[datetime], time[pubdate]</c> matches and
    /// that states a date (one walk over the body, without the selector engine).</summary>
    internal static string? MarkedUpDate(IHtmlDocument document)
    {
        if (document.Body is not { } body) return null;
        foreach (var element in ElementWalk.Descendants(body))
        {
            // Only an attribute states a date (itemprop, pubdate, datetime): most elements have none.
            if (element.Attributes.Length > 0 && StatesPublished(element) &&
                (Clean(element.GetAttribute("content")) ?? Clean(element.GetAttribute("datetime"))) is { } value) return value;
        }

        return null;
    }

    private static bool StatesPublished(IElement element) =>
        string.Equals(element.GetAttribute("itemprop"), "datePublished", StringComparison.Ordinal) ||
        (element.LocalName == "time" && (element.HasAttribute("pubdate") || (element.HasAttribute("datetime") && element.Closest("article") is not null)));

    private static string? Meta(IHtmlDocument document, string name)
    {
        foreach (var meta in document.Head?.GetElementsByTagName("meta") ?? Enumerable.Empty<IElement>())
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
            if (key is not null && key.Equals(name, StringComparison.OrdinalIgnoreCase)) return Clean(meta.GetAttribute("content"));
        }

        return null;
    }

    private static string? HttpEquiv(IHtmlDocument document, string name)
    {
        foreach (var meta in document.Head?.GetElementsByTagName("meta") ?? Enumerable.Empty<IElement>())
        {
            if (meta.GetAttribute("http-equiv")?.Equals(name, StringComparison.OrdinalIgnoreCase) == true)
                return Clean(meta.GetAttribute("content"));
        }

        return null;
    }

    private static string? JsonLdDate(IReadOnlyList<string> jsonLd)
    {
        foreach (var block in jsonLd)
        {
            var match = JsonLdPublished.Match(block);
            if (match.Success) return match.Groups[1].Value;
        }

        return null;
    }

    private static readonly Regex JsonLdPublished = new(@"""datePublished""\s*:\s*""([^""]{4,40})""", RegexOptions.CultureInvariant);

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
