using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Dedup;

/// <summary>Base of the dedup stages that keep a <see cref="DedupIndex"/> in the component's state folder: opens it
/// (the union of the committed inputs' segments), saves what each committed shard added as that shard's segment
/// (published by the engine with the shard's commit record) and forgets aborted shards. Nothing is saved on close.</summary>
public abstract class PersistentDedupStage : IStageLifecycle, IShardAware, IDisposable
{
    private readonly int _payloadKind;
    private readonly long _tableLimit;
    private DedupIndex? _index;

    /// <summary>Creates the stage; the index opens on <see cref="Open"/> (or on first use).</summary>
    protected PersistentDedupStage(ComponentContext context, int payloadKind, long tableLimit)
    {
        Context = context;
        _payloadKind = payloadKind;
        _tableLimit = tableLimit;
    }

    /// <summary>The run this stage belongs to.</summary>
    protected ComponentContext Context { get; }

    /// <summary>The index (opened on first use).</summary>
    protected DedupIndex Index => _index ??= DedupIndex.Open(Context.StateDirectory, _payloadKind, _tableLimit);

    /// <summary>Documents kept so far in this run.</summary>
    protected long KeptCount { get; set; }

    /// <summary>Documents removed so far in this run.</summary>
    protected long RemovedCount { get; set; }

    /// <summary>The shard a document belongs to (the key the engine gave it).</summary>
    protected static string ShardOf(Document document) => document.ShardKey ?? "";

    /// <inheritdoc />
    public virtual void Open() => _ = Index;

    /// <inheritdoc />
    public void Close()
    {
        if (_index is null) return;
        // The engine closes stages after every shard was committed or aborted; anything still pending belongs to a
        // shard whose fate was not reported, so it is not remembered (a missed duplicate later beats a lost document).
        var unreported = _index.PendingShards;
        foreach (var shard in unreported) _index.Abort(shard);
        if (unreported.Count > 0) Context.Log($"{GetType().Name}: {unreported.Count} shard(s) were never reported committed; their documents were not added to the index");
        Context.Log($"{GetType().Name}: kept {KeptCount}, removed {RemovedCount} this run; index holds {_index.KeyCount} keys, {_index.DiskBytes / 1048576.0:F1} MB on disk");
        _index.Dispose();
        _index = null;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ShardCommitted(string shardKey) => Index.Commit(shardKey);

    /// <inheritdoc />
    public void ShardAborted(string shardKey) => Index.Abort(shardKey);

    /// <inheritdoc />
    public void Dispose()
    {
        _index?.Dispose();
        _index = null;
        GC.SuppressFinalize(this);
    }
}
