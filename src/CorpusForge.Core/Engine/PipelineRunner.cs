using System.Diagnostics;
using System.Text;
using System.Threading.Tasks.Dataflow;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.State;
using CorpusForge.Core.Stats;
using K4os.Hash.xxHash;

namespace CorpusForge.Core.Engine;

/// <summary>Runs a validated pipeline: each phase becomes a chain of TPL Dataflow blocks
/// (reader → one block per stage → sink) with bounded capacity, so memory stays flat whatever the input size.</summary>
/// <remarks>
/// Determinism: shards are read one after another in sorted order, every block keeps message order
/// (<c>EnsureOrdered</c>) however many workers process it, and the sink writes in that order; so outputs are
/// byte-identical at any worker count. Error policy, implemented here once: an exception on a document quarantines
/// that document with an <c>error:</c> reason; a reader exception fails its shard (outputs discarded, no ledger
/// entry, retried by the next run) while other shards go on; configuration errors never reach this class.
/// </remarks>
public sealed partial class PipelineRunner
{
    private const string QuarantineId = "quarantine";

    /// <summary>Where documents dropped by a tombstone are counted and kept (<c>rejected/PHASE/takedown/</c>).</summary>
    public const string TakedownStageId = "takedown";

    /// <summary>Runs every phase of <paramref name="spec"/>; writes stats to <c>stats/</c> in the corpus folder.</summary>
    public async Task<RunResult> RunAsync(PipelineSpec spec, RunOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(spec.CorpusDirectory);
        // Tasks of an unfinished distributed run own the corpus (their exchange files and dedup state are not yet
        // committed); a single-process run in between would treat them as garbage or as committed.
        if (ScaleOut.ScaleOutPlan.Load(spec.CorpusDirectory) is { } distributed && !distributed.IsComplete(spec.CorpusDirectory))
            throw new ConfigException(spec.FilePath, $"a distributed run of this corpus (--tasks {distributed.Tasks}) is unfinished; finish it (`corpusforge phases` shows what is left) or delete {ScaleOut.ScaleOutPlan.Folder(spec.CorpusDirectory)} and {Path.Combine(spec.CorpusDirectory, "exchange")} to abandon it");
        // Recovery comes first: commit records finish the renames a kill interrupted after their commit point, and
        // only then is every remaining temporary name garbage of an uncommitted input.
        var stores = spec.Phases.ToDictionary(p => p.Name, p => CommitStore.Open(CommitsFolder(spec, p), spec.CorpusDirectory), StringComparer.Ordinal);
        // A takedown committed before a kill is finished before its temporary files could be mistaken for garbage.
        if (!options.DryRun && TakedownJournal.Recover(spec.CorpusDirectory) > 0) options.Log("finished a takedown an interrupted `remove` had committed");
        var tombstones = Tombstones.Load(spec.CorpusDirectory);
        var cleaned = options.DryRun ? 0 : CleanTemporaries(spec);

        if (cleaned > 0) options.Log($"removed {cleaned} temporary file(s) left by an interrupted run");

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var stats = new RunStats { Pipeline = spec.Name, StartedAt = started, Workers = options.Workers };
        var snapshot = CorpusManifest.Load(spec.CorpusDirectory).NextId;
        foreach (var phase in spec.Phases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stats.Phases.Add(await RunPhaseAsync(spec, phase, stores[phase.Name], snapshot, tombstones, options, cancellationToken).ConfigureAwait(false));
        }

        stats.Elapsed = clock.Elapsed;
        if (options.DryRun) return new RunResult(stats, "");
        var statsDirectory = Path.Combine(spec.CorpusDirectory, "stats");
        var statsFile = Path.Combine(statsDirectory, $"run-{started:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}.json");
        var json = stats.ToJson();
        AtomicFile.WriteAllText(statsFile, json);
        AtomicFile.WriteAllText(Path.Combine(statsDirectory, "latest.json"), json);
        var recorded = CorpusManifest.Record(spec.CorpusDirectory, spec.Name, stores,
            $"run: {stats.Phases.Sum(p => p.ShardsCompleted)} input(s) committed, {stats.Phases.Sum(p => p.ShardsSkipped)} unchanged, {stats.Phases.Sum(p => p.Failures.Count)} failed");
        options.Log($"snapshot {recorded.Id} recorded in {Path.Combine(spec.CorpusDirectory, CorpusManifest.FileName)}");
        return new RunResult(stats, statsFile);
    }

    /// <summary>The corpus's folder for cluster submissions (<c>corpusforge slurm submit</c>: its job ledger,
    /// scripts and task logs). The submitter writes its ledger after the last sbatch, while the tasks it submitted may
    /// already be starting, and the first of them cleans the corpus's temporaries: runs never touch this folder.</summary>
    public const string SubmissionsFolder = "slurm";

    /// <summary>Deletes the temporary files a killed run left in the corpus folder (not in
    /// <see cref="SubmissionsFolder"/>) and in output folders outside it (an output path such as "../shards"; there
    /// only the engine's own temporary names go). Returns how many.</summary>
    internal static int CleanTemporaries(PipelineSpec spec) =>
        AtomicFile.CleanTemporaries(spec.CorpusDirectory, skip: [SubmissionsFolder]) +
        OutputsOutsideCorpus(spec).Sum(outside => AtomicFile.CleanTemporaries(outside, ownNamesOnly: true));

    /// <summary>Output folders of every phase that are not inside the corpus folder.</summary>
    private static IEnumerable<string> OutputsOutsideCorpus(PipelineSpec spec)
    {
        var corpus = Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.CorpusDirectory)) + Path.DirectorySeparatorChar;
        return spec.Phases.SelectMany(p => p.Outputs).Select(o => Path.GetFullPath(o.Directory))
            .Where(d => !(Path.TrimEndingDirectorySeparator(d) + Path.DirectorySeparatorChar).StartsWith(corpus, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>Folder of a phase's commit records.</summary>
    public static string CommitsFolder(PipelineSpec spec, PhaseSpec phase) => Path.Combine(spec.CorpusDirectory, "state", phase.Name, "commits");

    private static async Task<PhaseStats> RunPhaseAsync(PipelineSpec spec, PhaseSpec phase, CommitStore store, int snapshot, Tombstones tombstones, RunOptions options, CancellationToken ct)
    {
        var stateRoot = Path.Combine(spec.CorpusDirectory, "state", phase.Name);
        ComponentContext ContextFor(string id) =>
            new(spec.Directory, spec.CorpusDirectory, Path.Combine(stateRoot, Sanitize(id)), options.Workers, options.Log) { Snapshot = snapshot };

        var stats = new PhaseStats(phase.Name)
        {
            Reader = new StageStats("reader", string.Join(",", phase.Inputs.Select(i => i.Reader.Descriptor.Name).Distinct())),
            Stages = phase.Stages.Select(s => new StageStats(s.Id, s.Descriptor.Name)).ToArray(),
        };

        foreach (var output in phase.Outputs)
            stats.Outputs.Add((output.Writer.Descriptor.Name, Path.GetRelativePath(spec.CorpusDirectory, output.Directory).Replace('\\', '/')));

        var planning = Stopwatch.StartNew();
        var plan = RefreshPlan.Make(spec, phase, store, options);
        stats.CommitProtocol += planning.Elapsed;
        foreach (var line in plan.Report) options.Log(line);
        stats.ShardsTotal = plan.Total;
        stats.ShardsSkipped = plan.Skipped;
        if (plan.Stale.Count > 0 && plan.Ordered && !options.Rebuild && !options.Force) throw new StaleCorpusException(phase.Name, plan.Stale);
        if (options.DryRun) return stats;

        // Reprocessing replaces: what an input contributed (outputs, stage state, lineage) is withdrawn before it
        // is processed again, so no document ever meets its own earlier copy.
        foreach (var key in plan.Retract)
        {
            ct.ThrowIfCancellationRequested();
            store.Retract(key);
        }

        if (plan.Retract.Count > 0) options.Log($"phase {phase.Name}: withdrew {plan.Retract.Count} input(s) before reprocessing them");
        if (stats.ShardsSkipped > 0)
            options.Log($"phase {phase.Name}: {stats.ShardsSkipped} of {stats.ShardsTotal} input shard(s) already done, skipped");

        var shards = plan.Shards;
        var readers = phase.Inputs.ToDictionary(i => i, i => (IDocumentReader)i.Reader.Descriptor.Create(i.Reader.Options, ContextFor("reader." + i.Name)));
        var stages = phase.Stages.Select(s => (IDocumentStage)s.Descriptor.Create(s.Options, ContextFor(s.Id))).ToArray();
        var writers = phase.Outputs.Select(o => (IDocumentWriter)o.Writer.Descriptor.Create(o.Writer.Options, ContextFor("writer." + Path.GetFileName(o.Directory)))).ToArray();
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i] is IScoreThresholds scored) stats.Thresholds.AddRange(scored.Thresholds.Select(t => (phase.Stages[i].Id, t)));
        }

        try
        {
            var sink = new Sink(spec, phase, writers, stages, store, plan, stats, options);
            return await RunShardsAsync(phase, plan.Shards, 0, stages, writers, sink,
                (head, token) => ProduceAsync(plan.Shards, readers, head, tombstones, stats, options, token), closeWriters: true, stats, options, ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var disposable in stages.OfType<IDisposable>().Concat(readers.Values.OfType<IDisposable>()).Concat(writers.OfType<IDisposable>())) disposable.Dispose();
        }
    }

    /// <summary>Runs <paramref name="stages"/> (the pipeline's stages <paramref name="from"/> onward) over the batches
    /// <paramref name="produce"/> sends, into <paramref name="sink"/>.</summary>
    private static async Task<PhaseStats> RunShardsAsync(
        PhaseSpec phase, List<ShardRun> shards, int from, IDocumentStage[] stages, IDocumentWriter[] writers, ShardSink sink,
        Func<ITargetBlock<Batch>, CancellationToken, Task> produce, bool closeWriters, PhaseStats stats, RunOptions options, CancellationToken outer)
    {
        var progress = new PhaseProgress { TotalBytes = shards.Sum(s => s.File.Length), TotalShards = shards.Count };
        sink.Progress = progress;
        options.PhaseStarted?.Invoke(stats, progress);

        var opening = Stopwatch.StartNew();
        foreach (var lifecycle in stages.OfType<IStageLifecycle>().Concat(writers.OfType<IStageLifecycle>())) lifecycle.Open();
        stats.CommitProtocol += opening.Elapsed;
        // One token for every block and the producer: whichever block faults first cancels all the others, so a
        // fault anywhere ends the whole graph (a faulted sink otherwise leaves the blocks before it waiting forever
        // on full bounded buffers, and the producer waiting on them).
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var ct = cancel.Token;
        var capacity = Math.Max(2, options.Workers * options.BoundedCapacityPerWorker);
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var stageBlocks = new List<TransformBlock<Batch, Batch>>();
        for (var i = 0; i < stages.Length; i++)
        {
            var runner = new StageRunner(from + i, phase.Stages[from + i].Id, stages[i], stats.Stages[from + i]) { PreparedSlot = i };
            stageBlocks.Add(new TransformBlock<Batch, Batch>(runner.Run, new ExecutionDataflowBlockOptions
            {
                BoundedCapacity = capacity,
                EnsureOrdered = true,
                CancellationToken = ct,
                MaxDegreeOfParallelism = phase.Stages[from + i].Descriptor.Sequential ? 1 : Math.Max(1, options.Workers),
                SingleProducerConstrained = true,
            }));
        }

        var sinkBlock = new ActionBlock<Batch>(sink.Accept, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = capacity,
            MaxDegreeOfParallelism = 1,
            SingleProducerConstrained = true,
            CancellationToken = ct,
        });

        ITargetBlock<Batch> head = stageBlocks.Count > 0 ? stageBlocks[0] : sinkBlock;
        for (var i = 0; i < stageBlocks.Count; i++)
            stageBlocks[i].LinkTo(i + 1 < stageBlocks.Count ? stageBlocks[i + 1] : sinkBlock, link);

        var blocks = stageBlocks.Cast<IDataflowBlock>().Append(sinkBlock).ToArray();
        Exception? fault = null;
        foreach (var block in blocks)
        {
            _ = block.Completion.ContinueWith(t =>
            {
                Interlocked.CompareExchange(ref fault, t.Exception!.GetBaseException(), null);
                cancel.Cancel();
            }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await Task.Run(() => produce(head, ct), ct).ConfigureAwait(false);
            head.Complete();
            await sinkBlock.Completion.ConfigureAwait(false);
        }
        catch (Exception caught)
        {
            cancel.Cancel();
            head.Complete();
            // Every block has stopped before the sink's open files are thrown away (the sink may be mid-batch).
            try
            {
                await Task.WhenAll(blocks.Select(b => b.Completion)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first fault is reported below.
            }

            sink.AbortOpenShards();
            var first = Volatile.Read(ref fault);
            if (first is not null && !outer.IsCancellationRequested) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            if (caught is OperationCanceledException) outer.ThrowIfCancellationRequested();
            throw;
        }

        foreach (var lifecycle in stages.OfType<IStageLifecycle>().Concat(closeWriters ? writers.OfType<IStageLifecycle>() : [])) lifecycle.Close();

        options.Log($"phase {phase.Name}: {stats.ShardsCompleted} shard(s) committed, {stats.Failures.Count} failed, {stats.Written} document(s) written in {clock.Elapsed.TotalSeconds:F1} s; commit protocol {stats.CommitProtocol.TotalSeconds:F2} s");
        return stats;
    }

    /// <summary>Reads shards one after another and sends their documents downstream in batches.</summary>
    private static async Task ProduceAsync(
        List<ShardRun> shards, Dictionary<InputSpec, IDocumentReader> readers, ITargetBlock<Batch> head,
        Tombstones tombstones, PhaseStats stats, RunOptions options, CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            ct.ThrowIfCancellationRequested();
            shard.Started = Stopwatch.GetTimestamp();
            var reader = readers[shard.Input];
            var items = new Item[options.BatchSize];
            var count = 0;
            long chars = 0;
            var counts = new StageCounts();
            Exception? failure = null;
            var clock = Stopwatch.GetTimestamp();
            IEnumerator<ReadResult>? enumerator = null;
            try
            {
                enumerator = reader.Read(shard.File, ct).GetEnumerator();
                while (true)
                {
                    bool more;
                    try
                    {
                        more = enumerator.MoveNext();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failure = e;
                        break;
                    }

                    if (!more) break;
                    var result = enumerator.Current;
                    counts.In++;
                    if (result.Document is { } document)
                    {
                        document.Source ??= shard.Input.Name;
                        document.ShardKey = shard.Key;
                        // Tombstones apply before every stage: a document taken down never reaches dedup state,
                        // token parts or outputs again, whatever input brings it back.
                        if (!tombstones.IsEmpty && tombstones.Match(document) is { } takedown)
                        {
                            counts.Drop(takedown);
                            items[count++] = new Item { Document = document, ReadChars = document.Text.Length, State = ItemState.Dropped, Stage = -1, Reason = takedown };
                        }
                        else
                        {
                            items[count++] = new Item { Document = document, ReadChars = document.Text.Length };
                            counts.Out++;
                            counts.CharsOut += document.Text.Length;
                        }

                        chars += document.Text.Length;
                    }
                    else
                    {
                        var bad = result.Bad!;
                        counts.Quarantined++;
                        items[count++] = new Item
                        {
                            Document = new Document
                            {
                                Id = $"{bad.Where.File}#{bad.Where.Record}",
                                Text = bad.Preview is { Length: > BadRecord.MaxPreviewChars } p ? p[..BadRecord.MaxPreviewChars] : bad.Preview ?? "",
                                Source = shard.Input.Name,
                                Provenance = bad.Where,
                            },
                            State = ItemState.Quarantined,
                            Stage = -1,
                            Reason = bad.Reason,
                        };
                    }

                    if (count == items.Length || chars >= options.BatchChars)
                    {
                        counts.Ticks = Stopwatch.GetTimestamp() - clock;
                        stats.Reader.Add(counts);
                        await SendAsync(head, new Batch { Shard = shard, Items = items, Count = count }, ct).ConfigureAwait(false);
                        items = new Item[options.BatchSize];
                        count = 0;
                        chars = 0;
                        counts = new StageCounts();
                        clock = Stopwatch.GetTimestamp();
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
            finally
            {
                enumerator?.Dispose();
            }

            counts.Ticks = Stopwatch.GetTimestamp() - clock;
            stats.Reader.Add(counts);
            if (count > 0) await SendAsync(head, new Batch { Shard = shard, Items = items, Count = count }, ct).ConfigureAwait(false);
            await SendAsync(head, new Batch
            {
                Shard = shard,
                Kind = failure is null ? BatchKind.ShardEnd : BatchKind.ShardFailed,
                Error = failure,
            }, ct).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(ITargetBlock<Batch> target, Batch batch, CancellationToken ct)
    {
        if (!await target.SendAsync(batch, ct).ConfigureAwait(false))
            throw new InvalidOperationException("The pipeline stopped accepting documents (a block faulted).");
    }

    /// <summary>Stable key of a shard: input name plus its relative path without format extensions.</summary>
    internal static string ShardKey(string inputName, string relativePath)
    {
        var path = relativePath;
        foreach (var compression in new[] { ".gz", ".zst", ".zstd", ".bz2" })
        {
            if (path.EndsWith(compression, StringComparison.OrdinalIgnoreCase)) path = path[..^compression.Length];
        }

        var dot = path.LastIndexOf('.');
        if (dot > path.LastIndexOf('/') + 1) path = path[..dot];
        return Sanitize($"{inputName}.{path.Replace('/', '.')}");
    }

    internal static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return sb.ToString();
    }

    internal static string Hash(string text) => XXH64.DigestOf(Encoding.UTF8.GetBytes(text)).ToString("x16");

    /// <summary>Applies one stage to batches; counts, times and catches per-document failures.</summary>
    private sealed class StageRunner(int index, string id, IDocumentStage stage, StageStats stats)
    {
        private readonly IBatchDocumentStage? _batchStage = stage as IBatchDocumentStage;
        private readonly IShardAware? _shardAware = stage as IShardAware;
        private readonly IPreparedStage? _prepared = stage as IPreparedStage;

        /// <summary>Where this stage's prepared value sits in <see cref="Item.Prepared"/>.</summary>
        public int PreparedSlot { get; init; }

        public Batch Run(Batch batch)
        {
            if (batch.Kind != BatchKind.Documents)
            {
                // Markers pass through every block in order, so a stateful stage learns of a failed shard before
                // it sees documents of the next one.
                if (batch.Kind == BatchKind.ShardFailed) _shardAware?.ShardAborted(batch.Shard.Key);
                return batch;
            }

            var counts = new StageCounts();
            var start = Stopwatch.GetTimestamp();
            // The distributed dedup phase: the hashing was done in the map phase; only the in-order decision is left.
            if (_prepared is { } prepared && IsPrepared(batch)) RunEach(batch, ref counts, item => prepared.Decide(item.Document, item.Prepared![PreparedSlot]));
            else if (_batchStage is not null) RunBatch(batch, ref counts);
            else RunEach(batch, ref counts, item => stage.Process(item.Document));

            counts.Ticks = Stopwatch.GetTimestamp() - start;
            stats.Add(counts);
            return batch;
        }

        private bool IsPrepared(Batch batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                ref var item = ref batch.Items[i];
                if (item.State == ItemState.Live && (item.Prepared is not { } values || PreparedSlot >= values.Length || values[PreparedSlot] is null)) return false;
            }

            return true;
        }

        // One live document at a time; an exception quarantines that document only.
        private void RunEach(Batch batch, ref StageCounts counts, Func<Item, StageResult> run)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                ref var item = ref batch.Items[i];
                if (item.State != ItemState.Live) continue;
                counts.In++;
                counts.CharsIn += item.Document.Text.Length;
                StageResult result;
                try
                {
                    result = run(item);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Quarantine(ref item, e, ref counts);
                    continue;
                }

                Apply(ref item, result, ref counts);
            }
        }

        private void RunBatch(Batch batch, ref StageCounts counts)
        {
            var live = new List<Document>(batch.Count);
            var positions = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch.Items[i].State != ItemState.Live) continue;
                live.Add(batch.Items[i].Document);
                positions.Add(i);
                counts.In++;
                counts.CharsIn += batch.Items[i].Document.Text.Length;
            }

            if (live.Count == 0) return;
            var results = new StageResult[live.Count];
            try
            {
                _batchStage!.ProcessBatch(live, results);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var p in positions) Quarantine(ref batch.Items[p], e, ref counts);
                return;
            }

            for (var k = 0; k < positions.Count; k++) Apply(ref batch.Items[positions[k]], results[k], ref counts);
        }

        private void Apply(ref Item item, in StageResult result, ref StageCounts counts)
        {
            switch (result.Outcome)
            {
                case StageOutcome.Keep:
                    counts.Out++;
                    counts.CharsOut += item.Document.Text.Length;
                    break;
                case StageOutcome.Replace:
                    item.Document = result.Document!;
                    counts.Out++;
                    counts.CharsOut += item.Document.Text.Length;
                    break;
                case StageOutcome.Drop:
                    item.State = ItemState.Dropped;
                    item.Stage = index;
                    item.Reason = result.Reason;
                    item.Detail = result.Detail;
                    counts.Drop(result.Reason!);
                    break;
            }
        }

        private void Quarantine(ref Item item, Exception e, ref StageCounts counts)
        {
            item.State = ItemState.Quarantined;
            item.Stage = index;
            item.Reason = $"error:{e.GetType().Name}";
            item.Detail = $"{id}: {e.Message}";
            counts.Quarantined++;
        }
    }

    /// <summary>Writes kept documents to every output and removed ones to rejected/quarantine files; publishes a
    /// shard's files and records it in the ledger when its end marker arrives.</summary>
    private sealed class Sink(
        PipelineSpec spec, PhaseSpec phase, IDocumentWriter[] writers, IDocumentStage[] stages,
        CommitStore store, RefreshPlan plan, PhaseStats stats, RunOptions options) : ShardSink(stages, stats, options)
    {
        /// <summary>Commit ordinals fixed in advance (a distributed run commits inputs out of order); else the next free.</summary>
        public IReadOnlyDictionary<string, long>? Ordinals { get; init; }

        /// <summary>State files an input's earlier phases published (its dedup segments), named in its commit record.</summary>
        public Func<string, IEnumerable<string>>? CarriedState { get; init; }

        private readonly List<ShardRun> _open = [];

        public override void AbortOpenShards()
        {
            foreach (var shard in _open.ToList()) AbortFiles(shard);
        }

        protected override void WriteDocuments(ShardRun shard, Batch batch)
        {
            if (shard.Writers is null)
            {
                shard.Writers = new IShardWriter[writers.Length];
                for (var w = 0; w < writers.Length; w++)
                {
                    Directory.CreateDirectory(phase.Outputs[w].Directory);
                    shard.Writers[w] = writers[w].Open(new OutputTarget(phase.Outputs[w].Directory, shard.Key));
                }

                _open.Add(shard);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                ref var item = ref batch.Items[i];
                shard.DocumentsIn++;
                if (item.State != ItemState.Quarantined || item.Stage >= 0) shard.Profile.Read(item.ReadChars);
                switch (item.State)
                {
                    case ItemState.Live:
                        foreach (var writer in shard.Writers) writer.Write(item.Document);
                        shard.DocumentsKept++;
                        shard.Profile.Kept(item.Document);
                        break;
                    case ItemState.Dropped:
                        var stageId = item.Stage < 0 ? TakedownStageId : phase.Stages[item.Stage].Id;
                        shard.Profile.Dropped(item.Document, stageId, item.Reason!, item.Detail);
                        if (spec.KeepRejected)
                        {
                            Removed(shard, stageId, Path.Combine(spec.CorpusDirectory, "rejected", phase.Name, Sanitize(stageId)))
                                .Write(item.Document, item.Reason!, stageId, item.Detail);
                        }

                        break;
                    case ItemState.Quarantined:
                        var where = item.Stage < 0 ? "reader" : phase.Stages[item.Stage].Id;
                        Removed(shard, QuarantineId, Path.Combine(spec.CorpusDirectory, "quarantine", phase.Name))
                            .Write(item.Document, item.Reason!, where, item.Detail);
                        break;
                }
            }
        }

        private RecordFile Removed(ShardRun shard, string id, string directory)
        {
            if (!shard.Removed.TryGetValue(id, out var file))
            {
                file = new RecordFile(Path.Combine(directory, shard.Key + ".jsonl.gz"));
                shard.Removed[id] = file;
            }

            return file;
        }

        // The commit protocol: every file the input produced (outputs, removed-document files, stage state) is
        // finished under a temporary name inside a publish scope; the commit record naming them is made durable;
        // only then are they renamed into place (CommitStore.Commit). A kill at any instant leaves the input either
        // wholly committed or not at all.
        protected override void Commit(ShardRun shard)
        {
            var outputs = new List<string>();
            var state = new List<string>();
            using (var scope = PublishScope.Begin())
            {
                try
                {
                    foreach (var writer in shard.Writers ?? [])
                    {
                        outputs.AddRange(writer.Commit());
                        writer.Dispose();
                    }

                    foreach (var file in shard.Removed.Values)
                    {
                        file.Commit();
                        file.Dispose();
                        outputs.Add(file.FinalPath);
                    }

                    var protocol = Stopwatch.StartNew();
                    if (CarriedState is not null) state.AddRange(CarriedState(shard.Key));
                    foreach (var aware in Stages.OfType<IShardAware>()) state.AddRange(aware.ShardCommitted(shard.Key));
                    var identity = plan.Identities[shard.Key];
                    store.Commit(new InputCommit
                    {
                        Shard = shard.Key,
                        Input = identity.Input,
                        Fingerprint = shard.Fingerprint,
                        Length = identity.Length,
                        Stamp = identity.Stamp,
                        ContentHash = identity.ContentHash,
                        Ordinal = Ordinals is null ? store.NextOrdinal : Ordinals[shard.Key],
                        Config = plan.Config,
                        Outputs = [.. outputs.Select(Relative)],
                        State = [.. state.Select(Relative)],
                        DocumentsIn = shard.DocumentsIn,
                        DocumentsKept = shard.DocumentsKept,
                        Seconds = Math.Round(Stopwatch.GetElapsedTime(shard.Started).TotalSeconds, 3),
                        CompletedAt = DateTimeOffset.UtcNow.ToString("O"),
                    }, scope.Files);
                    Stats.CommitProtocol += protocol.Elapsed;
                }
                catch
                {
                    scope.Discard();
                    throw;
                }
            }

            _open.Remove(shard);
            Stats.ShardsCompleted++;
            Stats.InputBytes += shard.File.Length;
            Stats.Written += shard.DocumentsKept;
            Stats.OutputFiles.AddRange(outputs.Select(Relative));
            Stats.Profile.Merge(shard.Profile);
            Progress.ShardDone(shard.File.Length);
        }

        private string Relative(string path) => Path.GetRelativePath(spec.CorpusDirectory, path).Replace('\\', '/');

        protected override string FailureNote => "its outputs were discarded; the next run retries it";

        protected override void AbortFiles(ShardRun shard)
        {
            foreach (var writer in shard.Writers ?? [])
            {
                writer.Abort();
                writer.Dispose();
            }

            foreach (var file in shard.Removed.Values)
            {
                file.Abort();
                file.Dispose();
            }

            shard.Writers = [];
            shard.Removed.Clear();
            _open.Remove(shard);
        }
    }
}
