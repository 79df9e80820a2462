using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Bench;

/// <summary>Builds the shipped language-identification data from the training text that
/// <c>scripts/lid/build_lid_data.py</c> (Debian's translation catalogues) and <c>scripts/lid/build_lid_prose.py</c>
/// (LibreOffice catalogues, documentation prose, Apertium translations) extract: n-gram tables in Lingua's format for
/// Galician and Nepali, which Lingua lacks, and the second-stage group models (word naive Bayes + character logistic
/// regression; the word part also learns from Tesseract's word lists, <c>scripts/lid/build_lid_wordlists.py</c>). Reads
/// <c>$LID_DATA/{train,catalogue2,prose,mt,wordlist}</c>, writes
/// <c>src/CorpusForge.Stages/Text/LanguageId/Models/</c> (or <c>$LID_OUT</c>); the same data gives the same bytes.</summary>
public sealed class LanguageTrainBenchmark : IBenchmark
{
    /// <summary>The confusable groups: their members, then the neighbours the first stage confuses them with (the
    /// group's model learns those too, so that it can hand a text back to them).</summary>
    public static readonly (string[] Members, string[] Neighbours)[] Groups =
        [(["bs", "hr", "sr"], ["sl"]), (["id", "ms"], []), (["nb", "nn"], ["da", "sv"]), (["es", "gl", "pt"], []), (["hi", "mr", "ne"], [])];

    private static readonly string[] NgramLanguages = ["gl", "ne"];
    private static readonly string[] OrderNames = ["unigrams", "bigrams", "trigrams", "quadrigrams"];

    public string Name => "language-train";

    public string Description => "trains the shipped Galician/Nepali n-gram tables and the confusable-group models from $LID_DATA";

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

        // $LID_WORD_WEIGHT: the word part's weight against the character part (measured on the dev part only).
        var wordWeight = double.TryParse(Environment.GetEnvironmentVariable("LID_WORD_WEIGHT"), System.Globalization.CultureInfo.InvariantCulture, out var ww) ? ww : DefaultWordWeight;
        // $LID_CUE_WEIGHT: the weight of one cue match for the languages the cue points to (measured on the dev parts only).
        var cueWeight = double.TryParse(Environment.GetEnvironmentVariable("LID_CUE_WEIGHT"), System.Globalization.CultureInfo.InvariantCulture, out var cw) ? cw : DefaultCueWeight;
        var models = new List<LanguageGroupModel>();
        foreach (var (members, neighbours) in Groups)
        {
            var group = members.Concat(neighbours).ToArray();
            var counts = new double[group.Length][];
            var samples = new List<(List<(int, float)> Features, int Label, int Kind)>();
            var random = new Random(17);
            var cueSet = LanguageCues.For(string.Join('/', members));
            for (var l = 0; l < group.Length; l++)
            {
                var cueMatches = new double[cueSet?.Cues.Count ?? 0];
                double words = 0;
                counts[l] = new double[LanguageGroupModel.WordBuckets];
                for (var kind = 0; kind < Kinds.Length; kind++)
                {
                    var lines = ReadLines(Path.Combine(data, Kinds[kind].Folder, group[l] + ".txt"));
                    // Serbian is written in both scripts: the Cyrillic text also serves in Latin transliteration.
                    if (group[l] == "sr") lines.AddRange(lines.Where(IsCyrillic).Select(ToLatin).ToList());
                    if (lines.Count == 0) continue;
                    if (Kinds[kind].Folder == WordListFolder)
                    {
                        var listCount = ListCount(string.Join('/', members), group[l]);
                        // Word lists feed the word part only: they are vocabulary, not text (no frequencies, no sentences).
                        foreach (var word in lines)
                        {
                            foreach (var (bucket, count) in LanguageGroupModel.WordCounts(word)) counts[l][bucket] += count * listCount;
                        }

                        context.Out.WriteLine($"  {group[l]} {Kinds[kind].Kind}: {lines.Count} words");
                        continue;
                    }

                    AddWordCounts(counts[l], lines);
                    if (cueSet is not null) words += CountCues(cueSet, lines, cueMatches);
                    AddSamples(samples, lines, l, kind, random);
                    context.Out.WriteLine($"  {group[l]} {Kinds[kind].Kind}: {lines.Count} lines");
                }

                // How often each cue matches in the language's training text (per 1,000 words): a check that the
                // documented differences hold in real text, not an input to the weights.
                if (cueSet is not null)
                    context.Out.WriteLine($"  {group[l]} cue matches per 1,000 words: " + string.Join("  ", cueSet.Cues.Select((name, c) => $"{name} {cueMatches[c] * 1000 / Math.Max(1, words):F2}")));
            }

            var wordWeights = NaiveBayes(counts, wordWeight);
            var (charWeights, biases) = LogisticRegression(group.Length, samples, random);
            // A language's log prior (LID_PRIORS, e.g. "bs=-1.5"; default none): added to its bias.
            for (var l = 0; l < group.Length; l++) biases[l] += (float)Prior(group[l]);
            var cues = LanguageCues.For(string.Join('/', members));
            var cueWeights = cues is null ? null : CueWeights(group, members.Length, cues, cueWeight);
            models.Add(new LanguageGroupModel(group, wordWeights, charWeights, biases, members.Length, cues, cueWeights));
            context.Out.WriteLine($"group {string.Join('/', members)} (neighbours: {string.Join('/', neighbours)}): {samples.Count} samples");
        }

        using var file = File.Create(Path.Combine(output, "groups.bin"));
        LanguageGroupModel.Save(file, models);
        context.Out.WriteLine($"wrote {output}");
    }

    /// <summary>The kinds of training text and their folders under $LID_DATA (build_lid_data.py, build_lid_prose.py).</summary>
    private static readonly (string Kind, string Folder)[] Kinds =
        [("catalogue", "train"), ("LibreOffice catalogue", "catalogue2"), ("prose", "prose"), ("translated prose", "mt"), ("word list", WordListFolder)];

    /// <summary>Tesseract's web-text word lists, less the words every list of the group has (build_lid_wordlists.py).</summary>
    private const string WordListFolder = "wordlist";

    /// <summary>Per group, the count (per million words of a kind; the smoothing is 5) that a word of a language's word
    /// list adds to that language's word counts, as if the list were one more text: every listed word the same,
    /// whatever the list's size. Measured on the dev parts only (docs/filters-quality.md): id/ms gains from 80 (dev
    /// id/ms rows 95.6 → 96.3 %); bs/hr/sr does not (the lists trade Bosnian against Croatian), so it has none
    /// ("group=count,…" or "language=count,…", a language's own entry first; $LID_LIST_COUNT replaces it, a bare number
    /// for every group).</summary>
    public const string DefaultListCounts = "id/ms=80";

    private static double ListCount(string group, string language)
    {
        var setting = Environment.GetEnvironmentVariable("LID_LIST_COUNT") ?? DefaultListCounts;
        if (double.TryParse(setting, System.Globalization.CultureInfo.InvariantCulture, out var all)) return all;
        var entries = setting.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(item => item.Split('='))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        return entries.TryGetValue(language, out var own) ? own : entries.GetValueOrDefault(group);
    }

    /// <summary>Adds the word counts of one kind of text, scaled to a total of one million: every kind of text a
    /// language has weighs the same, however much of it there is, so that no one documentation set stands for its
    /// language.</summary>
    private static void AddWordCounts(double[] counts, List<string> lines)
    {
        var kind = new double[LanguageGroupModel.WordBuckets];
        double total = 0;
        foreach (var line in lines)
        {
            foreach (var (bucket, count) in LanguageGroupModel.WordCounts(line))
            {
                kind[bucket] += count;
                total += count;
            }
        }

        for (var b = 0; b < kind.Length; b++) counts[b] += kind[b] * 1e6 / total;
    }

    /// <summary>Adds the cue matches of some lines to <paramref name="matches"/>; returns their word count.</summary>
    private static double CountCues(LanguageCueSet cues, List<string> lines, double[] matches)
    {
        double words = 0;
        foreach (var line in lines)
        {
            var counts = LanguageGroupModel.CueCounts(cues, line);
            for (var c = 0; c < counts.Length; c++) matches[c] += counts[c];
            foreach (var (_, count) in LanguageGroupModel.WordCounts(line)) words += count;
        }

        return words;
    }

    private static bool Prose(int kind) => Kinds[kind].Folder is "prose" or "mt";

    private static double Prior(string language)
    {
        foreach (var item in (Environment.GetEnvironmentVariable("LID_PRIORS") ?? DefaultPriors).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('=');
            if (parts[0] == language) return double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return 0;
    }

    /// <summary>Log priors per language ("code=value,…").</summary>
    public const string DefaultPriors = "";

    /// <summary>The default weight of one cue match, in the units of the other parts' log-odds.</summary>
    public const double DefaultCueWeight = 3.0;

    /// <summary>The cue part's weights: among the members, a cue's languages get <paramref name="weight"/> per match,
    /// the others nothing (only differences between languages count, so this is the log-odds a match adds for them); a
    /// neighbour gets the members' mean, so that cues never decide between a member and a neighbour. The weights are not
    /// fitted to the training text on purpose: the cues are documented differences, and the members they matter most
    /// for (Bosnian, Latin-script Serbian, Malay) have the least and the least typical training text.</summary>
    private static float[][] CueWeights(string[] group, int members, LanguageCueSet cues, double weight)
    {
        var weights = group.Select(language => cues.Languages.Select(languages => languages.Contains(language) ? (float)weight : 0f).ToArray()).ToArray();
        for (var l = members; l < group.Length; l++)
        {
            for (var c = 0; c < cues.Cues.Count; c++) weights[l][c] = weights.Take(members).Average(w => w[c]);
        }

        return weights;
    }

    /// <summary>The word part's default weight against the character part.</summary>
    public const double DefaultWordWeight = 1.0;

    /// <summary>Word naive Bayes with equal priors and additive smoothing, as linear weights: a bucket's weight is its
    /// smoothed log-probability in the language less the mean over the group's languages (which changes no decision
    /// and keeps the int8 range for the differences), times <paramref name="scale"/>; buckets no language has weigh
    /// nothing.</summary>
    private static float[][] NaiveBayes(double[][] counts, double scale)
    {
        const double smoothing = 5; // per million words of a kind: measured on the dev part
        var used = Enumerable.Range(0, LanguageGroupModel.WordBuckets).Where(b => counts.Any(c => c[b] > 0)).ToArray();
        var totals = counts.Select(c => c.Sum()).ToArray();
        var weights = counts.Select(_ => new float[LanguageGroupModel.WordBuckets]).ToArray();
        var logs = new double[counts.Length];
        foreach (var b in used)
        {
            for (var l = 0; l < counts.Length; l++) logs[l] = Math.Log((counts[l][b] + smoothing) / (totals[l] + smoothing * used.Length));
            var mean = logs.Average();
            for (var l = 0; l < counts.Length; l++) weights[l][b] = (float)((logs[l] - mean) * scale);
        }

        return weights;
    }

    /// <summary>Training samples for the character part: each line, single sentences of prose (so that short texts
    /// look like something seen) and several lines together (so that long documents do).</summary>
    private static void AddSamples(List<(List<(int, float)> Features, int Label, int Kind)> samples, List<string> lines, int label, int kind, Random random)
    {
        lines = lines.OrderBy(_ => random.Next()).Take(15_000).ToList();
        foreach (var line in lines) samples.Add((LanguageGroupModel.CharFeatures(line), label, kind));
        var prose = Prose(kind);
        if (prose)
        {
            foreach (var sentence in lines.SelectMany(l => System.Text.RegularExpressions.Regex.Split(l, @"(?<=[.!?])\s+(?=\p{L})")).Where(x => x.Length >= 20).Take(15_000))
                samples.Add((LanguageGroupModel.CharFeatures(sentence), label, kind));
        }

        for (var i = 0; i < lines.Count / 3; i++)
        {
            var joined = string.Join(' ', Enumerable.Range(0, random.Next(prose ? 2 : 3, prose ? 5 : 9)).Select(_ => lines[random.Next(lines.Count)]));
            samples.Add((LanguageGroupModel.CharFeatures(joined), label, kind));
        }
    }

    /// <summary>Multinomial logistic regression by stochastic gradient descent (the character part). Every kind of
    /// text a language has weighs the same in total, and every language the same, however much text each has.</summary>
    private static (float[][] Weights, float[] Biases) LogisticRegression(int k, List<(List<(int, float)> Features, int Label, int Kind)> samples, Random random)
    {
        var weights = Enumerable.Range(0, k).Select(_ => new float[LanguageGroupModel.CharBuckets]).ToArray();
        var biases = new float[k];
        var perCell = samples.GroupBy(s => (s.Label, s.Kind)).ToDictionary(g => g.Key, g => g.Count());
        var kindsOf = Enumerable.Range(0, k).Select(c => perCell.Keys.Count(key => key.Label == c)).ToArray();
        var sampleWeight = perCell.ToDictionary(kv => kv.Key, kv => (float)samples.Count / (k * kindsOf[kv.Key.Label] * kv.Value));
        var scores = new double[k];
        const int epochs = 6;
        const float l2 = 1e-7f;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var rate = 0.5f / (1 + epoch);
            foreach (var index in Enumerable.Range(0, samples.Count).OrderBy(_ => random.Next()).ToList())
            {
                var (features, label, kind) = samples[index];
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
                    var gradient = (float)(scores[c] / total - (c == label ? 1 : 0)) * sampleWeight[(label, kind)];
                    biases[c] -= rate * gradient * 0.1f;
                    var row = weights[c];
                    foreach (var (bucket, value) in features) row[bucket] -= rate * (gradient * value + l2 * row[bucket]);
                }
            }
        }

        return (weights, biases);
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

    private static List<string> ReadLines(string path) => File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];

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
