using System.Text.Json;
using AngleSharp.Html.Parser;

namespace CorpusForge.Stages.Extraction;

/// <summary>The article text a page states in its schema.org JSON-LD (<c>"articleBody"</c> of an <c>Article</c>,
/// <c>NewsArticle</c>, <c>BlogPosting</c> or another type that has the property, at the top level, in an array, in
/// <c>@graph</c> or nested under <c>mainEntity</c>). News CMSs print it for search engines; on a page whose body is
/// rendered by script, it is the only copy of the text in the HTML.</summary>
internal static class JsonLdArticle
{
    /// <summary>The longest <c>articleBody</c> in <paramref name="blocks"/> as text blocks (paragraphs at line
    /// breaks; markup inside it rendered as the page's would be, with <paramref name="inlineCode"/> as the page's
    /// renderer has it), or an empty list.</summary>
    public static List<TextBlock> Body(IReadOnlyList<string> blocks, bool inlineCode = false)
    {
        string? best = null;
        foreach (var block in blocks)
        {
            if (!block.Contains("articleBody", StringComparison.Ordinal)) continue;
            try
            {
                using var json = JsonDocument.Parse(block, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                Find(json.RootElement, ref best);
            }
            catch (JsonException)
            {
                // A broken block (CMS templates leave trailing garbage or raw newlines in strings) has no usable body.
            }
        }

        return best is null ? [] : Blocks(best, inlineCode);
    }

    private static void Find(JsonElement element, ref string? best)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("articleBody") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        var text = property.Value.GetString();
                        if (text is not null && (best is null || text.Length > best.Length)) best = text;
                    }
                    else if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Find(property.Value, ref best);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Find(item, ref best);
                break;
        }
    }

    private static List<TextBlock> Blocks(string body, bool inlineCode)
    {
        // Some CMSs put the body's HTML in the property: render it like the page's own markup.
        if (body.Contains("</p>", StringComparison.OrdinalIgnoreCase) || body.Contains("<br", StringComparison.OrdinalIgnoreCase))
        {
            using var fragment = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument("<body>" + body + "</body>");
            return fragment.Body is null ? [] : new TextRenderer { InlineCode = inlineCode }.Render([fragment.Body]);
        }

        var blocks = new List<TextBlock>();
        foreach (var line in body.Split('\n'))
        {
            var text = string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > 0) blocks.Add(new TextBlock(BlockKind.Paragraph, text));
        }

        return blocks;
    }
}
