using CorpusForge.Stages.Filters.Quality;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters.Quality;

public class GopherQualityFilterTests
{
    private static GopherQualityFilter Filter(Action<GopherQualityOptions>? configure = null)
    {
        var options = new GopherQualityOptions();
        configure?.Invoke(options);
        return new GopherQualityFilter(options);
    }

    [Fact]
    public void WordCountBoundaries()
    {
        var (keep, doc) = Run(Filter(), Words(50));
        Assert.Null(keep);
        Assert.Equal(50, Score(doc, "gopher.word_count"));
        Assert.Equal("gopher_too_few_words", Run(Filter(), Words(49)).Reason);
        Assert.Null(Run(Filter(o => o.MaxWords = 60), Words(60)).Reason);
        Assert.Equal("gopher_too_many_words", Run(Filter(o => o.MaxWords = 60), Words(61)).Reason);
    }

    [Fact]
    public void MeanWordLengthBoundaries()
    {
        var threeLetters = string.Join(' ', Enumerable.Repeat("the cat and dog", 13)) + ".";
        var (keep, doc) = Run(Filter(), threeLetters);
        Assert.Null(keep);
        Assert.Equal(3.0, Score(doc, "gopher.mean_word_length"));
        Assert.Equal("gopher_mean_word_length_low", Run(Filter(), threeLetters.Replace("dog.", "do.")).Reason);

        var tenLetters = string.Join(' ', Enumerable.Repeat("abcdefghij", 50)) + ".";
        Assert.Null(Run(Filter(o => o.MinStopWords = 0), tenLetters).Reason);
        Assert.Equal("gopher_mean_word_length_high", Run(Filter(o => o.MinStopWords = 0), tenLetters + " abcdefghijk").Reason);
    }

    [Fact]
    public void HashAndEllipsisRatiosAreTestedEachOnItsOwn()
    {
        // 5 '#' and 5 ellipses over 50 words: each ratio is 0.1 (kept), although together they are 0.2, which the
        // paper does not test ("for either the hash symbol or the ellipsis").
        var (keep, doc) = Run(Filter(), "# # # # # ... … ... … ... " + Words(50));
        Assert.Null(keep);
        Assert.Equal(0.1, Score(doc, "gopher.hash_word_ratio"), 12);
        Assert.Equal(0.1, Score(doc, "gopher.ellipsis_word_ratio"), 12);
        Assert.Equal("gopher_symbol_word_ratio", Run(Filter(), "# # # # # # " + Words(50)).Reason);
        Assert.Equal("gopher_symbol_word_ratio", Run(Filter(), "... … ... … ... … " + Words(50)).Reason);
    }

    [Fact]
    public void BulletLineBoundaries()
    {
        static string Lines(int bullets) => string.Join('\n', Enumerable.Range(0, 10)
            .Select(i => (i < bullets ? "- " : "") + "the and house house house."));
        var (keep, doc) = Run(Filter(), Lines(9));
        Assert.Null(keep);
        Assert.Equal(0.9, Score(doc, "gopher.bullet_line_ratio"), 12);
        Assert.Equal("gopher_bullet_lines", Run(Filter(), Lines(10)).Reason);
        // As in datatrove (the paper does not say): blank lines count, only '•' and '-' are bullets.
        Assert.Null(Run(Filter(), Lines(10).Replace("\n", "\n\n")).Reason);
        Assert.Null(Run(Filter(), Lines(10).Replace("- ", "* ")).Reason);
    }

    [Fact]
    public void EllipsisLineBoundaries()
    {
        static string Lines(int ellipses) => string.Join('\n', Enumerable.Range(0, 10)
            .Select(i => "the and house house house" + (i < ellipses ? "..." : ".")));
        var (keep, doc) = Run(Filter(), Lines(3));
        Assert.Null(keep);
        Assert.Equal(0.3, Score(doc, "gopher.ellipsis_line_ratio"), 12);
        Assert.Equal("gopher_ellipsis_lines", Run(Filter(), Lines(4)).Reason);
    }

    [Fact]
    public void AlphabeticWordBoundaries()
    {
        static string Text(int numbers) => string.Join(' ', new[] { "the", "and" }
            .Concat(Enumerable.Repeat("house", 48 - numbers)).Concat(Enumerable.Repeat("123", numbers))) + ".";
        var (keep, doc) = Run(Filter(), Text(10));
        Assert.Null(keep);
        Assert.Equal(0.8, Score(doc, "gopher.alpha_word_ratio"), 12);
        Assert.Equal("gopher_alpha_words", Run(Filter(), Text(11)).Reason);
    }

    [Fact]
    public void StopWordBoundariesAndLanguage()
    {
        var (keep, doc) = Run(Filter(), Words(50));
        Assert.Null(keep);
        Assert.Equal(2, Score(doc, "gopher.stop_word_count"));
        Assert.Equal("gopher_stop_words", Run(Filter(), Words(50).Replace("and", "house")).Reason);
        // Case does not matter.
        Assert.Null(Run(Filter(), Words(50).Replace("the", "The")).Reason);
        // Distinct words count (the paper: "at least two of the following words"): "the" five times is one.
        var onlyThe = string.Join(' ', Enumerable.Repeat("the house house house house house house house house house", 5)) + ".";
        Assert.Equal("gopher_stop_words", Run(Filter(), onlyThe).Reason);
        Assert.Equal(1, Score(Run(Filter(), onlyThe).Doc, "gopher.stop_word_count"));

        // "auto" follows the language attribute: German stop words for a German document.
        var german = Doc("Der Hund und die Katze " + string.Join(' ', Enumerable.Repeat("Hausbau", 45)) + ".");
        german.Attributes["language.code"] = "de";
        Assert.Equal(Core.Stages.StageOutcome.Keep, Filter().Process(german).Outcome);
        Assert.Equal(3, Score(german, "gopher.stop_word_count"));
        Assert.Equal("gopher_stop_words", Run(Filter(o => o.Language = "en"), german.Text).Reason);

        // A language without a list skips the rule (-1).
        var swahili = Doc(Words(50).Replace("the", "nyumba").Replace("and", "nyumba"));
        swahili.Attributes["language.code"] = "sw";
        Assert.Equal(Core.Stages.StageOutcome.Keep, Filter().Process(swahili).Outcome);
        Assert.Equal(-1, Score(swahili, "gopher.stop_word_count"));
    }

    [Fact]
    public void ChineseSkipsWordLengthAndUsesCharacterStopWords()
    {
        var text = string.Concat(Enumerable.Repeat("我们在市场买了新鲜的面包。", 6));
        var doc = Doc(text);
        doc.Attributes["language.code"] = "zh";
        Assert.Equal(Core.Stages.StageOutcome.Keep, Filter().Process(doc).Outcome);
        Assert.Equal(1.0, Score(doc, "gopher.mean_word_length"));
        // Distinct stop characters: 我 在 了 的.
        Assert.Equal(4, Score(doc, "gopher.stop_word_count"));
    }

    [Fact]
    public void UnknownStopWordLanguageIsAConfigError()
    {
        var problems = new GopherQualityOptions { Language = "xx" }.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("'xx'") && p.Contains("en"));
    }
}
