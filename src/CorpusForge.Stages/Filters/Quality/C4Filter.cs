using System.ComponentModel;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Filters.Quality;

/// <summary>Options of <see cref="C4Filter"/>: every rule of C4 (Raffel et al. 2020, section 2.2) can be switched
/// off; numbers are the published ones, as in datatrove's <c>C4QualityFilter</c>.</summary>
public sealed class C4Options
{
    /// <summary>Remove lines without terminal punctuation.</summary>
    [Description("Remove lines that do not end in terminal punctuation (. ? ! or a closing quote), or end in an ellipsis.")]
    public bool RemoveUnpunctuatedLines { get; set; } = true;

    /// <summary>Fewest words a line must have.</summary>
    [Description("Remove lines with fewer words than this (0 turns the rule off).")]
    public int MinWordsPerLine { get; set; } = 3;

    /// <summary>Fewest sentences a document must keep.</summary>
    [Description("Drop documents with fewer sentences than this after line removal (0 turns the rule off).")]
    public int MinSentences { get; set; } = 5;

    /// <summary>Longest word allowed.</summary>
    [Description("Remove lines containing a word (white-space separated) longer than this many characters (0 turns the rule off).")]
    public int MaxWordLength { get; set; } = 1000;

    /// <summary>Remove lines mentioning JavaScript.</summary>
    [Description("Remove lines containing the word 'javascript' (any case).")]
    public bool RemoveJavascriptLines { get; set; } = true;

    /// <summary>Remove cookie and policy notices.</summary>
    [Description("Remove lines containing 'terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies' or 'use cookies'.")]
    public bool RemovePolicyLines { get; set; } = true;

    /// <summary>Drop placeholder text.</summary>
    [Description("Drop documents containing 'lorem ipsum' (any case).")]
    public bool DropLoremIpsum { get; set; } = true;

    /// <summary>Drop documents with curly braces.</summary>
    [Description("Drop documents containing '{' (code rather than prose).")]
    public bool DropCurlyBraces { get; set; } = true;

    /// <summary>Remove citation markers.</summary>
    [Description("Remove Wikipedia citation markers ([1], [edit], [citation needed]) before the line rules.")]
    public bool RemoveCitations { get; set; } = true;
}

/// <summary>C4's clean-up rules: removes lines with an overlong word and unpunctuated, short, JavaScript and policy
/// lines, and drops documents with too few sentences, "lorem ipsum" or curly braces. The text is replaced by its kept
/// lines.</summary>
/// <remarks>Lines are trimmed. Words per line are counted with the shared word splitter, so a line in a script
/// without spaces counts one word per character. Attributes: <c>c4.lines</c>, <c>c4.removed_unpunctuated</c>,
/// <c>c4.removed_short</c>, <c>c4.removed_long_word</c>, <c>c4.removed_javascript</c>, <c>c4.removed_policy</c>, <c>c4.max_word_length</c>,
/// <c>c4.sentences</c>.</remarks>
[Component("filter.c4_v1", "C4 rules: drop unpunctuated/short/javascript/policy lines; lorem ipsum, curly braces, long words, few sentences")]
public sealed partial class C4Filter(C4Options options) : DocumentFilter
{
    /// <summary>C4's policy phrases that mention cookies; "terms of use" and "privacy policy" are the other two.</summary>
    private static readonly string[] CookiePhrases = ["cookie policy", "uses cookies", "use of cookies", "use cookies"];

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var text = analysis.Text;
        var words = analysis.Words;
        var attributes = document.Attributes;

        var maxWord = 0;
        foreach (var word in words) maxWord = Math.Max(maxWord, word.Length);
        attributes["c4.max_word_length"] = (long)maxWord;
        attributes["c4.lines"] = (long)analysis.Lines.Length;
        // One pass over the text tells whether any line needs the per-line long-token test.
        var anyLongToken = options.MaxWordLength > 0 && HasLongToken(text, options.MaxWordLength);
        // One lower-cased copy makes every phrase test below an ordinal (vectorised) search.
        var lower = text.ToLowerInvariant();
        if (options.DropLoremIpsum && lower.Contains("lorem ipsum", StringComparison.Ordinal))
            return FilterDecision.Drop("c4_lorem_ipsum");
        if (options.DropCurlyBraces && text.Contains('{'))
            return FilterDecision.Drop("c4_curly_bracket");

        var kept = new List<KeptLine>(analysis.Lines.Length);
        int unpunctuated = 0, tooShort = 0, longWord = 0, javascript = 0, policy = 0, wordIndex = 0;
        var changed = false;
        foreach (var line in analysis.Lines)
        {
            // Words of this line: the word list is in text order, so one forward walk serves every line.
            while (wordIndex < words.Count && words[wordIndex].Start < line.Start) wordIndex++;
            var firstWord = wordIndex;
            while (wordIndex < words.Count && words[wordIndex].Start < line.Start + line.Length) wordIndex++;
            // C4's code counts white-space tokens (line.split()); a line in a script without spaces counts its
            // splitter words (one per character) instead, or every CJK line would be "one word".
            var lineWords = CountTokens(line.Of(text), wordIndex - firstWord);

            var raw = line.Of(text);
            var chars = raw.Trim();
            var start = line.Start + (raw.Length - raw.TrimStart().Length);
            var lowered = lower.AsSpan(start, chars.Length);
            string? rewritten = null;
            if (options.RemoveCitations && chars.Contains('['))
            {
                rewritten = Citation().Replace(chars.ToString(), "").Trim();
                if (rewritten.Length == chars.Length) rewritten = null;
                else
                {
                    chars = rewritten.AsSpan();
                    lowered = rewritten.ToLowerInvariant().AsSpan();
                }
            }

            // C4's code tests the line before citations are removed.
            if (anyLongToken && HasLongToken(raw, options.MaxWordLength))
                longWord++;
            else if (options.RemoveUnpunctuatedLines && (chars.IsEmpty || !Punctuation.IsTerminal(chars[^1]) || Punctuation.EndsWithEllipsis(chars)))
                unpunctuated++;
            else if (lineWords < options.MinWordsPerLine)
                tooShort++;
            else if (options.RemoveJavascriptLines && lowered.Contains("javascript", StringComparison.Ordinal))
                javascript++;
            else if (options.RemovePolicyLines && ContainsPolicy(lowered))
                policy++;
            else
            {
                changed |= chars.Length != raw.Length;
                kept.Add(new KeptLine(start, chars.Length, firstWord, wordIndex - firstWord, rewritten));
                continue;
            }

            changed = true;
        }

        var result = changed ? Join(text, kept) : text;
        var sentences = Punctuation.CountSentences(result);
        attributes["c4.removed_unpunctuated"] = (long)unpunctuated;
        attributes["c4.removed_short"] = (long)tooShort;
        attributes["c4.removed_long_word"] = (long)longWord;
        attributes["c4.removed_javascript"] = (long)javascript;
        attributes["c4.removed_policy"] = (long)policy;
        attributes["c4.sentences"] = (long)sentences;
        if (sentences < options.MinSentences)
            return FilterDecision.Drop("c4_too_few_sentences", $"{sentences} < {options.MinSentences}");
        if (changed)
        {
            document.Text = result;
            // The kept lines' words are known: hand the next stages an analysis instead of splitting the text again.
            // (An empty result has no lines at all, which the kept-line list cannot express.)
            if (result.Length > 0 && kept.TrueForAll(k => k.Rewritten is null)) document.Analysis(_ => Reanalyse(result, words, kept));
        }

        return FilterDecision.Keep;
    }

    /// <summary>A kept line: where its trimmed characters are in the input, its words, and its new text when citation
    /// markers were removed from it.</summary>
    private readonly record struct KeptLine(int Start, int Length, int FirstWord, int WordCount, string? Rewritten);

    private static string Join(string text, List<KeptLine> kept)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < kept.Count; i++)
        {
            var line = kept[i];
            if (i > 0) builder.Append('\n');
            if (line.Rewritten is not null) builder.Append(line.Rewritten);
            else builder.Append(text.AsSpan(line.Start, line.Length));
        }

        return builder.ToString();
    }

    /// <summary>The analysis of the joined kept lines, from the input's words shifted to their new offsets.</summary>
    private static TextAnalysis Reanalyse(string result, List<WordSpan> words, List<KeptLine> kept)
    {
        var newWords = new List<WordSpan>(words.Count);
        var lines = new LineSpan[kept.Count];
        var offset = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var line = kept[i];
            lines[i] = new LineSpan(offset, line.Length);
            for (var w = line.FirstWord; w < line.FirstWord + line.WordCount; w++)
                newWords.Add(new WordSpan(words[w].Start - line.Start + offset, words[w].Length));
            offset += line.Length + 1;
        }

        return new TextAnalysis(result, newWords, lines);
    }

    /// <summary>White-space separated tokens of the line; for a line with characters of a script written without
    /// spaces, its splitter words (<paramref name="splitterWords"/>).</summary>
    private static int CountTokens(ReadOnlySpan<char> line, int splitterWords)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in line)
        {
            if (WordSplitter.IsUnspacedScript(c)) return splitterWords;
            var space = char.IsWhiteSpace(c);
            if (!space && !inToken) count++;
            inToken = !space;
        }

        return count;
    }

    /// <summary>True when a white-space separated token of the line is longer than <paramref name="max"/>, as C4's
    /// code tests it (<c>line.split()</c>): the rule removes that line only.</summary>
    private static bool HasLongToken(ReadOnlySpan<char> line, int max)
    {
        var run = 0;
        foreach (var c in line)
        {
            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > max) return true;
        }

        return false;
    }

    /// <summary>True when a lower-cased line holds a policy phrase. Every cookie phrase contains "cookie", so the
    /// four of them are only searched for on lines that do.</summary>
    private static bool ContainsPolicy(ReadOnlySpan<char> line)
    {
        if (line.Contains("cookie", StringComparison.Ordinal))
        {
            foreach (var phrase in CookiePhrases)
            {
                if (line.Contains(phrase, StringComparison.Ordinal)) return true;
            }
        }

        return line.Contains("privacy policy", StringComparison.Ordinal) || line.Contains("terms of use", StringComparison.Ordinal);
    }
}
