using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>The language of a text as found by <see cref="NgramLanguageModel"/>.</summary>
/// <param name="Code">ISO 639-1 code, or <see cref="NgramLanguageModel.Unknown"/> for a text without letters.</param>
/// <param name="Confidence">Posterior probability of <paramref name="Code"/> in [0, 1] (see the model's remarks).</param>
/// <param name="Letters">Number of letters the decision was based on.</param>
public readonly record struct LanguageGuess(string Code, double Confidence, int Letters);

/// <summary>A character n-gram language identifier: a naive-Bayes choice between per-language character language
/// models, P(letter | up to <see cref="MaxOrder"/> − 1 preceding letters of the same word).</summary>
/// <remarks>
/// <para>The n-gram probabilities are the language models that ship with Lingua (SearchPioneer.Lingua, Apache-2.0,
/// a .NET port of Peter M. Stahl's lingua): per language, relative frequencies of 1- to 4-grams of letters inside
/// words, trained on large corpora. The scoring here is CorpusForge's own: texts are lower-cased and cut into runs of
/// letters (Unicode category L) like Lingua's training data; each letter contributes log P(letter | context) with the
/// longest context the word so far and the language's model allow (Lingua has only letter frequencies for Chinese,
/// Japanese and Korean), or <see cref="UnseenLogProbability"/> when the language's model lacks that n-gram. Backing
/// off to shorter contexts for unseen n-grams was tried and was both slower and less accurate on the evaluation set.
/// Lingua's own detector was measured at under 1 MB/s on 2 KB documents here; this scorer needs one hash lookup per
/// letter.</para>
/// <para>Confidence is the softmax of the per-language log-likelihoods with the evidence capped at
/// <see cref="EvidenceCap"/> letters (longer texts are scaled down to that many letters' worth): a short text gets its
/// true posterior, a long text in one language gets a confidence near 1, and a text mixing languages in similar
/// amounts stays near the shares of its languages instead of being certain of one of them.</para>
/// Models are loaded once per process per (language set, order) and shared by every caller; scoring is thread-safe.
/// </remarks>
public sealed class NgramLanguageModel
{
    /// <summary>Code given to texts without a single letter.</summary>
    public const string Unknown = "unknown";

    /// <summary>Log-probability of a letter a language's model has never seen.</summary>
    public const float UnseenLogProbability = -12f;

    /// <summary>Letters of evidence at which confidence saturates (see remarks).</summary>
    public const double EvidenceCap = 100;

    private static readonly string[] FileNames = ["unigrams", "bigrams", "trigrams", "quadrigrams"];
    private static readonly ConcurrentDictionary<string, Lazy<NgramLanguageModel>> Cache = new(StringComparer.Ordinal);

    private readonly Table[] _tables;
    private readonly int[] _orders;
    private readonly bool[] _hasOrder;

    private NgramLanguageModel(string[] languages, Table[] tables, int[] orders)
    {
        Languages = languages;
        _tables = tables;
        _orders = orders;
        _hasOrder = new bool[tables.Length + 1];
        foreach (var order in orders) _hasOrder[order] = true;
    }

    /// <summary>Candidate languages (ISO 639-1), in the order scores are reported.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Longest n-gram used (1–4).</summary>
    public int MaxOrder => _tables.Length;

    /// <summary>Folder where the build puts Lingua's model files (next to this assembly).</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "LanguageModels");

    /// <summary>Every language with a model in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> AvailableLanguages(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The shared model for these languages and order, loading it on first use.</summary>
    /// <exception cref="FileNotFoundException">A language has no model files in <paramref name="directory"/>.</exception>
    public static NgramLanguageModel Load(string directory, IEnumerable<string> languages, int maxOrder)
    {
        if (maxOrder is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "must be 1 to 4");
        var set = languages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (set.Length == 0) throw new ArgumentException("at least one language is needed", nameof(languages));
        var key = $"{Path.GetFullPath(directory)}|{maxOrder}|{string.Join(',', set)}";
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<NgramLanguageModel>(() => Build(directory, set, maxOrder)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load (missing files) must not poison the cache for a corrected directory or set.
            Cache.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>The most likely language of <paramref name="text"/>, scoring at most <paramref name="maxLetters"/> letters.</summary>
    public LanguageGuess Detect(ReadOnlySpan<char> text, int maxLetters = int.MaxValue)
    {
        Span<double> scores = Languages.Count <= 128 ? stackalloc double[Languages.Count] : new double[Languages.Count];
        var letters = Score(text, scores, maxLetters);
        if (letters == 0) return new LanguageGuess(Unknown, 0, 0);
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best]) best = i;
        }

        var scale = Math.Min(1.0, EvidenceCap / letters);
        double sum = 0;
        foreach (var score in scores) sum += Math.Exp((score - scores[best]) * scale);
        return new LanguageGuess(Languages[best], 1 / sum, letters);
    }

    /// <summary>Adds each language's log-likelihood of the text to <paramref name="scores"/>; returns letters scored.</summary>
    public int Score(ReadOnlySpan<char> text, Span<double> scores, int maxLetters = int.MaxValue)
    {
        var languageCount = _orders.Length;
        Span<int> found = languageCount <= 128 ? stackalloc int[languageCount] : new int[languageCount];
        found.Clear();
        scores.Clear();
        Span<char> context = stackalloc char[4];
        var contextLength = 0;
        var letters = 0;
        for (var i = 0; i < text.Length && letters < maxLetters; i++)
        {
            var c = text[i];
            if (!char.IsLetter(c))
            {
                contextLength = 0;
                continue;
            }

            c = char.ToLowerInvariant(c);
            if (contextLength == context.Length)
            {
                context[1..].CopyTo(context);
                contextLength--;
            }

            context[contextLength++] = c;
            letters++;

            // Each language scores the letter with the longest n-gram its model and the word so far allow.
            var top = Math.Min(contextLength, _tables.Length);
            for (var order = top; order >= 1; order--)
            {
                if (order < top && !_hasOrder[order]) continue;
                if (!_tables[order - 1].TryGet(Pack(context.Slice(contextLength - order, order)), out var start, out var count)) continue;
                var table = _tables[order - 1];
                for (var e = start; e < start + count; e++)
                {
                    int language = table.Languages[e];
                    if (Math.Min(top, _orders[language]) != order) continue;
                    scores[language] += table.LogProbabilities[e];
                    found[language]++;
                }
            }
        }

        for (var l = 0; l < languageCount; l++) scores[l] += (letters - found[l]) * UnseenLogProbability;
        return letters;
    }

    /// <summary>Packs up to four UTF-16 units into a key and scrambles it with an invertible mix (distinct n-grams
    /// keep distinct keys), because the packed value's own hash code collides heavily for small alphabets.</summary>
    private static ulong Pack(ReadOnlySpan<char> chars)
    {
        ulong key = 0;
        foreach (var c in chars) key = (key << 16) | c;
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        key *= 0xc4ceb9fe1a85ec53UL;
        key ^= key >> 33;
        return key;
    }

    private static NgramLanguageModel Build(string directory, string[] languages, int maxOrder)
    {
        var builders = new Dictionary<ulong, List<(byte Language, float LogProbability)>>[maxOrder];
        for (var order = 0; order < maxOrder; order++) builders[order] = [];
        var orders = new int[languages.Length];
        for (var l = 0; l < languages.Length; l++)
        {
            for (var order = 0; order < maxOrder; order++)
            {
                var path = Path.Combine(directory, languages[l], FileNames[order] + ".json.br");
                // Lingua ships only letter frequencies for Chinese, Japanese and Korean: their longest order is 1.
                if (!File.Exists(path) && order > 0) break;
                if (!File.Exists(path))
                    throw new FileNotFoundException(
                        $"no language model for '{languages[l]}' ({path}); available: {string.Join(", ", AvailableLanguages(directory))}", path);
                Read(path, order + 1, (byte)l, builders[order]);
                orders[l] = order + 1;
            }
        }

        return new NgramLanguageModel(languages, [.. builders.Select(b => new Table(b))], orders);
    }

    /// <summary>Reads one Lingua model file: {"language": ..., "ngrams": {"numerator/denominator": "ngram ngram ..."}}.</summary>
    private static void Read(string path, int order, byte language, Dictionary<ulong, List<(byte, float)>> into)
    {
        using var file = File.OpenRead(path);
        using var brotli = new BrotliStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        brotli.CopyTo(buffer);
        var reader = new Utf8JsonReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var inNgrams = false;
        float logProbability = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!inNgrams)
                {
                    inNgrams = name == "ngrams";
                    continue;
                }

                var slash = name.IndexOf('/');
                var numerator = double.Parse(name.AsSpan(0, slash), CultureInfo.InvariantCulture);
                var denominator = double.Parse(name.AsSpan(slash + 1), CultureInfo.InvariantCulture);
                logProbability = (float)Math.Log(numerator / denominator);
            }
            else if (inNgrams && reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString()!;
                foreach (var range in value.AsSpan().Split(' '))
                {
                    var ngram = value.AsSpan()[range];
                    // Supplementary-plane letters make a "character" n-gram longer than its order; such n-grams are skipped.
                    if (ngram.Length != order) continue;
                    var key = Pack(ngram);
                    if (!into.TryGetValue(key, out var list)) into[key] = list = [];
                    list.Add((language, logProbability));
                }
            }
        }
    }

    /// <summary>One order's n-grams: key → a run of (language, log-probability) entries.</summary>
    private sealed class Table
    {
        private readonly Dictionary<ulong, (int Start, int Count)> _index;

        public Table(Dictionary<ulong, List<(byte Language, float LogProbability)>> entries)
        {
            _index = new Dictionary<ulong, (int, int)>(entries.Count);
            var total = entries.Values.Sum(l => l.Count);
            Languages = new byte[total];
            LogProbabilities = new float[total];
            var next = 0;
            foreach (var (key, list) in entries)
            {
                _index[key] = (next, list.Count);
                foreach (var (language, logProbability) in list)
                {
                    Languages[next] = language;
                    LogProbabilities[next++] = logProbability;
                }
            }
        }

        public byte[] Languages { get; }

        public float[] LogProbabilities { get; }

        public bool TryGet(ulong key, out int start, out int count)
        {
            var found = _index.TryGetValue(key, out var range);
            (start, count) = range;
            return found;
        }
    }
}
