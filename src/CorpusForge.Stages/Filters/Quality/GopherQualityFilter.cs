using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Filters.Quality;

/// <summary>Options of <see cref="GopherQualityFilter"/>. Defaults are the values published with Gopher/MassiveText
/// (Rae et al. 2021, appendix A) and used by datatrove's <c>GopherQualityFilter</c>.</summary>
public sealed class GopherQualityOptions : IValidatableOptions
{
    /// <summary>Fewest words.</summary>
    [Description("Fewest words a document may have (gopher.word_count).")]
    public int MinWords { get; set; } = 50;

    /// <summary>Most words.</summary>
    [Description("Most words a document may have (gopher.word_count).")]
    public int MaxWords { get; set; } = 100_000;

    /// <summary>Lowest mean word length.</summary>
    [Description("Lowest mean word length in characters (gopher.mean_word_length); not applied to texts mostly in scripts without spaces.")]
    public double MinMeanWordLength { get; set; } = 3;

    /// <summary>Highest mean word length.</summary>
    [Description("Highest mean word length in characters (gopher.mean_word_length).")]
    public double MaxMeanWordLength { get; set; } = 10;

    /// <summary>Highest ratio of '#' to words, and of ellipses to words (each on its own).</summary>
    [Description("Highest ratio of '#' characters to words (gopher.hash_word_ratio) and, separately, of ellipses ('...' or '…') to words (gopher.ellipsis_word_ratio).")]
    public double MaxSymbolWordRatio { get; set; } = 0.1;

    /// <summary>Highest fraction of lines starting with a bullet.</summary>
    [Description("Highest fraction of lines (blank ones included) starting, after white space, with a bullet '•' or '-' (gopher.bullet_line_ratio).")]
    public double MaxBulletLineRatio { get; set; } = 0.9;

    /// <summary>Highest fraction of lines ending with an ellipsis.</summary>
    [Description("Highest fraction of lines (blank ones included) ending, before white space, with '...' or '…' (gopher.ellipsis_line_ratio).")]
    public double MaxEllipsisLineRatio { get; set; } = 0.3;

    /// <summary>Lowest fraction of words containing a letter.</summary>
    [Description("Lowest fraction of words that contain at least one letter (gopher.alpha_word_ratio).")]
    public double MinAlphaWordRatio { get; set; } = 0.8;

    /// <summary>Fewest stop words.</summary>
    [Description("Fewest distinct stop words of the language the text must contain (gopher.stop_word_count); 0 turns the rule off. Skipped for languages without a list.")]
    public int MinStopWords { get; set; } = 2;

    /// <summary>Language whose stop words are used.</summary>
    [Description("Language of the stop-word list: 'auto' takes the document's language.code attribute (English when absent), or an ISO 639-1 code.")]
    public string Language { get; set; } = "auto";

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinWords < 0 || MaxWords < MinWords) yield return $"need 0 <= min_words <= max_words (got {MinWords}, {MaxWords})";
        if (MinMeanWordLength > MaxMeanWordLength) yield return "min_mean_word_length must not exceed max_mean_word_length";
        if (Language != "auto" && StopWords.For(Language) is null && MinStopWords > 0)
            yield return $"no stop-word list for language '{Language}'; known: auto, {string.Join(", ", StopWords.Languages.Order())}";
    }
}

/// <summary>Gopher quality rules: word count, mean word length, '#' and ellipsis ratios, bullet and ellipsis lines,
/// words with letters and stop words. Every value is stored as a <c>gopher.*</c> attribute; the first failing rule
/// (in the order listed) names the drop.</summary>
/// <remarks>The reference is the paper (Rae et al. 2021, appendix A.1.1); where it is silent (which lines count,
/// which characters are bullets) datatrove's <c>GopherQualityFilter</c>, the code FineWeb was built with, decides.
/// Deliberate deviations are listed in docs/filters-quality.md with their reasons.</remarks>
[Component("filter.gopher_quality_v1", "Gopher quality rules: word count, word length, symbols, bullets, ellipses, alphabetic words, stop words")]
public sealed class GopherQualityFilter(GopherQualityOptions options) : DocumentFilter
{
    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var text = analysis.Text;
        var words = analysis.Words;
        var attributes = document.Attributes;

        long letters = 0;
        var alphaWords = 0;
        var unspacedWords = 0;
        foreach (var word in words)
        {
            var chars = word.Of(text);
            letters += chars.Length;
            if (HasLetter(chars)) alphaWords++;
            if (WordSplitter.IsUnspacedScript(FirstCodePoint(chars))) unspacedWords++;
        }

        var wordCount = words.Count;
        var meanWordLength = wordCount == 0 ? 0 : (double)letters / wordCount;
        // The paper: "a symbol-to-word ratio greater than 0.1 for either the hash symbol or the ellipsis", each its own
        // ratio. A text without words divides by 1, so that scores stay finite numbers (attributes are written as JSON).
        var hashRatio = (double)CountChar(text, '#') / Math.Max(1, wordCount);
        var ellipsisWordRatio = (double)CountEllipses(text) / Math.Max(1, wordCount);
        var (bulletRatio, ellipsisRatio) = LineRatios(analysis);
        var alphaRatio = wordCount == 0 ? 0 : (double)alphaWords / wordCount;
        var language = options.Language == "auto"
            ? document.Attributes.TryGetValue("language.code", out var code) && code is string s ? s : "en"
            : options.Language;
        var stopWords = StopWords.For(language);
        var stopWordCount = stopWords is null ? -1 : CountStopWords(text, words, stopWords);
        // Mean word length is meaningless where every character is a word (Chinese, Japanese, Thai).
        var spaced = unspacedWords * 2 <= wordCount;

        attributes["gopher.word_count"] = (long)wordCount;
        attributes["gopher.mean_word_length"] = meanWordLength;
        attributes["gopher.hash_word_ratio"] = hashRatio;
        attributes["gopher.ellipsis_word_ratio"] = ellipsisWordRatio;
        attributes["gopher.bullet_line_ratio"] = bulletRatio;
        attributes["gopher.ellipsis_line_ratio"] = ellipsisRatio;
        attributes["gopher.alpha_word_ratio"] = alphaRatio;
        attributes["gopher.stop_word_count"] = (long)stopWordCount;

        if (wordCount < options.MinWords) return FilterDecision.Drop("gopher_too_few_words", $"{wordCount} < {options.MinWords}");
        if (wordCount > options.MaxWords) return FilterDecision.Drop("gopher_too_many_words", $"{wordCount} > {options.MaxWords}");
        if (spaced && meanWordLength < options.MinMeanWordLength)
            return FilterDecision.Drop("gopher_mean_word_length_low", $"{meanWordLength:F2} < {options.MinMeanWordLength}");
        if (spaced && meanWordLength > options.MaxMeanWordLength)
            return FilterDecision.Drop("gopher_mean_word_length_high", $"{meanWordLength:F2} > {options.MaxMeanWordLength}");
        if (hashRatio > options.MaxSymbolWordRatio)
            return FilterDecision.Drop("gopher_symbol_word_ratio", $"'#' {hashRatio:F3} > {options.MaxSymbolWordRatio}");
        if (ellipsisWordRatio > options.MaxSymbolWordRatio)
            return FilterDecision.Drop("gopher_symbol_word_ratio", $"ellipsis {ellipsisWordRatio:F3} > {options.MaxSymbolWordRatio}");
        if (bulletRatio > options.MaxBulletLineRatio)
            return FilterDecision.Drop("gopher_bullet_lines", $"{bulletRatio:F3} > {options.MaxBulletLineRatio}");
        if (ellipsisRatio > options.MaxEllipsisLineRatio)
            return FilterDecision.Drop("gopher_ellipsis_lines", $"{ellipsisRatio:F3} > {options.MaxEllipsisLineRatio}");
        if (alphaRatio < options.MinAlphaWordRatio)
            return FilterDecision.Drop("gopher_alpha_words", $"{alphaRatio:F3} < {options.MinAlphaWordRatio}");
        if (stopWordCount >= 0 && stopWordCount < options.MinStopWords)
            return FilterDecision.Drop("gopher_stop_words", $"{stopWordCount} < {options.MinStopWords} ({language})");
        return FilterDecision.Keep;
    }

    private static bool HasLetter(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c)) return true;
        }

        return false;
    }

    private static int FirstCodePoint(ReadOnlySpan<char> chars) =>
        chars.Length >= 2 && char.IsSurrogatePair(chars[0], chars[1]) ? char.ConvertToUtf32(chars[0], chars[1]) : chars[0];

    private static int CountChar(string text, char value) => text.AsSpan().Count(value);

    private static int CountEllipses(string text) => text.AsSpan().Count("...") + text.AsSpan().Count('…');

    private static (double Bullets, double Ellipses) LineRatios(TextAnalysis analysis)
    {
        var text = analysis.Text;
        var lines = 0;
        var bullets = 0;
        var ellipses = 0;
        // Every line counts, blank ones too, and only '•' and '-' are bullets: the paper does not say, datatrove does so.
        var all = analysis.Lines;
        // Like Python's splitlines(), a final newline does not start another (empty) line.
        var count = all.Length > 0 && all[^1].Length == 0 && text.Length > 0 && text[^1] == '\n' ? all.Length - 1 : all.Length;
        for (var i = 0; i < count; i++)
        {
            var chars = all[i].Of(text).Trim();
            lines++;
            if (chars.IsEmpty) continue;
            if (chars[0] is '•' or '-') bullets++;
            if (Punctuation.EndsWithEllipsis(chars)) ellipses++;
        }

        return lines == 0 ? (0, 0) : ((double)bullets / lines, (double)ellipses / lines);
    }

    private static int CountStopWords(string text, List<WordSpan> words, StopWordList stopWords)
    {
        // The paper: "does not contain at least two of the following English words" — distinct words, so a text
        // whose only stop word is "the", however often, has one.
        var lookup = stopWords.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[StopWordList.MaxWordLength];
        var found = new HashSet<string>(ReferenceEqualityComparer.Instance);
        foreach (var word in words)
        {
            // Words longer than the list's longest cannot match: most words skip the lookup.
            if (word.Length > stopWords.LongestWord) continue;
            var written = word.Of(text).ToLowerInvariant(lower);
            if (lookup.TryGetValue(lower[..written], out var stopWord) && found.Add(stopWord) && found.Count == stopWords.Words.Count) break;
        }

        return found.Count;
    }
}
