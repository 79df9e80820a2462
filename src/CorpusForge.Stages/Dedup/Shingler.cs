using System.Numerics;
using System.Runtime.InteropServices;
using CorpusForge.Core.Text;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Stages.Dedup;

/// <summary>Turns a text into 64-bit hashes of its word n-grams (shingles), words lower-cased.</summary>
/// <remarks>Words come from <see cref="WordSplitter"/>, which makes every Han, Kana, Thai (and similar) character a
/// word of its own, so in those scripts the shingles are character n-grams. A text with fewer than n words (but at
/// least one) gives one shingle of all its words, so short texts can still match their copies.</remarks>
public sealed class Shingler
{
    [ThreadStatic] private static List<WordSpan>? t_words;
    [ThreadStatic] private static List<ulong>? t_wordHashes;

    /// <summary>Creates a shingler of <paramref name="ngram"/>-word shingles.</summary>
    public Shingler(int ngram)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ngram, 1);
        NGram = ngram;
    }

    /// <summary>Words per shingle.</summary>
    public int NGram { get; }

    /// <summary>Appends the shingle hashes of <paramref name="text"/> (in text order, repeats included) to
    /// <paramref name="shingles"/>, which is cleared first.</summary>
    public void Shingle(string text, List<ulong> shingles)
    {
        shingles.Clear();
        var words = t_words ??= new List<WordSpan>();
        var hashes = t_wordHashes ??= new List<ulong>();
        WordSplitter.Split(text, words);
        hashes.Clear();
        foreach (var word in words) hashes.Add(HashWord(word.Of(text)));
        if (hashes.Count == 0) return;
        var n = Math.Min(NGram, hashes.Count);
        var span = CollectionsMarshal.AsSpan(hashes);
        for (var i = 0; i + n <= span.Length; i++) shingles.Add(Combine(span.Slice(i, n)));
    }

    /// <summary>The distinct shingle hashes of a text (for exact Jaccard in evaluations).</summary>
    public HashSet<ulong> ShingleSet(string text)
    {
        var list = new List<ulong>();
        Shingle(text, list);
        return [.. list];
    }

    /// <summary>Exact Jaccard similarity of two shingle sets.</summary>
    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var intersection = 0;
        foreach (var x in small)
        {
            if (large.Contains(x)) intersection++;
        }

        return intersection / (double)(a.Count + b.Count - intersection);
    }

    // FNV-1a over the lower-cased UTF-16 units, then the SplitMix64 finaliser: several times faster than a general
    // hash call per word, and words are short.
    private static ulong HashWord(ReadOnlySpan<char> word)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in word)
        {
            var lower = c < 0x80 ? ((uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c) : char.ToLowerInvariant(c);
            h = (h ^ lower) * 0x100000001B3UL;
        }

        return SplitMix64.Mix(h);
    }

    // Order-sensitive mix of the word hashes, finished with the SplitMix64 finaliser so every output bit depends on
    // every input word.
    private static ulong Combine(ReadOnlySpan<ulong> words)
    {
        var h = 0x9E3779B97F4A7C15UL * (ulong)words.Length;
        foreach (var w in words) h = BitOperations.RotateLeft((h ^ w) * 0xBF58476D1CE4E5B9UL, 27);
        return SplitMix64.Mix(h);
    }
}
