using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Filters.Quality;
using static CorpusForge.Stages.Tests.Filters.Quality.FilterTestKit;

namespace CorpusForge.Stages.Tests.Filters;

/// <summary>Degenerate texts through the language and quality stages: no exception, finite scores, and the
/// documented decision.</summary>
public class QualityBadInputTests
{
    private static readonly string HugeWord = new('a', 5 * 1024 * 1024);

    private static IEnumerable<(string Name, IDocumentStage Stage)> Stages() =>
    [
        ("language", new LanguageFilter(new LanguageFilterOptions { Languages = ["en", "de", "ar", "he", "ru", "zh"] },
            ComponentContext.ForDirectory(Path.GetTempPath()))),
        ("gopher_quality", new GopherQualityFilter(new GopherQualityOptions())),
        ("gopher_repetition", new GopherRepetitionFilter(new GopherRepetitionOptions())),
        ("c4", new C4Filter(new C4Options())),
        ("fineweb", new FineWebFilter(new FineWebOptions())),
    ];

    /// <summary>Runs every stage on its own copy of the text; returns each stage's drop reason (or "keep").</summary>
    private static Dictionary<string, string> RunAll(string text)
    {
        var reasons = new Dictionary<string, string>();
        foreach (var (name, stage) in Stages())
        {
            var doc = Doc(text);
            var result = stage.Process(doc);
            reasons[name] = result.Outcome == StageOutcome.Drop ? result.Reason! : "keep";
            foreach (var (key, value) in doc.Attributes)
            {
                if (value is double d) Assert.True(double.IsFinite(d), $"{name}: {key} = {d}");
            }
        }

        return reasons;
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\n\t \r\n   ")]
    public void EmptyAndWhitespaceTextsAreDroppedWithTheirRuleNames(string text)
    {
        var reasons = RunAll(text);
        Assert.Equal("language_unknown", reasons["language"]);
        Assert.Equal("gopher_too_few_words", reasons["gopher_quality"]);
        Assert.Equal("keep", reasons["gopher_repetition"]);
        Assert.Equal("c4_too_few_sentences", reasons["c4"]);
        Assert.Equal("fineweb_line_punct_ratio", reasons["fineweb"]);
    }

    [Fact]
    public void OneFiveMegabyteWord()
    {
        var reasons = RunAll(HugeWord);
        Assert.Equal("gopher_too_few_words", reasons["gopher_quality"]);
        Assert.Equal("c4_too_few_sentences", reasons["c4"]);
        Assert.Equal("fineweb_line_punct_ratio", reasons["fineweb"]);
        Assert.Equal("keep", reasons["gopher_repetition"]);
        Assert.NotEqual("language_unknown", reasons["language"]);
    }

    [Fact]
    public void OnlyEmoji()
    {
        var reasons = RunAll(string.Concat(Enumerable.Repeat("😀🎉👍🏽 🚀\n", 40)));
        Assert.Equal("language_unknown", reasons["language"]);
        Assert.Equal("gopher_too_few_words", reasons["gopher_quality"]);
        Assert.Equal("gopher_dup_line_frac", reasons["gopher_repetition"]);
        Assert.Equal("c4_too_few_sentences", reasons["c4"]);
        Assert.Equal("fineweb_line_punct_ratio", reasons["fineweb"]);
    }

    [Theory]
    [InlineData("ar", "اجتمعت اللجنة يوم الثلاثاء لمناقشة ميزانية المدينة للعام المقبل. طلب عدد من السكان إنارة أفضل على طول النهر، بينما أراد آخرون معرفة سبب إغلاق المسبح طوال معظم الصيف. ووعد رئيس البلدية بتقديم رد كامل خلال أسبوعين. وقال إن المجلس سيعرض الخطة على السكان في الشهر القادم، وإن الأعمال ستبدأ في الربيع.")]
    [InlineData("he", "הוועדה התכנסה ביום שלישי כדי לדון בתקציב העירייה לשנה הבאה. כמה תושבים ביקשו תאורה טובה יותר לאורך הנהר, ואחרים רצו לדעת מדוע הבריכה הייתה סגורה כמעט כל הקיץ. ראש העיר הבטיח תשובה מלאה בתוך שבועיים, והוא אמר שהעבודות יתחילו באביב עם התוכנית החדשה של העירייה. לדבריו, התושבים יוכלו לראות את התוכנית באתר של העירייה ולשלוח הערות עד סוף החודש.")]
    public void RightToLeftProseFlowsThroughLanguageThenQuality(string code, string text)
    {
        var doc = Doc(text);
        var stages = Stages().ToList();
        Assert.Null(stages[0].Stage.Process(doc).Reason);
        Assert.Equal(code, doc.Attributes["language.code"]);
        // The quality rules read language.code and count this language's stop words.
        Assert.Null(stages[1].Stage.Process(doc).Reason);
        Assert.True(Score(doc, "gopher.stop_word_count") >= 2);
        Assert.Null(stages[2].Stage.Process(doc).Reason);
    }

    [Fact]
    public void MixedScriptsDoNotCrash()
    {
        const string text = """
            The report (отчёт, 报告, تقرير, דוח) is due on Friday, and the team will review it on Monday.
            Наш офис в Москве откроется в девять; the Beijing office (北京办公室) opens at ten.
            مرحبا بكم! Welcome to the meeting — שלום לכולם, and thank you for coming so early.
            """;
        var reasons = RunAll(text);
        Assert.Equal("keep", reasons["gopher_repetition"]);
        Assert.Equal("keep", reasons["fineweb"]);
        Assert.NotEqual("language_unknown", reasons["language"]);
    }
}
