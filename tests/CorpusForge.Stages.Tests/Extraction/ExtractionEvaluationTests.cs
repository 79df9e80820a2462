using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;
using Xunit.Abstractions;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Token-level precision, recall and F1 of <see cref="HtmlExtractor"/> against hand-made ground truth of
/// the main content of realistic pages (Data/extraction: NAME.html is the page as served, NAME.txt the main text).</summary>
public sealed class ExtractionEvaluationTests(ITestOutputHelper output)
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Data", "extraction", "src");

    /// <summary>Page type is the file name up to the first '-': news, blog, forum, product, docs.</summary>
    public static IEnumerable<object[]> Pages() =>
        Directory.GetFiles(DataDirectory, "*.html").Select(p => new object[] { Path.GetFileNameWithoutExtension(p) }).OrderBy(p => (string)p[0]);

    [Fact]
    public void Extraction_beats_the_quality_floor_on_the_evaluation_set()
    {
        // The ground truth of these pages starts with the headline.
        var extractor = new HtmlExtractor(new HtmlExtractorOptions { IncludeTitle = true });
        var rows = new List<(string Page, Score Score)>();
        foreach (var page in Pages().Select(p => (string)p[0]))
        {
            var bytes = File.ReadAllBytes(Path.Combine(DataDirectory, page + ".html"));
            var decoded = CharsetDecoder.Decode(bytes, declared: null);
            Assert.Null(decoded.Error);
            var result = extractor.Extract(decoded.Text!, out var reason, out _);
            Assert.True(result is not null, $"{page}: refused ({reason})");
            var truth = File.ReadAllText(Path.Combine(DataDirectory, page + ".txt"));
            var score = Score.Of(result!.Text, truth);
            rows.Add((page, score));
            output.WriteLine($"{page,-22} P={score.Precision:F3} R={score.Recall:F3} F1={score.F1:F3}  ({decoded.Charset} via {decoded.Source})");
            if (Environment.GetEnvironmentVariable("CORPUSFORGE_SHOW_EXTRACTION") == page) output.WriteLine(result.Text);
        }

        foreach (var group in rows.GroupBy(r => r.Page.Split('-')[0]).OrderBy(g => g.Key))
        {
            var s = Score.Sum(group.Select(r => r.Score));
            output.WriteLine($"type {group.Key,-12} pages={group.Count()} P={s.Precision:F3} R={s.Recall:F3} F1={s.F1:F3}");
        }

        var total = Score.Sum(rows.Select(r => r.Score));
        output.WriteLine($"all (micro)       pages={rows.Count} P={total.Precision:F3} R={total.Recall:F3} F1={total.F1:F3}");
        Assert.True(rows.Count >= 10, "the evaluation set has at least ten pages");
        Assert.True(total.Precision >= 0.95, $"precision {total.Precision:F3} < 0.95");
        Assert.True(total.F1 >= 0.96, $"F1 {total.F1:F3} < 0.96");
        foreach (var (page, score) in rows) Assert.True(score.F1 >= 0.85, $"{page}: F1 {score.F1:F3} < 0.85");
    }

    /// <summary>Bag-of-words overlap of lower-cased word tokens (WordSplitter: words, or single characters of
    /// scripts written without spaces).</summary>
    public readonly record struct Score(long Overlap, long Extracted, long Truth)
    {
        public double Precision => Extracted == 0 ? 0 : (double)Overlap / Extracted;
        public double Recall => Truth == 0 ? 0 : (double)Overlap / Truth;
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        public static Score Of(string extracted, string truth)
        {
            var a = Tokens(extracted);
            var b = Tokens(truth);
            long overlap = 0;
            foreach (var (token, count) in a) overlap += Math.Min(count, b.GetValueOrDefault(token));
            return new Score(overlap, a.Values.Sum(), b.Values.Sum());
        }

        public static Score Sum(IEnumerable<Score> scores) =>
            scores.Aggregate(new Score(0, 0, 0), (x, y) => new Score(x.Overlap + y.Overlap, x.Extracted + y.Extracted, x.Truth + y.Truth));

        private static Dictionary<string, long> Tokens(string text)
        {
            var spans = new List<WordSpan>();
            WordSplitter.Split(text, spans);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var span in spans)
            {
                var word = span.Of(text).ToString().ToLowerInvariant();
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

            return counts;
        }
    }
}
