using System.Globalization;
using System.Net;
using System.Text;

namespace CorpusForge.Cli.Reports;

/// <summary>Small inline-SVG charts for the HTML reports: horizontal bars, histograms with marked thresholds, and
/// line charts. Hand-written SVG keeps the report self-contained (no scripts, fonts or native plotting libraries).</summary>
/// <remarks>Every chart is an <c>&lt;svg class="chart" data-chart="NAME"&gt;</c> and every drawn value carries the
/// class <c>mark</c>, which is what the browser test counts.</remarks>
public static class SvgChart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string Blue = "#3b6fb6";
    private const string Orange = "#e08a2c";
    private const string Grey = "#9aa3ad";

    /// <summary>One bar: label, value, and an optional note printed after the value (e.g. a share).</summary>
    public sealed record Bar(string Label, double Value, string? Note = null, bool Muted = false);

    /// <summary>Horizontal bars, largest first as given.</summary>
    public static string Bars(string name, string title, IReadOnlyList<Bar> bars, Func<double, string>? format = null)
    {
        format ??= Number;
        const int width = 760, labelWidth = 250, valueWidth = 210, rowHeight = 22, top = 8;
        var height = top + Math.Max(1, bars.Count) * rowHeight + 8;
        var max = bars.Count == 0 ? 1 : Math.Max(1e-12, bars.Max(b => b.Value));
        var plot = width - labelWidth - valueWidth;
        var svg = Open(name, title, width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * rowHeight;
            var w = Math.Max(b.Value > 0 ? 1.5 : 0, plot * b.Value / max);
            svg.Append(Inv, $"<text x=\"{labelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(Clip(b.Label, 38))}<title>{Escape(b.Label)}</title></text>");
            svg.Append(Inv, $"<rect class=\"mark\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"{rowHeight - 6}\" fill=\"{(b.Muted ? Grey : Blue)}\"><title>{Escape(b.Label)}: {Escape(format(b.Value))}</title></rect>");
            svg.Append(Inv, $"<text x=\"{labelWidth + w + 6:F1}\" y=\"{y + 15}\">{Escape(format(b.Value))}{(b.Note is null ? "" : " · " + Escape(b.Note))}</text>");
        }

        if (bars.Count == 0) svg.Append(Inv, $"<text x=\"{labelWidth}\" y=\"{top + 15}\" class=\"empty\">nothing recorded</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One histogram bin: its range and a count per series.</summary>
    public sealed record Bin(double Low, double High, double[] Counts);

    /// <summary>A vertical line at <paramref name="X"/> with a label (a filter threshold).</summary>
    public sealed record Marker(double X, string Label);

    /// <summary>A histogram of one or two series (drawn side by side in each bin), with optional marked thresholds.
    /// <paramref name="logX"/> places bins by the logarithm of their edges (lengths).</summary>
    public static string Histogram(string name, string title, IReadOnlyList<Bin> bins, string[] series, string xLabel,
        IReadOnlyList<Marker>? markers = null, bool logX = false, int width = 760, int height = 230)
    {
        const int left = 56, right = 30, top = 26, bottom = 42;
        var svg = Open(name, title, width, height);
        if (bins.Count == 0)
        {
            svg.Append(Inv, $"<text x=\"{left}\" y=\"{top + 20}\" class=\"empty\">nothing recorded</text></svg>");
            return svg.ToString();
        }

        double Pos(double v) => logX ? Math.Log10(Math.Max(1, v)) : v;
        var lo = Pos(bins[0].Low);
        var hi = Pos(bins[^1].High);
        foreach (var m in markers ?? []) { lo = Math.Min(lo, Pos(m.X)); hi = Math.Max(hi, Pos(m.X)); }
        if (hi <= lo) hi = lo + 1;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double X(double v) => left + plotW * (Pos(v) - lo) / (hi - lo);
        var step = NiceStep(Math.Max(1, bins.Max(b => b.Counts.Max())) / 4, integer: true);
        var max = step * Math.Ceiling(Math.Max(1, bins.Max(b => b.Counts.Max())) / step);
        string[] colours = [Grey, Blue];
        if (series.Length == 1) colours = [Blue];

        // Axes, y ticks.
        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"#555\"/>");
        for (var value = 0.0; value <= max + step / 2; value += step)
        {
            var y = top + plotH - plotH * value / max;
            svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{y:F1}\" x2=\"{left + plotW}\" y2=\"{y:F1}\" stroke=\"#eee\"/>");
            svg.Append(Inv, $"<text x=\"{left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\" class=\"tick\">{Escape(Number(value))}</text>");
        }

        foreach (var b in bins)
        {
            var x0 = X(b.Low);
            var x1 = Math.Max(x0 + 1, X(b.High));
            var slot = (x1 - x0) / b.Counts.Length;
            for (var s = 0; s < b.Counts.Length; s++)
            {
                if (b.Counts[s] <= 0) continue;
                var h = plotH * b.Counts[s] / max;
                svg.Append(Inv, $"<rect class=\"mark\" x=\"{x0 + s * slot + 0.5:F1}\" y=\"{top + plotH - h:F1}\" width=\"{Math.Max(0.8, slot - 1):F1}\" height=\"{h:F1}\" fill=\"{colours[s % colours.Length]}\"><title>{Escape(series[s])}: {Escape(Number(b.Counts[s]))} in [{Escape(Number(b.Low))}, {Escape(Number(b.High))})</title></rect>");
            }
        }

        foreach (var v in Ticks(logX ? Math.Pow(10, lo) : lo, logX ? Math.Pow(10, hi) : hi, logX))
        {
            var x = X(v);
            svg.Append(Inv, $"<line x1=\"{x:F1}\" y1=\"{top + plotH}\" x2=\"{x:F1}\" y2=\"{top + plotH + 4}\" stroke=\"#555\"/>");
            svg.Append(Inv, $"<text x=\"{x:F1}\" y=\"{top + plotH + 15}\" text-anchor=\"middle\" class=\"tick\">{Escape(Number(v))}</text>");
        }

        svg.Append(Inv, $"<text x=\"{left + plotW / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" class=\"axis\">{Escape(xLabel)}</text>");
        var row = 0;
        foreach (var m in markers ?? [])
        {
            var x = X(m.X);
            svg.Append(Inv, $"<line class=\"threshold\" x1=\"{x:F1}\" y1=\"{top - 4}\" x2=\"{x:F1}\" y2=\"{top + plotH}\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"5,3\"><title>{Escape(m.Label)}</title></line>");
            var anchor = x > left + plotW * 0.75 ? "end" : "start";
            var dx = anchor == "end" ? -4 : 4;
            svg.Append(Inv, $"<text x=\"{x + dx:F1}\" y=\"{top + 8 + 12 * row++:F1}\" text-anchor=\"{anchor}\" class=\"threshold-label\">{Escape(m.Label)}</text>");
        }

        Legend(svg, series, colours, width - right, 14);
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A line series: name and points.</summary>
    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dots = false);

    /// <summary>Lines against a shared x axis (steps, runs).</summary>
    public static string Lines(string name, string title, IReadOnlyList<Series> series, string xLabel, string yLabel, int width = 760, int height = 240)
    {
        const int left = 64, right = 16, top = 26, bottom = 42;
        var svg = Open(name, title, width, height);
        var all = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        if (all.Count == 0)
        {
            svg.Append(Inv, $"<text x=\"{left}\" y=\"{top + 20}\" class=\"empty\">nothing recorded</text></svg>");
            return svg.ToString();
        }

        double x0 = all.Min(p => p.X), x1 = all.Max(p => p.X), y0 = Math.Min(0, all.Min(p => p.Y)), y1 = all.Max(p => p.Y);
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double X(double v) => left + plotW * (v - x0) / (x1 - x0);
        double Y(double v) => top + plotH - plotH * (v - y0) / (y1 - y0);
        for (var t = 0; t <= 4; t++)
        {
            var v = y0 + (y1 - y0) * t / 4;
            svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{Y(v):F1}\" x2=\"{left + plotW}\" y2=\"{Y(v):F1}\" stroke=\"#eee\"/>");
            svg.Append(Inv, $"<text x=\"{left - 6}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\" class=\"tick\">{Escape(Number(v))}</text>");
            var xv = x0 + (x1 - x0) * t / 4;
            svg.Append(Inv, $"<text x=\"{X(xv):F1}\" y=\"{top + plotH + 15}\" text-anchor=\"middle\" class=\"tick\">{Escape(Number(xv))}</text>");
        }

        svg.Append(Inv, $"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"#555\"/>");
        svg.Append(Inv, $"<text x=\"{left + plotW / 2}\" y=\"{height - 6}\" text-anchor=\"middle\" class=\"axis\">{Escape(xLabel)}</text>");
        svg.Append(Inv, $"<text x=\"12\" y=\"{top + plotH / 2}\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 {top + plotH / 2})\">{Escape(yLabel)}</text>");
        string[] colours = [Blue, Orange, "#2e9b5f", "#8e44ad"];
        for (var s = 0; s < series.Count; s++)
        {
            var points = series[s].Points.Where(p => double.IsFinite(p.Y)).ToList();
            if (points.Count == 0) continue;
            var colour = colours[s % colours.Length];
            if (points.Count > 1 && !series[s].Dots)
            {
                var d = string.Join(" ", points.Select((p, i) => string.Create(Inv, $"{(i == 0 ? 'M' : 'L')}{X(p.X):F1},{Y(p.Y):F1}")));
                svg.Append(Inv, $"<path class=\"mark\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"><title>{Escape(series[s].Name)}</title></path>");
            }
            else
            {
                foreach (var p in points)
                    svg.Append(Inv, $"<circle class=\"mark\" cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"3.5\" fill=\"{colour}\"><title>{Escape(series[s].Name)} at {Escape(Number(p.X))}: {Escape(Number(p.Y))}</title></circle>");
            }
        }

        Legend(svg, series.Select(s => s.Name).ToArray(), colours, width - right, 14);
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A number as people read it: thousands separators, a few significant digits.</summary>
    public static string Number(double v)
    {
        if (!double.IsFinite(v)) return v.ToString(Inv);
        var a = Math.Abs(v);
        if (a >= 1e9) return (v / 1e9).ToString("0.##", Inv) + " G";
        if (a >= 1e6) return (v / 1e6).ToString("0.##", Inv) + " M";
        if (a >= 10_000) return v.ToString("N0", Inv);
        if (a >= 100 || v == Math.Round(v)) return v.ToString("#,##0.#", Inv);
        if (a >= 1) return v.ToString("0.##", Inv);
        return v.ToString("0.####", Inv);
    }

    /// <summary>Round tick values inside [lo, hi]: 1-2-5 steps, or 1-2-5 times powers of ten on a log axis.</summary>
    private static IEnumerable<double> Ticks(double lo, double hi, bool log)
    {
        if (log)
        {
            var ticks = new List<double>();
            for (var e = Math.Floor(Math.Log10(Math.Max(1, lo))); e <= Math.Ceiling(Math.Log10(Math.Max(1, hi))); e++)
            {
                foreach (var m in new[] { 1.0, 2, 5 })
                {
                    var v = m * Math.Pow(10, e);
                    if (v >= lo && v <= hi) ticks.Add(v);
                }
            }

            return ticks.Count > 9 ? ticks.Where(v => Math.Abs(Math.Log10(v) - Math.Round(Math.Log10(v))) < 1e-9) : ticks;
        }

        var step = NiceStep((hi - lo) / 5, integer: false);
        var first = Math.Ceiling(lo / step) * step;
        return Enumerable.Range(0, (int)Math.Floor((hi - first) / step + 1e-9) + 1).Select(i => Math.Round(first + i * step, 10));
    }

    private static double NiceStep(double raw, bool integer)
    {
        if (raw <= 0 || !double.IsFinite(raw)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        return integer ? Math.Max(1, Math.Round(step)) : step;
    }

    private static void Legend(StringBuilder svg, string[] names, string[] colours, int right, int y)
    {
        if (names.Length < 2) return;
        var x = right;
        for (var i = names.Length - 1; i >= 0; i--)
        {
            var w = 18 + names[i].Length * 7;
            x -= w;
            svg.Append(Inv, $"<rect x=\"{x}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{colours[i % colours.Length]}\"/><text x=\"{x + 14}\" y=\"{y}\" class=\"tick\">{Escape(names[i])}</text>");
        }
    }

    private static StringBuilder Open(string name, string title, int width, int height) => new StringBuilder()
        .Append(Inv, $"<svg class=\"chart\" data-chart=\"{Escape(name)}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(title)}\">");

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>HTML/XML escaping.</summary>
    public static string Escape(string s) => WebUtility.HtmlEncode(s);
}
