using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Tests.Filters;

public sealed class DecontaminationFilterTests : IDisposable
{
    private const string Question = "Which planet in the solar system has the largest number of confirmed moons orbiting it as of 2023?";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cf-decon-");
    private readonly List<string> _log = [];

    public DecontaminationFilterTests()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "trivia_qa.jsonl"),
            $"{{\"id\": 1, \"question\": \"{Question}\", \"choices\": [\"Jupiter\", \"Saturn\"], \"meta\": {{\"source\": \"short\"}}}}\n" +
            "{\"id\": 2, \"question\": \"Too short to index.\"}\n");
        File.WriteAllText(Path.Combine(_dir.FullName, "poems.txt"),
            "Shall I compare thee to a summer's day, thou art more lovely and more temperate, rough winds do shake\n" +
            "the darling buds of May.\n\nsecond paragraph that is short\n");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private DecontaminationFilter Filter(DecontaminationFilterOptions options) =>
        new(options, new ComponentContext(_dir.FullName, _dir.FullName, _dir.FullName, 1, _log.Add));

    private static Document Doc(string text) => new() { Id = "d", Text = text };

    [Fact]
    public void Drops_a_document_containing_a_benchmark_question_and_says_which()
    {
        var filter = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl", "poems.txt"] });
        var doc = Doc($"Quiz night! {Question.ToUpperInvariant()} Answer: Saturn.");
        var result = filter.Process(doc);
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("benchmark_overlap", result.Reason);
        Assert.StartsWith("trivia_qa: \"WHICH PLANET IN THE SOLAR SYSTEM HAS THE LARGEST NUMBER OF CONFIRMED MOONS\"", result.Detail);
        Assert.Equal(["trivia_qa"], (string[])doc.Attributes["decontam.benchmarks"]!);
        Assert.Equal(6L, doc.Attributes["decontam.matches"]);
        Assert.Contains(_log, l => l.Contains("2 evaluation sets") && l.Contains("shorter than 13 words not indexed"));
    }

    [Fact]
    public void Punctuation_and_spacing_do_not_hide_overlap_across_text_paragraphs()
    {
        var filter = Filter(new DecontaminationFilterOptions { Benchmarks = ["poems.txt"], Action = DecontaminationAction.Flag });
        var doc = Doc("He wrote: shall I compare  thee to a summer’s day?! Thou art more lovely — and more temperate.");
        Assert.Equal(StageOutcome.Keep, filter.Process(doc).Outcome);
        Assert.Equal(true, doc.Attributes["decontam.flagged"]);
        Assert.Equal(["poems"], (string[])doc.Attributes["decontam.benchmarks"]!);
        Assert.Equal("shall I compare  thee to a summer’s day?! Thou art more lovely — and", doc.Attributes["decontam.ngram"]);
    }

    [Fact]
    public void Twelve_shared_words_are_not_enough_and_thirteen_are()
    {
        var words = Question.Split(' ');
        var filter = Filter(new DecontaminationFilterOptions { Benchmarks = [_dir.FullName] });
        var twelve = Doc("Intro text " + string.Join(' ', words[..12]) + " and then something else entirely");
        Assert.Equal(StageOutcome.Keep, filter.Process(twelve).Outcome);
        Assert.Equal(0L, twelve.Attributes["decontam.matches"]);
        var thirteen = Doc("Intro text " + string.Join(' ', words[..13]) + " and then something else entirely");
        Assert.Equal(StageOutcome.Drop, filter.Process(thirteen).Outcome);
        Assert.Equal(1L, thirteen.Attributes["decontam.matches"]);
    }

    [Fact]
    public void N_fields_and_min_matches_are_options()
    {
        var eight = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"], NGram = 8 });
        Assert.Equal(StageOutcome.Drop, eight.Process(Doc("we ask which planet in the solar system has the largest number")).Outcome);
        var onlyId = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"], Fields = ["meta"] });
        Assert.Equal(StageOutcome.Keep, onlyId.Process(Doc(Question)).Outcome);
        var many = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"], MinMatches = 7 });
        var doc = Doc(Question);
        Assert.Equal(StageOutcome.Keep, many.Process(doc).Outcome);
        Assert.Equal(6L, doc.Attributes["decontam.matches"]);
        Assert.False(doc.Attributes.ContainsKey("decontam.flagged"));
        var six = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"], MinMatches = 6 });
        Assert.Equal(StageOutcome.Drop, six.Process(Doc(Question)).Outcome);
    }

    [Fact]
    public void The_index_is_built_once_per_process()
    {
        var a = Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"] });
        var b = Filter(new DecontaminationFilterOptions { Benchmarks = [Path.Combine(_dir.FullName, "trivia_qa.jsonl")] });
        Assert.Same(a.Index, b.Index);
    }

    [Fact]
    public void Bad_evaluation_files_are_named()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "broken.jsonl"), "{\"q\": \"fine\"}\n{oops\n");
        var error = Assert.Throws<InvalidDataException>(() => Filter(new DecontaminationFilterOptions { Benchmarks = ["broken.jsonl"] }));
        Assert.Contains("broken.jsonl:2: evaluation set broken", error.Message);
        Assert.Throws<FileNotFoundException>(() => Filter(new DecontaminationFilterOptions { Benchmarks = ["missing.jsonl"] }));
        Assert.Contains("benchmarks must name at least one evaluation file or folder", new DecontaminationFilterOptions().Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    [InlineData("😀😀🎉")]
    [InlineData("שלום עולם")]
    [InlineData("Mixed 日本語 Кириллица العربية")]
    public void Bad_input_has_no_matches(string text)
    {
        var doc = Doc(text);
        Assert.Equal(StageOutcome.Keep, Filter(new DecontaminationFilterOptions { Benchmarks = ["trivia_qa.jsonl"] }).Process(doc).Outcome);
        Assert.Equal(0L, doc.Attributes["decontam.matches"]);
    }

    [Fact]
    public void Unspaced_scripts_match_by_characters_and_huge_words_are_one_word()
    {
        var index = BenchmarkNGramIndex.FromItems(5, [("zh", "今天天气很好我们去公园")]);
        var matches = new List<NGramMatch>();
        index.Match("他说今天天气很好", [], matches);
        Assert.Equal(2, matches.Count);
        index.Match(new string('x', 5_000_000), [], matches);
        Assert.Empty(matches);
    }
}
