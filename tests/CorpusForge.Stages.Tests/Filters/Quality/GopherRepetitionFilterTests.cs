using CorpusForge.Stages.Filters.Quality;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters.Quality;

public class GopherRepetitionFilterTests
{
    /// <summary>Every rule off (thresholds of 1) except those the test sets.</summary>
    private static GopherRepetitionFilter Only(Action<GopherRepetitionOptions> configure)
    {
        var options = new GopherRepetitionOptions
        {
            MaxDuplicateLineFraction = 1,
            MaxDuplicateParagraphFraction = 1,
            MaxDuplicateLineCharFraction = 1,
            MaxDuplicateParagraphCharFraction = 1,
            MaxTopNgramCharFraction = [1, 1, 1],
            MaxDuplicateNgramCharFraction = [1, 1, 1, 1, 1, 1],
        };
        configure(options);
        return new GopherRepetitionFilter(options);
    }

    private static string UniqueLine(int i) => $"This is line number {i} of the page.";

    [Fact]
    public void DuplicateLineFractionBoundaries()
    {
        // 10 non-blank lines, 3 of them repeat line 0: 0.3 keeps, 4 drop.
        static string Text(int repeats) => string.Join('\n',
            Enumerable.Range(0, 10 - repeats).Select(UniqueLine).Concat(Enumerable.Repeat(UniqueLine(0), repeats)));
        var filter = Only(o => o.MaxDuplicateLineFraction = 0.3);
        var (keep, doc) = Run(filter, Text(3));
        Assert.Null(keep);
        Assert.Equal(0.3, Score(doc, "gopher.dup_line_frac"), 12);
        Assert.Equal("gopher_dup_line_frac", Run(filter, Text(4)).Reason);
        Assert.Equal("gopher_dup_line_frac", Run(new GopherRepetitionFilter(new GopherRepetitionOptions()), Text(4)).Reason);
    }

    [Fact]
    public void DuplicateLineCharFractionBoundaries()
    {
        // A (20 chars) B A: 20 repeated characters of 2·20 + |B| + 2 newlines.
        var a = new string('a', 19) + ".";
        var filter = Only(o => o.MaxDuplicateLineCharFraction = 0.2);
        var (keep, doc) = Run(filter, $"{a}\n{new string('b', 58)}\n{a}");
        Assert.Null(keep);
        Assert.Equal(0.2, Score(doc, "gopher.dup_line_char_frac"), 12);
        Assert.Equal("gopher_dup_line_char_frac", Run(filter, $"{a}\n{new string('b', 57)}\n{a}").Reason);
    }

    [Fact]
    public void DuplicateParagraphBoundaries()
    {
        var a = new string('a', 19) + ".";
        var filter = Only(o =>
        {
            o.MaxDuplicateParagraphCharFraction = 0.2;
            o.MaxDuplicateParagraphFraction = 0.4;
        });
        // Paragraphs are separated by blank lines; the repeat of A is 20 of 100 characters, 1 of 3 paragraphs.
        var (keep, doc) = Run(filter, $"{a}\n\n{new string('b', 56)}\n\n{a}");
        Assert.Null(keep);
        Assert.Equal(0.2, Score(doc, "gopher.dup_para_char_frac"), 12);
        Assert.Equal(1 / 3.0, Score(doc, "gopher.dup_para_frac"), 12);
        Assert.Equal("gopher_dup_para_char_frac", Run(filter, $"{a}\n\n{new string('b', 55)}\n\n{a}").Reason);
        Assert.Equal("gopher_dup_para_frac", Run(Only(o => o.MaxDuplicateParagraphFraction = 0.33), $"{a}\n\n{new string('b', 56)}\n\n{a}").Reason);
    }

    [Fact]
    public void TopNgramBoundaries()
    {
        // "one two" occurs twice: 7 characters × 2 = 14 of 21.
        const string text = "one two one two three";
        var (_, doc) = Run(Only(_ => { }), text);
        Assert.Equal(14 / 21.0, Score(doc, "gopher.top_2_gram_char_frac"), 12);
        Assert.Equal(0, Score(doc, "gopher.top_3_gram_char_frac"));
        Assert.Null(Run(Only(o => o.MaxTopNgramCharFraction = [14 / 21.0, 1, 1]), text).Reason);
        Assert.Equal("gopher_top_2_gram", Run(Only(o => o.MaxTopNgramCharFraction = [14 / 21.0 - 1e-9, 1, 1]), text).Reason);
    }

    [Fact]
    public void DuplicateNgramBoundaries()
    {
        // The 5-gram "a b c d e" repeats once: its 9 characters (words joined by single spaces) of 19.
        const string text = "a b c d e a b c d e";
        var (_, doc) = Run(Only(_ => { }), text);
        Assert.Equal(9 / 19.0, Score(doc, "gopher.dup_5_gram_char_frac"), 12);
        Assert.Equal(0, Score(doc, "gopher.dup_6_gram_char_frac"));
        Assert.Null(Run(Only(o => o.MaxDuplicateNgramCharFraction = [9 / 19.0, 1, 1, 1, 1, 1]), text).Reason);
        Assert.Equal("gopher_dup_5_gram", Run(Only(o => o.MaxDuplicateNgramCharFraction = [9 / 19.0 - 1e-9, 1, 1, 1, 1, 1]), text).Reason);
    }

    [Fact]
    public void LongRepeatedRunCountsEveryRepeat()
    {
        // Ten 10-word sentences, the same one ten times: 9 of 10 repeats are covered by the 10-gram scan.
        var sentence = "the quick brown fox jumps over the lazy dog again";
        var text = string.Join(' ', Enumerable.Repeat(sentence, 10));
        var (reason, doc) = Run(new GopherRepetitionFilter(new GopherRepetitionOptions()), text);
        // Each 2-gram covers 10 × 9 of 549 characters (0.16, under 0.20); "the quick brown" covers 0.27 (over 0.18).
        Assert.Equal("gopher_top_3_gram", reason);
        // Each repeat covers the 10-gram's characters, words joined by single spaces: the sentence's length.
        Assert.Equal(9.0 * sentence.Length / text.Length, Score(doc, "gopher.dup_10_gram_char_frac"), 12);
    }

    [Fact]
    public void VariedProseIsKept()
    {
        const string text = """
            The river was high after a week of rain, and the ferry ran only in the mornings.
            Farmers on the east bank waited with their crates of apples until the water fell.

            By Thursday the current had slowed. The ferryman added an afternoon crossing,
            and the market in town filled again with fruit, cheese and fresh bread.
            """;
        var (reason, doc) = Run(new GopherRepetitionFilter(new GopherRepetitionOptions()), text);
        Assert.Null(reason);
        Assert.Equal(0, Score(doc, "gopher.dup_line_frac"));
    }

    [Fact]
    public void BlankLinesAreNotDuplicateLinesAndUniqueNgramsCoverNothing()
    {
        // Deliberate deviations (docs/filters-quality.md): datatrove would count the 9 repeated empty lines between
        // these 10 paragraphs as duplicate lines (9 of 19 > 0.3) and drop the page; and would let the most frequent
        // 2-gram cover its characters even when it occurs once.
        var text = string.Join("\n\n",
        [
            "The river rose after a week of rain.", "Farmers waited on the east bank with apples.", "By Thursday the current slowed.",
            "A second crossing was added.", "Markets in town filled again.", "Cheese came down from the hills.",
            "Children watched the boats.", "Nobody had seen such a flood.", "Old maps showed an island there.", "Winter came early that year.",
        ]);
        var (reason, doc) = Run(new GopherRepetitionFilter(new GopherRepetitionOptions()), text);
        Assert.Null(reason);
        Assert.Equal(0, Score(doc, "gopher.dup_line_frac"));
        var (_, unique) = Run(new GopherRepetitionFilter(new GopherRepetitionOptions()), "every word here differs from all others");
        Assert.Equal(0, Score(unique, "gopher.top_2_gram_char_frac"));
    }

    [Fact]
    public void CrlfParagraphsAreParagraphs()
    {
        // Deliberate deviation: datatrove splits paragraphs at "\n\n" only, so CRLF text would be one paragraph.
        var lf = "First paragraph here.\n\nSecond paragraph here.\n\nFirst paragraph here.\n\nThird one.";
        var filter = new GopherRepetitionFilter(new GopherRepetitionOptions());
        var expected = Score(Run(filter, lf).Doc, "gopher.dup_para_frac");
        Assert.Equal(0.25, expected, 12);
        Assert.Equal(expected, Score(Run(filter, lf.Replace("\n", "\r\n")).Doc, "gopher.dup_para_frac"), 12);
    }

    [Fact]
    public void OptionArraysMustHaveOneValuePerOrder()
    {
        var problems = new GopherRepetitionOptions { MaxTopNgramCharFraction = [0.2], MaxDuplicateNgramCharFraction = [0.1] }.Validate().ToList();
        Assert.Equal(2, problems.Count);
    }
}
