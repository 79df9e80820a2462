using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Engine;

/// <summary>State of one document inside the engine.</summary>
internal enum ItemState : byte
{
    Live,
    Dropped,
    Quarantined,
}

/// <summary>A document travelling through the blocks, with the decision that removed it, if any.</summary>
internal struct Item
{
    public Document Document;
    public ItemState State;
    public int Stage;
    public string? Reason;
    public string? Detail;

    /// <summary>Characters of the text as read (for the profile's before-filtering histogram).</summary>
    public int ReadChars;

    /// <summary>Values prepared ahead for the sequential stages of a distributed run's dedup phase (by their offset
    /// in that phase), or null.</summary>
    public byte[]?[]? Prepared;
}

/// <summary>What a batch carries: documents of one shard, or the end (or failure) of that shard.</summary>
internal enum BatchKind : byte
{
    Documents,
    ShardEnd,
    ShardFailed,
}

/// <summary>The unit that moves between Dataflow blocks: up to a few hundred documents of one shard, so the
/// per-message cost of Dataflow is paid once per batch rather than once per document.</summary>
internal sealed class Batch
{
    public required ShardRun Shard { get; init; }
    public BatchKind Kind { get; init; }
    public Item[] Items { get; init; } = [];
    public int Count { get; init; }
    public Exception? Error { get; init; }
}
