using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Stages;
using CorpusForge.Core.State;

namespace CorpusForge.Core.Engine.ScaleOut;

/// <summary>The frozen plan of one distributed run (a generation): which inputs it processes, in which canonical
/// order, which task does each, and the snapshot and commit ordinals a single process would have used. Written once
/// by the first task to start (under a lock file), read by every other task, so all tasks agree although the
/// corpus changes under them as inputs commit.</summary>
public sealed class ScaleOutPlan
{
    /// <summary>Plan format version.</summary>
    public const int FormatVersion = 1;

    /// <summary>Plan format version of this file.</summary>
    public int Version { get; set; } = FormatVersion;

    /// <summary>Pipeline name.</summary>
    public string Pipeline { get; set; } = "";

    /// <summary>Tasks of the per-input phases.</summary>
    public int Tasks { get; set; }

    /// <summary>Identifies this distributed run; completion records of other generations are not valid for it.</summary>
    public string Generation { get; set; } = "";

    /// <summary>When the plan was made (UTC, ISO 8601).</summary>
    public string Created { get; set; } = "";

    /// <summary>The snapshot id the run records when it completes.</summary>
    public int Snapshot { get; set; }

    /// <summary>Options of every component (as in commit records).</summary>
    public SortedDictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Committed inputs withdrawn before being processed again (each by the map task that owns it).</summary>
    public List<string> Retract { get; set; } = [];

    /// <summary>The inputs to process, in canonical order.</summary>
    public List<PlannedInput> Inputs { get; set; } = [];

    /// <summary>Phases, in order.</summary>
    public List<PlannedPhase> Phases { get; set; } = [];

    /// <summary>The plan folder of a corpus.</summary>
    public static string Folder(string corpus) => Path.Combine(corpus, "state", "tasks");

    /// <summary>Path of the plan file of a corpus.</summary>
    public static string PathIn(string corpus) => Path.Combine(Folder(corpus), "plan.json");

    /// <summary>The inputs task <paramref name="task"/> owns, in canonical order.</summary>
    public IEnumerable<PlannedInput> InputsOf(int task) => Inputs.Where(i => i.Task == task);

    /// <summary>Reads the plan of <paramref name="corpus"/>, or null when there is none.</summary>
    public static ScaleOutPlan? Load(string corpus)
    {
        var path = PathIn(corpus);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ScaleOutPlan>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path}: empty plan");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable distributed-run plan ({e.Message})", e);
        }
    }

    /// <summary>True when every task of every phase has a completion record of this generation.</summary>
    public bool IsComplete(string corpus) => Phases.All(p => TaskRecord.Missing(corpus, this, p.Name, p.Tasks).Count == 0);

    /// <summary>The plan of the current distributed run of <paramref name="spec"/> with <paramref name="tasks"/>
    /// tasks: the unfinished one, or a new one when none is unfinished.</summary>
    /// <exception cref="ConfigException">An unfinished run has another task count.</exception>
    public static ScaleOutPlan Acquire(PipelineSpec spec, int tasks, RunOptions options)
    {
        var phase = ScaleOutPhases.Single(spec);
        using var _ = PlanLock.Take(Folder(spec.CorpusDirectory), options.Log);
        var existing = Load(spec.CorpusDirectory);
        if (existing is not null && !existing.IsComplete(spec.CorpusDirectory))
        {
            if (existing.Tasks != tasks)
                throw new ConfigException(spec.FilePath, $"an unfinished distributed run of this corpus uses --tasks {existing.Tasks} (plan {PathIn(spec.CorpusDirectory)}); finish it with --tasks {existing.Tasks}, or delete {Folder(spec.CorpusDirectory)} and {Path.Combine(spec.CorpusDirectory, "exchange")} to abandon it");
            return existing;
        }

        // A new generation. Nothing of another generation is running: the last one completed (or there was none).
        if (existing is not null) Discard(spec);
        if (TakedownJournal.Recover(spec.CorpusDirectory) > 0) options.Log("finished a takedown an interrupted `remove` had committed");
        var main = CommitStore.Open(PipelineRunner.CommitsFolder(spec, phase), spec.CorpusDirectory);
        var cleaned = PipelineRunner.CleanTemporaries(spec);
        if (cleaned > 0) options.Log($"removed {cleaned} temporary file(s) left by an interrupted run");
        // New inputs are hashed by the map task that reads them, not here: one planner must not read them all.
        var refresh = RefreshPlan.Make(spec, phase, main, options, deferNewHashes: true);
        foreach (var line in refresh.Report) options.Log(line);
        if (refresh.Stale.Count > 0 && refresh.Ordered && !options.Rebuild && !options.Force) throw new StaleCorpusException(phase.Name, refresh.Stale);

        var plan = new ScaleOutPlan
        {
            Pipeline = spec.Name,
            Tasks = tasks,
            Created = DateTimeOffset.UtcNow.ToString("O"),
            Snapshot = CorpusManifest.Load(spec.CorpusDirectory).NextId,
            Config = refresh.Config,
            Retract = refresh.Retract,
            Phases = [.. ScaleOutPhases.Cut(spec, tasks).Select(p => new PlannedPhase { Name = p.Name, Tasks = p.Tasks })],
        };
        var ordinal = main.NextOrdinal;
        foreach (var run in refresh.Shards)
        {
            var identity = refresh.Identities[run.Key];
            plan.Inputs.Add(new PlannedInput
            {
                Key = run.Key,
                InputName = run.Input.Name,
                Path = run.File.FullPath,
                RelativePath = run.File.RelativePath,
                Length = run.File.Length,
                Fingerprint = run.Fingerprint,
                Identity = identity.Input,
                Stamp = identity.Stamp,
                ContentHash = identity.ContentHash,
                Ordinal = ordinal++,
            });
        }

        Assign(plan.Inputs, tasks);
        plan.Generation = PipelineRunner.Hash($"{plan.Created}\n{tasks}\n{string.Join("\n", plan.Inputs.Select(i => $"{i.Key} {i.Fingerprint} {i.Task}"))}");
        Directory.CreateDirectory(Folder(spec.CorpusDirectory));
        AtomicFile.WriteAllText(PathIn(spec.CorpusDirectory), JsonSerializer.Serialize(plan, Json));
        options.Log($"distributed run {plan.Generation}: {plan.Inputs.Count} input(s) over {tasks} task(s); phases {string.Join(" → ", plan.Phases.Select(p => $"{p.Name}×{p.Tasks}"))}");
        return plan;
    }

    /// <summary>Balances inputs over tasks by size (largest first to the least loaded task, ties to the lower task
    /// number): deterministic, and no task gets much more than its share unless one input is larger than a share.</summary>
    internal static void Assign(List<PlannedInput> inputs, int tasks)
    {
        var load = new long[tasks];
        foreach (var input in inputs.Select((input, index) => (input, index)).OrderByDescending(x => x.input.Length).ThenBy(x => x.index).Select(x => x.input))
        {
            var best = 0;
            for (var t = 1; t < tasks; t++)
            {
                if (load[t] < load[best]) best = t;
            }

            input.Task = best;
            // An empty input still costs opening and committing it.
            load[best] += Math.Max(1, input.Length);
        }
    }

    /// <summary>Removes what a completed generation left: its exchange files and task records.</summary>
    internal static void Discard(PipelineSpec spec)
    {
        var phase = ScaleOutPhases.Single(spec);
        DiscardExchange(spec, CommitStore.Open(PipelineRunner.CommitsFolder(spec, phase), spec.CorpusDirectory, _ => false));
        foreach (var folder in Directory.EnumerateDirectories(Folder(spec.CorpusDirectory))) Directory.Delete(folder, recursive: true);
    }

    /// <summary>Deletes the exchange files, and the state files (dedup segments) of inputs the dedup phase passed on
    /// but that are not committed to the corpus, so a later run does not match them against themselves.</summary>
    internal static void DiscardExchange(PipelineSpec spec, CommitStore main)
    {
        var exchange = System.IO.Path.Combine(spec.CorpusDirectory, "exchange");
        if (!Directory.Exists(exchange)) return;
        foreach (var folder in Directory.EnumerateDirectories(exchange))
        {
            var store = CommitStore.Open(System.IO.Path.Combine(folder, "commits"), spec.CorpusDirectory, _ => false);
            foreach (var record in store.Entries.Values)
            {
                if (main.Entries.TryGetValue(record.Shard, out var committed) && committed.Fingerprint == record.Fingerprint) continue;
                foreach (var file in record.State)
                {
                    var full = System.IO.Path.Combine(spec.CorpusDirectory, file);
                    if (File.Exists(full)) File.Delete(full);
                }
            }
        }

        Directory.Delete(exchange, recursive: true);
    }

    /// <summary>The engine's view of the planned inputs of one task (or all, with null).</summary>
    internal (List<ShardRun> Shards, RefreshPlan Plan) Runs(PhaseSpec phase, IEnumerable<PlannedInput> inputs)
    {
        var byName = phase.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var plan = RefreshPlan.Frozen(Config);
        var shards = new List<ShardRun>();
        foreach (var input in inputs)
        {
            if (!byName.TryGetValue(input.InputName, out var spec))
                throw new InvalidDataException($"distributed-run plan names input '{input.InputName}', which the pipeline no longer has; the pipeline changed during the run");
            shards.Add(new ShardRun(spec, new InputFile(input.Path, input.RelativePath, input.InputName, input.Length), input.Key, input.Fingerprint));
            plan.Identities[input.Key] = new InputIdentity(input.Identity, input.Length, input.Stamp, input.ContentHash);
        }

        return (shards, plan);
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>One input of a distributed run.</summary>
public sealed class PlannedInput
{
    /// <summary>Shard key.</summary>
    public string Key { get; set; } = "";

    /// <summary>Pipeline input it belongs to.</summary>
    public string InputName { get; set; } = "";

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; set; } = "";

    /// <summary>Path relative to the input's root.</summary>
    public string RelativePath { get; set; } = "";

    /// <summary>Size in bytes.</summary>
    public long Length { get; set; }

    /// <summary>Fingerprint its commit record gets (for a new input, made by its map task and carried on by the
    /// exchange commits; the plan's value is then a placeholder).</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Path relative to the pipeline folder (the commit record's identity).</summary>
    public string Identity { get; set; } = "";

    /// <summary>Last write time (UTC ticks).</summary>
    public long Stamp { get; set; }

    /// <summary>xxHash64 of its bytes; empty for a new input until its map task hashes it.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Commit ordinal (canonical order).</summary>
    public long Ordinal { get; set; }

    /// <summary>The per-input task that owns it.</summary>
    public int Task { get; set; }
}

/// <summary>A phase of the plan as the scheduler sees it.</summary>
public sealed class PlannedPhase
{
    /// <summary>Phase name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Tasks of the phase.</summary>
    public int Tasks { get; set; }
}

/// <summary>An exclusive lock file next to the plan (create-new is atomic on local and NFS file systems); a lock
/// older than ten minutes is taken over (its holder was killed: making a plan takes seconds).</summary>
internal sealed class PlanLock : IDisposable
{
    private readonly string _path;

    private PlanLock(string path) => _path = path;

    public static PlanLock Take(string folder, Action<string> log)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "plan.lock");
        var clock = Stopwatch.StartNew();
        var said = false;
        var vanished = 0;
        while (true)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(System.Text.Encoding.UTF8.GetBytes($"{Environment.MachineName} {Environment.ProcessId} {DateTimeOffset.UtcNow:O}\n"));
                return new PlanLock(path);
            }
            // The holder can let go between the failed create and this look: then the lock is simply tried again
            // (an error that is not "the lock exists" still surfaces, after a bounded number of such tries).
            catch (IOException) when (File.Exists(path) || ++vanished <= 1000)
            {
                var written = File.GetLastWriteTimeUtc(path);
                // A missing file reads as 1601-01-01: released meanwhile, not stale; deleting now could remove a
                // lock another task has just taken.
                if (written.Year < 1700) continue;
                if (DateTime.UtcNow - written > TimeSpan.FromMinutes(10))
                {
                    log($"taking over a stale plan lock {path}");
                    File.Delete(path);
                    continue;
                }

                if (!said && clock.Elapsed > TimeSpan.FromSeconds(2))
                {
                    log($"waiting for another task to finish the plan ({path})");
                    said = true;
                }

                Thread.Sleep(100);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // Left behind: taken over after ten minutes.
        }
    }
}
