using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeDataFileSizeFilter"/>.</summary>
public sealed class CodeDataFileSizeFilterOptions : IValidatableOptions
{
    /// <summary>Fewest characters kept (50 in StarCoder).</summary>
    [Description("Data files with fewer characters are dropped (StarCoder: 50).")]
    public int MinChars { get; set; } = 50;

    /// <summary>Most characters kept (5000 in StarCoder).</summary>
    [Description("Data files with more characters are dropped (StarCoder: 5000).")]
    public int MaxChars { get; set; } = 5000;

    /// <summary>Languages the rule applies to.</summary>
    [Description("Languages (metadata 'language') the rule applies to; other files pass untouched.")]
    public string[] Languages { get; set; } = ["JSON", "YAML"];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinChars < 0) yield return "min_chars must not be negative";
        if (MaxChars < MinChars) yield return $"max_chars ({MaxChars}) must be at least min_chars ({MinChars})";
    }
}

/// <summary>Keeps JSON and YAML files only between 50 and 5000 characters, as StarCoder did (Li et al. 2023, §3.2):
/// smaller ones carry no structure worth learning, larger ones are mostly data. Score: <c>code.chars</c>.</summary>
[Component("filter.code_data_file_size_v1", "Drops JSON/YAML files outside 50-5000 characters (StarCoder rule for data formats)")]
public sealed class CodeDataFileSizeFilter(CodeDataFileSizeFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _languages = new(options.Languages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        if (CodeLineStats.LanguageOf(document) is not { } language || !_languages.Contains(language)) return FilterDecision.Keep;
        var chars = document.Text.Length;
        document.Attributes["code.chars"] = (long)chars;
        if (chars < options.MinChars) return FilterDecision.Drop("data_file_too_small", $"{chars} < {options.MinChars} chars");
        if (chars > options.MaxChars) return FilterDecision.Drop("data_file_too_large", $"{chars} > {options.MaxChars} chars");
        return FilterDecision.Keep;
    }
}
