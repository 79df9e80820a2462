using System.Globalization;
using System.Text;
using CorpusForge.Core.IO;

namespace CorpusForge.Training.Training;

/// <summary>One row of <c>metrics.csv</c>: training figures averaged since the previous row, plus the validation
/// figures when a validation ran at this step.</summary>
public sealed record MetricsRow(
    int Step, long Tokens, double Loss, double LearningRate, double GradNorm, double MsPerStep, double TokensPerSecond,
    double? Mfu, double? ValidationLoss)
{
    /// <summary>exp(validation loss), the per-token perplexity.</summary>
    public double? ValidationPerplexity => ValidationLoss is { } v ? Math.Exp(v) : null;
}

/// <summary>Keeps the metrics of a run, appends them to <c>metrics.csv</c> as they come and draws <c>loss.png</c>.
/// On resume, rows after the checkpoint's step are dropped so the file matches the resumed run.</summary>
public sealed class MetricsLog
{
    /// <summary>The CSV header.</summary>
    public const string Header = "step,tokens,loss,lr,grad_norm,ms_per_step,tokens_per_s,mfu,val_loss,val_ppl";

    private readonly List<MetricsRow> _rows = [];
    private readonly string _title;

    /// <summary>Opens the log in <paramref name="folder"/>, keeping existing rows up to <paramref name="resumeStep"/>.</summary>
    public MetricsLog(string folder, string title, int resumeStep)
    {
        Directory.CreateDirectory(folder);
        CsvPath = Path.Combine(folder, "metrics.csv");
        PlotPath = Path.Combine(folder, "loss.png");
        _title = title;
        if (resumeStep > 0 && File.Exists(CsvPath))
        {
            _rows.AddRange(File.ReadLines(CsvPath).Skip(1).Where(l => l.Length > 0).Select(Parse).Where(r => r.Step <= resumeStep));
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in _rows) text.Append(Format(row)).Append('\n');
        AtomicFile.WriteAllText(CsvPath, text.ToString());
    }

    /// <summary>metrics.csv.</summary>
    public string CsvPath { get; }

    /// <summary>loss.png.</summary>
    public string PlotPath { get; }

    /// <summary>Rows so far.</summary>
    public IReadOnlyList<MetricsRow> Rows => _rows;

    /// <summary>Adds a row and appends it to the CSV.</summary>
    public void Add(MetricsRow row)
    {
        _rows.Add(row);
        File.AppendAllText(CsvPath, Format(row) + "\n");
    }

    /// <summary>Draws training and validation loss against the step into <see cref="PlotPath"/>.</summary>
    public void Plot()
    {
        var plot = new ScottPlot.Plot();
        var train = _rows.Where(r => !double.IsNaN(r.Loss)).ToList();
        if (train.Count > 0)
        {
            var line = plot.Add.Scatter(train.Select(r => (double)r.Step).ToArray(), train.Select(r => r.Loss).ToArray());
            line.LegendText = "train loss";
            line.MarkerSize = 0;
        }

        var validation = _rows.Where(r => r.ValidationLoss is not null).ToList();
        if (validation.Count > 0)
        {
            var points = plot.Add.Scatter(validation.Select(r => (double)r.Step).ToArray(), validation.Select(r => r.ValidationLoss!.Value).ToArray());
            points.LegendText = "validation loss";
        }

        plot.Title(_title);
        plot.XLabel("step");
        plot.YLabel("cross-entropy (nats/token)");
        // Outside the data area, right of it: inside, the legend hides a curve's end wherever it sits (training loss
        // ends low on the right, an overfitting validation loss high on the right).
        plot.ShowLegend(ScottPlot.Edge.Right);
        var png = plot.GetImageBytes(900, 540, ScottPlot.ImageFormat.Png);
        using var file = AtomicFile.Create(PlotPath);
        file.Stream.Write(png);
        file.Commit();
    }

    private static string Format(MetricsRow r) => string.Join(',',
        r.Step.ToString(CultureInfo.InvariantCulture),
        r.Tokens.ToString(CultureInfo.InvariantCulture),
        Number(r.Loss), Number(r.LearningRate), Number(r.GradNorm), Number(r.MsPerStep), Number(r.TokensPerSecond),
        r.Mfu is { } m ? Number(m) : "",
        r.ValidationLoss is { } v ? Number(v) : "",
        r.ValidationPerplexity is { } p ? Number(p) : "");

    private static string Number(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

    private static MetricsRow Parse(string line)
    {
        var f = line.Split(',');
        double? Optional(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);
        double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return new MetricsRow(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
            D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6]), Optional(f[7]), Optional(f[8]));
    }
}
