using System.Text.Json;

namespace CorpusForge.Cli.Cluster;

/// <summary>The engine's per-task completion records, <c>CORPUS/state/tasks/PHASE/task-I-of-N.json</c>: a task is done
/// when its record exists (the engine writes it atomically after the task committed all its work).</summary>
public static class CompletionRecords
{
    /// <summary>The folder of one phase's records.</summary>
    public static string Directory(string corpus, string phase) => Path.Combine(corpus, "state", "tasks", phase);

    /// <summary>The record file of task <paramref name="task"/> of <paramref name="tasks"/>.</summary>
    public static string PathOf(string corpus, string phase, int task, int tasks) =>
        Path.Combine(Directory(corpus, phase), $"task-{task}-of-{tasks}.json");

    /// <summary>The task ids of <paramref name="phase"/> run with <paramref name="tasks"/> tasks that have a record.</summary>
    public static IReadOnlyList<int> Completed(string corpus, string phase, int tasks) =>
        Enumerable.Range(0, tasks).Where(i => File.Exists(PathOf(corpus, phase, i, tasks))).ToList();

    /// <summary>The Slurm job id the engine wrote into a task's record (empty when it ran outside Slurm), or null
    /// when there is no record.</summary>
    public static string? JobIdOf(string corpus, string phase, int task, int tasks)
    {
        var path = PathOf(corpus, phase, task, tasks);
        if (!File.Exists(path)) return null;
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return json.RootElement.TryGetProperty("job_id", out var id) ? id.GetString() ?? "" : "";
    }
}
