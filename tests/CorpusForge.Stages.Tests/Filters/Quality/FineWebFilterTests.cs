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
        // 25 lines: 3 punctuated is 0.12 (kept), 2 is 0.08 (dropped).
        static string Text(int punctuated) => string.Join('\n', Enumerable.Range(0, 25).Select(i => Long(i, i < punctuated)));
        var (keep, doc) = Run(Filter(), Text(3));
        Assert.Null(keep);
        Assert.Equal(0.12, Score(doc, "fineweb.line_punct_ratio"), 12);
        Assert.Equal("fineweb_line_punct_ratio", Run(Filter(), Text(2)).Reason);
    }

    [Fact]
    public void ShortLineBoundaries()
    {
        // 100 lines: 67 of at most 30 characters is 0.67 (kept), 68 is dropped.
        static string Text(int shortLines) => string.Join('\n', Enumerable.Range(0, 100)
            .Select(i => i < shortLines ? $"Short line number {i} here." : Long(i, true)));
        var (keep, doc) = Run(Filter(), Text(67));
        Assert.Null(keep);
        Assert.Equal(0.67, Score(doc, "fineweb.short_line_ratio"), 12);
        Assert.Equal("fineweb_short_line_ratio", Run(Filter(), Text(68)).Reason);
        Assert.Equal(1.0, Score(Run(Filter(o => o.MaxShortLineRatio = 1), new string('x', 29) + ".").Doc, "fineweb.short_line_ratio"));
        Assert.Equal(0.0, Score(Run(Filter(o => o.MaxShortLineRatio = 1), new string('x', 30) + ".").Doc, "fineweb.short_line_ratio"));
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

        var kept = Text(0);
        Assert.Equal(1000, kept.Length - kept.Count(c => c == '\n'));
        var (keep, doc) = Run(Filter(), kept);
        Assert.Null(keep);
        Assert.Equal(0.01, Score(doc, "fineweb.char_dup_ratio"), 12);
        Assert.Equal("fineweb_char_dup_ratio", Run(Filter(), Text(-10)).Reason);
    }

    [Fact]
    public void NewlineWordBoundaries()
    {
        // 10 words over 4 lines: 3 newlines / 10 words = 0.3 (kept); 5 lines is 0.4 (dropped).
        const string kept = "One two three.\nFour five six.\nSeven eight.\nNine ten.";
        var (keep, doc) = Run(Filter(o => o.MaxShortLineRatio = 1), kept);
        Assert.Null(keep);
        Assert.Equal(0.3, Score(doc, "fineweb.newline_word_ratio"), 12);
        Assert.Equal("fineweb_newline_word_ratio", Run(Filter(o => o.MaxShortLineRatio = 1), kept.Replace("Nine ten.", "Nine\nten.")).Reason);
    }
}
