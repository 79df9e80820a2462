using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeMaxLineLengthFilter"/>.</summary>
public sealed class CodeMaxLineLengthFilterOptions : IValidatableOptions
{
    /// <summary>Longest line allowed; 1000 in Codex, The Stack's basic filter and StarCoder.</summary>
    [Description("Files with a line longer than this many characters are dropped (1000: Codex, The Stack basic filter, StarCoder).")]
    public int MaxLineLength { get; set; } = 1000;

    /// <summary>Languages the rule does not apply to (StarCoder's exemptions for data and prose formats).</summary>
    [Description("Languages (metadata 'language') exempt from the rule; StarCoder exempted these data and prose formats.")]
    public string[] ExemptLanguages { get; set; } = CodeFilterDefaults.LongLineExemptLanguages;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxLineLength <= 0) yield return "max_line_length must be positive";
    }
}

/// <summary>Drops source files with a very long line (data, minified or generated code). Score:
/// <c>code.max_line_length</c>.</summary>
[Component("filter.code_max_line_length_v1", "Drops code files whose longest line exceeds max_line_length (StarCoder/The Stack: 1000)")]
public sealed class CodeMaxLineLengthFilter(CodeMaxLineLengthFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _exempt = new(options.ExemptLanguages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var stats = CodeLineStats.Of(document);
        document.Attributes["code.max_line_length"] = stats.MaxLineLength;
        if (CodeLineStats.LanguageOf(document) is { } language && _exempt.Contains(language)) return FilterDecision.Keep;
        return stats.MaxLineLength > options.MaxLineLength
            ? FilterDecision.Drop("line_too_long", $"{stats.MaxLineLength} > {options.MaxLineLength}")
            : FilterDecision.Keep;
    }
}
