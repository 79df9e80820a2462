using CorpusForge.Core.Text;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Classification;

/// <summary>Settings of <see cref="HashedTextFeatures"/>; stored in the model file, so a model always featurises
/// text the way it was trained.</summary>
/// <param name="DimensionBits">Feature space size as a power of two (18 = 262,144 buckets).</param>
/// <param name="WordNgrams">Longest word n-gram (1 = words only, 2 = words and word pairs).</param>
/// <param name="CharNgramMin">Shortest character n-gram inside a word (0 = no character n-grams).</param>
/// <param name="CharNgramMax">Longest character n-gram inside a word.</param>
/// <param name="MaxChars">Only the first this many characters of a text are featurised (bounds the cost of huge texts).</param>
/// <param name="WordListFeatures">Also a feature per term of the built-in toxicity word lists found in the text
/// (matched as <c>filter.toxicity_v1</c> matches them: look-alikes folded, safe phrases and mentions applied) and one
/// for the list score, in quarter steps up to 3.</param>
public sealed record FeatureSettings(int DimensionBits = 18, int WordNgrams = 2, int CharNgramMin = 3, int CharNgramMax = 5, int MaxChars = 20_000,
    bool WordListFeatures = false)
{
    /// <summary>Messages for settings out of range.</summary>
    public IEnumerable<string> Validate()
    {
        if (DimensionBits is < 10 or > 26) yield return "dimension bits must be between 10 and 26";
        if (WordNgrams is < 1 or > 4) yield return "word n-grams must be between 1 and 4";
        if (CharNgramMin < 0 || CharNgramMax < CharNgramMin || CharNgramMax > 8) yield return "character n-grams must satisfy 0 <= min <= max <= 8";
        if (MaxChars < 1) yield return "max chars must be positive";
    }
}

/// <summary>Turns a text into a sparse, L2-normalised vector of hashed features: lower-cased words, word n-grams and
/// character n-grams of each word with boundary marks (<c>&lt;wo</c>, <c>ord&gt;</c>), as in fastText.</summary>
/// <remarks>Hashing is FNV-1a over UTF-16 units with a different seed per feature kind, so features are the same on
/// every machine and run. Weights are log(1 + count), then the vector is scaled to unit length, so long and short
/// documents score on the same scale.</remarks>
public sealed class HashedTextFeatures(FeatureSettings settings)
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const int MaxWordForCharNgrams = 40;
    // The list-score feature is counted this many times (value log 9 before normalisation), so it keeps its weight
    // beside the hundred or so n-gram features of a short text; 8 and 16 scored alike on an inner split of the
    // toxicity-dev training part (bench -- toxicity-eval --part sweep), 1 lower.
    private const int ScoreFeatureCount = 8;

    private static readonly Lazy<ToxicityLexicon> DefaultLexicon = new(() => ToxicityLexicon.Get([], [], []));

    [ThreadStatic] private static List<WordSpan>? t_words;
    [ThreadStatic] private static List<int>? t_indices;
    [ThreadStatic] private static ulong[]? t_wordHashes;

    /// <summary>The settings.</summary>
    public FeatureSettings Settings { get; } = settings;

    /// <summary>Number of buckets.</summary>
    public int Dimensions => 1 << Settings.DimensionBits;

    /// <summary>The sparse feature vector of <paramref name="text"/>: distinct indices and their values.</summary>
    public SparseVector Extract(string text)
    {
        var source = text.Length > Settings.MaxChars ? text[..Settings.MaxChars] : text;
        var lower = source.ToLowerInvariant();
        var words = t_words ??= new List<WordSpan>();
        WordSplitter.Split(lower, words);
        var indices = t_indices ??= new List<int>();
        indices.Clear();
        var mask = (ulong)Dimensions - 1;
        if (t_wordHashes is null || t_wordHashes.Length < words.Count) t_wordHashes = new ulong[Math.Max(words.Count, 256)];
        var hashes = t_wordHashes;

        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w].Of(lower);
            var h = Hash(word, 1);
            hashes[w] = h;
            indices.Add((int)(h & mask));
            for (var n = 2; n <= Settings.WordNgrams && w - n + 1 >= 0; n++)
            {
                var combined = FnvOffset ^ (ulong)n;
                for (var k = w - n + 1; k <= w; k++) combined = (combined ^ hashes[k]) * FnvPrime;
                indices.Add((int)(SplitMix64.Mix(combined) & mask));
            }

            if (Settings.CharNgramMin > 0 && word.Length <= MaxWordForCharNgrams) AddCharNgrams(word, indices, mask);
        }

        if (Settings.WordListFeatures) AddWordListFeatures(source, indices, mask);
        return SparseVector.FromIndices(indices);
    }

    private static void AddWordListFeatures(string text, List<int> indices, ulong mask)
    {
        var counts = DefaultLexicon.Value.Scan(text, int.MaxValue);
        foreach (var term in counts.FirstTerms) indices.Add((int)(Hash(term, 3) & mask));
        Span<char> level = ['s', (char)('0' + Math.Min(12, (int)(counts.Score * 4)))];
        var feature = (int)(Hash(level, 4) & mask);
        for (var r = 0; r < ScoreFeatureCount; r++) indices.Add(feature);
    }

    private void AddCharNgrams(ReadOnlySpan<char> word, List<int> indices, ulong mask)
    {
        Span<char> marked = stackalloc char[word.Length + 2];
        marked[0] = '<';
        word.CopyTo(marked[1..]);
        marked[^1] = '>';
        for (var n = Settings.CharNgramMin; n <= Settings.CharNgramMax; n++)
        {
            // The whole marked word is already a word feature; n-grams as long as it add nothing.
            if (n >= marked.Length) break;
            for (var start = 0; start + n <= marked.Length; start++)
                indices.Add((int)(Hash(marked.Slice(start, n), 2) & mask));
        }
    }

    private static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var h = FnvOffset ^ (seed * 0x9E3779B97F4A7C15UL);
        foreach (var c in text) h = (h ^ c) * FnvPrime;
        // FNV's low bits are weak for short keys; the SplitMix64 finaliser spreads them before masking.
        return SplitMix64.Mix(h);
    }
}

/// <summary>A sparse vector: distinct indices (in order of first occurrence) with their values.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values)
{
    // Counting in a dense per-thread array avoids sorting the (often ten thousand) indices of a document.
    private const int MaxDenseDimensions = 1 << 22;
    [ThreadStatic] private static int[]? t_counts;

    /// <summary>Counts repeated indices, weights them by log(1 + count) and normalises to unit length.</summary>
    public static SparseVector FromIndices(List<int> indices)
    {
        if (indices.Count == 0) return new SparseVector([], []);
        var max = 0;
        foreach (var index in indices) max = Math.Max(max, index);
        if (max >= MaxDenseDimensions) return FromIndicesSorted(indices);
        var counts = t_counts is { } c && c.Length > max ? c : t_counts = new int[Math.Max(max + 1, 1 << 16)];
        var distinct = 0;
        foreach (var index in indices)
            if (counts[index]++ == 0) distinct++;
        var outIndices = new int[distinct];
        var outValues = new float[distinct];
        var slot = 0;
        foreach (var index in indices)
        {
            var count = counts[index];
            if (count == 0) continue;
            outIndices[slot] = index;
            outValues[slot] = MathF.Log(1 + count);
            counts[index] = 0;
            slot++;
        }

        Normalize(outValues);
        return new SparseVector(outIndices, outValues);
    }

    private static SparseVector FromIndicesSorted(List<int> indices)
    {
        indices.Sort();
        var distinct = 1;
        for (var k = 1; k < indices.Count; k++) if (indices[k] != indices[k - 1]) distinct++;
        var outIndices = new int[distinct];
        var outValues = new float[distinct];
        var slot = 0;
        var run = 1;
        for (var k = 1; k <= indices.Count; k++)
        {
            if (k < indices.Count && indices[k] == indices[k - 1])
            {
                run++;
                continue;
            }

            outIndices[slot] = indices[k - 1];
            outValues[slot] = MathF.Log(1 + run);
            slot++;
            run = 1;
        }

        Normalize(outValues);
        return new SparseVector(outIndices, outValues);
    }

    private static void Normalize(float[] values)
    {
        var norm = 0.0;
        foreach (var v in values) norm += v * v;
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var k = 0; k < values.Length; k++) values[k] *= scale;
    }
}
