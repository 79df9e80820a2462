using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Engine;

/// <summary>How a pipeline is run (not what it does: that is the pipeline file).</summary>
public sealed record RunOptions
{
    /// <summary>Degree of parallelism of parallel stages. Outputs do not depend on it. Default: processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Most documents in one batch between blocks (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Most characters of text in one batch (default 4 M); bounds memory with large documents.</summary>
    public long BatchChars { get; init; } = 4_000_000;

    /// <summary>Batches each block may hold, per worker (default 2): the backpressure bound.</summary>
    public int BoundedCapacityPerWorker { get; init; } = 2;

    /// <summary>Process every input again, even those committed with the same configuration: each is withdrawn
    /// (outputs and stage state) first, so the result equals a fresh run.</summary>
    public bool Force { get; init; }

    /// <summary>Allow a changed configuration or changed inputs to recompute the corpus from the first affected
    /// input (in commit order) onward; without it a changed configuration stops the run with a report.</summary>
    public bool Rebuild { get; init; }

    /// <summary>Only plan: log what would be processed, withdrawn and skipped, and an estimate; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Receives human-readable log lines (default: none).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Told when phases start, so a progress display can read the live counters.</summary>
    public Action<PhaseStats, PhaseProgress>? PhaseStarted { get; init; }
}

/// <summary>Live position of a phase, for progress displays and ETA.</summary>
public sealed class PhaseProgress
{
    private long _doneBytes;
    private int _doneShards;

    /// <summary>Bytes of all shards the phase will process.</summary>
    public long TotalBytes { get; init; }

    /// <summary>Shards the phase will process.</summary>
    public int TotalShards { get; init; }

    /// <summary>Bytes of shards finished (committed or failed).</summary>
    public long DoneBytes => Interlocked.Read(ref _doneBytes);

    /// <summary>Shards finished.</summary>
    public int DoneShards => Volatile.Read(ref _doneShards);

    internal void ShardDone(long bytes)
    {
        Interlocked.Add(ref _doneBytes, bytes);
        Interlocked.Increment(ref _doneShards);
    }
}
