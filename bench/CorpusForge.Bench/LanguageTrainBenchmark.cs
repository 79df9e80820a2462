using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Bench;

/// <summary>Builds the shipped language-identification data from the training text that
/// <c>scripts/lid/build_lid_data.py</c> extracts (Debian's translation catalogues): n-gram tables in Lingua's format
/// for Galician and Nepali, which Lingua lacks, and the second-stage group models. Reads <c>$LID_DATA/train</c>,
/// writes <c>src/CorpusForge.Stages/Text/LanguageId/Models/</c> (or <c>$LID_OUT</c>).</summary>
public sealed class LanguageTrainBenchmark : IBenchmark
{
    /// <summary>The confusable groups and their members.</summary>
    public static readonly string[][] Groups = [["bs", "hr", "sr"], ["id", "ms"], ["nb", "nn"], ["es", "gl", "pt"], ["hi", "mr", "ne"]];

    private static readonly string[] NgramLanguages = ["gl", "ne"];
    private static readonly string[] OrderNames = ["unigrams", "bigrams", "trigrams", "quadrigrams"];

    public string Name => "language-train";

    public string Description => "trains the shipped Galician/Nepali n-gram tables and the confusable-group models from $LID_DATA/train";

    public void Run(BenchContext context)
    {
        var data = Environment.GetEnvironmentVariable("LID_DATA") ?? throw new InvalidOperationException("set LID_DATA to the folder scripts/lid/build_lid_data.py wrote");
        var output = Environment.GetEnvironmentVariable("LID_OUT")
            ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/CorpusForge.Stages/Text/LanguageId/Models"));
        Directory.CreateDirectory(output);
        foreach (var language in NgramLanguages)
        {
            var lines = File.ReadAllLines(Path.Combine(data, "train", language + ".txt"));
            WriteNgramTables(Path.Combine(output, language), language, lines);
            context.Out.WriteLine($"{language}: n-gram tables from {lines.Length} strings");
        }

        var models = new List<LanguageGroupModel>();
        foreach (var group in Groups)
        {
            var samples = new List<(List<(int, float)> Features, int Label)>();
            var random = new Random(17);
            for (var l = 0; l < group.Length; l++)
            {
                var lines = File.ReadAllLines(Path.Combine(data, "train", group[l] + ".txt")).ToList();
                // Serbian is written in both scripts: the Cyrillic strings also serve in Latin transliteration.
                if (group[l] == "sr") lines.AddRange(lines.Where(IsCyrillic).Select(ToLatin).ToList());
                lines = lines.OrderBy(_ => random.Next()).Take(15_000).ToList();
                foreach (var line in lines) samples.Add((LanguageGroupModel.Features(line), l));
                // Longer texts: several strings together, so that long documents look like something seen.
                for (var i = 0; i < lines.Count / 3; i++)
                {
                    var joined = string.Join(' ', Enumerable.Range(0, random.Next(3, 9)).Select(_ => lines[random.Next(lines.Count)]));
                    samples.Add((LanguageGroupModel.Features(joined), l));
                }

                context.Out.WriteLine($"  {group[l]}: {lines.Count} strings");
            }

            models.Add(Train(group, samples, random));
            context.Out.WriteLine($"group {string.Join('/', group)}: {samples.Count} samples");
        }

        using var file = File.Create(Path.Combine(output, "groups.bin"));
        LanguageGroupModel.Save(file, models);
        context.Out.WriteLine($"wrote {output}");
    }

    /// <summary>Multinomial logistic regression by stochastic gradient descent, classes weighted equally.</summary>
    private static LanguageGroupModel Train(string[] languages, List<(List<(int, float)> Features, int Label)> samples, Random random)
    {
        var k = languages.Length;
        var weights = Enumerable.Range(0, k).Select(_ => new float[LanguageGroupModel.Buckets]).ToArray();
        var biases = new float[k];
        var perClass = Enumerable.Range(0, k).Select(c => samples.Count(s => s.Label == c)).ToArray();
        var classWeight = perClass.Select(n => (float)samples.Count / (k * Math.Max(1, n))).ToArray();
        var scores = new double[k];
        const int epochs = 6;
        const float l2 = 1e-7f;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var rate = 0.5f / (1 + epoch);
            foreach (var index in Enumerable.Range(0, samples.Count).OrderBy(_ => random.Next()).ToList())
            {
                var (features, label) = samples[index];
                for (var c = 0; c < k; c++)
                {
                    double sum = biases[c];
                    foreach (var (bucket, value) in features) sum += weights[c][bucket] * value;
                    scores[c] = sum;
                }

                var max = scores.Max();
                double total = 0;
                for (var c = 0; c < k; c++) total += scores[c] = Math.Exp(scores[c] - max);
                for (var c = 0; c < k; c++)
                {
                    var gradient = (float)(scores[c] / total - (c == label ? 1 : 0)) * classWeight[label];
                    biases[c] -= rate * gradient * 0.1f;
                    var row = weights[c];
                    foreach (var (bucket, value) in features) row[bucket] -= rate * (gradient * value + l2 * row[bucket]);
                }
            }
        }

        return new LanguageGroupModel(languages, weights, biases);
    }

    /// <summary>Writes 1- to 4-gram tables in Lingua's format: per order, P(n-gram) / P(its (n−1)-gram prefix) (the
    /// unigram table: letter frequencies), n-grams of lower-cased letter runs, grouped by identical fraction.</summary>
    private static void WriteNgramTables(string directory, string language, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(directory);
        var counts = Enumerable.Range(0, 4).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var word = new StringBuilder();
        foreach (var line in lines)
        {
            foreach (var raw in line + " ")
            {
                if (char.IsLetter(raw))
                {
                    word.Append(char.ToLowerInvariant(raw));
                    continue;
                }

                var w = word.ToString();
                word.Clear();
                for (var n = 1; n <= 4; n++)
                {
                    for (var i = 0; i + n <= w.Length; i++)
                    {
                        var gram = w.Substring(i, n);
                        counts[n - 1][gram] = counts[n - 1].GetValueOrDefault(gram) + 1;
                    }
                }
            }
        }

        var letters = counts[0].Values.Sum();
        for (var n = 1; n <= 4; n++)
        {
            var byFraction = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (gram, count) in counts[n - 1].OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var denominator = n == 1 ? letters : counts[n - 2][gram[..^1]];
                var key = $"{count}/{denominator}";
                if (!byFraction.TryGetValue(key, out var list)) byFraction[key] = list = [];
                list.Add(gram);
            }

            var json = JsonSerializer.Serialize(new { language = language, ngrams = byFraction.ToDictionary(kv => kv.Key, kv => string.Join(' ', kv.Value)) });
            using var file = File.Create(Path.Combine(directory, OrderNames[n - 1] + ".json.br"));
            using var brotli = new BrotliStream(file, CompressionLevel.SmallestSize);
            brotli.Write(Encoding.UTF8.GetBytes(json));
        }
    }

    private static bool IsCyrillic(string s) => s.Count(c => c is >= '\u0400' and <= '\u04FF') * 2 > s.Count(char.IsLetter);

    /// <summary>Serbian Cyrillic to Latin (the official one-to-one correspondence, digraphs for љ њ џ).</summary>
    public static string ToLatin(string text)
    {
        const string cyrillic = "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ";
        string[] latin =
        [
            "a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š",
            "A", "B", "V", "G", "D", "Đ", "E", "Ž", "Z", "I", "J", "K", "L", "Lj", "M", "N", "Nj", "O", "P", "R", "S", "T", "Ć", "U", "F", "H", "C", "Č", "Dž", "Š",
        ];
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var i = cyrillic.IndexOf(c);
            if (i >= 0) builder.Append(latin[i]);
            else builder.Append(c);
        }

        return builder.ToString();
    }
}
