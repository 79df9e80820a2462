using CorpusForge.Stages.Filters.Quality;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters.Quality;

public class FineWebFilterTests
{
    private static FineWebFilter Filter(Action<FineWebOptions>? configure = null)
    {
        var options = new FineWebOptions();
        configure?.Invoke(options);
        return new FineWebFilter(options);
    }

    /// <summary>A unique line of more than 30 characters and 8 words.</summary>
    private static string Long(int i, bool punctuated) => $"This is a fairly long line number {i} here" + (punctuated ? "." : "");

    [Fact]
    public void LinePunctuationBoundaries()
    {
        // 25 lines: 4 punctuated is 0.16 (kept), 3 is 0.12, which FineWeb drops ("<= 0.12").
        static string Text(int punctuated) => string.Join('\n', Enumerable.Range(0, 25).Select(i => Long(i, i < punctuated)));
        var (keep, doc) = Run(Filter(), Text(4));
        Assert.Null(keep);
        Assert.Equal(0.16, Score(doc, "fineweb.line_punct_ratio"), 12);
        Assert.Equal("fineweb_line_punct_ratio", Run(Filter(), Text(3)).Reason);
    }

    [Fact]
    public void LinePunctuationUsesFineWebsSetAndCountsEveryLine()
    {
        // FineWeb's set is . ' " ! ? on the line's last character, nothing trimmed; blank lines count as lines.
        Assert.Equal(0.5, Score(Run(Filter(), "It ended.\nIt went on").Doc, "fineweb.line_punct_ratio"), 12);
        Assert.Equal(0.0, Score(Run(Filter(), "He said “stop.”\nIt ended. ").Doc, "fineweb.line_punct_ratio"), 12);
        Assert.Equal(1.0, Score(Run(Filter(), "It's 'quoted'\nReally?").Doc, "fineweb.line_punct_ratio"), 12);
        Assert.Equal(1.0 / 3, Score(Run(Filter(), "It ended.\n\nIt went on").Doc, "fineweb.line_punct_ratio"), 12);
    }

    [Fact]
    public void CrlfLinesAreJudgedLikeLf()
    {
        // Deliberate deviation: datatrove keeps the \r, so no CRLF line ends in punctuation there.
        var lf = string.Join('\n', Enumerable.Range(0, 10).Select(i => Long(i, true)));
        var crlf = lf.Replace("\n", "\r\n");
        Assert.Equal(Score(Run(Filter(), lf).Doc, "fineweb.line_punct_ratio"), Score(Run(Filter(), crlf).Doc, "fineweb.line_punct_ratio"));
        Assert.Null(Run(Filter(), crlf).Reason);
    }

    [Fact]
    public void ShortLineBoundaries()
    {
        // 100 lines: 66 of at most 30 characters is kept, 67 (0.67) is dropped (">= 0.67").
        static string Text(int shortLines) => string.Join('\n', Enumerable.Range(0, 100)
            .Select(i => i < shortLines ? $"Short line number {i} here." : Long(i, true)));
        var (keep, doc) = Run(Filter(), Text(66));
        Assert.Null(keep);
        Assert.Equal(0.66, Score(doc, "fineweb.short_line_ratio"), 12);
        Assert.Equal("fineweb_short_line_ratio", Run(Filter(), Text(67)).Reason);
        Assert.Equal(1.0, Score(Run(Filter(o => o.MaxShortLineRatio = 2), new string('x', 29) + ".").Doc, "fineweb.short_line_ratio"));
        Assert.Equal(0.0, Score(Run(Filter(o => o.MaxShortLineRatio = 2), new string('x', 31) + ".").Doc, "fineweb.short_line_ratio"));
    }

    [Fact]
    public void DuplicateLineCharacterBoundaries()
    {
        // One repeated 10-character line among lines totalling 1000 characters (newlines excluded).
        const string repeated = "Repeated!.";
        static string Text(int padding)
        {
            var lines = new List<string> { repeated, repeated };
            var filler = 1000 - 2 * repeated.Length + padding;
            for (var i = 0; filler > 0; i++)
            {
                var line = Long(i, true);
                // The last line takes exactly what is left (always at least one line's length here).
                if (filler < 2 * line.Length) line = "Last line " + new string('y', filler - 11) + ".";
                lines.Add(line);
                filler -= line.Length;
            }

            return string.Join('\n', lines);
        }

        var dropped = Text(0);
        Assert.Equal(1000, dropped.Length - dropped.Count(c => c == '\n'));
        var (reason, doc) = Run(Filter(), dropped);
        Assert.Equal("fineweb_char_dup_ratio", reason);
        Assert.Equal(0.01, Score(doc, "fineweb.char_dup_ratio"), 12);
        Assert.Null(Run(Filter(), Text(10)).Reason);
    }

    [Fact]
    public void NewlineWordBoundaries()
    {
        static FineWebFilter Lists() => Filter(o => { o.MaxShortLineRatio = 2; o.MinLinePunctuationRatio = -1; });
        // 10 words over 4 lines: 3 newlines / 10 tokens = 0.3 (kept); 5 lines is 0.4 (dropped).
        const string kept = "One two three\nFour five six\nSeven eight\nNine ten";
        var (keep, doc) = Run(Lists(), kept);
        Assert.Null(keep);
        Assert.Equal(0.3, Score(doc, "fineweb.newline_word_ratio"), 12);
        Assert.Equal("fineweb_newline_word_ratio", Run(Lists(), kept.Replace("Nine ten", "Nine\nten")).Reason);
        // Punctuation tokens count as words, as FineWeb's tokenizer yields them; marks inside words do not.
        Assert.Equal(3.0 / 14, Score(Run(Lists(), "One two three.\nFour five six.\nSeven eight.\nNine ten.").Doc, "fineweb.newline_word_ratio"), 12);
        Assert.Equal(3, FineWebFilter.CountPunctuationTokens("Don't stop -- it's well-known, 3.5 ..."));
    }
}
