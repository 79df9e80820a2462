namespace CorpusForge.Stages.Extraction;

/// <summary>Element kinds the extraction rules ask about by tag name (AngleSharp gives HTML elements lower-case local
/// names).</summary>
internal static class HtmlTags
{
    /// <summary>h1 to h6.</summary>
    public static bool IsHeading(string? localName) => localName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    /// <summary>h2 to h6: the headings a text's sections carry below its headline.</summary>
    public static bool IsSubheading(string? localName) => localName is "h2" or "h3" or "h4" or "h5" or "h6";
}
