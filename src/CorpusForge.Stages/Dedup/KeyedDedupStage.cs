using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Dedup;

/// <summary>Base of dedup stages that remove a document when an earlier kept document had the same 64-bit key
/// (content hash, URL hash). Keys are computed in parallel for a batch; decisions are taken in input order.</summary>
public abstract class KeyedDedupStage : PersistentDedupStage, IBatchDocumentStage, IPreparedStage
{
    private readonly List<ulong> _found = [];

    /// <summary>Creates the stage.</summary>
    protected KeyedDedupStage(ComponentContext context, long tableLimit) : base(context, 0, tableLimit)
    {
    }

    /// <summary>Drop reason for a duplicate.</summary>
    protected abstract string Reason { get; }

    /// <summary>The key of a document; false when it has none (it is then kept and not remembered).</summary>
    protected abstract bool TryGetKey(Document document, out ulong key);

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var hasKey = TryGetKey(document, out var key);
        return Decide(document, hasKey, key);
    }

    /// <inheritdoc />
    public void ProcessBatch(IReadOnlyList<Document> documents, Span<StageResult> results)
    {
        var keys = new ulong[documents.Count];
        var hasKey = new bool[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Context.Workers) },
            i => hasKey[i] = TryGetKey(documents[i], out keys[i]));
        for (var i = 0; i < documents.Count; i++) results[i] = Decide(documents[i], hasKey[i], keys[i]);
    }

    /// <inheritdoc />
    public byte[] Prepare(Document document)
    {
        // One flag byte and the key: what the in-order decision needs.
        var prepared = new byte[9];
        if (TryGetKey(document, out var key))
        {
            prepared[0] = 1;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(prepared.AsSpan(1), key);
        }

        return prepared;
    }

    /// <inheritdoc />
    public StageResult Decide(Document document, ReadOnlySpan<byte> prepared)
    {
        if (prepared.Length != 9) throw new InvalidDataException($"{GetType().Name}: prepared value of {prepared.Length} bytes, expected 9");
        return Decide(document, prepared[0] == 1, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(prepared[1..]));
    }

    private StageResult Decide(Document document, bool hasKey, ulong key)
    {
        var sequence = (ulong)Index.TakeSequence(ShardOf(document));
        if (!hasKey)
        {
            KeptCount++;
            return StageResult.Keep;
        }

        _found.Clear();
        if (Index.Lookup(key, _found) > 0)
        {
            var first = _found.Min();
            if (Index.TryGetRecord(first, out var keptId, out _))
            {
                RemovedCount++;
                document.Attributes["dedup.kept_id"] = keptId;
                // The keeper's id: one cluster identity across dedup stages, runs and the multi-stage form.
                document.Attributes["dedup.cluster_id"] = keptId;
                return StageResult.Drop(Reason, $"same as {keptId}");
            }
        }

        var shard = ShardOf(document);
        Index.Add(shard, key, sequence);
        Index.AddRecord(shard, sequence, document.Id, []);
        KeptCount++;
        return StageResult.Keep;
    }
}
