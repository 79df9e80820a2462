using System.Numerics;
using System.Runtime.InteropServices;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Stages.Dedup;

/// <summary>Computes MinHash signatures: for each of H hash functions, the minimum hash over a document's shingles.</summary>
/// <remarks>Hash function i maps a shingle x (folded to 32 bits) to fmix32(a_i·x + b_i) with odd a_i, the MurmurHash3
/// finaliser after a multiply-add, evaluated for all H functions at once with <see cref="Vector{T}"/>. Two documents
/// agree on position i with probability close to their shingle Jaccard similarity. Thread-safe.</remarks>
public sealed class MinHashSigner
{
    private readonly uint[] _multipliers;
    private readonly uint[] _addends;
    private readonly int _padded;

    /// <summary>Creates a signer of <paramref name="hashes"/> functions drawn from <paramref name="seed"/>.</summary>
    public MinHashSigner(int hashes, int ngram, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashes, 1);
        Hashes = hashes;
        Shingler = new Shingler(ngram);
        var lanes = Vector<uint>.Count;
        _padded = (hashes + lanes - 1) / lanes * lanes;
        _multipliers = new uint[_padded];
        _addends = new uint[_padded];
        var state = seed;
        for (var i = 0; i < _padded; i++)
        {
            _multipliers[i] = (uint)SplitMix64.Next(ref state) | 1u;
            _addends[i] = (uint)SplitMix64.Next(ref state);
        }
    }

    /// <summary>Signature length.</summary>
    public int Hashes { get; }

    /// <summary>The shingler used for texts.</summary>
    public Shingler Shingler { get; }

    [ThreadStatic] private static List<ulong>? t_shingles;
    [ThreadStatic] private static uint[]? t_work;

    /// <summary>Signs <paramref name="text"/> into <paramref name="signature"/> (length <see cref="Hashes"/>);
    /// returns the number of shingles, 0 when the text has no words (the signature is then all 0xFFFFFFFF).</summary>
    public int Sign(string text, Span<uint> signature) => Sign(text, signature, out _, wantSet: false);

    /// <summary>Signs <paramref name="text"/> and also returns its distinct 32-bit shingle hashes, sorted (the set
    /// exact verification compares).</summary>
    public int Sign(string text, Span<uint> signature, out uint[] shingleSet) => Sign(text, signature, out shingleSet, wantSet: true);

    /// <summary>Exact Jaccard similarity of two sorted sets of distinct values.</summary>
    public static double ExactJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j]) i++;
            else j++;
        }

        return common / (double)(a.Length + b.Length - common);
    }

    private int Sign(string text, Span<uint> signature, out uint[] shingleSet, bool wantSet)
    {
        var shingles = t_shingles ??= new List<ulong>();
        Shingler.Shingle(text, shingles);
        Sign(CollectionsMarshal.AsSpan(shingles), signature);
        shingleSet = [];
        if (wantSet && shingles.Count > 0)
        {
            var folded = new uint[shingles.Count];
            for (var i = 0; i < folded.Length; i++) folded[i] = Fold(shingles[i]);
            Array.Sort(folded);
            var distinct = 1;
            for (var i = 1; i < folded.Length; i++)
            {
                if (folded[i] != folded[distinct - 1]) folded[distinct++] = folded[i];
            }

            shingleSet = distinct == folded.Length ? folded : folded[..distinct];
        }

        return shingles.Count;
    }

    private static uint Fold(ulong shingle) => (uint)(shingle ^ (shingle >> 32));

    /// <summary>Signs a set of shingle hashes.</summary>
    public void Sign(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        if (signature.Length != Hashes) throw new ArgumentException($"signature must have {Hashes} values", nameof(signature));
        var work = t_work is { } w && w.Length == _padded ? w : t_work = new uint[_padded];
        var mins = MemoryMarshal.Cast<uint, Vector<uint>>(work.AsSpan());
        var multipliers = MemoryMarshal.Cast<uint, Vector<uint>>(_multipliers.AsSpan());
        var addends = MemoryMarshal.Cast<uint, Vector<uint>>(_addends.AsSpan());
        mins.Fill(new Vector<uint>(uint.MaxValue));
        var c1 = new Vector<uint>(0x85EBCA6Bu);
        var c2 = new Vector<uint>(0xC2B2AE35u);
        foreach (var shingle in shingles)
        {
            var x = new Vector<uint>(Fold(shingle));
            for (var k = 0; k < mins.Length; k++)
            {
                var h = x * multipliers[k] + addends[k];
                h ^= Vector.ShiftRightLogical(h, 16);
                h *= c1;
                h ^= Vector.ShiftRightLogical(h, 13);
                h *= c2;
                h ^= Vector.ShiftRightLogical(h, 16);
                mins[k] = Vector.Min(mins[k], h);
            }
        }

        work.AsSpan(0, Hashes).CopyTo(signature);
    }

    /// <summary>Fraction of positions where two signatures agree: an unbiased estimate of Jaccard similarity.</summary>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) equal++;
        }

        return equal / (double)a.Length;
    }
}
