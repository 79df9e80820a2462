using System.ComponentModel;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Dedup;

/// <summary>Which member of a near-duplicate cluster survives.</summary>
public enum KeepRule
{
    /// <summary>The first in input order (the only rule a streaming stage can apply).</summary>
    FirstSeen,
    /// <summary>The longest text (ties: first seen). Multi-stage form only.</summary>
    Longest,
    /// <summary>The highest value of <see cref="MinHashDedupOptions.ScoreAttribute"/> (ties and missing: first seen). Multi-stage form only.</summary>
    HighestScore,
}

/// <summary>How band candidates are confirmed before a document is removed.</summary>
public enum Verification
{
    /// <summary>Exact Jaccard similarity of the shingle sets (kept documents' sets are stored in the index).</summary>
    Exact,
    /// <summary>Jaccard similarity estimated from the full signature (smaller index, noisier: about ±0.04 at 112 values).</summary>
    Estimated,
    /// <summary>No check: every band collision with a kept document is a duplicate (plain LSH).</summary>
    None,
}

/// <summary>Options of MinHash near-duplicate removal, shared by <see cref="MinHashDedupStage"/> and the multi-stage form
/// (<see cref="MultiStageMinHash"/>).</summary>
public sealed class MinHashDedupOptions : IValidatableOptions
{
    /// <summary>Words per shingle.</summary>
    [Description("Words per shingle (in scripts without spaces, characters per shingle).")]
    public int Ngram { get; set; } = 5;

    /// <summary>LSH bands.</summary>
    [Description("LSH bands b (default 16; FineWeb uses 14 x 8, see docs/dedup.md).")]
    public int Bands { get; set; } = 16;

    /// <summary>Signature values per band.</summary>
    [Description("Signature values per band r (default 7; FineWeb: 8). Candidate probability 1-(1-s^r)^b.")]
    public int Rows { get; set; } = 7;

    /// <summary>Seed of the hash functions.</summary>
    [Description("Seed of the MinHash functions (changing it invalidates a stored index).")]
    public long Seed { get; set; } = 1;

    /// <summary>How candidates are verified.</summary>
    [Description("How band candidates are confirmed: exact (Jaccard of shingle sets, stored for kept documents), estimated (from the signature) or none (plain LSH).")]
    public Verification Verify { get; set; } = Verification.Exact;

    /// <summary>Similarity a candidate needs to count as a duplicate.</summary>
    [Description("Jaccard similarity (exact or estimated, see verify) at or above which a candidate is a duplicate.")]
    public double Threshold { get; set; } = 0.8;

    /// <summary>Signature length when more values than bands × rows are wanted for verification.</summary>
    [Description("Signature values computed and stored; 0 = bands x rows. More values make verification more exact.")]
    public int SignatureHashes { get; set; }

    /// <summary>Documents remembered per LSH bucket.</summary>
    [Description("Documents remembered per LSH bucket (the first ones); bounds the work for degenerate texts.")]
    public int MaxBucketCandidates { get; set; } = 64;

    /// <summary>Index entries held in memory before spilling to disk.</summary>
    [Description("Index entries held in memory before they are written to a sorted segment on disk (bounds memory).")]
    public long IndexMemoryEntries { get; set; } = 16_000_000;

    /// <summary>Keep rule (multi-stage form; the stage supports first_seen only).</summary>
    [Description("Which cluster member is kept: first_seen, longest or highest_score (the last two need the multi-stage form).")]
    public KeepRule Keep { get; set; } = KeepRule.FirstSeen;

    /// <summary>Attribute compared by <see cref="KeepRule.HighestScore"/>.</summary>
    [Description("Attribute compared by keep: highest_score.")]
    public string ScoreAttribute { get; set; } = "quality.score";

    /// <summary>Signature length actually used.</summary>
    public int SignatureLength => Math.Max(SignatureHashes, Bands * Rows);

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (Ngram < 1) yield return "ngram must be at least 1";
        if (Bands < 1 || Rows < 1) yield return "bands and rows must be at least 1";
        if (SignatureHashes != 0 && SignatureHashes < Bands * Rows) yield return $"signature_hashes must be 0 or at least bands x rows ({Bands * Rows})";
        if (Threshold is < 0 or > 1) yield return "threshold must lie in [0, 1]";
        if (MaxBucketCandidates < 1) yield return "max_bucket_candidates must be at least 1";
    }

    /// <summary>Similarity of two documents under <see cref="Verify"/>, from their signatures and shingle sets.</summary>
    public double Similarity(ReadOnlySpan<uint> signatureA, ReadOnlySpan<uint> setA, ReadOnlySpan<uint> signatureB, ReadOnlySpan<uint> setB) =>
        Verify == Verification.Exact ? MinHashSigner.ExactJaccard(setA, setB) : MinHashSigner.EstimateJaccard(signatureA, signatureB);

    /// <summary>True when a pair of that similarity is a duplicate.</summary>
    public bool IsDuplicate(double similarity) => Verify == Verification.None || similarity >= Threshold;

    /// <summary>The signer these options describe.</summary>
    public MinHashSigner CreateSigner() => new(SignatureLength, Ngram, (ulong)Seed);

    /// <summary>The banding these options describe.</summary>
    public LshBands CreateBands() => new(Bands, Rows);
}
