using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Filters.Quality;

namespace CorpusForge.Bench;

/// <summary>Throughput of the quality and repetition rules, each alone and all four chained on one document (sharing
/// its text analysis), on synthetic web-like 1–5 KB documents, on 1 thread and on the requested workers.</summary>
public sealed class QualityBenchmark : IBenchmark
{
    public string Name => "quality";

    public string Description => "Gopher quality/repetition, C4, FineWeb: docs/s and MB/s per stage and chained (1 and N threads)";

    public void Run(BenchContext context)
    {
        var texts = StageThroughput.SyntheticWebDocuments(context.SizeMb, seed: 7);
        var stages = new (string Name, Func<IDocumentStage[]> Create)[]
        {
            ("filter.gopher_quality_v1", () => [new GopherQualityFilter(new GopherQualityOptions())]),
            ("filter.gopher_repetition_v1", () => [new GopherRepetitionFilter(new GopherRepetitionOptions())]),
            ("filter.c4_v1", () => [new C4Filter(new C4Options())]),
            ("filter.fineweb_v1", () => [new FineWebFilter(new FineWebOptions())]),
            ("all four chained", () =>
            [
                new GopherRepetitionFilter(new GopherRepetitionOptions()), new GopherQualityFilter(new GopherQualityOptions()),
                new C4Filter(new C4Options()), new FineWebFilter(new FineWebOptions()),
            ]),
        };
        StageThroughput.Describe(context, texts);
        foreach (var (name, create) in stages) StageThroughput.Measure(context, name, create(), texts);
    }
}

/// <summary>Throughput and load time of language identification on multilingual 1–5 KB documents built from the
/// evaluation set's samples.</summary>
public sealed class LanguageBenchmark : IBenchmark
{
    public string Name => "language";

    public string Description => "filter.language_v1: model load time, docs/s and MB/s (1 and N threads) on multilingual documents";

    public void Run(BenchContext context)
    {
        var texts = MultilingualDocuments(Math.Min(context.SizeMb, 20));
        StageThroughput.Describe(context, texts);
        foreach (var order in new[] { 3, 4 })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var filter = new LanguageFilter(new LanguageFilterOptions { MaxOrder = order }, ComponentContext.ForDirectory(context.WorkDirectory));
            context.Report($"max_order {order}: load {filter.Model.Languages.Count} languages (wall)", clock.Elapsed.TotalSeconds, "s");
            context.Report($"max_order {order}: load (CPU)", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, "s");
            StageThroughput.Measure(context, $"filter.language_v1 max_order {order}", [filter], texts);
        }
    }

    /// <summary>Documents of 1–5 KB, each in one language, from the evaluation samples shuffled deterministically.</summary>
    private static List<string> MultilingualDocuments(int sizeMb)
    {
        var directory = FindEvaluationSet();
        var samples = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => File.ReadAllLines(f).Where(l => l.Length > 0).ToArray()).ToArray();
        var random = new Random(11);
        var texts = new List<string>();
        long bytes = 0;
        while (bytes < sizeMb * 1_000_000L)
        {
            var language = samples[random.Next(samples.Length)];
            var target = random.Next(1000, 5000);
            var text = new StringBuilder();
            while (Encoding.UTF8.GetByteCount(text.ToString()) < target)
                text.Append(language[random.Next(language.Length)]).Append(random.Next(4) == 0 ? "\n\n" : " ");
            texts.Add(text.ToString());
            bytes += Encoding.UTF8.GetByteCount(texts[^1]);
        }

        return texts;
    }

    private static string FindEvaluationSet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CorpusForge.Stages.Tests", "Data", "language");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("tests/CorpusForge.Stages.Tests/Data/language not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs stages over in-memory documents and reports documents/s and MB/s (UTF-8), wall-clock and per CPU
/// second (the machine is shared, so CPU time is the steadier figure).</summary>
internal static class StageThroughput
{
    public static void Describe(BenchContext context, List<string> texts)
    {
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        context.Report("documents", texts.Count, "docs");
        context.Report("input", bytes / 1e6, "MB");
        context.Report("mean document size", bytes / 1024.0 / texts.Count, "KB");
    }

    public static void Measure(BenchContext context, string name, IDocumentStage[] chain, List<string> texts)
    {
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        // Warm-up: long enough for the JIT's optimising tier to replace the first compilation.
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < 2) Run(chain, texts.Take(Math.Min(texts.Count, 300)).ToList(), 1);
        foreach (var threads in new[] { 1, Math.Max(2, context.Workers) }.Distinct())
        {
            var (wall, cpu, kept) = Run(chain, texts, threads);
            context.Report($"{name} [{threads} thr] docs/s", texts.Count / wall, "docs/s");
            context.Report($"{name} [{threads} thr] MB/s", bytes / 1e6 / wall, "MB/s");
            context.Report($"{name} [{threads} thr] MB/s per CPU-second", bytes / 1e6 / cpu, "MB/s/core");
            if (threads == 1) context.Report($"{name} kept", 100.0 * kept / texts.Count, "%");
        }
    }

    private static (double Wall, double Cpu, int Kept) Run(IDocumentStage[] chain, List<string> texts, int threads)
    {
        var documents = texts.Select((t, i) => new Document { Id = i.ToString(), Text = t }).ToArray();
        GC.Collect();
        var kept = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var mine = 0;
            for (var i = worker; i < documents.Length; i += threads)
            {
                var survived = true;
                foreach (var stage in chain)
                {
                    if (stage.Process(documents[i]).Outcome == StageOutcome.Drop)
                    {
                        survived = false;
                        break;
                    }
                }

                if (survived) mine++;
            }

            Interlocked.Add(ref kept, mine);
        });
        var wall = clock.Elapsed.TotalSeconds;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, kept);
    }

    /// <summary>English web-like documents of 1–5 KB: mostly prose in paragraphs, with some navigation menus,
    /// repeated boilerplate lines and lists, so that every rule has work and some documents are dropped.</summary>
    public static List<string> SyntheticWebDocuments(int sizeMb, int seed)
    {
        string[] nouns = ["city", "river", "market", "council", "school", "garden", "bridge", "station", "museum", "library",
            "report", "budget", "village", "harbour", "festival", "road", "team", "season", "farmer", "teacher", "company",
            "project", "weather", "evening", "morning", "family", "visitor", "street", "window", "kitchen"];
        string[] verbs = ["opened", "announced", "visited", "repaired", "discussed", "planned", "reported", "watched",
            "crossed", "built", "closed", "welcomed", "described", "painted", "measured", "followed", "changed", "carried"];
        string[] adjectives = ["old", "new", "quiet", "busy", "small", "large", "local", "early", "late", "bright",
            "narrow", "public", "famous", "careful", "modern", "historic"];
        string[] glue = ["and", "but", "while", "because", "after", "before", "with", "of", "to", "in", "on", "for", "that"];
        var random = new Random(seed);
        string Pick(string[] words) => words[random.Next(words.Length)];
        string Sentence()
        {
            var s = new StringBuilder();
            s.Append("The ").Append(Pick(adjectives)).Append(' ').Append(Pick(nouns)).Append(' ').Append(Pick(verbs))
                .Append(" the ").Append(Pick(nouns));
            for (var k = random.Next(1, 4); k > 0; k--)
                s.Append(' ').Append(Pick(glue)).Append(" the ").Append(Pick(adjectives)).Append(' ').Append(Pick(nouns))
                    .Append(random.Next(3) == 0 ? " " + Pick(verbs) + " " + random.Next(1, 2000) : "");
            return s.Append(random.Next(8) == 0 ? "?" : ".").ToString();
        }

        var texts = new List<string>();
        long bytes = 0;
        while (bytes < sizeMb * 1_000_000L)
        {
            var target = random.Next(1000, 5000);
            var text = new StringBuilder();
            var kind = random.Next(10);
            if (kind == 0)
                text.Append("Home\nNews\nSport\nWeather\nContact us\n\n");
            while (text.Length < target)
            {
                if (kind == 1 && random.Next(3) == 0) text.Append("Click here to subscribe to our newsletter!\n");
                else if (kind == 2) text.Append("- ").Append(Pick(adjectives)).Append(' ').Append(Pick(nouns)).Append('\n');
                else
                {
                    for (var k = random.Next(2, 6); k > 0; k--) text.Append(Sentence()).Append(' ');
                    text.Length--;
                    text.Append("\n\n");
                }
            }

            if (kind == 3) text.Append("This site uses cookies. Read our privacy policy.\n");
            texts.Add(text.ToString().TrimEnd());
            bytes += Encoding.UTF8.GetByteCount(texts[^1]);
        }

        return texts;
    }
}
