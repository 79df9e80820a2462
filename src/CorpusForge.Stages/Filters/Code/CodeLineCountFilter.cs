using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeLineCountFilter"/>.</summary>
public sealed class CodeLineCountFilterOptions : IValidatableOptions
{
    /// <summary>Fewest lines kept. The published rules set no minimum; 1 drops empty files.</summary>
    [Description("Files with fewer lines are dropped (1 drops only empty files; the published rules set no minimum).")]
    public long MinLines { get; set; } = 1;

    /// <summary>Most lines kept; StarCoder removed files over 100,000 lines as data or generated code.</summary>
    [Description("Files with more lines are dropped (100000: StarCoder, as likely data or generated code).")]
    public long MaxLines { get; set; } = 100_000;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinLines < 0) yield return "min_lines must not be negative";
        if (MaxLines < MinLines) yield return $"max_lines ({MaxLines}) must be at least min_lines ({MinLines})";
    }
}

/// <summary>Drops source files with too few or too many lines. Score: <c>code.lines</c>.</summary>
[Component("filter.code_line_count_v1", "Drops code files with fewer than min_lines or more than max_lines lines (StarCoder: at most 100000)")]
public sealed class CodeLineCountFilter(CodeLineCountFilterOptions options) : DocumentFilter
{
    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var lines = CodeLineStats.Of(document).Lines;
        document.Attributes["code.lines"] = lines;
        if (lines < options.MinLines) return FilterDecision.Drop("too_few_lines", $"{lines} < {options.MinLines}");
        if (lines > options.MaxLines) return FilterDecision.Drop("too_many_lines", $"{lines} > {options.MaxLines}");
        return FilterDecision.Keep;
    }
}
