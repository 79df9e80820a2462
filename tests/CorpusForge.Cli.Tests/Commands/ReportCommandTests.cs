using System.Text.Json;
using System.Text.RegularExpressions;

namespace CorpusForge.Cli.Tests.Commands;

/// <summary>The quick-start corpus, made once for the report tests.</summary>
public sealed class QuickstartCorpus : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-report-").FullName;

    public QuickstartCorpus()
    {
        Path = System.IO.Path.Combine(_root, "corpus");
        var (exit, stdout, error) = CliProcess.Run(CliProcess.RepositoryRoot, "run", "pipelines/quickstart.yaml", "--set", $"corpus={Path}");
        Assert.True(exit == 0, stdout + error);
    }

    /// <summary>The corpus folder.</summary>
    public string Path { get; }

    /// <summary>A scratch folder beside it.</summary>
    public string Scratch => _root;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary><c>corpusforge report</c> on a corpus and on a training run, as HTML and as text.</summary>
public sealed class ReportCommandTests(QuickstartCorpus corpus) : IClassFixture<QuickstartCorpus>
{
    /// <summary>Charts every quick-start report must have (the quick start has lengths, languages, domains,
    /// duplicates, scores with thresholds, PII redactions and token shards).</summary>
    public static readonly string[] QuickstartCharts =
        ["funnel", "lengths", "languages", "domains", "duplicates", "score-gopher.word_count", "score-gopher.mean_word_length", "redactions", "tokens-tokens", "time"];

    [Fact]
    public void CorpusReportIsOneSelfContainedPageWithEveryChart()
    {
        var output = Path.Combine(corpus.Scratch, "report.html");
        var (exit, stdout, error) = CliProcess.Run(corpus.Scratch, "report", corpus.Path, "--out", output);
        Assert.True(exit == 0, stdout + error);
        Assert.Contains("corpus report:", stdout);
        var html = File.ReadAllText(output);

        // Self-contained: no scripts, no external fetches of any kind.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*""(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);

        foreach (var chart in QuickstartCharts)
        {
            var svg = Regex.Match(html, $"<svg class=\"chart\" data-chart=\"{Regex.Escape(chart)}\".*?</svg>", RegexOptions.Singleline);
            Assert.True(svg.Success, $"chart {chart} missing");
            Assert.Contains("class=\"mark\"", svg.Value);
        }

        // What the run recorded shows up: the drop reasons, the domain of a kept document, thresholds, samples.
        Assert.Contains("too_few_words", html);
        Assert.Contains("exact_duplicate", html);
        Assert.Contains("club.example.org", html);
        Assert.Contains("min 50", html);
        Assert.Contains("pii.email", html);
        Assert.Contains("filter.length_v1 / too_few_words", html);

        // Samples of dropped documents pass through the pipeline's redaction: no raw e-mail address survives.
        Assert.DoesNotMatch(new Regex(@"[\w.+-]+@[\w-]+\.[\w.]+"), Regex.Replace(html, "<[^>]+>", " "));
    }

    [Fact]
    public void TextReportGivesTheEssentials()
    {
        var (exit, stdout, error) = CliProcess.Run(corpus.Scratch, "report", corpus.Path, "--text");
        Assert.True(exit == 0, stdout + error);
        Assert.Contains("kept 13 of 18 documents", stdout);
        Assert.Contains("too_few_words 4", stdout);
        Assert.Contains("languages: en", stdout);
        Assert.Contains("tokens (tokens, gpt2)", stdout);
    }

    [Fact]
    public void StatsRecordABoundedProfile()
    {
        var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus.Path, "stats", "latest.json"))).RootElement;
        var phase = stats.GetProperty("phases")[0];
        var profile = phase.GetProperty("profile");
        Assert.Equal(18, profile.GetProperty("read_chars").GetProperty("count").GetInt64());
        Assert.Equal(13, profile.GetProperty("kept_chars").GetProperty("count").GetInt64());
        Assert.Equal(12, profile.GetProperty("languages").GetProperty("en").GetInt64());
        Assert.Equal(1, profile.GetProperty("duplicate_clusters").GetProperty("by_size").GetProperty("2").GetInt64());
        Assert.Equal(3, profile.GetProperty("dropped_samples").GetProperty("filter.length_v1 / too_few_words").GetArrayLength());
        Assert.Contains(phase.GetProperty("thresholds").EnumerateArray(), t => t.GetProperty("attribute").GetString() == "length.words" && t.GetProperty("value").GetDouble() == 50);
        Assert.Contains(phase.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("writer").GetString() == "writer.token_shards_v1" && o.GetProperty("path").GetString() == "tokens");
    }

    [Fact]
    public void TrainingRunReportShowsCurvesAndConfig()
    {
        var run = Directory.CreateTempSubdirectory("cf-train-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(run, "metrics.csv"), """
                step,tokens,loss,lr,grad_norm,ms_per_step,tokens_per_s,mfu,val_loss,val_ppl
                10,5120,9.5,0.0015,2.5,40,12800,,,
                20,10240,7.25,0.003,1.5,41,12500,,7.5,1808.04
                30,15360,6.0,0.002,1.1,39,13100,,6.75,854.06
                """);
            File.WriteAllText(Path.Combine(run, "train-config.json"), """{ "name": "tiny-test", "training": { "steps": 30 } }""");
            var (exit, stdout, error) = CliProcess.Run(run, "report", run);
            Assert.True(exit == 0, stdout + error);
            var html = File.ReadAllText(Path.Combine(run, "report.html"));
            Assert.Contains("Training report: tiny-test", html);
            foreach (var chart in new[] { "loss", "lr", "grad-norm", "tokens-per-second" })
                Assert.Matches(new Regex($"data-chart=\"{chart}\".*?class=\"mark\"", RegexOptions.Singleline), html);
            Assert.Contains("6.750", html);

            var text = CliProcess.Run(run, "report", run, "--text");
            Assert.Equal(0, text.ExitCode);
            Assert.Contains("6.7500", text.Out);

            File.AppendAllText(Path.Combine(run, "metrics.csv"), "\n40,x,1,1,1,1,1,,,\n");
            var bad = CliProcess.Run(run, "report", run);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("metrics.csv:5", bad.Error);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void ReportOnAnUnknownFolderSaysWhatItNeeds()
    {
        var (exit, _, error) = CliProcess.Run(corpus.Scratch, "report", corpus.Scratch);
        Assert.Equal(2, exit);
        Assert.Contains("neither a corpus folder", error);
    }

    [Fact]
    public void RunAndValidateRecogniseATrainingConfiguration()
    {
        foreach (var command in new[] { "run", "validate" })
        {
            var (exit, stdout, error) = CliProcess.Run(CliProcess.RepositoryRoot, command, "training/train-tiny.yaml");
            Assert.Equal(2, exit);
            var errors = error.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.Matches(@"^error: training/train-tiny\.yaml:\d+:\d+: this is a training configuration, not a pipeline: use `corpusforge train training/train-tiny\.yaml`$",
                Assert.Single(errors).Trim());
        }
    }
}
