using System.Diagnostics;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.State;
using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Engine.ScaleOut;

/// <summary>Runs a pipeline as many tasks (Slurm array tasks, Kubernetes Indexed Job pods, or local processes) that
/// share only the corpus folder; the corpus they build is byte for byte the one <see cref="PipelineRunner"/> builds in
/// one process.</summary>
/// <remarks>
/// The phases (<see cref="ScaleOutPhases"/>) exchange documents through per-input files under <c>exchange/</c>,
/// each committed through its own <see cref="CommitStore"/> with the same protocol as the corpus, so a killed task
/// loses only its uncommitted input and its rerun skips what it committed. A task writes its completion record
/// (<see cref="TaskRecord"/>) last; a task with a record exits at once. Identity with one process rests on four
/// things: the plan fixes the canonical input order, snapshot and commit ordinals once; the sequential stages run in
/// one task in that order; exchange files keep the reader's batches and every item's state, so later stages see the
/// same documents in the same batches; and token shards are assembled once, from all parts, by the merge.
/// </remarks>
public sealed class ScaleOutRunner
{
    /// <summary>Resolves the task count and rank of a task from the command line, then the scheduler's environment
    /// (<c>SLURM_ARRAY_TASK_ID</c>, <c>JOB_COMPLETION_INDEX</c>; <c>SLURM_ARRAY_TASK_COUNT</c>, <c>CORPUSFORGE_TASKS</c>).</summary>
    /// <exception cref="ArgumentException">Missing or invalid values.</exception>
    public static (int Task, int Tasks) Rank(int? task, int? tasks, Func<string, string?> environment)
    {
        var count = tasks ?? Parse("SLURM_ARRAY_TASK_COUNT") ?? Parse("CORPUSFORGE_TASKS")
            ?? throw new ArgumentException("--tasks is missing (nor is SLURM_ARRAY_TASK_COUNT or CORPUSFORGE_TASKS set)");
        var rank = task ?? Parse("SLURM_ARRAY_TASK_ID") ?? Parse("JOB_COMPLETION_INDEX")
            ?? throw new ArgumentException("--task is missing (nor is SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX set)");
        if (count < 1) throw new ArgumentException($"--tasks must be at least 1 (got {count})");
        if (rank < 0) throw new ArgumentException($"--task must be 0 or more (got {rank})");
        return (rank, count);

        int? Parse(string name)
        {
            var value = environment(name);
            if (string.IsNullOrWhiteSpace(value)) return null;
            return int.TryParse(value.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ArgumentException($"{name}={value} is not a whole number");
        }
    }

    /// <summary>Runs every phase locally, the tasks of each one after another (tests, small corpora); returns the
    /// merged stats.</summary>
    public async Task<RunResult> RunAllAsync(PipelineSpec spec, int tasks, RunOptions options, CancellationToken ct = default)
    {
        RunResult? last = null;
        foreach (var phase in ScaleOutPhases.Cut(spec, tasks))
        {
            for (var t = 0; t < phase.Tasks; t++)
            {
                var outcome = await RunTaskAsync(spec, phase.Name, t, tasks, options, ct).ConfigureAwait(false);
                last = outcome.Result ?? last;
            }
        }

        return last ?? throw new InvalidOperationException("the merge phase produced no stats");
    }

    /// <summary>Runs task <paramref name="task"/> of phase <paramref name="phaseName"/> of a run with
    /// <paramref name="tasks"/> tasks; does nothing when the task already has a completion record.</summary>
    /// <exception cref="ConfigException">Unknown phase, task out of range, an earlier phase incomplete, or an
    /// unfinished run with another task count.</exception>
    public async Task<TaskOutcome> RunTaskAsync(PipelineSpec spec, string phaseName, int task, int tasks, RunOptions options, CancellationToken ct = default)
    {
        var phaseSpec = ScaleOutPhases.Single(spec);
        var phases = ScaleOutPhases.Cut(spec, tasks);
        var index = phases.ToList().FindIndex(p => p.Name == phaseName);
        if (index < 0) throw new ConfigException(spec.FilePath, $"this pipeline has no phase '{phaseName}'; its phases are {string.Join(", ", phases.Select(p => p.Name))}");
        var phase = phases[index];
        if (task >= phase.Tasks) throw new ConfigException(spec.FilePath, $"phase {phase.Name} has {phase.Tasks} task(s) (0…{phase.Tasks - 1}); got --task {task}");

        var corpus = spec.CorpusDirectory;
        Directory.CreateDirectory(corpus);
        ScaleOutPlan plan;
        if (index == 0)
        {
            plan = ScaleOutPlan.Acquire(spec, tasks, options);
        }
        else
        {
            plan = ScaleOutPlan.Load(corpus) ?? throw new ConfigException(spec.FilePath, $"no distributed run of this corpus has started: run phase {phases[0].Name} first");
            if (plan.Tasks != tasks)
                throw new ConfigException(spec.FilePath, $"the distributed run of this corpus uses --tasks {plan.Tasks}; got --tasks {tasks}");
        }

        if (TaskRecord.Load(corpus, plan, phase.Name, task, phase.Tasks) is not null)
        {
            options.Log($"phase {phase.Name} task {task}/{phase.Tasks}: already complete ({TaskRecord.PathOf(corpus, phase.Name, task, phase.Tasks)})");
            return new TaskOutcome(0, null);
        }

        foreach (var earlier in phases.Take(index))
        {
            var missing = TaskRecord.Missing(corpus, plan, earlier.Name, earlier.Tasks);
            if (missing.Count > 0)
                throw new ConfigException(spec.FilePath, $"phase {phase.Name} needs phase {earlier.Name} complete; task(s) {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", …" : "")} of {earlier.Tasks} have no completion record");
        }

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var record = new TaskRecord
        {
            Phase = phase.Name,
            Task = task,
            Tasks = phase.Tasks,
            Generation = plan.Generation,
            Started = started.ToString("O"),
            Host = Environment.MachineName,
            Pid = Environment.ProcessId,
            JobId = JobId(),
        };
        RunResult? result = null;
        if (phase.IsMerge) result = Merge(spec, phaseSpec, plan, phases, started, options, record);
        else await RunDocumentsAsync(spec, phaseSpec, plan, phase, task, options, record, ct).ConfigureAwait(false);

        record.Finished = DateTimeOffset.UtcNow.ToString("O");
        record.WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        record.CpuSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, 3);
        record.Save(corpus);
        options.Log($"phase {phase.Name} task {task}/{phase.Tasks}: {record.Inputs.Count} input(s), {record.DocumentsIn} document(s), {record.Failed.Count} failed, {record.WallSeconds:F1} s wall, {record.CpuSeconds:F1} s CPU");
        return new TaskOutcome(record.Failed.Count, result);
    }

    private static async Task RunDocumentsAsync(PipelineSpec spec, PhaseSpec phaseSpec, ScaleOutPlan plan, ScaleOutPhase phase, int task, RunOptions options, TaskRecord record, CancellationToken ct)
    {
        var corpus = spec.CorpusDirectory;
        var owned = (phase.Tasks == 1 ? plan.Inputs : plan.InputsOf(task)).ToList();
        var keys = owned.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        // Each task reads only the records of its own inputs (it alone commits or retracts them in this run).
        var main = CommitStore.OpenSome(PipelineRunner.CommitsFolder(spec, phaseSpec), corpus, phase.WritesOutputs || phase.Name == ScaleOutPhases.Map ? keys : []);
        if (phase.Name == ScaleOutPhases.Map)
        {
            // What an input contributed before is withdrawn by the task that processes it again, before any later
            // phase opens the dedup state; the plan recorded which (the store changes as tasks retract).
            foreach (var key in plan.Retract.Where(keys.Contains))
            {
                ct.ThrowIfCancellationRequested();
                main.Retract(key);
            }
        }

        CommitStore? upstream = phase.ReadsFrom is null ? null : CommitStore.OpenSome(Path.Combine(PipelineRunner.ExchangeFolder(spec, phase.ReadsFrom), "commits"), corpus, keys);
        CommitStore? exchange = phase.WritesOutputs ? null : CommitStore.OpenSome(Path.Combine(PipelineRunner.ExchangeFolder(spec, phase.Name), "commits"), corpus, keys);
        // The planner left new inputs unhashed: the map task hashes its own (in parallel) and makes their
        // fingerprints; later phases take both from the exchange commit of the phase before.
        var configHash = RefreshPlan.ConfigHash(plan.Config);
        if (upstream is null)
        {
            Parallel.ForEach(owned.Where(i => i.ContentHash.Length == 0), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers), CancellationToken = ct }, input =>
            {
                var identity = new InputIdentity(input.Identity, input.Length, input.Stamp, "").WithContentHash(input.Path);
                input.ContentHash = identity.ContentHash;
                input.Fingerprint = RefreshPlan.Fingerprint(configHash, identity);
            });
        }
        else
        {
            foreach (var input in owned)
            {
                if (!upstream.Entries.TryGetValue(input.Key, out var passed)) continue;
                input.ContentHash = passed.ContentHash;
                input.Fingerprint = passed.Fingerprint;
            }
        }

        var done = phase.WritesOutputs ? main : exchange!;
        var todo = owned.Where(i => !(done.Entries.TryGetValue(i.Key, out var c) && c.Fingerprint == i.Fingerprint))
            // An input the previous phase could not pass on (its reader failed) is left to the next run.
            .Where(i => upstream is null || (upstream.Entries.TryGetValue(i.Key, out var u) && u.Fingerprint == i.Fingerprint))
            .ToList();
        var skipped = owned.Count - todo.Count;
        if (skipped > 0) options.Log($"phase {phase.Name} task {task}: {skipped} of {owned.Count} input(s) already done or not passed on, skipped");

        var (shards, refresh) = plan.Runs(phaseSpec, todo);
        var work = new TaskWork
        {
            Phase = phase,
            Shards = shards,
            Plan = refresh,
            Main = main,
            Exchange = exchange,
            Upstream = upstream,
            Ordinals = plan.Inputs.ToDictionary(i => i.Key, i => i.Ordinal, StringComparer.Ordinal),
            Snapshot = plan.Snapshot,
            Tombstones = Tombstones.Load(corpus),
        };
        var stats = await PipelineRunner.RunTaskAsync(spec, phaseSpec, work, options, ct).ConfigureAwait(false);

        record.Inputs = [.. owned.Select(i => i.Key)];
        record.BytesIn = todo.Sum(i => i.Length);
        record.DocumentsIn = phase.ReadsFrom is null ? stats.Reader.In + stats.Reader.Quarantined : todo.Sum(i => upstream!.Entries[i.Key].DocumentsIn);
        record.Failed = [.. stats.Failures.Select(f => $"{f.Input}: {f.Error}")];
        if (upstream is not null) record.ExchangeBytesIn = todo.Sum(i => FileLength(corpus, upstream.Entries[i.Key].Outputs[0]));
        if (exchange is not null) record.ExchangeBytesOut = todo.Where(i => exchange.Entries.ContainsKey(i.Key)).Sum(i => FileLength(corpus, exchange.Entries[i.Key].Outputs[0]));
        if (phase.ReadsFrom is null) record.Counters.Reader = CounterSet.Of(stats.Reader);
        for (var s = phase.From; s < phase.To; s++) record.Counters.Stages[s] = CounterSet.Of(stats.Stages[s]);
        record.Counters.Thresholds = [.. stats.Thresholds.Select(t => new ThresholdEntry { Stage = t.Stage, Attribute = t.Threshold.Attribute, Value = t.Threshold.Value, IsMinimum = t.Threshold.IsMinimum })];
        if (phase.WritesOutputs)
        {
            // The profile (lengths, languages, domains, scores, samples) of what the task committed, for the merge.
            using (var file = AtomicFile.Create(ProfilePath(corpus, phase.Name, task, phase.Tasks)))
            {
                using (var writer = new BinaryWriter(file.Stream, System.Text.Encoding.UTF8, leaveOpen: true)) stats.Profile.Save(writer);
                file.Commit();
            }

            record.Counters.ShardsCompleted = stats.ShardsCompleted;
            record.Counters.Written = stats.Written;
            record.Counters.InputBytes = stats.InputBytes;
        }
    }

    /// <summary>The merge: token shards assembled from every input's parts, the tasks' counters merged into the
    /// run's stats, the snapshot recorded, and the exchange files removed.</summary>
    private static RunResult Merge(PipelineSpec spec, PhaseSpec phaseSpec, ScaleOutPlan plan, IReadOnlyList<ScaleOutPhase> phases, DateTimeOffset started, RunOptions options, TaskRecord record)
    {
        var corpus = spec.CorpusDirectory;
        PipelineRunner.CloseWriters(spec, phaseSpec, plan.Snapshot, options);

        var runStarted = DateTimeOffset.TryParse(plan.Created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : started;
        var stats = new RunStats { Pipeline = spec.Name, StartedAt = runStarted, Workers = options.Workers };
        var phaseStats = new PhaseStats(phaseSpec.Name)
        {
            Reader = new StageStats("reader", string.Join(",", phaseSpec.Inputs.Select(i => i.Reader.Descriptor.Name).Distinct())),
            Stages = phaseSpec.Stages.Select(s => new StageStats(s.Id, s.Descriptor.Name)).ToArray(),
            ShardsTotal = plan.Inputs.Count,
        };
        foreach (var output in phaseSpec.Outputs)
            phaseStats.Outputs.Add((output.Writer.Descriptor.Name, Path.GetRelativePath(corpus, output.Directory).Replace('\\', '/')));
        foreach (var phase in phases.Where(p => !p.IsMerge))
        {
            for (var t = 0; t < phase.Tasks; t++)
            {
                var task = TaskRecord.Load(corpus, plan, phase.Name, t, phase.Tasks)!;
                task.Counters.Reader?.AddTo(phaseStats.Reader);
                foreach (var (stage, counters) in task.Counters.Stages) counters.AddTo(phaseStats.Stages[stage]);
                phaseStats.ShardsCompleted += task.Counters.ShardsCompleted;
                phaseStats.Written += task.Counters.Written;
                phaseStats.InputBytes += task.Counters.InputBytes;
                if (t == 0)
                    phaseStats.Thresholds.AddRange(task.Counters.Thresholds.Select(e => (e.Stage, new Stages.ScoreThreshold(e.Attribute, e.Value, e.IsMinimum))));
                if (phase.WritesOutputs && File.Exists(ProfilePath(corpus, phase.Name, t, phase.Tasks)))
                {
                    using var reader = new BinaryReader(File.OpenRead(ProfilePath(corpus, phase.Name, t, phase.Tasks)));
                    phaseStats.Profile.Merge(CorpusProfile.Load(reader));
                }

                foreach (var failure in task.Failed)
                {
                    var colon = failure.IndexOf(": ", StringComparison.Ordinal);
                    phaseStats.Failures.Add(colon < 0 ? new ShardFailure(failure, "") : new ShardFailure(failure[..colon], failure[(colon + 2)..]));
                }
            }
        }

        // Output files in commit order (the canonical order), as one process lists them.
        var main = CommitStore.Open(PipelineRunner.CommitsFolder(spec, phaseSpec), corpus);
        var planned = plan.Inputs.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        phaseStats.OutputFiles.AddRange(main.InOrder.Where(c => planned.Contains(c.Shard)).SelectMany(c => c.Outputs));
        stats.Phases.Add(phaseStats);
        stats.Elapsed = DateTimeOffset.UtcNow - runStarted;
        var statsDirectory = Path.Combine(corpus, "stats");
        var statsFile = Path.Combine(statsDirectory, $"run-{runStarted:yyyyMMdd'T'HHmmss'Z'}-tasks{plan.Tasks}-{plan.Generation[..8]}.json");
        var json = stats.ToJson();
        AtomicFile.WriteAllText(statsFile, json);
        AtomicFile.WriteAllText(Path.Combine(statsDirectory, "latest.json"), json);

        // Inputs the dedup phase passed on but the finish could not commit lose their dedup state here (the next
        // run processes them again); then the exchange files go: the corpus no longer needs them.
        ScaleOutPlan.DiscardExchange(spec, main);
        var cleaned = PipelineRunner.CleanTemporaries(spec);
        if (cleaned > 0) options.Log($"removed {cleaned} temporary file(s) left by killed tasks");
        var stores = new Dictionary<string, CommitStore>(StringComparer.Ordinal) { [phaseSpec.Name] = main };
        var recorded = CorpusManifest.Record(corpus, spec.Name, stores,
            $"run: {phaseStats.ShardsCompleted} input(s) committed by {plan.Tasks} task(s), {phaseStats.Failures.Count} failed");
        options.Log($"snapshot {recorded.Id} recorded in {Path.Combine(corpus, CorpusManifest.FileName)}");
        record.Inputs = [.. plan.Inputs.Select(i => i.Key)];
        return new RunResult(stats, statsFile);
    }

    private static string ProfilePath(string corpus, string phase, int task, int tasks) =>
        Path.ChangeExtension(TaskRecord.PathOf(corpus, phase, task, tasks), ".profile");

    private static long FileLength(string corpus, string relative)
    {
        var info = new FileInfo(Path.Combine(corpus, relative));
        return info.Exists ? info.Length : 0;
    }

    private static string JobId()
    {
        var array = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID");
        var index = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID");
        if (!string.IsNullOrEmpty(array) && !string.IsNullOrEmpty(index)) return $"{array}_{index}";
        if (Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { Length: > 0 } job) return job;
        // A Kubernetes Indexed Job pod is named after its job and index.
        return Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX") is not null ? Environment.GetEnvironmentVariable("HOSTNAME") ?? "" : "";
    }
}

/// <summary>What a task did: how many inputs failed (0 when it had a record already), and for the merge the run's stats.</summary>
public sealed record TaskOutcome(int Failed, RunResult? Result);
