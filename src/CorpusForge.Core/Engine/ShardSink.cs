using CorpusForge.Core.Stages;
using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Engine;

/// <summary>Where the engine's last block puts batches (the corpus through writers and commits, or an exchange file):
/// the dispatch of a batch by kind and the failure policy, written once for every sink.</summary>
/// <remarks>
/// A bad input (<see cref="InvalidDataException"/>, <see cref="NotSupportedException"/>) fails only its shard; a
/// storage fault (disk full, read-only, vanished or forbidden folder) fails the shard and stops the run, since every
/// later input would fail the same way. A failed shard's files are thrown away uncommitted and its later batches
/// ignored.
/// </remarks>
internal abstract class ShardSink(IDocumentStage[] stages, PhaseStats stats, RunOptions options)
{
    private readonly HashSet<ShardRun> _failed = [];

    /// <summary>The phase's stages (told when a shard is aborted).</summary>
    protected IDocumentStage[] Stages { get; } = stages;

    /// <summary>The phase's statistics.</summary>
    protected PhaseStats Stats { get; } = stats;

    /// <summary>The run's options (workers, log).</summary>
    protected RunOptions Options { get; } = options;

    /// <summary>Progress reporting of the phase this sink serves.</summary>
    public PhaseProgress Progress { get; set; } = new();

    /// <summary>What the failure log line says became of a failed shard's work.</summary>
    protected abstract string FailureNote { get; }

    /// <summary>Takes one batch of the engine's last block.</summary>
    public void Accept(Batch batch)
    {
        var shard = batch.Shard;
        if (_failed.Contains(shard)) return;
        try
        {
            switch (batch.Kind)
            {
                case BatchKind.Documents:
                    WriteDocuments(shard, batch);
                    break;
                case BatchKind.ShardEnd:
                    Commit(shard);
                    break;
                case BatchKind.ShardFailed:
                    Fail(shard, batch.Error!, notifyStages: false);
                    break;
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            Fail(shard, e, notifyStages: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(shard, e, notifyStages: true);
            throw new StorageFailureException(shard.Key, e);
        }
    }

    /// <summary>Throws away the files of every shard still open (the run is stopping).</summary>
    public abstract void AbortOpenShards();

    /// <summary>Writes a batch of one shard's documents.</summary>
    protected abstract void WriteDocuments(ShardRun shard, Batch batch);

    /// <summary>Publishes a finished shard (its end marker arrived).</summary>
    protected abstract void Commit(ShardRun shard);

    /// <summary>Throws away what a shard has written so far.</summary>
    protected abstract void AbortFiles(ShardRun shard);

    private void Fail(ShardRun shard, Exception error, bool notifyStages)
    {
        _failed.Add(shard);
        AbortFiles(shard);
        if (notifyStages)
        {
            foreach (var aware in Stages.OfType<IShardAware>()) aware.ShardAborted(shard.Key);
        }

        var message = $"{error.GetType().Name}: {error.Message}";
        Stats.Failures.Add(new ShardFailure(shard.File.FullPath, message));
        Progress.ShardDone(shard.File.Length);
        Options.Log($"shard failed: {shard.File.FullPath}: {message} ({FailureNote})");
    }
}
