using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Text;

namespace CorpusForge.Stages.Filters.Quality;

/// <summary>Options of <see cref="FineWebFilter"/>. Defaults are those of the FineWeb quality filter (Penedo et al.
/// 2024, "The FineWeb Datasets", section 3.3) as set in datatrove's <c>FineWebQualityFilter</c>.</summary>
public sealed class FineWebOptions
{
    /// <summary>Lowest fraction of lines ending in punctuation.</summary>
    [Description("Lowest fraction of non-blank lines ending in terminal punctuation (fineweb.line_punct_ratio).")]
    public double MinLinePunctuationRatio { get; set; } = 0.12;

    /// <summary>Highest fraction of short lines.</summary>
    [Description("Highest fraction of non-blank lines of at most short_line_length characters (fineweb.short_line_ratio).")]
    public double MaxShortLineRatio { get; set; } = 0.67;

    /// <summary>Length up to which a line is short.</summary>
    [Description("A line with at most this many characters counts as short.")]
    public int ShortLineLength { get; set; } = 30;

    /// <summary>Highest fraction of characters in repeated lines.</summary>
    [Description("Highest fraction of characters (newlines excluded) in lines that repeat an earlier line (fineweb.char_dup_ratio).")]
    public double MaxDuplicateLineCharRatio { get; set; } = 0.01;

    /// <summary>Highest ratio of newlines to words.</summary>
    [Description("Highest ratio of newline characters to words (fineweb.newline_word_ratio).")]
    public double MaxNewlineWordRatio { get; set; } = 0.3;
}

/// <summary>FineWeb's rules for list-like and boilerplate pages: punctuated lines, short lines, repeated lines and
/// newlines per word, each stored as a <c>fineweb.*</c> attribute; the first failing rule names the drop.</summary>
/// <remarks>Only non-blank lines count. A text without any (empty or blank) has a punctuation ratio of 0 and is
/// dropped by that rule; a text without words has as newline ratio its number of newlines (the ratio divides by at
/// least 1 so that it stays a finite number).</remarks>
[Component("filter.fineweb_v1", "FineWeb rules: punctuated lines, short lines, duplicated line characters, newlines per word")]
public sealed class FineWebFilter(FineWebOptions options) : DocumentFilter, IScoreThresholds
{
    /// <inheritdoc />
    public IEnumerable<ScoreThreshold> Thresholds =>
    [
        new("fineweb.line_punct_ratio", options.MinLinePunctuationRatio, IsMinimum: true),
        new("fineweb.short_line_ratio", options.MaxShortLineRatio, IsMinimum: false),
        new("fineweb.char_dup_ratio", options.MaxDuplicateLineCharRatio, IsMinimum: false),
        new("fineweb.newline_word_ratio", options.MaxNewlineWordRatio, IsMinimum: false),
    ];

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var text = analysis.Text;
        var counter = HashCounter.Rent(analysis.Lines.Length);
        var lines = 0;
        var punctuated = 0;
        var shortLines = 0;
        long duplicateChars = 0;
        foreach (var line in analysis.Lines)
        {
            var chars = line.Of(text);
            if (TextAnalysis.IsBlank(chars)) continue;
            lines++;
            if (Punctuation.IsTerminal(chars.TrimEnd()[^1])) punctuated++;
            if (chars.Length <= options.ShortLineLength) shortLines++;
            if (counter.Add(TextAnalysis.Hash(chars) ^ (ulong)chars.Length) > 1) duplicateChars += chars.Length;
        }

        var newlines = text.AsSpan().Count('\n');
        var nonNewline = text.Length - newlines;
        var punctRatio = lines == 0 ? 0 : (double)punctuated / lines;
        var shortRatio = lines == 0 ? 0 : (double)shortLines / lines;
        var dupRatio = nonNewline == 0 ? 0 : (double)duplicateChars / nonNewline;
        var words = analysis.Words.Count;
        var newlineRatio = (double)newlines / Math.Max(1, words);

        var attributes = document.Attributes;
        attributes["fineweb.line_punct_ratio"] = punctRatio;
        attributes["fineweb.short_line_ratio"] = shortRatio;
        attributes["fineweb.char_dup_ratio"] = dupRatio;
        attributes["fineweb.newline_word_ratio"] = newlineRatio;

        if (punctRatio < options.MinLinePunctuationRatio)
            return FilterDecision.Drop("fineweb_line_punct_ratio", $"{punctRatio:F3} < {options.MinLinePunctuationRatio}");
        if (shortRatio > options.MaxShortLineRatio)
            return FilterDecision.Drop("fineweb_short_line_ratio", $"{shortRatio:F3} > {options.MaxShortLineRatio}");
        if (dupRatio > options.MaxDuplicateLineCharRatio)
            return FilterDecision.Drop("fineweb_char_dup_ratio", $"{dupRatio:F3} > {options.MaxDuplicateLineCharRatio}");
        if (newlineRatio > options.MaxNewlineWordRatio)
            return FilterDecision.Drop("fineweb_newline_word_ratio", $"{newlineRatio:F3} > {options.MaxNewlineWordRatio}");
        return FilterDecision.Keep;
    }
}
