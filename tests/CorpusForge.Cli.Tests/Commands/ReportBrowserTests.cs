using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CorpusForge.Cli.Tests.Commands;

/// <summary>A fact that needs headless Chromium (Debian's <c>chromium</c>, which scripts/test.sh installs). It is
/// skipped, saying so, only where Chromium is absent and the run is not CI; in CI a missing browser fails the test.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null && Environment.GetEnvironmentVariable("CI") is null)
            Skip = "chromium is not installed (apt-get install chromium, or run scripts/test.sh, which installs it)";
    }
}

/// <summary>Finds and runs headless Chromium.</summary>
public static class Chromium
{
    public static string? Executable { get; } = new[] { "chromium", "chromium-browser", "google-chrome" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs Chromium headless with <paramref name="args"/> on a page; returns stdout and stderr.</summary>
    public static (string Out, string Error) Run(string page, params string[] args)
    {
        Assert.True(Executable is not null, "chromium is not installed; scripts/test.sh installs it (Debian package chromium)");
        var start = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // No sandbox: CI runs as root, where Chromium refuses to start with one. The page is our own file.
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--enable-logging=stderr", "--v=0" }.Concat(args))
            start.ArgumentList.Add(a);
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish in 90 s");
        }

        return (stdout.Result, stderr.Result);
    }
}

/// <summary>The quick-start report rendered by a real browser: no console errors, every chart laid out with drawn
/// marks, and a screenshot kept as a test artefact (TestResults/artifacts/quickstart-report.png).</summary>
public sealed class ReportBrowserTests(QuickstartCorpus corpus) : IClassFixture<QuickstartCorpus>
{
    [ChromiumFact]
    public void QuickstartReportRendersInChromiumWithoutErrors()
    {
        var report = Path.Combine(corpus.Scratch, "browser", "report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        var (exit, stdout, error) = CliProcess.Run(corpus.Scratch, "report", corpus.Path, "--out", report);
        Assert.True(exit == 0, stdout + error);

        // A copy of the page with a probe script that measures what the browser laid out; the report itself has no script.
        var probe = Path.Combine(Path.GetDirectoryName(report)!, "probe.html");
        File.WriteAllText(probe, File.ReadAllText(report).Replace("</body>", """
            <script>
            const rows = [...document.querySelectorAll('svg.chart')].map(svg => {
              const box = svg.getBoundingClientRect();
              const marks = [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0; }).length;
              return `${svg.dataset.chart}:${Math.round(box.width)}x${Math.round(box.height)}:${marks}`;
            });
            const out = document.createElement('pre'); out.id = 'probe'; out.textContent = 'CHARTS ' + rows.join(' ') + ' END';
            document.body.appendChild(out);
            </script></body>
            """));
        var (dom, log) = Chromium.Run(probe, "--dump-dom", "--virtual-time-budget=5000");
        var consoleErrors = log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(consoleErrors.Count == 0, string.Join('\n', consoleErrors));

        var charts = Regex.Match(dom, "<pre id=\"probe\">CHARTS (.*?) END</pre>").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split(':')).ToDictionary(p => p[0], p => (Size: p[1], Marks: int.Parse(p[2])));
        foreach (var name in ReportCommandTests.QuickstartCharts)
        {
            Assert.True(charts.TryGetValue(name, out var chart), $"chart {name} not rendered; rendered: {string.Join(", ", charts.Keys)}");
            var size = chart.Size.Split('x').Select(int.Parse).ToArray();
            Assert.True(size[0] > 100 && size[1] > 20, $"chart {name} laid out at {chart.Size}");
            Assert.True(chart.Marks > 0, $"chart {name} has no visible marks");
        }

        Assert.All(charts, c => Assert.True(c.Value.Marks > 0, $"chart {c.Key} is empty"));

        var artifacts = Path.Combine(CliProcess.RepositoryRoot, "TestResults", "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "quickstart-report.png");
        File.Delete(screenshot);
        Chromium.Run(report, $"--screenshot={screenshot}", "--window-size=1100,4200");
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 20_000, $"no screenshot at {screenshot}");
    }
}
