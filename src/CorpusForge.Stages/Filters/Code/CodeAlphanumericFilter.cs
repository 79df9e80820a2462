using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeAlphanumericFilter"/>.</summary>
public sealed class CodeAlphanumericFilterOptions : IValidatableOptions
{
    /// <summary>Smallest fraction of letters and digits; 0.25 in The Stack's basic filter (after Codex).</summary>
    [Description("Files with a smaller fraction of letters and digits are dropped (0.25: The Stack basic filter, after Codex).")]
    public double MinFraction { get; set; } = 0.25;

    /// <summary>Languages the rule does not apply to.</summary>
    [Description("Languages (metadata 'language') exempt from the rule (StarCoder exempted assembly-like formats).")]
    public string[] ExemptLanguages { get; set; } = ["Assembly", "Motorola 68K Assembly", "WebAssembly"];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinFraction is < 0 or > 1) yield return "min_fraction must be between 0 and 1";
    }
}

/// <summary>Drops source files that are mostly symbols (data dumps, ASCII art, encoded blobs). Score:
/// <c>code.alphanumeric_fraction</c>.</summary>
[Component("filter.code_alphanumeric_v1", "Drops code files whose fraction of letters and digits is below min_fraction (The Stack: 0.25)")]
public sealed class CodeAlphanumericFilter(CodeAlphanumericFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _exempt = new(options.ExemptLanguages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var stats = CodeLineStats.Of(document);
        document.Attributes["code.alphanumeric_fraction"] = Math.Round(stats.AlphanumericFraction, 4);
        if (CodeLineStats.LanguageOf(document) is { } language && _exempt.Contains(language)) return FilterDecision.Keep;
        return stats.AlphanumericFraction < options.MinFraction
            ? FilterDecision.Drop("too_few_alphanumeric", $"{stats.AlphanumericFraction:F3} < {options.MinFraction}")
            : FilterDecision.Keep;
    }
}
