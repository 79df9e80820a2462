using System.Diagnostics;
using System.Text.Json;
using CorpusForge.Core.Registry;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Bench;

/// <summary>Accuracy of language identification on the evaluation set <c>scripts/lid/build_lid_data.py</c> and
/// <c>build_lid_prose.py</c> build (<c>$LID_DATA/eval.jsonl</c>): real texts at three lengths in four parts, two dev
/// parts (Debian translation strings and documentation prose not used for training) and two held-out parts (the
/// Universal Declaration of Human Rights and the Firefox language packs, never used for training or tuning);
/// per language, per length, macro-averaged over languages; with and without the second stage; and the time to
/// classify the whole set (for a ratio to a peer run back to back on the same texts, see
/// <c>scripts/lid/franc_speed.mjs</c>).</summary>
public sealed class LanguageEvaluationBenchmark : IBenchmark
{
    public string Name => "language-eval";

    public string Description => "filter.language_v1 accuracy per language and length on $LID_DATA/eval.jsonl (dev and held-out), 1st stage alone and both";

    public void Run(BenchContext context)
    {
        var data = Environment.GetEnvironmentVariable("LID_DATA") ?? throw new InvalidOperationException("set LID_DATA to the folder scripts/lid/build_lid_data.py wrote");
        var samples = File.ReadLines(Path.Combine(data, "eval.jsonl"))
            .Select(l => JsonSerializer.Deserialize<Sample>(l, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!)
            .ToList();
        var order = int.TryParse(Environment.GetEnvironmentVariable("LID_ORDER"), out var o) ? o : 3;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var filter = new LanguageFilter(new LanguageFilterOptions { MaxOrder = order }, ComponentContext.ForDirectory(context.WorkDirectory));
        var model = filter.Model;
        // $LID_GROUPS: a group-model file to evaluate instead of the shipped one (a fresh language-train output).
        var groupFile = Environment.GetEnvironmentVariable("LID_GROUPS");
        var both = groupFile is null ? LanguageIdentifier.For(model) : LanguageIdentifier.Create(model, LoadGroups(groupFile));
        both.Detect("warm up the group models");
        context.Report($"load {model.Languages.Count} languages, max_order {order} (wall)", clock.Elapsed.TotalSeconds, "s");
        context.Report("load (CPU)", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, "s");
        var first = LanguageIdentifier.Create(model, []);
        foreach (var (name, identifier) in new[] { ("first stage only", first), ("two stages", both) })
        {
            clock.Restart();
            var predictions = samples.Select(s => identifier.Detect(s.Text).Code).ToList();
            var seconds = clock.Elapsed.TotalSeconds;
            context.Out.WriteLine($"== {name}: {samples.Count} texts in {seconds:F2} s ({samples.Sum(s => s.Text.Length) / seconds / 1e6:F2} M chars/s, 1 thread)");
            foreach (var split in samples.Select(s => s.Split).Distinct())
            {
                var rows = samples.Select((s, i) => (s, ok: predictions[i] == s.Lang, predicted: predictions[i])).Where(r => r.s.Split == split).ToList();
                double Macro(Func<Sample, bool> where)
                {
                    var perLanguage = rows.Where(r => where(r.s)).GroupBy(r => r.s.Lang).Select(g => g.Average(r => r.ok ? 1.0 : 0.0)).ToList();
                    return perLanguage.Count == 0 ? double.NaN : perLanguage.Average();
                }

                context.Out.WriteLine($"{split}: macro {Macro(_ => true):P2}  short {Macro(s => s.Length == "short"):P2}  medium {Macro(s => s.Length == "medium"):P2}  long {Macro(s => s.Length == "long"):P2}  ({rows.Count} texts, {rows.Select(r => r.s.Lang).Distinct().Count()} languages)");
                if (name != "two stages" && Environment.GetEnvironmentVariable("LID_ROWS") != "all") continue;
                foreach (var language in rows.GroupBy(r => r.s.Lang).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var byLength = string.Join("  ", new[] { "short", "medium", "long" }.Select(length =>
                    {
                        var part = language.Where(r => r.s.Length == length).ToList();
                        return part.Count == 0 ? $"{length} -" : $"{length} {part.Average(r => r.ok ? 1.0 : 0.0):P0}";
                    }));
                    var errors = string.Join(" ", language.Where(r => !r.ok).GroupBy(r => r.predicted).OrderByDescending(g => g.Count()).Take(3).Select(g => $"{g.Key}×{g.Count()}"));
                    context.Out.WriteLine($"  {language.Key,-3} {language.Average(r => r.ok ? 1.0 : 0.0),7:P1}  {byLength}  {errors}");
                    // $LID_SHOW=xx: print the texts of that language that went wrong (for reading, not for tuning on held-out parts).
                    if (language.Key != Environment.GetEnvironmentVariable("LID_SHOW")) continue;
                    foreach (var (s, _, predicted) in language.Where(r => !r.ok))
                        context.Out.WriteLine($"      → {predicted}: {s.Text[..Math.Min(160, s.Text.Length)]}");
                }
            }
        }
    }

    private static List<LanguageGroupModel> LoadGroups(string path)
    {
        using var stream = File.OpenRead(path);
        return LanguageGroupModel.Load(stream, path);
    }

    private sealed record Sample(string Lang, string Length, string Split, string Source, string Text);
}
