using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Filters.Quality;

/// <summary>Options of <see cref="FineWebFilter"/>. Defaults are those of the FineWeb quality filter (Penedo et al.
/// 2024, "The FineWeb Datasets", section 3.3 and appendix) as set in datatrove's <c>FineWebQualityFilter</c>.</summary>
public sealed class FineWebOptions
{
    /// <summary>Fraction of lines ending in punctuation at or below which a document is dropped.</summary>
    [Description("Drop documents whose fraction of lines ending in . ' \" ! or ? is at or below this (fineweb.line_punct_ratio).")]
    public double MinLinePunctuationRatio { get; set; } = 0.12;

    /// <summary>Fraction of short lines at or above which a document is dropped.</summary>
    [Description("Drop documents whose fraction of lines of at most short_line_length characters is at or above this (fineweb.short_line_ratio).")]
    public double MaxShortLineRatio { get; set; } = 0.67;

    /// <summary>Length up to which a line is short.</summary>
    [Description("A line with at most this many characters counts as short.")]
    public int ShortLineLength { get; set; } = 30;

    /// <summary>Fraction of characters in repeated lines at or above which a document is dropped.</summary>
    [Description("Drop documents whose fraction of characters (newlines excluded) in non-blank lines repeating an earlier line is at or above this (fineweb.char_dup_ratio).")]
    public double MaxDuplicateLineCharRatio { get; set; } = 0.01;

    /// <summary>Highest ratio of newlines to words.</summary>
    [Description("Drop documents with more newline characters per word token (punctuation tokens included) than this (fineweb.newline_word_ratio).")]
    public double MaxNewlineWordRatio { get; set; } = 0.3;
}

/// <summary>FineWeb's rules for list-like and boilerplate pages: punctuated lines, short lines, repeated lines and
/// newlines per word, each stored as a <c>fineweb.*</c> attribute; the first failing rule names the drop.</summary>
/// <remarks>The reference is FineWeb's own rule set as published with the dataset (the paper's appendix and
/// datatrove's <c>FineWebQualityFilter</c>, which produced it): lines are the text split at <c>\n</c>, blank ones
/// included; a line is punctuated when its last character is one of <c>. ' " ! ?</c> (nothing trimmed, so a line
/// ending in a space or a closing curly quote is not); the punctuation and duplicate rules drop at the threshold
/// ("≤ 0.12", "≥ 0.67", "≥ 0.01"); duplicate characters count non-blank lines equal to an earlier one; the newline
/// ratio divides by word tokens, punctuation tokens included, as a Treebank-style tokenizer yields them. One
/// deviation (see docs/filters-quality.md): a <c>\r</c> before <c>\n</c> is not part of the line, so CRLF text is
/// judged like the same text with LF. Empty text has no lines: its punctuation ratio is 0 and it is dropped.</remarks>
[Component("filter.fineweb_v1", "FineWeb rules: punctuated lines, short lines, duplicated line characters, newlines per word")]
public sealed class FineWebFilter(FineWebOptions options) : DocumentFilter
{
    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var text = analysis.Text;
        var counter = HashCounter.Rent(analysis.Lines.Length);
        var lines = analysis.Lines.Length;
        var punctuated = 0;
        var shortLines = 0;
        long duplicateChars = 0;
        foreach (var line in analysis.Lines)
        {
            var chars = line.Of(text);
            if (chars.Length > 0 && chars[^1] is '.' or '\'' or '"' or '!' or '?') punctuated++;
            if (chars.Length <= options.ShortLineLength) shortLines++;
            if (TextAnalysis.IsBlank(chars)) continue;
            if (counter.Add(TextAnalysis.Hash(chars) ^ (ulong)chars.Length) > 1) duplicateChars += chars.Length;
        }

        var newlines = text.AsSpan().Count('\n');
        var nonNewline = text.Length - newlines;
        var punctRatio = lines == 0 ? 0 : (double)punctuated / lines;
        var shortRatio = lines == 0 ? 0 : (double)shortLines / lines;
        var dupRatio = nonNewline == 0 ? 0 : (double)duplicateChars / nonNewline;
        var tokens = analysis.Words.Count + CountPunctuationTokens(text);
        var newlineRatio = (double)newlines / Math.Max(1, tokens);

        var attributes = document.Attributes;
        attributes["fineweb.line_punct_ratio"] = punctRatio;
        attributes["fineweb.short_line_ratio"] = shortRatio;
        attributes["fineweb.char_dup_ratio"] = dupRatio;
        attributes["fineweb.newline_word_ratio"] = newlineRatio;

        if (punctRatio <= options.MinLinePunctuationRatio)
            return FilterDecision.Drop("fineweb_line_punct_ratio", $"{punctRatio:F3} <= {options.MinLinePunctuationRatio}");
        if (shortRatio >= options.MaxShortLineRatio)
            return FilterDecision.Drop("fineweb_short_line_ratio", $"{shortRatio:F3} >= {options.MaxShortLineRatio}");
        if (dupRatio >= options.MaxDuplicateLineCharRatio)
            return FilterDecision.Drop("fineweb_char_dup_ratio", $"{dupRatio:F3} >= {options.MaxDuplicateLineCharRatio}");
        if (newlineRatio > options.MaxNewlineWordRatio)
            return FilterDecision.Drop("fineweb_newline_word_ratio", $"{newlineRatio:F3} > {options.MaxNewlineWordRatio}");
        return FilterDecision.Keep;
    }

    /// <summary>Punctuation tokens as a Treebank-style tokenizer separates them: runs of punctuation and symbols,
    /// except a single mark joining two letters or digits ("don't", "well-known", "3.5"), which stays in its word.</summary>
    internal static int CountPunctuationTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inRun = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                inRun = false;
                continue;
            }

            var joining = !inRun && i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);
            if (!joining && !inRun) count++;
            inRun = !joining;
        }

        return count;
    }
}
