using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Quality;

namespace CorpusForge.Bench;

/// <summary>Decision agreement, rule by rule, between CorpusForge's quality stages and <see cref="QualityReference"/>
/// on real text: Project Gutenberg books (../shared/data/books-dev, cut into 2–6 KB documents), the text of the
/// expected articles of Mozilla Readability's test pages (../shared/data/extraction-dev) and Debian's documentation
/// files (/usr/share/doc README files and changelogs), each also in noisy variants (CRLF, bullets, hash tags,
/// trailing ellipses, repeated paragraphs, truncation). Sources whose name hashes even are the dev part, odd the
/// held-out part.</summary>
public sealed partial class QualityAgreementBenchmark : IBenchmark
{
    public string Name => "quality-agreement";

    public string Description => "Gopher/C4/FineWeb rule-by-rule decision agreement with an independent reference implementation on real text";

    [GeneratedRegex(@"<(?:/p|br\s*/?|/h[1-6]|/li|/div|/tr|/pre|/blockquote)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    public void Run(BenchContext context)
    {
        var documents = Variants(Sources(context)).ToList();
        context.Out.WriteLine($"{documents.Count} documents ({documents.Count(d => d.Dev)} dev, {documents.Count(d => !d.Dev)} held-out)");
        var gopher = new GopherQualityFilter(new GopherQualityOptions { Language = "en" });
        var repetition = new GopherRepetitionFilter(new GopherRepetitionOptions());
        var c4 = new C4Filter(new C4Options());
        var fineweb = new FineWebFilter(new FineWebOptions());
        // rule → (dev, held-out) × (agree plain, agree with deviations, fires in reference, total)
        var tallies = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        var examples = new Dictionary<string, string>();
        foreach (var (source, text, dev) in documents)
        {
            var ours = new Dictionary<string, bool>();
            var doc = Run(gopher, text);
            ours["gopher.word_count"] = Long(doc, "gopher.word_count") is < 50 or > 100_000;
            ours["gopher.mean_word_length"] = Double(doc, "gopher.mean_word_length") is < 3 or > 10;
            ours["gopher.hash_ratio"] = Double(doc, "gopher.hash_word_ratio") > 0.1;
            ours["gopher.ellipsis_ratio"] = Double(doc, "gopher.ellipsis_word_ratio") > 0.1;
            ours["gopher.bullet_lines"] = Double(doc, "gopher.bullet_line_ratio") > 0.9;
            ours["gopher.ellipsis_lines"] = Double(doc, "gopher.ellipsis_line_ratio") > 0.3;
            ours["gopher.alpha_words"] = Double(doc, "gopher.alpha_word_ratio") < 0.8;
            ours["gopher.stop_words"] = Long(doc, "gopher.stop_word_count") < 2;
            doc = Run(repetition, text);
            foreach (var key in new[] { "dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac" })
                ours["repetition." + key] = Double(doc, "gopher." + key) > (key.EndsWith("char_frac", StringComparison.Ordinal) ? 0.2 : 0.3);
            double[] top = [0.20, 0.18, 0.16];
            for (var n = 2; n <= 4; n++) ours[$"repetition.top_{n}_gram"] = Double(doc, $"gopher.top_{n}_gram_char_frac") > top[n - 2];
            double[] dup = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10];
            for (var n = 5; n <= 10; n++) ours[$"repetition.dup_{n}_gram"] = Double(doc, $"gopher.dup_{n}_gram_char_frac") > dup[n - 5];
            var c4Doc = new Document { Id = "x", Text = text };
            var c4Result = c4.Process(c4Doc);
            var c4Ours = c4Result.Outcome == StageOutcome.Drop ? c4Result.Reason!.Replace("c4_", "") : "keep";
            doc = Run(fineweb, text);
            ours["fineweb.line_punct_ratio"] = Double(doc, "fineweb.line_punct_ratio") <= 0.12;
            ours["fineweb.short_line_ratio"] = Double(doc, "fineweb.short_line_ratio") >= 0.67;
            ours["fineweb.char_dup_ratio"] = Double(doc, "fineweb.char_dup_ratio") >= 0.01;
            ours["fineweb.newline_word_ratio"] = Double(doc, "fineweb.newline_word_ratio") > 0.3;

            foreach (var deviations in new[] { false, true })
            {
                var reference = new Dictionary<string, bool>();
                foreach (var (k, v) in QualityReference.GopherQuality(text, deviations)) reference["gopher." + k] = v;
                foreach (var (k, v) in QualityReference.GopherRepetition(text, deviations)) reference["repetition." + k] = v;
                foreach (var (k, v) in QualityReference.FineWeb(text, deviations)) reference["fineweb." + k] = v;
                var (c4Decision, c4Kept) = QualityReference.C4(text, deviations);
                // C4 agrees when the page decision agrees and, for a kept page, the kept text is the same.
                reference["c4.page"] = true;
                ours["c4.page"] = c4Decision == c4Ours && (c4Ours != "keep" || c4Kept == c4Doc.Text);
                foreach (var (rule, value) in reference)
                {
                    if (!tallies.TryGetValue(rule, out var t)) tallies[rule] = t = new long[8];
                    var offset = dev ? 0 : 4;
                    var agree = ours[rule] == value;
                    t[offset + (deviations ? 1 : 0)] += agree ? 1 : 0;
                    if (!deviations)
                    {
                        t[offset + 2] += value ? 1 : 0;
                        t[offset + 3]++;
                    }
                    else if (!agree && dev && !examples.ContainsKey(rule))
                        examples[rule] = $"{source}: ours={ours[rule]} reference={value}";
                    if (deviations && !agree && Environment.GetEnvironmentVariable("QUALITY_AGREEMENT_DUMP") is { Length: > 0 } dump && rule == dump)
                        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"qa-{rule}-{Fnv(source):x8}.txt"), $"{source}\nours={ours[rule]} {c4Ours}\n----\n{text}\n----ours kept\n{c4Doc.Text}\n----reference kept\n{c4Kept}");
                }
            }
        }

        context.Out.WriteLine($"{"rule",-30} {"dev plain",10} {"dev +dev.",10} {"fires",6} {"held plain",10} {"held +dev.",10} {"fires",6}");
        foreach (var (rule, t) in tallies)
        {
            context.Out.WriteLine($"{rule,-30} {Pct(t[0], t[3]),10} {Pct(t[1], t[3]),10} {t[2],6} {Pct(t[4], t[7]),10} {Pct(t[5], t[7]),10} {t[6],6}");
        }

        context.Out.WriteLine("(c4.page: 'fires' counts documents; agreement = same page decision and, when kept, the same kept text)");
        foreach (var (rule, example) in examples.OrderBy(e => e.Key, StringComparer.Ordinal)) context.Out.WriteLine($"  first dev disagreement with deviations, {rule}: {example}");
    }

    private static string Pct(long part, long total) => total == 0 ? "-" : $"{100.0 * part / total:F2}%";

    private static Document Run(IDocumentStage stage, string text)
    {
        var doc = new Document { Id = "x", Text = text };
        stage.Process(doc);
        return doc;
    }

    private static double Double(Document doc, string name) => doc.TryGetScore(name, out var v) ? v : throw new InvalidOperationException($"missing {name}");

    private static long Long(Document doc, string name) => (long)Double(doc, name);

    /// <summary>Real texts: (source name, text).</summary>
    private static IEnumerable<(string Source, string Text)> Sources(BenchContext context)
    {
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data"));
        if (!Directory.Exists(shared)) shared = "/work/shared/data";
        var books = Path.Combine(shared, "books-dev");
        if (Directory.Exists(books))
        {
            foreach (var file in Directory.GetFiles(books, "*.txt").Order(StringComparer.Ordinal))
            {
                // Books are cut at paragraph breaks into documents of 2–6 KB, as web pages come.
                var text = File.ReadAllText(file).Replace("\r\n", "\n");
                var paragraphs = text.Split("\n\n");
                var chunk = new StringBuilder();
                var part = 0;
                var target = 2000 + (int)(Fnv(Path.GetFileName(file)) & 0xFFF);
                foreach (var paragraph in paragraphs)
                {
                    chunk.Append(paragraph).Append("\n\n");
                    if (chunk.Length < target) continue;
                    yield return ($"{Path.GetFileName(file)}#{part++}", chunk.ToString().TrimEnd());
                    chunk.Clear();
                    if (part >= 40) break;
                }
            }
        }

        var pages = Path.Combine(shared, "extraction-dev", "readability-test-pages");
        if (Directory.Exists(pages))
        {
            foreach (var dir in Directory.GetDirectories(pages).Order(StringComparer.Ordinal))
            {
                var expected = Path.Combine(dir, "expected.html");
                if (!File.Exists(expected)) continue;
                var html = BlockEnd().Replace(File.ReadAllText(expected), "\n");
                var lines = WebUtility.HtmlDecode(Tag().Replace(html, "")).Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
                yield return ($"page:{Path.GetFileName(dir)}", string.Join('\n', lines).Trim());
            }
        }

        if (Directory.Exists("/usr/share/doc"))
        {
            foreach (var file in Directory.EnumerateFiles("/usr/share/doc", "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (!(name.StartsWith("README", StringComparison.Ordinal) || name.StartsWith("changelog", StringComparison.Ordinal) || name == "NEWS.gz")) continue;
                var info = new FileInfo(file);
                if (info.Length < 1500 || info.Length > 400_000 || info.LinkTarget is not null) continue;
                string text;
                try
                {
                    using var stream = File.OpenRead(file);
                    using var reader = new StreamReader(name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
                    text = reader.ReadToEnd();
                }
                catch (InvalidDataException)
                {
                    continue;
                }

                if (text.Contains('\0')) continue;
                yield return ($"debian:{file}", text.Length > 8000 ? text[..8000] : text);
            }
        }
    }

    /// <summary>Each source text and noisy variants of it, with its dev/held-out side.</summary>
    private static IEnumerable<(string Source, string Text, bool Dev)> Variants(IEnumerable<(string Source, string Text)> sources)
    {
        foreach (var (source, text) in sources)
        {
            var baseName = source.Split('#')[0];
            var dev = (Fnv(baseName) & 1) == 0;
            var lines = text.Split('\n');
            yield return (source, text, dev);
            yield return (source + " crlf", text.Replace("\n", "\r\n"), dev);
            yield return (source + " bullets", string.Join('\n', lines.Select(l => l.Length == 0 ? l : "- " + l)), dev);
            yield return (source + " hashtags", text + "\n" + string.Join(' ', Enumerable.Range(0, text.Length / 60).Select(i => "#tag" + i)), dev);
            yield return (source + " ellipses", string.Join('\n', lines.Select((l, i) => i % 3 == 0 && l.Length > 0 ? l.TrimEnd('.') + "..." : l)), dev);
            yield return (source + " repeated", text + "\n\n" + string.Join("\n\n", text.Split("\n\n").Take(3)), dev);
            yield return (source + " short", string.Join('\n', lines.Take(4)), dev);
        }
    }

    private static uint Fnv(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
