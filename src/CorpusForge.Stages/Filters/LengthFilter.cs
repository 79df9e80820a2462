using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;

namespace CorpusForge.Stages.Filters;

/// <summary>Options of <see cref="LengthFilter"/>.</summary>
public sealed class LengthFilterOptions : IValidatableOptions
{
    /// <summary>Fewest characters kept.</summary>
    [Description("Fewest characters (Unicode code points) a document may have; 1 drops empty documents.")]
    public long MinChars { get; set; } = 1;

    /// <summary>Most characters kept.</summary>
    [Description("Most characters (Unicode code points) a document may have; 0 = no limit.")]
    public long MaxChars { get; set; }

    /// <summary>Fewest words kept.</summary>
    [Description("Fewest words (as the shared word splitter counts them) a document may have; 0 = no limit.")]
    public long MinWords { get; set; }

    /// <summary>Most words kept.</summary>
    [Description("Most words a document may have; 0 = no limit.")]
    public long MaxWords { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinChars < 0 || MaxChars < 0 || MinWords < 0 || MaxWords < 0) yield return "length limits must not be negative";
        if (MaxChars > 0 && MinChars > MaxChars) yield return $"min_chars ({MinChars}) is larger than max_chars ({MaxChars})";
        if (MaxWords > 0 && MinWords > MaxWords) yield return $"min_words ({MinWords}) is larger than max_words ({MaxWords})";
    }
}

/// <summary>Drops documents that are too short or too long, counted in characters and words.</summary>
/// <remarks>Stores <c>length.chars</c> and <c>length.words</c> as attributes whatever it decides, so a later run can
/// re-threshold without recounting. Words come from <see cref="WordSplitter"/> through the document's analysis
/// cache, which later word-based stages reuse.</remarks>
[Component("filter.length_v1", "Drops documents outside character and word count limits; stores length.chars and length.words")]
public sealed class LengthFilter(LengthFilterOptions options) : DocumentFilter, IScoreThresholds
{
    /// <inheritdoc />
    public IEnumerable<ScoreThreshold> Thresholds
    {
        get
        {
            if (options.MinChars > 0) yield return new("length.chars", options.MinChars, IsMinimum: true);
            if (options.MaxChars > 0) yield return new("length.chars", options.MaxChars, IsMinimum: false);
            if (options.MinWords > 0) yield return new("length.words", options.MinWords, IsMinimum: true);
            if (options.MaxWords > 0) yield return new("length.words", options.MaxWords, IsMinimum: false);
        }
    }

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var chars = CountCodePoints(document.Text);
        var words = (long)document.Analysis(WordSplitter.Split).Count;
        document.Attributes["length.chars"] = chars;
        document.Attributes["length.words"] = words;

        if (chars < options.MinChars) return FilterDecision.Drop("too_short_chars", $"{chars} < {options.MinChars}");
        if (options.MaxChars > 0 && chars > options.MaxChars) return FilterDecision.Drop("too_long_chars", $"{chars} > {options.MaxChars}");
        if (words < options.MinWords) return FilterDecision.Drop("too_few_words", $"{words} < {options.MinWords}");
        if (options.MaxWords > 0 && words > options.MaxWords) return FilterDecision.Drop("too_many_words", $"{words} > {options.MaxWords}");
        return FilterDecision.Keep;
    }

    /// <summary>Characters as code points: a surrogate pair (emoji, rare CJK) is one character.</summary>
    private static long CountCodePoints(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOfAnyInRange('\uDC00', '\uDFFF');
        if (first < 0) return span.Length;
        long lowSurrogates = 0;
        foreach (var c in span[first..])
        {
            if (char.IsLowSurrogate(c)) lowSurrogates++;
        }

        return span.Length - lowSurrogates;
    }
}
