using System.Runtime.CompilerServices;
using CorpusForge.Core.Registry;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Text.LanguageId;
using Xunit.Abstractions;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters;

public class LanguageFilterTests(ITestOutputHelper output)
{
    private static readonly string[] Few = ["en", "de", "fr", "es", "ar", "ru", "zh"];

    private static LanguageFilter Filter(Action<LanguageFilterOptions>? configure = null)
    {
        var options = new LanguageFilterOptions { Languages = Few };
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        return new LanguageFilter(options, ComponentContext.ForDirectory(Path.GetTempPath()));
    }

    internal static string DataDirectory([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(source))!, "Data", "language");

    /// <summary>The multilingual evaluation set: every language's file, one sample per line.</summary>
    internal static IEnumerable<(string Language, string Text)> EvaluationSet() =>
        Directory.GetFiles(DataDirectory(), "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllLines(f).Where(l => l.Length > 0).Select(l => (Path.GetFileNameWithoutExtension(f), l)));

    [Fact]
    public void EvaluationSetAccuracyWithEveryLanguageAsCandidate()
    {
        var filter = new LanguageFilter(new LanguageFilterOptions(), ComponentContext.ForDirectory(Path.GetTempPath()));
        Assert.True(filter.Model.Languages.Count >= 75, "every shipped language is a candidate by default");
        var samples = EvaluationSet().ToList();
        Assert.True(samples.Select(s => s.Language).Distinct().Count() >= 20, "at least 20 languages");
        int correct = 0, shortCorrect = 0, shortTotal = 0;
        foreach (var (language, text) in samples)
        {
            var guess = filter.Model.Detect(text);
            var ok = guess.Code == language;
            correct += ok ? 1 : 0;
            if (text.Length < 100)
            {
                shortTotal++;
                shortCorrect += ok ? 1 : 0;
            }

            if (!ok) output.WriteLine($"{language} -> {guess.Code} ({guess.Confidence:F2}): {text}");
        }

        var accuracy = (double)correct / samples.Count;
        var shortAccuracy = (double)shortCorrect / shortTotal;
        output.WriteLine($"accuracy {accuracy:P1} ({correct}/{samples.Count}), short texts {shortAccuracy:P1} ({shortCorrect}/{shortTotal})");
        Assert.True(accuracy >= 0.94, $"accuracy {accuracy:P1} is under the 94% floor");
        Assert.True(shortAccuracy >= 0.93, $"short-text accuracy {shortAccuracy:P1} is under the 93% floor");
    }

    [Fact]
    public void KeepsWantedLanguagesAndTagsEveryDocument()
    {
        var filter = Filter(o => o.KeepLanguages = ["en"]);
        var (keep, english) = Run(filter, "The weather was lovely, so we walked along the river to the old mill.");
        Assert.Null(keep);
        Assert.Equal("en", english.Attributes["language.code"]);
        Assert.True(Score(english, "language.confidence") > 0.9);
        var (drop, german) = Run(filter, "Das Wetter war herrlich, also gingen wir am Fluss entlang zur alten Mühle.");
        Assert.Equal("language_not_kept", drop);
        Assert.Equal("de", german.Attributes["language.code"]);
    }

    [Fact]
    public void MinConfidenceBoundary()
    {
        const string text = "Hola amigo";
        var confidence = Filter().Identifier.Detect(text).Confidence;
        Assert.InRange(confidence, 0.01, 0.9999);
        Assert.Null(Run(Filter(o => o.MinConfidence = confidence), text).Reason);
        Assert.Equal("language_low_confidence", Run(Filter(o => o.MinConfidence = confidence + 1e-9), text).Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData("🙂🚀🎉 👍🏽")]
    [InlineData("12345 678 90")]
    public void TextWithoutLettersIsUnknown(string text)
    {
        var (reason, doc) = Run(Filter(), text);
        Assert.Equal("language_unknown", reason);
        Assert.Equal("unknown", doc.Attributes["language.code"]);
        Assert.Equal(0.0, Score(doc, "language.confidence"));
        Assert.Null(Run(Filter(o => o.MinConfidence = 0), text).Reason);
    }

    [Fact]
    public void PerParagraphModeLowersConfidenceOfMixedDocuments()
    {
        const string english = "The committee met on Tuesday to discuss the budget for the city parks and the swimming pool.";
        const string german = "Der Ausschuss traf sich am Dienstag, um den Haushalt für die Parks und das Schwimmbad zu besprechen.";
        var whole = Filter();
        var paragraphs = Filter(o => o.PerParagraph = true);

        var (mixedReason, mixed) = Run(paragraphs, english + "\n\n" + german);
        Assert.Equal(["en", "de"], (string[])mixed.Attributes["language.paragraph_codes"]!);
        Assert.Equal("language_low_confidence", mixedReason);
        Assert.InRange(Score(mixed, "language.confidence"), 0.3, 0.65);

        var (pureReason, pure) = Run(paragraphs, english + "\n\n" + english.ToUpperInvariant());
        Assert.Null(pureReason);
        Assert.Equal("en", pure.Attributes["language.code"]);
        Assert.Null(Run(whole, english + "\n\n" + english).Reason);
    }

    [Fact]
    public void RightToLeftAndMixedScripts()
    {
        var filter = Filter();
        Assert.Equal("ar", Run(filter, "اجتمعت اللجنة يوم الثلاثاء لمناقشة ميزانية المدينة للعام المقبل.").Doc.Attributes["language.code"]);
        var (_, mixed) = Run(filter, "Привет! The meeting is at 10:00 in the 会议室, bring the report.");
        Assert.Contains((string)mixed.Attributes["language.code"]!, Few);
        Assert.InRange(Score(mixed, "language.confidence"), 0, 1);
    }

    [Fact]
    public void UnknownLanguageCodesAreConfigErrors()
    {
        var problems = new LanguageFilterOptions { KeepLanguages = ["xx"] }.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("'xx'") && p.Contains("en"));
        Assert.NotEmpty(new LanguageFilterOptions { Languages = ["en"], KeepLanguages = ["de"] }.Validate());
        Assert.NotEmpty(new LanguageFilterOptions { MinConfidence = 1.5 }.Validate());
    }

    [Fact]
    public void ModelIsLoadedOncePerLanguageSet()
    {
        var a = NgramLanguageModel.Load(NgramLanguageModel.DefaultModelDirectory, ["fr", "en"], 3);
        var b = NgramLanguageModel.Load(NgramLanguageModel.DefaultModelDirectory, ["en", "fr", "en"], 3);
        Assert.Same(a, b);
        Assert.Equal(["en", "fr"], a.Languages);
        Assert.Throws<FileNotFoundException>(() => NgramLanguageModel.Load(NgramLanguageModel.DefaultModelDirectory, ["xx"], 3));
    }

    [Theory]
    [InlineData("filter.language_v1")]
    [InlineData("filter.gopher_quality_v1")]
    [InlineData("filter.gopher_repetition_v1")]
    [InlineData("filter.c4_v1")]
    [InlineData("filter.fineweb_v1")]
    public void StagesAreRegistered(string name) =>
        Assert.True(BuiltInComponents.CreateRegistry().TryGet(name, out _), name);
}
