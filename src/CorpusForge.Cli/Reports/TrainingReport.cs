using System.Globalization;
using System.Text;
using System.Text.Json;
using static CorpusForge.Cli.Reports.SvgChart;

namespace CorpusForge.Cli.Reports;

/// <summary>The report of a training run folder: loss and validation loss, learning rate, tokens/s and gradient norm
/// from <c>metrics.csv</c>, with the configuration the trainer recorded (<c>train-config.json</c>) and the latest
/// checkpoint. Reads only those small files, so it needs no libtorch.</summary>
public sealed class TrainingReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One metrics.csv row (optional columns are NaN when empty).</summary>
    public sealed record Row(int Step, long Tokens, double Loss, double LearningRate, double GradNorm, double MsPerStep, double TokensPerSecond, double ValidationLoss);

    private TrainingReport(string folder, List<Row> rows, string? config, string? checkpoint)
    {
        Folder = folder;
        Rows = rows;
        Config = config;
        Checkpoint = checkpoint;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>The metrics rows, in step order.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>The recorded configuration (JSON text), when present.</summary>
    public string? Config { get; }

    /// <summary>latest.json of the checkpoints, when present.</summary>
    public string? Checkpoint { get; }

    /// <summary>True when <paramref name="directory"/> is a training run folder (has metrics.csv).</summary>
    public static bool IsTrainingRun(string directory) => File.Exists(Path.Combine(directory, "metrics.csv"));

    /// <summary>Reads a run folder.</summary>
    /// <exception cref="InvalidDataException">metrics.csv is missing or malformed (the message names file and line).</exception>
    public static TrainingReport Load(string folder)
    {
        var csv = Path.Combine(folder, "metrics.csv");
        if (!File.Exists(csv)) throw new InvalidDataException($"{folder}: no metrics.csv; is this a training output folder?");
        var lines = File.ReadAllLines(csv);
        if (lines.Length == 0 || !lines[0].StartsWith("step,tokens,loss,lr,grad_norm", StringComparison.Ordinal))
            throw new InvalidDataException($"{csv}:1: unexpected header '{(lines.Length > 0 ? lines[0] : "")}'");
        var rows = new List<Row>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            try
            {
                double D(int k) => k < f.Length && f[k].Length > 0 ? double.Parse(f[k], Inv) : double.NaN;
                rows.Add(new Row(int.Parse(f[0], Inv), long.Parse(f[1], Inv), D(2), D(3), D(4), D(5), D(6), D(8)));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{csv}:{i + 1}: {e.Message}");
            }
        }

        string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
        var checkpoint = Directory.Exists(Path.Combine(folder, "checkpoints"))
            ? Read(Path.Combine(folder, "checkpoints", "latest.json"))
            : null;
        return new TrainingReport(folder, rows, Read(Path.Combine(folder, "train-config.json")), checkpoint);
    }

    private string Name => Config is null ? Path.GetFileName(Path.GetFullPath(Folder).TrimEnd('/')) :
        JsonDocument.Parse(Config).RootElement.TryGetProperty("name", out var n) ? n.GetString() ?? "training run" : "training run";

    /// <summary>The report as one self-contained HTML page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        Html.Begin(html, $"Training report: {Name}");
        html.Append("<header><h1>Training report: ").Append(Escape(Name)).Append("</h1><p class=\"meta\">").Append(Escape(Path.GetFullPath(Folder))).Append("</p></header>");
        var last = Rows.Count > 0 ? Rows[^1] : null;
        var lastValidation = Rows.LastOrDefault(r => !double.IsNaN(r.ValidationLoss));
        html.Append("<section class=\"cards\">");
        Html.Card(html, "steps", last is null ? "0" : Number(last.Step), last is null ? "" : $"{Number(last.Tokens)} tokens seen");
        Html.Card(html, "training loss", last is null ? "–" : last.Loss.ToString("0.000", Inv), "last logged interval");
        Html.Card(html, "validation loss", lastValidation is null ? "–" : lastValidation.ValidationLoss.ToString("0.000", Inv),
            lastValidation is null ? "no validation yet" : $"perplexity {Math.Exp(lastValidation.ValidationLoss):0.0} at step {lastValidation.Step}");
        var speeds = Rows.Where(r => r.TokensPerSecond > 0).ToList();
        Html.Card(html, "throughput", speeds.Count == 0 ? "–" : Number(speeds.Average(r => r.TokensPerSecond)) + " tok/s", speeds.Count == 0 ? "" : $"{speeds.Average(r => r.MsPerStep):0.0} ms per step on average");
        html.Append("</section>");

        html.Append("<section><h2>Loss</h2><p class=\"help\">Training loss averaged over each logging interval; validation loss where a validation ran.</p>");
        html.Append(Lines("loss", "loss by step", [
            new Series("training loss", Rows.Select(r => ((double)r.Step, r.Loss)).ToList()),
            new Series("validation loss", Rows.Where(r => !double.IsNaN(r.ValidationLoss)).Select(r => ((double)r.Step, r.ValidationLoss)).ToList(), Dots: true),
        ], "step", "cross-entropy (nats)"));
        html.Append("</section><section class=\"grid\">");
        html.Append("<div><h2>Learning rate</h2>").Append(Lines("lr", "learning rate", [new Series("learning rate", Rows.Select(r => ((double)r.Step, r.LearningRate)).ToList())], "step", "learning rate", 460, 200)).Append("</div>");
        html.Append("<div><h2>Gradient norm</h2>").Append(Lines("grad-norm", "gradient norm", [new Series("gradient norm (before clipping)", Rows.Select(r => ((double)r.Step, r.GradNorm)).ToList())], "step", "norm", 460, 200)).Append("</div>");
        html.Append("<div><h2>Tokens per second</h2>").Append(Lines("tokens-per-second", "tokens per second", [new Series("tokens/s", Rows.Select(r => ((double)r.Step, r.TokensPerSecond)).ToList())], "step", "tokens/s", 460, 200)).Append("</div>");
        html.Append("</section>");
        html.Append("<section><h2>Configuration</h2>");
        html.Append(Config is null
            ? "<p class=\"help\">No train-config.json in this folder (written by the trainer since this report exists).</p>"
            : "<pre>" + Escape(Config) + "</pre>");
        if (Checkpoint is not null) html.Append("<h3>Latest checkpoint</h3><pre>").Append(Escape(Checkpoint)).Append("</pre>");
        html.Append("</section>");
        Html.End(html);
        return html.ToString();
    }

    /// <summary>The essentials for a terminal.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"training run {Path.GetFullPath(Folder)} ({Name}): {Rows.Count} logged interval(s)\n");
        sb.Append(Inv, $"  {"step",8} {"tokens",12} {"loss",8} {"val loss",9} {"lr",10} {"grad norm",10} {"tok/s",10}\n");
        foreach (var r in Rows)
        {
            var v = double.IsNaN(r.ValidationLoss) ? "" : r.ValidationLoss.ToString("0.0000", Inv);
            sb.Append(Inv, $"  {r.Step,8} {r.Tokens,12:N0} {r.Loss,8:0.0000} {v,9} {r.LearningRate,10:0.###e0} {r.GradNorm,10:0.000} {r.TokensPerSecond,10:N0}\n");
        }

        return sb.ToString();
    }
}
