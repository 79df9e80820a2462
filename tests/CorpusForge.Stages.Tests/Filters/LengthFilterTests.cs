using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Tests.Filters;

public sealed class LengthFilterTests
{
    private static (StageResult Result, Document Document) Run(string text, LengthFilterOptions options)
    {
        var document = new Document { Id = "d", Text = text };
        return (new LengthFilter(options).Process(document), document);
    }

    [Fact]
    public void Stores_character_and_word_counts_as_attributes_counting_code_points()
    {
        var (result, document) = Run("Emoji 🙂 count as one char; don't split e-mail.", new LengthFilterOptions());
        Assert.Equal(StageOutcome.Keep, result.Outcome);
        Assert.Equal(46L, document.Attributes["length.chars"]);
        Assert.Equal(8L, document.Attributes["length.words"]); // Emoji count as one char don't split e-mail
    }

    [Theory]
    [InlineData("", "too_short_chars", "0 < 1")]
    [InlineData("abcdefghijk", "too_long_chars", "11 > 10")]
    [InlineData("one two", "too_few_words", "2 < 3")]
    [InlineData("a b c d e", "too_many_words", "5 > 4")]
    [InlineData("a b c d", null, null)]
    public void Drops_outside_the_limits_with_reason_and_detail(string text, string? reason, string? detail)
    {
        var (result, document) = Run(text, new LengthFilterOptions { MinChars = 1, MaxChars = 10, MinWords = 3, MaxWords = 4 });
        Assert.Equal(reason, result.Reason);
        Assert.Equal(detail, result.Detail);
        Assert.True(document.Attributes.ContainsKey("length.words"), "scores are stored even for dropped documents");
    }

    [Fact]
    public void Zero_means_no_upper_limit() =>
        Assert.Equal(StageOutcome.Keep, Run(string.Join(' ', Enumerable.Repeat("word", 100_000)), new LengthFilterOptions()).Result.Outcome);

    [Fact]
    public void Inconsistent_limits_are_reported()
    {
        var problems = new LengthFilterOptions { MinChars = 50, MaxChars = 10, MinWords = 9, MaxWords = 3 }.Validate().ToList();
        Assert.Equal(["min_chars (50) is larger than max_chars (10)", "min_words (9) is larger than max_words (3)"], problems);
    }
}
