using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeMeanLineLengthFilter"/>.</summary>
public sealed class CodeMeanLineLengthFilterOptions : IValidatableOptions
{
    /// <summary>Largest mean line length allowed; 100 in Codex, The Stack's basic filter and StarCoder.</summary>
    [Description("Files whose mean line length exceeds this many characters are dropped (100: Codex, The Stack basic filter, StarCoder).")]
    public double MaxMeanLineLength { get; set; } = 100;

    /// <summary>Languages the rule does not apply to.</summary>
    [Description("Languages (metadata 'language') exempt from the rule; StarCoder exempted these data and prose formats.")]
    public string[] ExemptLanguages { get; set; } = CodeFilterDefaults.LongLineExemptLanguages;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxMeanLineLength <= 0) yield return "max_mean_line_length must be positive";
    }
}

/// <summary>Drops source files whose lines are long on average (data tables, generated code). Score:
/// <c>code.mean_line_length</c>.</summary>
[Component("filter.code_mean_line_length_v1", "Drops code files whose mean line length exceeds max_mean_line_length (StarCoder/The Stack: 100)")]
public sealed class CodeMeanLineLengthFilter(CodeMeanLineLengthFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _exempt = new(options.ExemptLanguages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var stats = CodeLineStats.Of(document);
        document.Attributes["code.mean_line_length"] = Math.Round(stats.MeanLineLength, 4);
        if (CodeLineStats.LanguageOf(document) is { } language && _exempt.Contains(language)) return FilterDecision.Keep;
        return stats.MeanLineLength > options.MaxMeanLineLength
            ? FilterDecision.Drop("mean_line_too_long", $"{stats.MeanLineLength:F1} > {options.MaxMeanLineLength}")
            : FilterDecision.Keep;
    }
}
