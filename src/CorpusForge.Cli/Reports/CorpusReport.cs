using System.Globalization;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Stats;
using CorpusForge.Core.Tokens;
using static CorpusForge.Cli.Reports.SvgChart;

namespace CorpusForge.Cli.Reports;

/// <summary>The report of a corpus folder, built only from what runs recorded: <c>stats/latest.json</c> (counts,
/// timings and the bounded profile), earlier <c>stats/run-*.json</c> files (snapshots) and token-shard manifests.
/// It never reads the outputs themselves, so it costs the same for a megabyte or a terabyte.</summary>
public sealed class CorpusReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly JsonElement _latest;
    private readonly List<(string File, JsonElement Stats)> _history;
    private readonly Func<string, string>? _redact;

    private CorpusReport(string corpus, JsonElement latest, List<(string, JsonElement)> history, Func<string, string>? redact)
    {
        Corpus = corpus;
        _latest = latest;
        _history = history;
        _redact = redact;
    }

    /// <summary>The corpus folder.</summary>
    public string Corpus { get; }

    /// <summary>True when <paramref name="directory"/> looks like a corpus folder (has run statistics).</summary>
    public static bool IsCorpus(string directory) => File.Exists(Path.Combine(directory, "stats", "latest.json"));

    /// <summary>Loads the statistics of a corpus folder. <paramref name="redactSamples"/> is applied to samples of
    /// dropped documents when the pipeline redacts (they were dropped before its redaction stage ran).</summary>
    /// <exception cref="InvalidDataException">No statistics, or a stats file of another format.</exception>
    public static CorpusReport Load(string corpus, Func<string, string>? redactSamples)
    {
        var latestPath = Path.Combine(corpus, "stats", "latest.json");
        if (!File.Exists(latestPath)) throw new InvalidDataException($"{corpus}: no stats/latest.json; run a pipeline into this folder first");
        var latest = Parse(latestPath);
        var history = Directory.GetFiles(Path.Combine(corpus, "stats"), "run-*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Parse(f)))
            .ToList();
        var redacts = latest.GetProperty("phases").EnumerateArray()
            .Any(p => p.GetProperty("stages").EnumerateArray().Any(s => s.GetProperty("component").GetString()!.StartsWith("redact.", StringComparison.Ordinal)));
        return new CorpusReport(corpus, latest, history, redacts ? redactSamples : null);
    }

    private static JsonElement Parse(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement.Clone();
            if (root.TryGetProperty("format", out var f) && f.GetString() == RunStats.Format) return root;
            throw new InvalidDataException($"{path}: not a {RunStats.Format} file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON: {e.Message}");
        }
    }

    private string Pipeline => _latest.GetProperty("pipeline").GetString()!;

    private IEnumerable<JsonElement> Phases => _latest.GetProperty("phases").EnumerateArray();

    /// <summary>The report as one self-contained HTML page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        var started = _latest.GetProperty("started_at").GetString();
        var elapsed = _latest.GetProperty("elapsed_seconds").GetDouble();
        Html.Begin(html, $"Corpus report: {Pipeline}");
        html.Append("<header><h1>Corpus report: ").Append(Escape(Pipeline)).Append("</h1><p class=\"meta\">")
            .Append(Escape(Path.GetFullPath(Corpus))).Append(" · last run started ").Append(Escape(started ?? "?"))
            .Append(Inv, $" · took {elapsed:F1} s on {_latest.GetProperty("workers").GetInt32()} worker(s)</p>");
        html.Append("<p class=\"note\">Built from the statistics the runs recorded (counts, histograms and bounded samples in <code>stats/</code>) " +
                    "and the token-shard manifests; the outputs are not re-read. Figures cover the documents processed by the last run.</p></header>");

        var phases = Phases.ToList();
        foreach (var phase in phases)
        {
            var name = phase.GetProperty("name").GetString()!;
            if (phases.Count > 1) html.Append("<h2 class=\"phase\">Phase ").Append(Escape(name)).Append("</h2>");
            PhaseHtml(html, phase, phases.Count > 1 ? name + "-" : "");
        }

        SnapshotsHtml(html);
        Html.End(html);
        return html.ToString();
    }

    private void PhaseHtml(StringBuilder html, JsonElement phase, string prefix)
    {
        var reader = phase.GetProperty("reader");
        var stages = phase.GetProperty("stages").EnumerateArray().ToList();
        var profile = phase.TryGetProperty("profile", out var p) ? p : default;
        var read = reader.GetProperty("out").GetInt64();
        var written = phase.GetProperty("documents_written").GetInt64();
        var readChars = reader.GetProperty("chars_out").GetInt64();
        var keptChars = stages.Count > 0 ? stages[^1].GetProperty("chars_out").GetInt64() : readChars;
        var quarantined = reader.GetProperty("quarantined").GetInt64() + stages.Sum(s => s.GetProperty("quarantined").GetInt64());
        var tokens = TokenManifests(phase).ToList();

        // Headline figures first: what a reader wants in the first ten seconds.
        html.Append("<section class=\"cards\">");
        Html.Card(html, "documents kept", $"{Number(written)} of {Number(read)}", Percent(written, read) + " kept");
        Html.Card(html, "characters kept", $"{Number(keptChars)} of {Number(readChars)}", Percent(keptChars, readChars) + " kept");
        if (tokens.Count > 0) Html.Card(html, "tokens", Number(tokens.Sum(t => t.Manifest.Tokens)), string.Join(", ", tokens.Select(t => t.Manifest.Tokenizer.Name)) + " tokenizer");
        Html.Card(html, "quarantined", Number(quarantined), "unreadable records or stage errors");
        Html.Card(html, "input", Bytes(phase.GetProperty("input_bytes").GetInt64()), $"{phase.GetProperty("shards_completed").GetInt32()} file(s) processed, {phase.GetProperty("shards_skipped").GetInt32()} skipped as done");
        html.Append("</section>");
        if (!phase.GetProperty("counts_add_up").GetBoolean())
            html.Append("<p class=\"warn\">Counts do not add up: ").Append(Escape(phase.GetProperty("counts").GetString() ?? "")).Append("</p>");
        if (phase.GetProperty("failed_shards").GetArrayLength() > 0)
        {
            html.Append("<p class=\"warn\">Failed input files (outputs discarded, a rerun retries them):</p><ul>");
            foreach (var f in phase.GetProperty("failed_shards").EnumerateArray())
                html.Append("<li><code>").Append(Escape(f.GetProperty("input").GetString()!)).Append("</code>: ").Append(Escape(f.GetProperty("error").GetString()!)).Append("</li>");
            html.Append("</ul>");
        }

        // Funnel.
        html.Append("<section><h2>Funnel: what each stage removed</h2>");
        html.Append("<p class=\"help\">Documents left after each stage, in pipeline order. The table gives characters and the reasons of every drop.</p>");
        var funnel = new List<Bar> { new("read", read) };
        funnel.AddRange(stages.Select(s => new Bar($"after {s.GetProperty("id").GetString()}", s.GetProperty("out").GetInt64(), Percent(s.GetProperty("out").GetInt64(), read) + " of read")));
        html.Append(Bars(prefix + "funnel", "documents after each stage", funnel));
        html.Append("<table><thead><tr><th>stage</th><th>in</th><th>kept</th><th>dropped</th><th>quarantined</th><th>chars in → out</th><th>drop reasons</th></tr></thead><tbody>");
        foreach (var s in stages)
        {
            var reasons = s.GetProperty("dropped_by_reason").EnumerateObject().OrderByDescending(r => r.Value.GetInt64())
                .Select(r => $"{Escape(r.Name)} <b>{Number(r.Value.GetInt64())}</b>");
            var id = s.GetProperty("id").GetString()!;
            var component = s.GetProperty("component").GetString()!;
            html.Append(Inv, $"<tr><td><b>{Escape(id)}</b>{(component == id ? "" : $"<br><small>{Escape(component)}</small>")}</td>")
                .Append(Inv, $"<td>{Number(s.GetProperty("in").GetInt64())}</td><td>{Number(s.GetProperty("out").GetInt64())}</td>")
                .Append(Inv, $"<td>{Number(s.GetProperty("dropped").GetInt64())} ({Percent(s.GetProperty("dropped").GetInt64(), s.GetProperty("in").GetInt64())})</td>")
                .Append(Inv, $"<td>{Number(s.GetProperty("quarantined").GetInt64())}</td>")
                .Append(Inv, $"<td>{Number(s.GetProperty("chars_in").GetInt64())} → {Number(s.GetProperty("chars_out").GetInt64())}</td><td>{string.Join("<br>", reasons)}</td></tr>");
        }

        html.Append("</tbody></table></section>");

        if (profile.ValueKind == JsonValueKind.Object)
        {
            LengthsHtml(html, profile, prefix);
            LanguagesAndDomainsHtml(html, profile, written, prefix);
            DuplicatesHtml(html, profile, stages, prefix);
            ScoresHtml(html, phase, profile, prefix);
            RedactionsHtml(html, profile, prefix);
        }

        TokensHtml(html, tokens, prefix);
        ThroughputHtml(html, reader, stages, prefix);
        if (profile.ValueKind == JsonValueKind.Object) SamplesHtml(html, profile);
    }

    private static void LengthsHtml(StringBuilder html, JsonElement profile, string prefix)
    {
        var read = Counts(profile.GetProperty("read_chars"));
        var kept = Counts(profile.GetProperty("kept_chars"));
        var bins = new List<Bin>();
        for (var b = 0; b < Math.Max(read.Length, kept.Length); b++)
        {
            double r = b < read.Length ? read[b] : 0, k = b < kept.Length ? kept[b] : 0;
            if (r == 0 && k == 0 && bins.Count == 0) continue;
            bins.Add(new Bin(Math.Max(1, LengthHistogram.LowerEdge(b)), LengthHistogram.LowerEdge(b + 1), [r, k]));
        }

        html.Append("<section><h2>Document length, before and after filtering</h2>");
        html.Append(Inv, $"<p class=\"help\">Characters per document (log scale). Grey: as read ({Number(Mean(profile.GetProperty("read_chars")))} characters on average); blue: kept ({Number(Mean(profile.GetProperty("kept_chars")))} on average).</p>");
        html.Append(Histogram(prefix + "lengths", "document length before and after filtering", bins, ["as read", "kept"], "characters per document (log scale)", logX: true));
        html.Append("</section>");
    }

    private static void LanguagesAndDomainsHtml(StringBuilder html, JsonElement profile, long written, string prefix)
    {
        var languages = profile.GetProperty("languages").EnumerateObject().Select(l => (l.Name, N: l.Value.GetInt64())).OrderByDescending(l => l.N).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();
        html.Append("<section class=\"two\"><div><h2>Languages of kept documents</h2>");
        html.Append(Bars(prefix + "languages", "kept documents by language", Top(languages, 12, written)));
        html.Append("</div>");

        var domains = profile.GetProperty("domains");
        var top = domains.GetProperty("top").EnumerateObject().Select(d => (d.Name, N: d.Value.GetInt64())).ToList();
        var withoutUrl = domains.GetProperty("without_url").GetInt64();
        html.Append("<div><h2>Top domains of kept documents</h2>");
        if (top.Count == 0)
        {
            html.Append(Inv, $"<p class=\"help\">No kept document has a URL ({Number(withoutUrl)} without one).</p>");
        }
        else
        {
            var distinct = domains.TryGetProperty("distinct", out var d) ? d.GetInt64() : top.Count;
            var pruned = domains.TryGetProperty("pruned", out var pr) && pr.GetInt64() > 0 ? " (at least; rare ones were not all tracked)" : "";
            html.Append(Inv, $"<p class=\"help\">The {Math.Min(15, top.Count)} largest of {Number(distinct)} domain(s){pruned}, with their share of kept documents; {Number(withoutUrl)} kept document(s) have no URL.</p>");
            var bars = top.Take(15).Select(t => new Bar(t.Name, t.N, Percent(t.N, written))).ToList();
            var rest = written - withoutUrl - top.Take(15).Sum(t => t.N);
            if (rest > 0) bars.Add(new Bar($"{Number(Math.Max(0, distinct - 15))} other domain(s)", rest, Percent(rest, written), Muted: true));
            html.Append(Bars(prefix + "domains", "kept documents by domain", bars));
        }

        html.Append("</div></section>");
    }

    private static void DuplicatesHtml(StringBuilder html, JsonElement profile, List<JsonElement> stages, string prefix)
    {
        var clusters = profile.GetProperty("duplicate_clusters");
        var bySize = clusters.GetProperty("by_size").EnumerateObject().Select(c => (Size: int.Parse(c.Name, Inv), N: c.Value.GetInt64())).OrderBy(c => c.Size).ToList();
        var dedupStages = stages.Where(s => s.GetProperty("component").GetString()!.StartsWith("dedup.", StringComparison.Ordinal)).ToList();
        if (dedupStages.Count == 0 && bySize.Count == 0) return;
        html.Append("<section><h2>Duplicate clusters</h2>");
        var removed = dedupStages.Sum(s => s.GetProperty("dropped").GetInt64());
        html.Append(Inv, $"<p class=\"help\">{Number(removed)} {(removed == 1 ? "copy" : "copies")} removed by {string.Join(", ", dedupStages.Select(s => s.GetProperty("id").GetString()))}, in {Number(clusters.GetProperty("clusters").GetInt64())} cluster(s). ");
        html.Append("A cluster is one kept document and the copies removed as its duplicates; size counts both (copies of documents kept by an earlier run count here too).</p>");
        // Sizes 2–5 one by one, then ranges, so a long tail stays a few rows.
        int[] edges = [2, 3, 4, 5, 6, 11, 21, 51, 101, 1001, int.MaxValue];
        var ranges = new List<Bar>();
        for (var e = 0; e + 1 < edges.Length; e++)
        {
            var n = bySize.Where(c => c.Size >= edges[e] && c.Size < edges[e + 1]).Sum(c => c.N);
            if (n == 0) continue;
            var label = edges[e + 1] - edges[e] == 1 ? $"size {edges[e]}" : edges[e + 1] == int.MaxValue ? $"size {edges[e]}+" : $"size {edges[e]}–{edges[e + 1] - 1}";
            ranges.Add(new Bar(label, n, "cluster(s)"));
        }

        html.Append(Bars(prefix + "duplicates", "duplicate clusters by size", ranges));
        html.Append("</section>");
    }

    private static void ScoresHtml(StringBuilder html, JsonElement phase, JsonElement profile, string prefix)
    {
        var thresholds = phase.TryGetProperty("thresholds", out var t)
            ? t.EnumerateArray().Select(x => (Attribute: x.GetProperty("attribute").GetString()!, Value: x.GetProperty("value").GetDouble(), Min: x.GetProperty("bound").GetString() == "min", Stage: x.GetProperty("stage").GetString()!)).ToList()
            : [];
        var scores = profile.GetProperty("scores").EnumerateObject().ToList();
        if (scores.Count == 0) return;

        // Scores the pipeline decides by come first (those are what a reader tunes), then the rest.
        var ordered = scores.OrderBy(s => thresholds.Any(x => x.Attribute == s.Name) ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        html.Append("<section><h2>Quality scores and thresholds</h2>");
        html.Append("<p class=\"help\">Distribution of each score over the documents that reached its stage (a sample of up to " +
                    Number(CorpusProfile.ScoreSampleSize) + " documents per score). Blue: documents that were kept in the end; grey: documents dropped (by this or a later stage). " +
                    "Red dashed lines: the thresholds in force; documents beyond them were dropped by that rule.</p><div class=\"grid\">");
        var flat = new List<JsonProperty>();
        foreach (var score in ordered)
        {
            var values = score.Value.GetProperty("sample").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var kept = score.Value.GetProperty("sample_kept").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
            if (values.Length == 0) continue;
            if (values.Min() == values.Max() || !thresholds.Any(x => x.Attribute == score.Name) && ordered.Count > 12)
            {
                // A constant score, or one nothing decides by in a long list: a table row says enough.
                flat.Add(score);
                continue;
            }

            var marks = thresholds.Where(x => x.Attribute == score.Name).Select(x => new Marker(x.Value, $"{(x.Min ? "min" : "max")} {Number(x.Value)}")).ToList();
            var lo = Math.Min(values.Min(), marks.Count > 0 ? marks.Min(m => m.X) : double.MaxValue);
            var hi = Math.Max(values.Max(), marks.Count > 0 ? marks.Max(m => m.X) : double.MinValue);
            // Long-tailed counts (word counts) spread over decades: bin them by logarithm.
            var log = lo >= 0 && hi > 1000 && hi / Math.Max(1, lo) > 100;
            var bins = Bin2(values, kept, lo, hi, 30, log);
            html.Append("<div class=\"score\"><h3>").Append(Escape(score.Name)).Append("</h3><p class=\"help\">")
                .Append(Inv, $"{Number(score.Value.GetProperty("count").GetInt64())} documents, mean {Number(score.Value.GetProperty("mean").GetDouble())}, range {Number(score.Value.GetProperty("min").GetDouble())} – {Number(score.Value.GetProperty("max").GetDouble())}")
                .Append("</p>");
            html.Append(Histogram(prefix + "score-" + score.Name, score.Name, bins, ["dropped", "kept"], score.Name + (log ? " (log scale)" : ""), marks, logX: log, width: 460, height: 200));
            html.Append("</div>");
        }

        html.Append("</div>");
        if (flat.Count > 0)
        {
            html.Append("<h3>Other scores (the same for every document, or not used by a threshold)</h3><table><thead><tr><th>attribute</th><th>documents</th><th>mean</th><th>min</th><th>max</th><th>threshold</th></tr></thead><tbody>");
            foreach (var s in flat)
            {
                var marks = string.Join(", ", thresholds.Where(x => x.Attribute == s.Name).Select(x => $"{(x.Min ? "min" : "max")} {Number(x.Value)}"));
                html.Append(Inv, $"<tr><td><code>{Escape(s.Name)}</code></td><td>{Number(s.Value.GetProperty("count").GetInt64())}</td><td>{Number(s.Value.GetProperty("mean").GetDouble())}</td>")
                    .Append(Inv, $"<td>{Number(s.Value.GetProperty("min").GetDouble())}</td><td>{Number(s.Value.GetProperty("max").GetDouble())}</td><td>{Escape(marks)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");
    }

    private static List<Bin> Bin2(double[] values, bool[] kept, double lo, double hi, int count, bool log)
    {
        double F(double v) => log ? Math.Log10(Math.Max(1, v)) : v;
        double G(double v) => log ? Math.Pow(10, v) : v;
        double a = F(lo), b = F(hi);
        if (b <= a) b = a + (a == 0 ? 1 : Math.Abs(a) * 0.1);
        var width = (b - a) / count;
        var bins = Enumerable.Range(0, count).Select(i => new Bin(G(a + i * width), G(a + (i + 1) * width), [0, 0])).ToList();
        for (var i = 0; i < values.Length; i++)
        {
            var k = (int)Math.Clamp(Math.Floor((F(values[i]) - a) / width), 0, count - 1);
            bins[k].Counts[kept[i] ? 1 : 0]++;
        }

        return bins;
    }

    private static void RedactionsHtml(StringBuilder html, JsonElement profile, string prefix)
    {
        var redactions = profile.GetProperty("redactions").EnumerateObject().Select(r => (r.Name, N: r.Value.GetInt64())).OrderByDescending(r => r.N).ToList();
        html.Append("<section><h2>PII and secrets redacted in kept documents</h2>");
        if (redactions.Count == 0)
        {
            html.Append("<p class=\"help\">No redaction stage reported any item (either none ran, or nothing was found).</p></section>");
            return;
        }

        html.Append("<p class=\"help\">Items replaced by placeholders, by type, summed over kept documents.</p>");
        html.Append(Bars(prefix + "redactions", "redacted items by type", redactions.Select(r => new Bar(r.Name, r.N)).ToList()));
        html.Append("</section>");
    }

    private static void TokensHtml(StringBuilder html, List<(string Path, TokenShardManifest Manifest)> tokens, string prefix)
    {
        foreach (var (path, manifest) in tokens)
        {
            html.Append("<section><h2>Tokens: <code>").Append(Escape(path)).Append("</code></h2>");
            html.Append(Inv, $"<p class=\"help\">{Number(manifest.Tokens)} tokens in {Number(manifest.Documents)} documents ({Escape(manifest.Tokenizer.Name)}, {Escape(manifest.Dtype)}, layouts {Escape(string.Join(", ", manifest.Layouts))}); validation share {manifest.ValidationFraction:P0} of documents by id hash.</p>");
            var bars = new List<Bar>();
            foreach (var (split, s) in manifest.Splits.OrderBy(kv => kv.Key == "train" ? 0 : 1))
            {
                bars.Add(new Bar($"{split} (all shards)", s.Tokens, $"{Number(s.Documents)} docs"));
                bars.AddRange(s.Shards.Select(shard => new Bar($"  {split} · {shard.Name}", shard.Tokens, $"{Number(shard.Documents)} docs", Muted: true)));
            }

            html.Append(Bars(prefix + "tokens-" + path, "tokens per split and shard", bars));
            html.Append("</section>");
        }
    }

    private static void ThroughputHtml(StringBuilder html, JsonElement reader, List<JsonElement> stages, string prefix)
    {
        html.Append("<section><h2>Time and throughput per stage</h2>");
        html.Append("<p class=\"help\">Busy time is summed over worker threads (so it can exceed the wall clock); throughput is characters in per busy second.</p>");
        var all = new[] { reader }.Concat(stages).ToList();
        var bars = all.Select(s =>
        {
            var seconds = s.GetProperty("busy_seconds").GetDouble();
            var chars = s.GetProperty(s.GetProperty("id").GetString() == "reader" ? "chars_out" : "chars_in").GetInt64();
            var rate = seconds > 0 ? $"{Number(chars / seconds / 1e6)} M chars/s" : "";
            return new Bar(s.GetProperty("id").GetString()!, seconds, rate);
        }).ToList();
        html.Append(Bars(prefix + "time", "busy seconds per stage", bars, v => Number(v) + " s"));
        html.Append("</section>");
    }

    private void SamplesHtml(StringBuilder html, JsonElement profile)
    {
        html.Append("<section><h2>Samples</h2>");
        html.Append(Inv, $"<p class=\"help\">A few documents per drop reason and of the kept ones (chosen by a hash of the id, so the same on every run), cut to {CorpusProfile.SampleChars} characters.");
        if (_redact is not null) html.Append(" Dropped samples are shown after the pipeline's PII and secret redaction, since they left the pipeline before it ran.");
        html.Append("</p>");
        html.Append("<h3>Kept</h3>");
        foreach (var s in profile.GetProperty("kept_samples").EnumerateArray()) Sample(html, s, redact: false);
        html.Append("<h3>Dropped, by stage and reason</h3>");
        foreach (var reason in profile.GetProperty("dropped_samples").EnumerateObject())
        {
            html.Append("<details><summary>").Append(Escape(reason.Name)).Append(Inv, $" <small>({reason.Value.GetArrayLength()} shown)</small></summary>");
            foreach (var s in reason.Value.EnumerateArray()) Sample(html, s, redact: true);
            html.Append("</details>");
        }

        html.Append("</section>");
    }

    private void Sample(StringBuilder html, JsonElement s, bool redact)
    {
        var text = s.GetProperty("text").GetString() ?? "";
        if (redact && _redact is not null) text = _redact(text);
        var chars = s.GetProperty("chars").GetInt64();
        html.Append("<div class=\"sample\"><div class=\"where\"><code>").Append(Escape(s.GetProperty("id").GetString()!)).Append("</code> · ")
            .Append(Escape(s.TryGetProperty("url", out var u) ? u.GetString()! : s.GetProperty("provenance").GetString()!))
            .Append(Inv, $" · {Number(chars)} chars");
        if (s.TryGetProperty("detail", out var d)) html.Append(" · <b>").Append(Escape(d.GetString()!)).Append("</b>");
        html.Append("</div><pre>").Append(Escape(text)).Append(chars > text.Length ? "…" : "").Append("</pre></div>");
    }

    private void SnapshotsHtml(StringBuilder html)
    {
        html.Append("<section><h2>Runs over time</h2>");
        if (_history.Count < 2)
        {
            html.Append("<p class=\"help\">One run so far; when the corpus is refreshed (new input files, a rerun), each run appears here.</p></section>");
            return;
        }

        html.Append("<p class=\"help\">Each run of this corpus folder: documents read and written by that run (a rerun reads only new or changed input files).</p>");
        var read = new List<(double, double)>();
        var written = new List<(double, double)>();
        html.Append("<table><thead><tr><th>#</th><th>started</th><th>read</th><th>written</th><th>input files done / skipped</th><th>seconds</th></tr></thead><tbody>");
        for (var i = 0; i < _history.Count; i++)
        {
            var stats = _history[i].Stats;
            var phases = stats.GetProperty("phases").EnumerateArray().ToList();
            var r = phases.Sum(p => p.GetProperty("reader").GetProperty("out").GetInt64());
            var w = phases.Sum(p => p.GetProperty("documents_written").GetInt64());
            read.Add((i + 1, r));
            written.Add((i + 1, w));
            html.Append(Inv, $"<tr><td>{i + 1}</td><td>{Escape(stats.GetProperty("started_at").GetString() ?? "")}</td><td>{Number(r)}</td><td>{Number(w)}</td>")
                .Append(Inv, $"<td>{phases.Sum(p => p.GetProperty("shards_completed").GetInt32())} / {phases.Sum(p => p.GetProperty("shards_skipped").GetInt32())}</td><td>{stats.GetProperty("elapsed_seconds").GetDouble():F1}</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append(Lines("snapshots", "documents per run", [new Series("read", read, Dots: true), new Series("written", written, Dots: true)], "run", "documents"));
        html.Append("</section>");
    }

    private IEnumerable<(string Path, TokenShardManifest Manifest)> TokenManifests(JsonElement phase)
    {
        if (!phase.TryGetProperty("outputs", out var outputs)) yield break;
        foreach (var o in outputs.EnumerateArray())
        {
            var path = o.GetProperty("path").GetString()!;
            var manifest = Path.Combine(Corpus, path, TokenShardManifest.FileName);
            if (o.GetProperty("writer").GetString()!.StartsWith("writer.token_shards", StringComparison.Ordinal) && File.Exists(manifest))
                yield return (path, TokenShardManifest.Load(manifest));
        }
    }

    /// <summary>The essentials for a terminal: funnel with reasons, lengths, languages, domains, tokens, time.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"corpus {Path.GetFullPath(Corpus)} · pipeline {Pipeline} · last run {_latest.GetProperty("started_at").GetString()} ({_latest.GetProperty("elapsed_seconds").GetDouble():F1} s)\n");
        foreach (var phase in Phases)
        {
            var reader = phase.GetProperty("reader");
            var read = reader.GetProperty("out").GetInt64();
            var written = phase.GetProperty("documents_written").GetInt64();
            sb.Append(Inv, $"\nphase {phase.GetProperty("name").GetString()}: kept {Number(written)} of {Number(read)} documents ({Percent(written, read)}), quarantined {Number(reader.GetProperty("quarantined").GetInt64())} at reading\n");
            sb.Append(Inv, $"  {"stage",-28} {"in",10} {"kept",10} {"dropped",10} {"busy s",8}  top reasons\n");
            foreach (var s in phase.GetProperty("stages").EnumerateArray())
            {
                var reasons = string.Join(", ", s.GetProperty("dropped_by_reason").EnumerateObject().OrderByDescending(r => r.Value.GetInt64()).Take(3).Select(r => $"{r.Name} {r.Value.GetInt64()}"));
                sb.Append(Inv, $"  {s.GetProperty("id").GetString(),-28} {s.GetProperty("in").GetInt64(),10:N0} {s.GetProperty("out").GetInt64(),10:N0} {s.GetProperty("dropped").GetInt64(),10:N0} {s.GetProperty("busy_seconds").GetDouble(),8:F2}  {reasons}\n");
            }

            if (phase.TryGetProperty("profile", out var profile))
            {
                sb.Append(Inv, $"  mean length: {Number(Mean(profile.GetProperty("read_chars")))} chars as read, {Number(Mean(profile.GetProperty("kept_chars")))} kept\n");
                var languages = profile.GetProperty("languages").EnumerateObject().OrderByDescending(l => l.Value.GetInt64()).Take(8).Select(l => $"{l.Name} {Percent(l.Value.GetInt64(), written)}");
                sb.Append("  languages: ").Append(string.Join(", ", languages)).Append('\n');
                var domains = profile.GetProperty("domains").GetProperty("top").EnumerateObject().Take(8).Select(d => $"{d.Name} {Percent(d.Value.GetInt64(), written)}").ToList();
                if (domains.Count > 0) sb.Append("  top domains: ").Append(string.Join(", ", domains)).Append('\n');
                var clusters = profile.GetProperty("duplicate_clusters").GetProperty("clusters").GetInt64();
                if (clusters > 0) sb.Append(Inv, $"  duplicate clusters: {Number(clusters)}\n");
                var redactions = profile.GetProperty("redactions").EnumerateObject().Select(r => $"{r.Name} {r.Value.GetInt64()}").ToList();
                if (redactions.Count > 0) sb.Append("  redacted: ").Append(string.Join(", ", redactions)).Append('\n');
            }

            foreach (var (path, manifest) in TokenManifests(phase))
            {
                sb.Append(Inv, $"  tokens ({path}, {manifest.Tokenizer.Name}): {Number(manifest.Tokens)}; ")
                    .Append(string.Join(", ", manifest.Splits.Select(kv => $"{kv.Key} {Number(kv.Value.Tokens)} in {kv.Value.Shards.Count} shard(s)"))).Append('\n');
            }
        }

        if (_history.Count > 1) sb.Append(Inv, $"\n{_history.Count} runs recorded in stats/\n");
        return sb.ToString();
    }

    private static List<Bar> Top(List<(string Name, long N)> items, int n, long total)
    {
        var bars = items.Take(n).Select(i => new Bar(i.Name, i.N, Percent(i.N, total))).ToList();
        var rest = items.Skip(n).Sum(i => i.N);
        if (rest > 0) bars.Add(new Bar($"{items.Count - n} others", rest, Percent(rest, total), Muted: true));
        return bars;
    }

    private static string Bytes(long n) => n switch
    {
        >= 1L << 30 => $"{Number(n / (double)(1L << 30))} GiB",
        >= 1L << 20 => $"{Number(n / (double)(1L << 20))} MiB",
        >= 1L << 10 => $"{Number(n / 1024.0)} KiB",
        _ => $"{n} bytes",
    };

    private static long[] Counts(JsonElement histogram) => histogram.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToArray();

    private static double Mean(JsonElement histogram) =>
        histogram.GetProperty("count").GetInt64() is var n and > 0 ? (double)histogram.GetProperty("sum").GetInt64() / n : 0;

    internal static string Percent(double part, double whole) => whole <= 0 ? "–" : (part / whole).ToString(part / whole < 0.1 ? "0.0%" : "0%", Inv);
}
