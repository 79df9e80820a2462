using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Dedup;

/// <summary>Locality-sensitive hashing by banding: a signature of <c>bands × rows</c> values is cut into bands, and two
/// documents become candidates when all rows of at least one band agree.</summary>
/// <remarks>For Jaccard similarity s the chance of becoming candidates is P(s) = 1 − (1 − s^r)^b (Leskovec,
/// Rajaraman and Ullman, Mining of Massive Datasets, ch. 3.4); its steepest point lies near (1/b)^(1/r).</remarks>
public sealed class LshBands
{
    /// <summary>Creates a banding of <paramref name="bands"/> × <paramref name="rows"/>.</summary>
    public LshBands(int bands, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Bands = bands;
        Rows = rows;
    }

    /// <summary>Number of bands b.</summary>
    public int Bands { get; }

    /// <summary>Signature values per band r.</summary>
    public int Rows { get; }

    /// <summary>Probability that a pair of Jaccard similarity <paramref name="s"/> shares at least one band.</summary>
    public double CandidateProbability(double s) => 1 - Math.Pow(1 - Math.Pow(s, Rows), Bands);

    /// <summary>The usual approximation of the threshold, (1/b)^(1/r).</summary>
    public double ApproximateThreshold => Math.Pow(1.0 / Bands, 1.0 / Rows);

    /// <summary>The similarity at which a pair becomes a candidate with probability ½ (solved by bisection).</summary>
    public double HalfProbabilitySimilarity
    {
        get
        {
            double lo = 0, hi = 1;
            for (var i = 0; i < 60; i++)
            {
                var mid = (lo + hi) / 2;
                if (CandidateProbability(mid) < 0.5) lo = mid;
                else hi = mid;
            }

            return (lo + hi) / 2;
        }
    }

    /// <summary>Writes one 64-bit key per band (xxHash64 of the band's values, seeded by the band number so equal
    /// values in different bands give different keys).</summary>
    public void BandKeys(ReadOnlySpan<uint> signature, Span<ulong> keys)
    {
        for (var band = 0; band < Bands; band++)
        {
            keys[band] = Hashing.XxHash64(MemoryMarshal.AsBytes(signature.Slice(band * Rows, Rows)), (ulong)band + 1);
        }
    }

    /// <summary>One line describing the curve at a few similarities, for logs.</summary>
    public string Describe() =>
        $"LSH {Bands} bands x {Rows} rows: candidate threshold ~{ApproximateThreshold:F3} ((1/b)^(1/r)), P=0.5 at s={HalfProbabilitySimilarity:F3}; " +
        string.Join(", ", new[] { 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 }.Select(s => $"P({s:F2})={CandidateProbability(s):F3}"));
}
