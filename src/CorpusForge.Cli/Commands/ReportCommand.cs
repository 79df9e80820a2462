using System.CommandLine;
using System.Diagnostics;
using CorpusForge.Cli.Reports;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Redaction;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge report PATH</c>: a self-contained HTML report (or, with <c>--text</c>, a terminal summary)
/// of a corpus folder or a training run folder, built from the statistics the run recorded.</summary>
public sealed class ReportCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var path = new Argument<DirectoryInfo>("path") { Description = "A corpus folder (has stats/latest.json) or a training output folder (has metrics.csv)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "HTML file to write (default: report.html in the folder)." };
        var text = new Option<bool>("--text") { Description = "Print the essentials to the terminal instead of writing HTML." };
        var command = new Command("report", "Report on a corpus (funnel, drop reasons, lengths, languages, domains, duplicates, scores, PII, tokens, samples) or a training run (loss, learning rate, throughput).")
        {
            path, output, text,
        };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var folder = parse.GetValue(path)!.FullName;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
            var clock = Stopwatch.StartNew();
            string html, summary;
            if (CorpusReport.IsCorpus(folder))
            {
                var report = CorpusReport.Load(folder, RedactSample);
                if (parse.GetValue(text))
                {
                    Console.Write(report.ToText());
                    return Task.FromResult(ExitCodes.Ok);
                }

                (html, summary) = (report.ToHtml(), "corpus report");
            }
            else if (TrainingReport.IsTrainingRun(folder))
            {
                var report = TrainingReport.Load(folder);
                if (parse.GetValue(text))
                {
                    Console.Write(report.ToText());
                    return Task.FromResult(ExitCodes.Ok);
                }

                (html, summary) = (report.ToHtml(), "training report");
            }
            else
            {
                Console.Error.WriteLine($"error: {folder} is neither a corpus folder (stats/latest.json) nor a training output folder (metrics.csv).");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            var file = parse.GetValue(output)?.FullName ?? Path.Combine(folder, "report.html");
            Core.IO.AtomicFile.WriteAllText(file, html);
            Console.WriteLine($"{summary}: {file} ({new FileInfo(file).Length / 1024.0:F0} KiB, {clock.Elapsed.TotalSeconds:F2} s); open it in a browser");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    // Built on first use: every command constructs every ICliCommand, and only a report with samples needs these.
    private static readonly Lazy<IDocumentStage[]> Redactors = new(() => [new PiiRedactor(new PiiRedactorOptions()), new SecretRedactor(new SecretRedactorOptions())]);

    /// <summary>Redacts a sample text with the PII and secret redactors at their defaults.</summary>
    private static string RedactSample(string text)
    {
        var document = new Document { Id = "sample", Text = text };
        foreach (var redactor in Redactors.Value)
        {
            var result = redactor.Process(document);
            if (result.Outcome == StageOutcome.Replace) document = result.Document!;
            else if (result.Outcome == StageOutcome.Drop) return "(withheld: " + result.Reason + ")";
        }

        return document.Text;
    }
}
