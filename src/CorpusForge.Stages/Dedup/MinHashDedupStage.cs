using System.Runtime.InteropServices;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Dedup;

/// <summary>Removes near-duplicates by MinHash LSH, against every document kept before (this run and earlier runs over
/// the same corpus). Signatures are computed in parallel per batch; decisions are taken in input order.</summary>
/// <remarks>
/// For each document: its band keys are looked up; the candidates are the documents remembered in those buckets (the
/// first <see cref="MinHashDedupOptions.MaxBucketCandidates"/> per bucket, kept or not); the document is a
/// near-duplicate when the earliest candidate, kept or removed, whose similarity reaches
/// <see cref="MinHashDedupOptions.Threshold"/> (or any candidate, without verification) exists; it then joins that
/// candidate's cluster. A removed document stays in the index with its own shingle set, standing for its cluster's
/// keeper, so clusters grow transitively (a variant seen first, then its original, then a document close to the
/// original only: all one cluster). The multi-stage form (<see cref="MultiStageMinHash"/>) applies the same rule, so
/// both give the same result. Removed documents carry <c>dedup.kept_id</c> and <c>dedup.cluster_id</c> (both the
/// keeper's document id, the corpus-wide cluster identity) and <c>dedup.similarity</c> (to the member matched).
/// </remarks>
[Component("dedup.minhash_v1", "Remove near-duplicates by MinHash LSH (word 5-grams, 16x7 bands, verified), persistent across runs", Sequential = true)]
public sealed class MinHashDedupStage : PersistentDedupStage, IBatchDocumentStage, IPreparedStage
{
    private readonly MinHashDedupOptions _options;
    private readonly MinHashSigner _signer;
    private readonly LshBands _bands;
    private readonly int _length;
    private readonly ulong[] _keys;
    private readonly int[] _bucketCounts;
    private readonly List<ulong> _candidates = [];

    /// <summary>Creates the stage.</summary>
    public MinHashDedupStage(MinHashDedupOptions options, ComponentContext context)
        : base(context, ConfigurationKind(options), options.IndexMemoryEntries)
    {
        if (options.Keep != KeepRule.FirstSeen)
            throw new ArgumentException($"dedup.minhash_v1 streams documents and can only keep the first seen; keep: {options.Keep} needs the multi-stage form (corpusforge dedup)");
        _options = options;
        _signer = options.CreateSigner();
        _bands = options.CreateBands();
        _length = options.SignatureLength;
        _keys = new ulong[_bands.Bands];
        _bucketCounts = new int[_bands.Bands];
    }

    /// <summary>A number identifying what the stored keys and payloads mean (checked when the index is reopened).</summary>
    public static int ConfigurationKind(MinHashDedupOptions options)
    {
        // "clusters": records of removed members (standing for their keeper) are stored too; indexes written before
        // that hold kept documents only and would silently lose transitivity, so they are refused (--rebuild).
        var text = $"minhash_v1|clusters|{options.Ngram}|{options.Bands}|{options.Rows}|{options.SignatureLength}|{options.Seed}|{(options.Verify == Verification.Exact ? "sets" : "signatures")}";
        return (int)(Hashing.XxHash64(System.Text.Encoding.UTF8.GetBytes(text), 0) & 0x7FFFFFFF);
    }

    /// <inheritdoc />
    public override void Open()
    {
        base.Open();
        Context.Log($"dedup.minhash_v1: {_bands.Describe()}; verification {_options.Verify switch
        {
            Verification.Exact => $"by exact Jaccard >= {_options.Threshold:F2}",
            Verification.Estimated => $"by Jaccard >= {_options.Threshold:F2} estimated over {_length} values",
            _ => "off (plain LSH)",
        }}");
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var signature = new uint[_length];
        var shingles = Sign(document.Text, signature, out var set);
        return Decide(document, signature, set, shingles);
    }

    /// <inheritdoc />
    public void ProcessBatch(IReadOnlyList<Document> documents, Span<StageResult> results)
    {
        var signatures = new uint[documents.Count * _length];
        var sets = new uint[documents.Count][];
        var shingles = new int[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Context.Workers) },
            i => shingles[i] = Sign(documents[i].Text, signatures.AsSpan(i * _length, _length), out sets[i]));
        for (var i = 0; i < documents.Count; i++) results[i] = Decide(documents[i], signatures.AsSpan(i * _length, _length), sets[i], shingles[i]);
    }

    /// <inheritdoc />
    /// <remarks>Layout: int32 shingle count, the signature's values, then (exact verification) the shingle set.</remarks>
    public byte[] Prepare(Document document)
    {
        var signature = new uint[_length];
        var shingles = Sign(document.Text, signature, out var set);
        var prepared = new byte[4 + 4 * (_length + set.Length)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(prepared, shingles);
        MemoryMarshal.AsBytes(signature.AsSpan()).CopyTo(prepared.AsSpan(4));
        MemoryMarshal.AsBytes(set.AsSpan()).CopyTo(prepared.AsSpan(4 + 4 * _length));
        return prepared;
    }

    /// <inheritdoc />
    public StageResult Decide(Document document, ReadOnlySpan<byte> prepared)
    {
        if (prepared.Length < 4 + 4 * _length || (prepared.Length - 4) % 4 != 0)
            throw new InvalidDataException($"dedup.minhash_v1: prepared value of {prepared.Length} bytes does not hold a signature of {_length} values");
        var shingles = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(prepared);
        var signature = MemoryMarshal.Cast<byte, uint>(prepared.Slice(4, 4 * _length));
        var set = MemoryMarshal.Cast<byte, uint>(prepared[(4 + 4 * _length)..]).ToArray();
        return Decide(document, signature, set, shingles);
    }

    private int Sign(string text, Span<uint> signature, out uint[] set)
    {
        if (_options.Verify == Verification.Exact) return _signer.Sign(text, signature, out set);
        set = [];
        return _signer.Sign(text, signature);
    }

    private StageResult Decide(Document document, ReadOnlySpan<uint> signature, uint[] set, int shingles)
    {
        var sequence = (ulong)Index.TakeSequence(ShardOf(document));
        if (shingles == 0)
        {
            KeptCount++;
            return StageResult.Keep;
        }

        _bands.BandKeys(signature, _keys);
        _candidates.Clear();
        for (var b = 0; b < _keys.Length; b++) _bucketCounts[b] = Index.Lookup(_keys[b], _candidates);
        _candidates.Sort();
        ulong previous = ulong.MaxValue;
        foreach (var candidate in _candidates)
        {
            if (candidate == previous) continue;
            previous = candidate;
            // Every remembered document has a record, kept or removed; a removed member's record names its
            // cluster's keeper, so a match with any member joins that cluster (transitive, as the multi-stage form).
            if (!Index.TryGetRecord(candidate, out var clusterId, out var payload)) continue;
            var other = MemoryMarshal.Cast<byte, uint>(payload);
            var similarity = _options.Similarity(signature, set, other, other);
            if (!_options.IsDuplicate(similarity)) continue;
            Remember(document, signature, set, sequence, clusterId);
            RemovedCount++;
            document.Attributes["dedup.kept_id"] = clusterId;
            document.Attributes["dedup.cluster_id"] = clusterId;
            document.Attributes["dedup.similarity"] = Math.Round(similarity, 4);
            return StageResult.Drop("near_duplicate", $"~{similarity:F2} similar to the cluster of {clusterId}");
        }

        Remember(document, signature, set, sequence, document.Id);
        KeptCount++;
        return StageResult.Keep;
    }

    // The record of a kept document names itself, that of a removed one its keeper (the cluster id).
    private void Remember(Document document, ReadOnlySpan<uint> signature, uint[] set, ulong sequence, string clusterId)
    {
        var shard = ShardOf(document);
        for (var b = 0; b < _keys.Length; b++)
        {
            if (_bucketCounts[b] < _options.MaxBucketCandidates) Index.Add(shard, _keys[b], sequence);
        }

        Index.AddRecord(shard, sequence, clusterId, _options.Verify == Verification.Exact ? MemoryMarshal.AsBytes(set.AsSpan()) : MemoryMarshal.AsBytes(signature));
    }
}
