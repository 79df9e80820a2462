using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Stages;

/// <summary>Maps one document to keep, replace or drop. Counting, timing, error handling and rejected-document
/// writing are done once by the engine around every stage.</summary>
/// <remarks>
/// A stage registered as parallel (the default) must be safe to call from several threads at once. A stage
/// registered with <see cref="Registry.ComponentAttribute.Sequential"/> is called from one thread, in input order.
/// An exception thrown for a document quarantines that document with an <c>error:</c> reason; the run goes on.
/// </remarks>
public interface IDocumentStage
{
    /// <summary>Decides what happens to <paramref name="document"/>. May set attributes on it.</summary>
    StageResult Process(Document document);
}

/// <summary>Optional hooks for stages and writers that hold resources across a run (an index, a model, a manifest).</summary>
public interface IStageLifecycle
{
    /// <summary>Called once before the first document. A stage that implements <see cref="IShardAware"/> loads here
    /// every state file present in its state folder: when this is called, the engine has already removed the files
    /// of every input that is not committed, so the folder holds exactly the state of the committed inputs.</summary>
    void Open();

    /// <summary>Called after every input shard of the run has been committed or failed. Builds derived views (token
    /// shards from their parts) and releases resources; never the place to make state durable (a killed run never
    /// gets here). Not called when the run stops on a fatal error.</summary>
    void Close();
}

/// <summary>Optional hook for stages whose state grows with the inputs they see (e.g. a dedup index that must only
/// remember documents that really reached the outputs). What an input added becomes durable with the input's commit
/// and is withdrawn with it, through the engine's one commit protocol.</summary>
public interface IShardAware
{
    /// <summary>The shard's outputs are finished: save what it added as immutable files named by the shard, written
    /// through <see cref="IO.AtomicFile"/> (the engine publishes them together with the shard's commit record, so they
    /// exist if and only if the shard is committed), and return their final paths. Called on the engine's sink
    /// thread while the stage may already be processing later shards.</summary>
    IReadOnlyList<string> ShardCommitted(string shardKey);

    /// <summary>The shard failed and its outputs were discarded; forget what was learned from it.</summary>
    void ShardAborted(string shardKey);
}

/// <summary>Optional: a stage that is cheaper on a batch than one document at a time (a sequential stage that
/// computes per-document work in parallel before its order-dependent step, or a model that scores many texts at
/// once). The engine calls <see cref="ProcessBatch"/> instead of <see cref="IDocumentStage.Process"/> when present.</summary>
public interface IBatchDocumentStage : IDocumentStage
{
    /// <summary>Decides for every document of a batch, in order; <paramref name="results"/> has the same length.
    /// An exception fails every document of the batch; prefer recording per-document failures by throwing from
    /// <see cref="IDocumentStage.Process"/> instead.</summary>
    void ProcessBatch(IReadOnlyList<Document> documents, Span<StageResult> results);
}

/// <summary>Optional: a stage that decides by comparing attributes with thresholds says which, so reports can mark
/// them on the score distributions.</summary>
public interface IScoreThresholds
{
    /// <summary>The thresholds in force with this stage's options.</summary>
    IEnumerable<ScoreThreshold> Thresholds { get; }
}

/// <summary>A bound on an attribute: documents with <see cref="Attribute"/> below (<see cref="IsMinimum"/>) or above
/// <see cref="Value"/> are dropped.</summary>
public sealed record ScoreThreshold(string Attribute, double Value, bool IsMinimum);

/// <summary>Optional: a sequential stage whose costly per-document work (hashing, shingling) is a pure function of
/// the document and can be done ahead, on any machine, while only the order-dependent decision needs input order.
/// A distributed run prepares these in its parallel map phase and replays only <see cref="Decide"/> in order.</summary>
/// <remarks>
/// Contract: <see cref="Prepare"/> is thread-safe, sets nothing on the document and depends only on its text (and
/// the stage's options); <see cref="Decide"/> keeps or drops (never replaces: the next stage must see the same text)
/// and gives exactly what <see cref="IDocumentStage.Process"/> gives for that document in that order.
/// </remarks>
public interface IPreparedStage : IDocumentStage
{
    /// <summary>What <see cref="Decide"/> needs of <paramref name="document"/>, as bytes that travel between machines.</summary>
    byte[] Prepare(Document document);

    /// <summary>The in-order decision for <paramref name="document"/> from its prepared bytes.</summary>
    StageResult Decide(Document document, ReadOnlySpan<byte> prepared);
}
