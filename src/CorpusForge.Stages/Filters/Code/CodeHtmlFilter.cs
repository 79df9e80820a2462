using System.ComponentModel;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeHtmlFilter"/>.</summary>
public sealed class CodeHtmlFilterOptions : IValidatableOptions
{
    /// <summary>Smallest ratio of visible text to file size (0.2 in StarCoder).</summary>
    [Description("HTML files whose visible text is a smaller fraction of the file are dropped (StarCoder: 0.2).")]
    public double MinVisibleFraction { get; set; } = 0.2;

    /// <summary>Fewest visible characters (100 in StarCoder).</summary>
    [Description("HTML files with fewer visible characters are dropped (StarCoder: 100).")]
    public int MinVisibleChars { get; set; } = 100;

    /// <summary>Languages this rule applies to.</summary>
    [Description("Languages (metadata 'language') the rule applies to; other files pass untouched.")]
    public string[] Languages { get; set; } = ["HTML"];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinVisibleFraction is < 0 or > 1) yield return "min_visible_fraction must be between 0 and 1";
        if (MinVisibleChars < 0) yield return "min_visible_chars must not be negative";
    }
}

/// <summary>Keeps HTML files only when they carry real text: StarCoder kept HTML whose visible text is at least 20%
/// of the code and at least 100 characters (Li et al. 2023, §3.2), removing boilerplate-heavy pages and templates.
/// Score: <c>code.html_visible_fraction</c>.</summary>
[Component("filter.code_html_v1", "Drops HTML files whose visible text is under 20% of the file or under 100 characters (StarCoder rule)")]
public sealed class CodeHtmlFilter(CodeHtmlFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _languages = new(options.Languages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        if (CodeLineStats.LanguageOf(document) is not { } language || !_languages.Contains(language)) return FilterDecision.Keep;
        var visible = VisibleTextLength(document.Text);
        var fraction = document.Text.Length == 0 ? 0 : (double)visible / document.Text.Length;
        document.Attributes["code.html_visible_fraction"] = Math.Round(fraction, 4);
        if (visible < options.MinVisibleChars) return FilterDecision.Drop("html_too_little_text", $"{visible} < {options.MinVisibleChars} visible chars");
        if (fraction < options.MinVisibleFraction) return FilterDecision.Drop("html_too_little_text", $"visible fraction {fraction:F3} < {options.MinVisibleFraction}");
        return FilterDecision.Keep;
    }

    private static int VisibleTextLength(string html)
    {
        // The parser is cheap to create and not documented as thread-safe, so each call makes its own.
        var document = new HtmlParser().ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template").ToList()) hidden.Remove();
        var text = document.Body?.TextContent ?? document.DocumentElement.TextContent;
        var count = 0;
        var inSpace = true;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace) count++;
                inSpace = true;
            }
            else
            {
                count++;
                inSpace = false;
            }
        }

        return count;
    }
}
