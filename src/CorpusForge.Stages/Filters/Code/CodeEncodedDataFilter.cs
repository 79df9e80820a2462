using System.ComponentModel;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeEncodedDataFilter"/>.</summary>
public sealed class CodeEncodedDataFilterOptions : IValidatableOptions
{
    /// <summary>Longest run of encoded data allowed (1024 characters in StarCoder2's encoded-data filter).</summary>
    [Description("Files holding one base64/hex/\\u-escape run longer than this many characters are dropped (StarCoder2: 1024).")]
    public int MaxRunLength { get; set; } = 1024;

    /// <summary>Largest fraction of the file that may be encoded data (0.5 in StarCoder2).</summary>
    [Description("Files whose encoded runs cover more than this fraction of the characters are dropped (StarCoder2: 0.5).")]
    public double MaxFraction { get; set; } = 0.5;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxRunLength <= 0) yield return "max_run_length must be positive";
        if (MaxFraction is < 0 or > 1) yield return "max_fraction must be between 0 and 1";
    }
}

/// <summary>Drops source files that embed data: long base64 strings, hexadecimal byte lists or runs of
/// <c>\uXXXX</c> escapes. Scores: <c>code.encoded_fraction</c>, <c>code.longest_encoded_run</c>.</summary>
/// <remarks>The three patterns and both thresholds are those of the encoded-data filter published with StarCoder2
/// and The Stack v2 (Lozhkov et al. 2024, arXiv:2402.19173, data preprocessing).</remarks>
[Component("filter.code_encoded_data_v1", "Drops code files with long base64/hex/unicode-escape runs or mostly encoded content (StarCoder2 rule)")]
public sealed partial class CodeEncodedDataFilter(CodeEncodedDataFilterOptions options) : DocumentFilter
{
    [GeneratedRegex(@"[a-zA-Z0-9+/\n=]{64,}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64();

    [GeneratedRegex(@"(?:\b(?:0x|\\x)?[0-9a-fA-F]{2}(?:,|\b\s*)){8,}", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    [GeneratedRegex(@"(?:\\u[0-9a-fA-F]{4}){8,}", RegexOptions.CultureInvariant)]
    private static partial Regex UnicodeEscapes();

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var text = document.Text;
        long matched = 0;
        var longest = 0;
        foreach (var regex in new[] { Base64(), Hex(), UnicodeEscapes() })
        {
            foreach (var match in regex.EnumerateMatches(text))
            {
                matched += match.Length;
                longest = Math.Max(longest, match.Length);
            }
        }

        var fraction = text.Length == 0 ? 0 : Math.Min(1.0, (double)matched / text.Length);
        document.Attributes["code.encoded_fraction"] = Math.Round(fraction, 4);
        document.Attributes["code.longest_encoded_run"] = (long)longest;
        if (longest > options.MaxRunLength) return FilterDecision.Drop("encoded_data", $"run of {longest} > {options.MaxRunLength} chars");
        if (fraction > options.MaxFraction) return FilterDecision.Drop("encoded_data", $"fraction {fraction:F3} > {options.MaxFraction}");
        return FilterDecision.Keep;
    }
}
