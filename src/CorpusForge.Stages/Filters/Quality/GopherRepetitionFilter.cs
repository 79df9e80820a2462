using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Filters.Quality;

/// <summary>Options of <see cref="GopherRepetitionFilter"/>. Defaults are the thresholds of Gopher/MassiveText
/// (Rae et al. 2021, table A1) as used by datatrove's <c>GopherRepetitionFilter</c>.</summary>
public sealed class GopherRepetitionOptions : IValidatableOptions
{
    /// <summary>Highest fraction of duplicated lines.</summary>
    [Description("Highest fraction of non-blank lines that repeat an earlier line (gopher.dup_line_frac).")]
    public double MaxDuplicateLineFraction { get; set; } = 0.3;

    /// <summary>Highest fraction of duplicated paragraphs.</summary>
    [Description("Highest fraction of paragraphs that repeat an earlier paragraph (gopher.dup_para_frac).")]
    public double MaxDuplicateParagraphFraction { get; set; } = 0.3;

    /// <summary>Highest fraction of characters in duplicated lines.</summary>
    [Description("Highest fraction of the text's characters inside repeated lines (gopher.dup_line_char_frac).")]
    public double MaxDuplicateLineCharFraction { get; set; } = 0.2;

    /// <summary>Highest fraction of characters in duplicated paragraphs.</summary>
    [Description("Highest fraction of the text's characters inside repeated paragraphs (gopher.dup_para_char_frac).")]
    public double MaxDuplicateParagraphCharFraction { get; set; } = 0.2;

    /// <summary>Highest character fraction of the most frequent 2-, 3- and 4-gram.</summary>
    [Description("Highest fraction of characters covered by the most frequent word 2-, 3- and 4-gram (gopher.top_2_gram_char_frac …).")]
    public double[] MaxTopNgramCharFraction { get; set; } = [0.20, 0.18, 0.16];

    /// <summary>Highest character fraction of duplicated 5- to 10-grams.</summary>
    [Description("Highest fraction of characters in repeated word 5-, 6-, 7-, 8-, 9- and 10-grams (gopher.dup_5_gram_char_frac …).")]
    public double[] MaxDuplicateNgramCharFraction { get; set; } = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxTopNgramCharFraction.Length != 3) yield return "max_top_ngram_char_fraction needs 3 values (for 2-, 3- and 4-grams)";
        if (MaxDuplicateNgramCharFraction.Length != 6) yield return "max_duplicate_ngram_char_fraction needs 6 values (for 5- to 10-grams)";
    }
}

/// <summary>Gopher repetition rules: repeated lines and paragraphs, the most frequent short n-grams and repeated long
/// n-grams, each as a fraction stored in a <c>gopher.*</c> attribute; the first exceeded threshold names the drop.</summary>
/// <remarks>
/// Follows Rae et al. 2021 and datatrove: a repeated item counts once per repetition after its first occurrence;
/// a top n-gram covers (its length, words joined by single spaces) × (its count) characters when it occurs more
/// than once; repeated n-grams are found by a left-to-right scan that skips over each repeat, counting the
/// repeat's word characters. N-grams are compared by word hashes, not by substrings. Fractions are of the text's
/// length in UTF-16 characters; an empty text has all fractions 0.
/// </remarks>
[Component("filter.gopher_repetition_v1", "Gopher repetition rules: duplicate lines/paragraphs, top 2-4-grams, duplicate 5-10-grams")]
public sealed class GopherRepetitionFilter(GopherRepetitionOptions options) : DocumentFilter
{
    private static readonly string[] TopKeys = ["gopher.top_2_gram_char_frac", "gopher.top_3_gram_char_frac", "gopher.top_4_gram_char_frac"];

    private static readonly string[] DuplicateKeys =
    [
        "gopher.dup_5_gram_char_frac", "gopher.dup_6_gram_char_frac", "gopher.dup_7_gram_char_frac",
        "gopher.dup_8_gram_char_frac", "gopher.dup_9_gram_char_frac", "gopher.dup_10_gram_char_frac",
    ];

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var text = analysis.Text;
        double length = Math.Max(1, text.Length);
        var attributes = document.Attributes;

        var (paragraphs, dupParagraphs, dupParagraphChars) = Duplicates(text, analysis.Paragraphs);
        var (lines, dupLines, dupLineChars) = Duplicates(text, analysis.Lines);
        var dupParaFrac = paragraphs == 0 ? 0 : (double)dupParagraphs / paragraphs;
        var dupParaCharFrac = dupParagraphChars / length;
        var dupLineFrac = lines == 0 ? 0 : (double)dupLines / lines;
        var dupLineCharFrac = dupLineChars / length;
        attributes["gopher.dup_para_frac"] = dupParaFrac;
        attributes["gopher.dup_para_char_frac"] = dupParaCharFrac;
        attributes["gopher.dup_line_frac"] = dupLineFrac;
        attributes["gopher.dup_line_char_frac"] = dupLineCharFrac;

        var hashes = analysis.WordHashes;
        var prefix = WordLengthPrefix(analysis);
        Span<double> top = stackalloc double[3];
        for (var n = 2; n <= 4; n++)
        {
            top[n - 2] = n > 2 && top[n - 3] == 0 ? 0 : TopNgramChars(hashes, prefix, n) / length;
            attributes[TopKeys[n - 2]] = top[n - 2];
        }

        Span<double> dup = stackalloc double[6];
        for (var n = 5; n <= 10; n++)
        {
            // A repeated (n+1)-gram contains a repeated n-gram: once no n-gram repeats, no longer one does.
            dup[n - 5] = n > 5 && dup[n - 6] == 0 ? 0 : DuplicateNgramChars(hashes, prefix, n) / length;
            attributes[DuplicateKeys[n - 5]] = dup[n - 5];
        }

        if (dupParaFrac > options.MaxDuplicateParagraphFraction)
            return FilterDecision.Drop("gopher_dup_para_frac", $"{dupParaFrac:F3} > {options.MaxDuplicateParagraphFraction}");
        if (dupParaCharFrac > options.MaxDuplicateParagraphCharFraction)
            return FilterDecision.Drop("gopher_dup_para_char_frac", $"{dupParaCharFrac:F3} > {options.MaxDuplicateParagraphCharFraction}");
        if (dupLineFrac > options.MaxDuplicateLineFraction)
            return FilterDecision.Drop("gopher_dup_line_frac", $"{dupLineFrac:F3} > {options.MaxDuplicateLineFraction}");
        if (dupLineCharFrac > options.MaxDuplicateLineCharFraction)
            return FilterDecision.Drop("gopher_dup_line_char_frac", $"{dupLineCharFrac:F3} > {options.MaxDuplicateLineCharFraction}");
        for (var i = 0; i < 3; i++)
        {
            if (top[i] > options.MaxTopNgramCharFraction[i])
                return FilterDecision.Drop($"gopher_top_{i + 2}_gram", $"{top[i]:F3} > {options.MaxTopNgramCharFraction[i]}");
        }

        for (var i = 0; i < 6; i++)
        {
            if (dup[i] > options.MaxDuplicateNgramCharFraction[i])
                return FilterDecision.Drop($"gopher_dup_{i + 5}_gram", $"{dup[i]:F3} > {options.MaxDuplicateNgramCharFraction[i]}");
        }

        return FilterDecision.Keep;
    }

    /// <summary>Counts non-blank items, repeats of an earlier item, and the characters in those repeats.</summary>
    private static (int Items, int Duplicates, long DuplicateChars) Duplicates(string text, LineSpan[] items)
    {
        var counter = HashCounter.Rent(items.Length);
        var count = 0;
        var duplicates = 0;
        long chars = 0;
        foreach (var item in items)
        {
            var span = item.Of(text);
            if (TextAnalysis.IsBlank(span)) continue;
            count++;
            // Mixing in the length makes equal hashes of different-length items even less likely.
            if (counter.Add(TextAnalysis.Hash(span) ^ (ulong)span.Length) > 1)
            {
                duplicates++;
                chars += span.Length;
            }
        }

        return (count, duplicates, chars);
    }

    private static long[] WordLengthPrefix(TextAnalysis analysis)
    {
        var words = analysis.Words;
        var prefix = new long[words.Count + 1];
        for (var i = 0; i < words.Count; i++) prefix[i + 1] = prefix[i] + words[i].Length;
        return prefix;
    }

    /// <summary>Odd multiplier of the polynomial n-gram hash (arithmetic mod 2^64).</summary>
    private const ulong Base = 0x9E3779B97F4A7C15UL;

    [ThreadStatic]
    private static ulong[]? _keys;

    /// <summary>Hash of every n-gram (Σ word hash × Base^(n−1−j)), rolled along the words in one pass.</summary>
    private static ulong[] NgramKeys(ulong[] hashes, int n, int positions)
    {
        var keys = _keys is { } k && k.Length >= positions ? k : _keys = new ulong[Math.Max(positions, 1024)];
        ulong power = 1;
        for (var j = 1; j < n; j++) power *= Base;
        ulong key = 0;
        for (var j = 0; j < n; j++) key = key * Base + hashes[j];
        keys[0] = key;
        for (var i = 1; i < positions; i++)
        {
            key = (key - hashes[i - 1] * power) * Base + hashes[i + n - 1];
            keys[i] = key;
        }

        return keys;
    }

    /// <summary>Characters covered by the most frequent n-gram (words joined by spaces × count), 0 if none repeats.</summary>
    private static double TopNgramChars(ulong[] hashes, long[] prefix, int n)
    {
        var positions = hashes.Length - n + 1;
        if (positions < 2) return 0;
        var keys = NgramKeys(hashes, n, positions);
        var counter = HashCounter.Rent(positions);
        for (var i = 0; i < positions; i++) counter.Add(keys[i], i);
        if (counter.MaxCount < 2) return 0;
        var first = counter.MaxFirst;
        var chars = prefix[first + n] - prefix[first] + (n - 1);
        return (double)chars * counter.MaxCount;
    }

    /// <summary>Characters of repeated n-grams (words joined by single spaces, as datatrove measures them), scanning
    /// left to right and jumping past each repeat.</summary>
    private static double DuplicateNgramChars(ulong[] hashes, long[] prefix, int n)
    {
        var positions = hashes.Length - n + 1;
        if (positions < 2) return 0;
        var keys = NgramKeys(hashes, n, positions);
        var counter = HashCounter.Rent(positions);
        long chars = 0;
        var i = 0;
        while (i < positions)
        {
            if (counter.Add(keys[i]) > 1)
            {
                chars += prefix[i + n] - prefix[i] + (n - 1);
                i += n;
            }
            else
            {
                i++;
            }
        }

        return chars;
    }
}
