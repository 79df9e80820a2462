using System.Text.RegularExpressions;

namespace CorpusForge.Bench;

/// <summary>An independent, deliberately plain re-implementation of the published quality rules, written from the
/// papers (Gopher: Rae et al. 2021 appendix A.1.1 and table A1; C4: Raffel et al. 2020 section 2.2; FineWeb: Penedo
/// et al. 2024 section 3.3) and, where they are silent, from the documented behaviour of the code that produced the
/// datasets (datatrove's filters; TensorFlow Datasets' c4_utils). It shares no code with CorpusForge's stages: it
/// works on strings with regular expressions and dictionaries, as the reference code does, so the agreement harness
/// compares two independent readings of the same rules.</summary>
/// <remarks>Each method returns one decision per rule (true = the rule drops the document), every rule evaluated on
/// the original text, so that rules can be compared one by one. <paramref name="deviations"/> switches on
/// CorpusForge's listed deliberate deviations (docs/filters-quality.md), so that agreement can be reported both
/// against the plain reference and with the listed deviations applied.</remarks>
public static partial class QualityReference
{
    private static readonly string[] GopherStopWords = ["the", "be", "to", "of", "and", "that", "have", "with"];
    private static readonly string[] Policy = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    // Treebank-like tokens: words (with inner apostrophes, hyphens and decimal points) and single punctuation marks.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}_]+(?:['’\-.][\p{L}\p{M}\p{N}_]+)*|[^\p{L}\p{M}\p{N}_\s]")]
    private static partial Regex Token();

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]", RegexOptions.IgnoreCase)]
    private static partial Regex Citation();

    [GeneratedRegex(@"\n{2,}")]
    private static partial Regex ParagraphBreak();

    /// <summary>Python's str.splitlines() for the separators that occur in text (\r\n, \n, \r).</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            lines.Add(text[start..i]);
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }

        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static List<string> Words(string text) =>
        Token().Matches(text).Select(m => m.Value).Where(t => t.Any(char.IsLetterOrDigit)).ToList();

    /// <summary>Gopher quality rules: word count, mean word length, '#', ellipsis, bullets, ellipsis lines, alphabetic
    /// words, stop words (distinct; lower-cased with the deviations).</summary>
    public static Dictionary<string, bool> GopherQuality(string text, bool deviations)
    {
        var words = Words(text);
        var n = Math.Max(1, words.Count);
        var mean = words.Count == 0 ? 0 : words.Average(w => w.Length);
        var lines = SplitLines(text);
        var lineCount = Math.Max(1, lines.Count);
        var stop = new HashSet<string>(words.Select(w => deviations ? w.ToLowerInvariant() : w).Where(GopherStopWords.Contains));
        return new Dictionary<string, bool>
        {
            ["word_count"] = words.Count < 50 || words.Count > 100_000,
            ["mean_word_length"] = mean < 3 || mean > 10,
            ["hash_ratio"] = (double)text.Count(c => c == '#') / n > 0.1,
            ["ellipsis_ratio"] = (double)(Regex.Count(text, @"\.\.\.") + text.Count(c => c == '…')) / n > 0.1,
            ["bullet_lines"] = (double)lines.Count(l => l.TrimStart().StartsWith('•') || l.TrimStart().StartsWith('-')) / lineCount > 0.9,
            ["ellipsis_lines"] = (double)lines.Count(l => l.TrimEnd().EndsWith("...") || l.TrimEnd().EndsWith('…')) / lineCount > 0.3,
            ["alpha_words"] = (double)words.Count(w => w.Any(char.IsLetter)) / n < 0.8,
            ["stop_words"] = stop.Count < 2,
        };
    }

    /// <summary>Gopher repetition rules (table A1 thresholds).</summary>
    public static Dictionary<string, bool> GopherRepetition(string text, bool deviations)
    {
        var result = new Dictionary<string, bool>();
        var length = Math.Max(1, text.Length);
        // Deviation: CRLF paragraph breaks are paragraph breaks too (the reference splits at "\n\n" only).
        var paragraphs = ParagraphBreak().Split((deviations ? text.Replace("\r\n", "\n") : text).Trim()).ToList();
        var (paraDup, paraChars) = Duplicates(paragraphs);
        result["dup_para_frac"] = (double)paraDup / Math.Max(1, paragraphs.Count) > 0.3;
        result["dup_para_char_frac"] = (double)paraChars / length > 0.2;
        var lines = SplitLines(text);
        // Deviation: blank lines are not lines for the duplicate-line rules.
        if (deviations) lines = lines.Where(l => l.Trim().Length > 0).ToList();
        var (lineDup, lineChars) = Duplicates(lines);
        result["dup_line_frac"] = (double)lineDup / Math.Max(1, lines.Count) > 0.3;
        result["dup_line_char_frac"] = (double)lineChars / length > 0.2;
        var words = Words(text);
        double[] top = [0.20, 0.18, 0.16];
        for (var n = 2; n <= 4; n++)
        {
            var grams = NGrams(words, n);
            var fired = false;
            if (grams.Count > 0)
            {
                var best = grams.GroupBy(g => g).Select(g => (Gram: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).First();
                // Deviation: an n-gram that occurs once covers nothing.
                if (!deviations || best.Count > 1) fired = (double)best.Gram.Length * best.Count / length > top[n - 2];
            }

            result[$"top_{n}_gram"] = fired;
        }

        double[] dup = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10];
        for (var n = 5; n <= 10; n++)
        {
            var grams = NGrams(words, n);
            var seen = new HashSet<string>();
            long chars = 0;
            var i = 0;
            while (i < grams.Count)
            {
                if (!seen.Add(grams[i]))
                {
                    chars += grams[i].Length;
                    i += n;
                }
                else i++;
            }

            result[$"dup_{n}_gram"] = (double)chars / length > dup[n - 5];
        }

        return result;
    }

    /// <summary>C4: the page decision ("drop" with its reason, or "keep") and the kept text.</summary>
    public static (string Decision, string Kept) C4(string text, bool deviations)
    {
        var kept = new List<string>();
        var sentences = 0;
        foreach (var raw in SplitLines(text))
        {
            var line = raw.Trim();
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Any(t => t.Length > 1000)) continue;
            line = Citation().Replace(line, "");
            // Deviation: the line is trimmed again once citation markers are gone.
            if (deviations) line = line.Trim();
            var terminal = line.Length > 0 && (line[^1] is '.' or '?' or '!' or '"' or '\''
                || (deviations && line[^1] is '”' or '’' or '»' or '。' or '！' or '？' or '｡' or '؟' or '۔' or '।' or '॥' or '።'));
            if (!terminal || line.EndsWith("...")) continue;
            // Words per line: white-space tokens of the line before citations are removed, as the code counts them.
            var wordCount = tokens.Length;
            // Deviation: a line in a script without spaces counts one word per character.
            if (deviations) wordCount = Math.Max(wordCount, line.Count(c => c is >= '\u3040' and <= '\u9fff' or >= '\u0e00' and <= '\u0e7f'));
            if (wordCount < 3) continue;
            var lower = line.ToLowerInvariant();
            if (lower.Contains("javascript")) continue;
            if (Policy.Any(lower.Contains)) continue;
            sentences += Regex.Count(line, @"[.!?]+(?=\s|$|[""'”’)])");
            kept.Add(line);
        }

        // The paper: any page that contains "lorem ipsum" or a curly bracket is dropped, wherever it is.
        if (text.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase)) return ("lorem_ipsum", "");
        if (text.Contains('{')) return ("curly_bracket", "");
        if (sentences < 5) return ("too_few_sentences", "");
        return ("keep", string.Join('\n', kept));
    }

    /// <summary>FineWeb's four rules.</summary>
    public static Dictionary<string, bool> FineWeb(string text, bool deviations)
    {
        var lines = text.Split('\n').ToList();
        // Deviation: a \r before \n is not part of the line.
        if (deviations) lines = lines.Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
        var count = Math.Max(1, lines.Count);
        var punct = (double)lines.Count(l => l.Length > 0 && l[^1] is '.' or '\'' or '"' or '!' or '?') / count;
        var shortRatio = (double)lines.Count(l => l.Length <= 30) / count;
        var nonEmpty = lines.Where(l => l.Trim().Length > 0).ToList();
        var dupChars = Duplicates(nonEmpty).Chars;
        var chars = Math.Max(1, text.Length - text.Count(c => c == '\n'));
        var tokens = Math.Max(1, Token().Count(text));
        return new Dictionary<string, bool>
        {
            ["line_punct_ratio"] = punct <= 0.12,
            ["short_line_ratio"] = shortRatio >= 0.67,
            ["char_dup_ratio"] = (double)dupChars / chars >= 0.01,
            ["newline_word_ratio"] = (double)text.Count(c => c == '\n') / tokens > 0.3,
        };
    }

    private static (int Count, long Chars) Duplicates(List<string> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        long chars = 0;
        foreach (var item in items)
        {
            if (seen.Add(item)) continue;
            count++;
            chars += item.Length;
        }

        return (count, chars);
    }

    private static List<string> NGrams(List<string> words, int n)
    {
        var grams = new List<string>(Math.Max(0, words.Count - n + 1));
        for (var i = 0; i + n <= words.Count; i++) grams.Add(string.Join(' ', words.GetRange(i, n)));
        return grams;
    }
}
