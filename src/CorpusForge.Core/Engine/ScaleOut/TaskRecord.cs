using System.Text.Json;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Engine.ScaleOut;

/// <summary>The completion record of one task of a distributed phase,
/// <c>state/tasks/PHASE/task-I-of-N.json</c>: written atomically once the task committed all its work; a task whose
/// record (of the current generation) exists is done, so resubmitting it does nothing.</summary>
public sealed class TaskRecord
{
    /// <summary>Phase name.</summary>
    public string Phase { get; set; } = "";

    /// <summary>Task number (0-based).</summary>
    public int Task { get; set; }

    /// <summary>Tasks of the phase.</summary>
    public int Tasks { get; set; }

    /// <summary>The distributed run (plan generation) the record belongs to.</summary>
    public string Generation { get; set; } = "";

    /// <summary>Shard keys of the inputs the task processed (or confirmed done), canonical order.</summary>
    public List<string> Inputs { get; set; } = [];

    /// <summary>Documents (and bad records) read by the task.</summary>
    public long DocumentsIn { get; set; }

    /// <summary>Bytes of the inputs the task processed.</summary>
    public long BytesIn { get; set; }

    /// <summary>Compressed bytes of exchange files the task wrote for the next phase.</summary>
    public long ExchangeBytesOut { get; set; }

    /// <summary>Compressed bytes of exchange files the task read from the previous phase.</summary>
    public long ExchangeBytesIn { get; set; }

    /// <summary>Inputs that failed (processed again by the next run), "path: error".</summary>
    public List<string> Failed { get; set; } = [];

    /// <summary>When the task started (UTC, ISO 8601).</summary>
    public string Started { get; set; } = "";

    /// <summary>When it finished.</summary>
    public string Finished { get; set; } = "";

    /// <summary>Wall-clock seconds.</summary>
    public double WallSeconds { get; set; }

    /// <summary>CPU seconds of the process during the task (user + system).</summary>
    public double CpuSeconds { get; set; }

    /// <summary>Host it ran on.</summary>
    public string Host { get; set; } = "";

    /// <summary>Process id.</summary>
    public int Pid { get; set; }

    /// <summary>Scheduler job id (<c>SLURM_ARRAY_JOB_ID_SLURM_ARRAY_TASK_ID</c>, <c>SLURM_JOB_ID</c>, or empty).</summary>
    public string JobId { get; set; } = "";

    /// <summary>Counters of the stages, reader and commits, merged into the run's stats by the merge phase.</summary>
    public TaskCounters Counters { get; set; } = new();

    /// <summary>Path of the record of task <paramref name="task"/> of <paramref name="phase"/>.</summary>
    public static string PathOf(string corpus, string phase, int task, int tasks) =>
        Path.Combine(ScaleOutPlan.Folder(corpus), phase, $"task-{task}-of-{tasks}.json");

    /// <summary>The record of a task, if it exists and belongs to <paramref name="plan"/>'s generation.</summary>
    public static TaskRecord? Load(string corpus, ScaleOutPlan plan, string phase, int task, int tasks)
    {
        var path = PathOf(corpus, phase, task, tasks);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize<TaskRecord>(File.ReadAllBytes(path), ScaleOutPlan.Json);
            return record?.Generation == plan.Generation ? record : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable task record ({e.Message}); records are written atomically, so something else changed the file", e);
        }
    }

    /// <summary>Task numbers of a phase without a valid record.</summary>
    public static List<int> Missing(string corpus, ScaleOutPlan plan, string phase, int tasks) =>
        [.. Enumerable.Range(0, tasks).Where(t => Load(corpus, plan, phase, t, tasks) is null)];

    /// <summary>Writes the record atomically (temporary name, fsync, rename).</summary>
    public void Save(string corpus)
    {
        var path = PathOf(corpus, Phase, Task, Tasks);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ScaleOutPlan.Json));
    }
}

/// <summary>Counters a task adds to the run's stats.</summary>
public sealed class TaskCounters
{
    /// <summary>Reader counters (map only).</summary>
    public CounterSet? Reader { get; set; }

    /// <summary>Counters of the stages the task applied, by stage index.</summary>
    public SortedDictionary<int, CounterSet> Stages { get; set; } = [];

    /// <summary>Inputs committed to the corpus.</summary>
    public int ShardsCompleted { get; set; }

    /// <summary>Documents written.</summary>
    public long Written { get; set; }

    /// <summary>Bytes of inputs committed.</summary>
    public long InputBytes { get; set; }

    /// <summary>Score thresholds of the stages the task applied (for reports), in stage order.</summary>
    public List<ThresholdEntry> Thresholds { get; set; } = [];
}

/// <summary>A stage's score threshold as a task records it.</summary>
public sealed class ThresholdEntry
{
    /// <summary>Stage id.</summary>
    public string Stage { get; set; } = "";

    /// <summary>Attribute compared.</summary>
    public string Attribute { get; set; } = "";

    /// <summary>The bound.</summary>
    public double Value { get; set; }

    /// <summary>True for a minimum.</summary>
    public bool IsMinimum { get; set; }
}

/// <summary>The counters of one stage in a task.</summary>
public sealed class CounterSet
{
    /// <summary>Documents in.</summary>
    public long In { get; set; }

    /// <summary>Documents out.</summary>
    public long Out { get; set; }

    /// <summary>Documents quarantined.</summary>
    public long Quarantined { get; set; }

    /// <summary>Characters in.</summary>
    public long CharsIn { get; set; }

    /// <summary>Characters out.</summary>
    public long CharsOut { get; set; }

    /// <summary>Seconds inside the component.</summary>
    public double BusySeconds { get; set; }

    /// <summary>Drops by reason.</summary>
    public SortedDictionary<string, long> Dropped { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The counters of <paramref name="stats"/>.</summary>
    public static CounterSet Of(Stats.StageStats stats) => new()
    {
        In = stats.In,
        Out = stats.Out,
        Quarantined = stats.Quarantined,
        CharsIn = stats.CharsIn,
        CharsOut = stats.CharsOut,
        BusySeconds = stats.Busy.TotalSeconds,
        Dropped = new SortedDictionary<string, long>(stats.DroppedByReason.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
    };

    /// <summary>Adds these counters to <paramref name="stats"/>.</summary>
    public void AddTo(Stats.StageStats stats) => stats.Add(new Stats.StageCounts
    {
        In = In,
        Out = Out,
        Quarantined = Quarantined,
        CharsIn = CharsIn,
        CharsOut = CharsOut,
        Ticks = (long)(BusySeconds * System.Diagnostics.Stopwatch.Frequency),
        Dropped = Dropped.Count == 0 ? null : new Dictionary<string, long>(Dropped, StringComparer.Ordinal),
    });
}
