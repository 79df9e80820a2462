using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using CorpusForge.Core.Engine.ScaleOut;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.State;
using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Engine;

/// <summary>What one task of a distributed phase works on.</summary>
internal sealed class TaskWork
{
    public required ScaleOutPhase Phase { get; init; }

    /// <summary>The task's inputs still to do, in canonical order.</summary>
    public required List<ShardRun> Shards { get; init; }

    /// <summary>Identities and configuration of the frozen plan.</summary>
    public required RefreshPlan Plan { get; init; }

    /// <summary>The corpus's commit records (the phase that writes outputs commits here).</summary>
    public required CommitStore Main { get; init; }

    /// <summary>Where this phase's exchange commits go (phases that do not write outputs).</summary>
    public CommitStore? Exchange { get; init; }

    /// <summary>Commit records of the phase this one reads from.</summary>
    public CommitStore? Upstream { get; init; }

    /// <summary>Fixed commit ordinals (canonical order), so the order a refresh sees is the single process's.</summary>
    public required IReadOnlyDictionary<string, long> Ordinals { get; init; }

    public required int Snapshot { get; init; }

    public required Tombstones Tombstones { get; init; }
}

public sealed partial class PipelineRunner
{
    /// <summary>The folder of a distributed phase's exchange files.</summary>
    internal static string ExchangeFolder(PipelineSpec spec, string phase) => Path.Combine(spec.CorpusDirectory, "exchange", phase);

    /// <summary>Runs one task of a distributed phase: stages [From, To) of the pipeline over the task's inputs, read
    /// from the inputs or the previous phase's exchange files, written to the corpus or to exchange files.</summary>
    internal static async Task<PhaseStats> RunTaskAsync(PipelineSpec spec, PhaseSpec phase, TaskWork work, RunOptions options, CancellationToken ct)
    {
        var stateRoot = Path.Combine(spec.CorpusDirectory, "state", phase.Name);
        ComponentContext ContextFor(string id) =>
            new(spec.Directory, spec.CorpusDirectory, Path.Combine(stateRoot, Sanitize(id)), options.Workers, options.Log) { Snapshot = work.Snapshot };

        var part = work.Phase;
        var stats = new PhaseStats(phase.Name)
        {
            Reader = new StageStats("reader", string.Join(",", phase.Inputs.Select(i => i.Reader.Descriptor.Name).Distinct())),
            Stages = phase.Stages.Select(s => new StageStats(s.Id, s.Descriptor.Name)).ToArray(),
        };
        if (part.WritesOutputs)
        {
            foreach (var output in phase.Outputs)
                stats.Outputs.Add((output.Writer.Descriptor.Name, Path.GetRelativePath(spec.CorpusDirectory, output.Directory).Replace('\\', '/')));
        }

        stats.ShardsTotal = work.Shards.Count;
        var readers = part.ReadsFrom is null
            ? phase.Inputs.ToDictionary(i => i, i => (IDocumentReader)i.Reader.Descriptor.Create(i.Reader.Options, ContextFor("reader." + i.Name)))
            : [];
        var stages = phase.Stages.Skip(part.From).Take(part.To - part.From).Select(s => (IDocumentStage)s.Descriptor.Create(s.Options, ContextFor(s.Id))).ToArray();
        var writers = part.WritesOutputs
            ? phase.Outputs.Select(o => (IDocumentWriter)o.Writer.Descriptor.Create(o.Writer.Options, ContextFor("writer." + Path.GetFileName(o.Directory)))).ToArray()
            : [];
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i] is IScoreThresholds scored) stats.Thresholds.AddRange(scored.Thresholds.Select(t => (phase.Stages[part.From + i].Id, t)));
        }

        var preparers = Preparers(spec, phase, work, ContextFor);
        try
        {
            ShardSink sink;
            if (part.WritesOutputs)
            {
                var upstream = work.Upstream;
                sink = new Sink(spec, phase, writers, stages, work.Main, work.Plan, stats, options)
                {
                    Ordinals = work.Ordinals,
                    CarriedState = upstream is null ? null : key => upstream.Entries[key].State.Select(f => Path.Combine(spec.CorpusDirectory, f)),
                };
            }
            else
            {
                sink = new ExchangeSink(spec, stages, work, stats, options) { Preparers = preparers };
            }

            Func<ITargetBlock<Batch>, CancellationToken, Task> produce = part.ReadsFrom is null
                ? (head, token) => ProduceAsync(work.Shards, readers, head, work.Tombstones, stats, options, token)
                : (head, token) => ProduceFromExchangeAsync(work.Shards, work.Upstream!, spec, head, token);
            // Writers are not closed by per-input tasks: closing assembles token shards, which is the merge's job.
            return await RunShardsAsync(phase, work.Shards, part.From, stages, writers, sink, produce, closeWriters: false, stats, options, ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var disposable in stages.OfType<IDisposable>().Concat(readers.Values.OfType<IDisposable>()).Concat(writers.OfType<IDisposable>()).Concat(preparers?.OfType<IDisposable>() ?? []))
                disposable.Dispose();
        }
    }

    /// <summary>The stages of the next phase whose per-document work the map phase does ahead: all of them when every
    /// stage of the dedup phase is an <see cref="IPreparedStage"/> (they never replace text, so each sees the text
    /// the map phase ends with); none otherwise, and the dedup phase then does the whole work itself.</summary>
    private static IPreparedStage[]? Preparers(PipelineSpec spec, PhaseSpec phase, TaskWork work, Func<string, ComponentContext> contextFor)
    {
        if (work.Phase.Name != ScaleOutPhases.Map) return null;
        var next = ScaleOutPhases.Cut(spec, work.Phase.Tasks).FirstOrDefault(p => p.ReadsFrom == work.Phase.Name);
        if (next is null || next.To <= next.From) return null;
        var range = phase.Stages.Skip(next.From).Take(next.To - next.From).ToList();
        if (!range.All(s => typeof(IPreparedStage).IsAssignableFrom(s.Descriptor.Type))) return null;
        // Instances only prepare: they never open their index (that is the dedup phase's).
        return [.. range.Select(s => (IPreparedStage)s.Descriptor.Create(s.Options, contextFor(s.Id)))];
    }

    /// <summary>Opens and closes the writers of <paramref name="phase"/> once: the token-shard writer assembles its
    /// shards (global shuffle and split) from every committed input's parts.</summary>
    internal static void CloseWriters(PipelineSpec spec, PhaseSpec phase, int snapshot, RunOptions options)
    {
        var stateRoot = Path.Combine(spec.CorpusDirectory, "state", phase.Name);
        var writers = phase.Outputs.Select(o => o.Writer.Descriptor.Create(o.Writer.Options,
            new ComponentContext(spec.Directory, spec.CorpusDirectory, Path.Combine(stateRoot, Sanitize("writer." + Path.GetFileName(o.Directory))), options.Workers, options.Log) { Snapshot = snapshot })).ToArray();
        try
        {
            foreach (var lifecycle in writers.OfType<IStageLifecycle>()) lifecycle.Open();
            foreach (var lifecycle in writers.OfType<IStageLifecycle>()) lifecycle.Close();
        }
        finally
        {
            foreach (var disposable in writers.OfType<IDisposable>()) disposable.Dispose();
        }
    }

    /// <summary>Sends the batches of each shard's exchange file, exactly as the phase before formed them.</summary>
    private static async Task ProduceFromExchangeAsync(List<ShardRun> shards, CommitStore upstream, PipelineSpec spec, ITargetBlock<Batch> head, CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            ct.ThrowIfCancellationRequested();
            shard.Started = Stopwatch.GetTimestamp();
            var path = Path.Combine(spec.CorpusDirectory, upstream.Entries[shard.Key].Outputs[0]);
            Exception? failure = null;
            using var batches = ItemExchange.Read(path).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!batches.MoveNext()) break;
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    failure = e;
                    break;
                }

                var (items, count) = batches.Current;
                await SendAsync(head, new Batch { Shard = shard, Items = items, Count = count }, ct).ConfigureAwait(false);
            }

            await SendAsync(head, new Batch { Shard = shard, Kind = failure is null ? BatchKind.ShardEnd : BatchKind.ShardFailed, Error = failure }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes each input's items to its exchange file and commits it (with the state files the phase's
    /// stateful stages wrote for it) through the phase's own commit store, by the same protocol as the corpus.</summary>
    private sealed class ExchangeSink(PipelineSpec spec, IDocumentStage[] stages, TaskWork work, PhaseStats stats, RunOptions options) : ShardSink(stages, stats, options)
    {
        private readonly Dictionary<ShardRun, ItemExchange.Writer> _open = [];

        /// <summary>Stages of the next phase to prepare values for (map phase), or null.</summary>
        public IPreparedStage[]? Preparers { get; init; }

        /// <summary>Compressed bytes written to exchange files.</summary>
        public long Bytes { get; private set; }

        protected override void WriteDocuments(ShardRun shard, Batch batch)
        {
            Prepare(batch);
            Open(shard).WriteBatch(batch.Items, batch.Count);
            shard.DocumentsIn += batch.Count;
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch.Items[i].State == ItemState.Live) shard.DocumentsKept++;
            }
        }

        public override void AbortOpenShards()
        {
            foreach (var writer in _open.Values)
            {
                writer.Abort();
                writer.Dispose();
            }

            _open.Clear();
        }

        // Kept documents get their prepared values (the costly hashing, in parallel here); values of an earlier
        // phase are dropped (they served that phase). A document whose preparation throws gets none: the dedup
        // phase runs the stage on it as a single process would, and quarantines it the same way.
        private void Prepare(Batch batch)
        {
            var items = batch.Items;
            if (Preparers is not { } preparers)
            {
                for (var i = 0; i < batch.Count; i++) items[i].Prepared = null;
                return;
            }

            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Workers) }, i =>
            {
                if (items[i].State != ItemState.Live)
                {
                    items[i].Prepared = null;
                    return;
                }

                var values = new byte[]?[preparers.Length];
                for (var k = 0; k < preparers.Length; k++)
                {
                    try
                    {
                        values[k] = preparers[k].Prepare(items[i].Document);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        values[k] = null;
                    }
                }

                items[i].Prepared = values;
            });
        }

        private ItemExchange.Writer Open(ShardRun shard)
        {
            if (!_open.TryGetValue(shard, out var writer))
            {
                writer = new ItemExchange.Writer(Path.Combine(ExchangeFolder(spec, work.Phase.Name), shard.Key + ItemExchange.Extension));
                _open[shard] = writer;
            }

            return writer;
        }

        protected override void Commit(ShardRun shard)
        {
            var writer = Open(shard);
            var state = new List<string>();
            using (var scope = PublishScope.Begin())
            {
                try
                {
                    writer.Commit();
                    writer.Dispose();
                    if (work.Upstream is { } upstream) state.AddRange(upstream.Entries[shard.Key].State);
                    foreach (var aware in Stages.OfType<IShardAware>()) state.AddRange(aware.ShardCommitted(shard.Key).Select(Relative));
                    var identity = work.Plan.Identities[shard.Key];
                    work.Exchange!.Commit(new InputCommit
                    {
                        Shard = shard.Key,
                        Input = identity.Input,
                        Fingerprint = shard.Fingerprint,
                        Length = identity.Length,
                        Stamp = identity.Stamp,
                        ContentHash = identity.ContentHash,
                        Ordinal = work.Ordinals[shard.Key],
                        Config = work.Plan.Config,
                        Outputs = [Relative(writer.FinalPath)],
                        State = state,
                        DocumentsIn = shard.DocumentsIn,
                        DocumentsKept = shard.DocumentsKept,
                        Seconds = Math.Round(Stopwatch.GetElapsedTime(shard.Started).TotalSeconds, 3),
                        CompletedAt = DateTimeOffset.UtcNow.ToString("O"),
                    }, scope.Files);
                }
                catch
                {
                    scope.Discard();
                    throw;
                }
            }

            _open.Remove(shard);
            Bytes += writer.Length;
            Stats.ShardsCompleted++;
            Stats.InputBytes += shard.File.Length;
            Stats.Written += shard.DocumentsKept;
            Progress.ShardDone(shard.File.Length);
        }

        protected override string FailureNote => "nothing of it was passed on; the next run retries it";

        protected override void AbortFiles(ShardRun shard)
        {
            if (_open.Remove(shard, out var writer))
            {
                writer.Abort();
                writer.Dispose();
            }
        }

        private string Relative(string path) => Path.GetRelativePath(spec.CorpusDirectory, path).Replace('\\', '/');
    }
}
