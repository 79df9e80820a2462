using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Stages;

/// <summary>An output format. The engine opens one <see cref="IShardWriter"/> per input shard, so that a shard's
/// outputs are published (or discarded) as a unit and a rerun never duplicates documents.</summary>
public interface IDocumentWriter
{
    /// <summary>Starts writing the outputs of one input shard.</summary>
    IShardWriter Open(OutputTarget target);
}

/// <summary>Where one shard's output goes: a folder and a base file name (without part number or extension).</summary>
/// <param name="Directory">Absolute output folder (created by the engine).</param>
/// <param name="BaseName">File name stem unique to the input shard, stable across runs.</param>
public sealed record OutputTarget(string Directory, string BaseName);

/// <summary>Writes one shard's documents under temporary names; <see cref="Commit"/> publishes them atomically.</summary>
public interface IShardWriter : IDisposable
{
    /// <summary>Appends a document. Called from one thread, in document order.</summary>
    void Write(Document document);

    /// <summary>Finishes and atomically publishes every file written; returns their final paths.</summary>
    IReadOnlyList<string> Commit();

    /// <summary>Deletes every temporary file (the shard failed).</summary>
    void Abort();
}
