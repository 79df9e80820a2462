using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Stages.Redaction;

namespace CorpusForge.Bench;

/// <summary>Scores <c>redact.pii_v1</c> + <c>redact.secrets_v1</c> on the generated labelled set
/// (<see cref="PiiEvaluationSet"/>), dev and held-out, against a naive regular-expression baseline, and measures
/// both back to back in MB per CPU-second.</summary>
/// <remarks>A labelled item is found when a match of its type covers it; a match counts as correct when it overlaps
/// an item of its type; a look-alike is destroyed when any match overlaps it. <c>--size-mb</c> sets the number of
/// documents per part (×500); <c>--workers</c> is unused (per-core figures).</remarks>
public sealed partial class PiiEvaluationBenchmarks : IBenchmark
{
    /// <inheritdoc />
    public string Name => "pii-eval";

    /// <inheritdoc />
    public string Description => "PII and secrets: per-type recall/precision, look-alikes destroyed and MB/s per core on generated labelled documents (dev and held-out), vs a naive regex baseline";

    private static readonly string[] Types = ["email", "phone", "ip_address", "payment_card", "ssn", "iban", "secret"];

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var documents = Math.Max(1, context.SizeMb) * 500;
        var pii = new PiiScanner(new PiiScannerSettings());
        var secrets = new SecretRedactor(new SecretRedactorOptions());
        Func<string, List<(string Type, int Start, int Length)>> ours = text =>
        {
            var found = pii.Scan(text).Select(m => (PiiRedactor.NameOf(m.Kind), m.Start, m.Length)).ToList();
            found.AddRange(secrets.Find(text).Select(m => ("secret", m.Start, m.Length)));
            return found;
        };

        foreach (var heldOut in new[] { false, true })
        {
            var set = PiiEvaluationSet.Generate(heldOut, documents);
            var part = heldOut ? "held-out" : "dev";
            var bytes = set.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
            context.Out.WriteLine($"== {part}: {set.Count} documents, {bytes / 1e6:F2} MB, {set.Sum(d => d.Spans.Count(s => !s.IsLookAlike))} labelled items, {set.Sum(d => d.Spans.Count(s => s.IsLookAlike))} look-alikes");
            // Error examples are printed for the dev part only: the held-out part is never looked into.
            Score(context, $"{part} corpusforge", set, ours, verbose: context.Workers > 8 && !heldOut);
            Score(context, $"{part} naive-regex", set, NaiveFind, verbose: false);

            // Warm-up: each detector runs for a second before it is timed, so that the tiered JIT has compiled the
            // hot loops (a pass over this set is only tens of milliseconds).
            foreach (var warm in new[] { ours, NaiveFind })
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed.TotalSeconds < 1) CpuSeconds(set, warm);
            }

            Func<string, List<(string, int, int)>> piiOnly = text => pii.Scan(text).Select(m => ("", m.Start, m.Length)).ToList();
            Func<string, List<(string, int, int)>> secretsOnly = text => secrets.Find(text).Select(m => ("", m.Start, m.Length)).ToList();
            context.Report($"{part} redact.pii_v1 alone MB/s per CPU-second", bytes / 1e6 / Enumerable.Range(0, 3).Min(_ => CpuSeconds(set, piiOnly)), "MB/s");
            context.Report($"{part} redact.secrets_v1 alone MB/s per CPU-second", bytes / 1e6 / Enumerable.Range(0, 3).Min(_ => CpuSeconds(set, secretsOnly)), "MB/s");

            // Speed, back to back on the same documents: best of three CPU-time measurements each.
            for (var round = 0; round < 2; round++)
            {
                var a = Enumerable.Range(0, 3).Min(_ => CpuSeconds(set, ours));
                var b = Enumerable.Range(0, 3).Min(_ => CpuSeconds(set, NaiveFind));
                context.Report($"{part} corpusforge MB/s per CPU-second (round {round + 1})", bytes / 1e6 / a, "MB/s");
                context.Report($"{part} naive-regex MB/s per CPU-second (round {round + 1})", bytes / 1e6 / b, "MB/s");
            }
        }
    }

    private static double CpuSeconds(List<LabelledDocument> set, Func<string, List<(string, int, int)>> find)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        foreach (var d in set) find(d.Text);
        process.Refresh();
        return Math.Max(1e-3, (process.TotalProcessorTime - before).TotalSeconds);
    }

    private static void Score(BenchContext context, string label, List<LabelledDocument> set,
        Func<string, List<(string Type, int Start, int Length)>> find, bool verbose)
    {
        var tp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        var correct = new Dictionary<string, int>();
        var wrong = new Dictionary<string, int>();
        var lookTotal = new Dictionary<string, int>();
        var lookHit = new Dictionary<string, int>();
        var examples = new List<string>();
        foreach (var doc in set)
        {
            var found = find(doc.Text);
            foreach (var span in doc.Spans)
            {
                var end = span.Start + span.Length;
                if (span.IsLookAlike)
                {
                    var what = span.Kind["lookalike:".Length..];
                    lookTotal[what] = lookTotal.GetValueOrDefault(what) + 1;
                    if (found.Any(f => f.Start < end && f.Start + f.Length > span.Start))
                    {
                        lookHit[what] = lookHit.GetValueOrDefault(what) + 1;
                        if (examples.Count < 400) examples.Add($"LOOK {what}: {Context(doc.Text, span.Start, span.Length)}");
                    }

                    continue;
                }

                var type = span.Kind == "password" ? "secret" : span.Kind;
                if (found.Any(f => f.Type == type && f.Start <= span.Start && f.Start + f.Length >= end)) tp[type] = tp.GetValueOrDefault(type) + 1;
                else
                {
                    fn[type] = fn.GetValueOrDefault(type) + 1;
                    if (examples.Count < 400) examples.Add($"FN {type}: {Context(doc.Text, span.Start, span.Length)}");
                }
            }

            foreach (var f in found)
            {
                var fEnd = f.Start + f.Length;
                var ok = doc.Spans.Any(s => !s.IsLookAlike && (s.Kind == "password" ? "secret" : s.Kind) == f.Type && s.Start < fEnd && s.Start + s.Length > f.Start);
                if (ok) correct[f.Type] = correct.GetValueOrDefault(f.Type) + 1;
                else
                {
                    wrong[f.Type] = wrong.GetValueOrDefault(f.Type) + 1;
                    if (examples.Count < 400) examples.Add($"FP {f.Type}: {Context(doc.Text, f.Start, f.Length)}");
                }
            }
        }

        var line = new StringBuilder($"{label,-24}");
        foreach (var type in Types)
        {
            var items = tp.GetValueOrDefault(type) + fn.GetValueOrDefault(type);
            var recall = items == 0 ? 1 : (double)tp.GetValueOrDefault(type) / items;
            var reported = correct.GetValueOrDefault(type) + wrong.GetValueOrDefault(type);
            var precision = reported == 0 ? 1 : (double)correct.GetValueOrDefault(type) / reported;
            line.Append($" {type} R={recall:F3} P={precision:F3} (n={items});");
        }

        var allTp = tp.Values.Sum();
        var allItems = allTp + fn.Values.Sum();
        var allCorrect = correct.Values.Sum();
        var allReported = allCorrect + wrong.Values.Sum();
        context.Out.WriteLine(line.ToString());
        context.Out.WriteLine($"{label,-24} overall R={(double)allTp / allItems:F3} P={(allReported == 0 ? 1 : (double)allCorrect / allReported):F3}; look-alikes destroyed " +
                              $"{lookHit.Values.Sum()}/{lookTotal.Values.Sum()} = {100.0 * lookHit.Values.Sum() / Math.Max(1, lookTotal.Values.Sum()):F2} % (" +
                              string.Join(", ", lookTotal.OrderBy(k => k.Key).Select(k => $"{k.Key} {lookHit.GetValueOrDefault(k.Key)}/{k.Value}")) + ")");
        if (verbose)
            foreach (var e in examples.GroupBy(e => e[..Math.Min(e.Length, 18)]).SelectMany(g => g.Take(12)))
                context.Out.WriteLine("  " + e);
    }

    private static string Context(string text, int start, int length)
    {
        var from = Math.Max(0, start - 30);
        var to = Math.Min(text.Length, start + length + 30);
        return (text[from..start] + "[[" + text.Substring(start, length) + "]]" + text[(start + length)..to]).Replace("\n", "\\n");
    }

    // ---- the naive baseline: one regular expression per type, as a first attempt would write them ----------------

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex NaiveEmail();

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b")]
    private static partial Regex NaiveSsn();

    [GeneratedRegex(@"\b(?:\d[ \-]?){13,19}\b")]
    private static partial Regex NaiveCard();

    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b")]
    private static partial Regex NaiveIp();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b")]
    private static partial Regex NaiveIban();

    [GeneratedRegex(@"(?:\+\d{1,3}[ \-]?)?(?:\(\d{1,4}\)[ \-]?)?\d{2,4}[ \-.]?\d{3,4}[ \-.]?\d{3,4}\b")]
    private static partial Regex NaivePhone();

    [GeneratedRegex(@"(?i)(?:password|passwd|secret|token|api_?key)[""']?\s*[:=]\s*[""']?([^\s""',;]+)|\b(?:AKIA[A-Z0-9]{16}|ghp_[A-Za-z0-9]{36}|sk_live_[A-Za-z0-9]{24,}|xox[bp]-[A-Za-z0-9\-]+)")]
    private static partial Regex NaiveSecret();

    private static List<(string Type, int Start, int Length)> NaiveFind(string text)
    {
        var found = new List<(string, int, int)>();
        var taken = new List<(int, int)>();
        void Add(string type, Regex regex)
        {
            foreach (Match m in regex.Matches(text))
            {
                var g = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : (Group)m;
                if (taken.Any(t => t.Item1 < g.Index + g.Length && t.Item2 > g.Index)) continue;
                taken.Add((g.Index, g.Index + g.Length));
                found.Add((type, g.Index, g.Length));
            }
        }

        Add("secret", NaiveSecret());
        Add("email", NaiveEmail());
        Add("iban", NaiveIban());
        Add("ssn", NaiveSsn());
        Add("payment_card", NaiveCard());
        Add("ip_address", NaiveIp());
        Add("phone", NaivePhone());
        return found;
    }
}
