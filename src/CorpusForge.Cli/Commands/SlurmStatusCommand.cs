using System.CommandLine;
using System.Text.Json;
using CorpusForge.Cli.Cluster;
using CorpusForge.Core.Engine.ScaleOut;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge slurm status CORPUS</c>: per-phase progress of the corpus's Slurm run, joining the engine's
/// completion records with what squeue and sacct (or scontrol) say about the recorded job ids; lists failed tasks.</summary>
public static class SlurmStatusCommand
{
    /// <summary>A task's progress: done (its completion record exists), or Slurm's state of its latest submission.</summary>
    public sealed record TaskProgress(string Phase, int Task, string Status, string? JobId, string? SlurmState, string? Reason, string? ExitCode, string? Log,
        IReadOnlyList<string>? FailedInputs = null, double? WallSeconds = null, double? CpuSeconds = null);

    /// <summary>Builds <c>slurm status</c>.</summary>
    public static Command Build()
    {
        var corpus = new Argument<DirectoryInfo>("corpus") { Description = "The corpus folder (the pipeline's corpus:)." };
        var json = new Option<bool>("--json") { Description = "Print every task's progress as JSON." };
        var command = new Command("status", "Show per-phase progress and failed tasks of the corpus's Slurm submissions.") { corpus, json };
        command.SetAction((parse, _) => ClusterCommands.GuardAsync(() =>
            Task.FromResult(Status(parse.GetValue(corpus)!.FullName, parse.GetValue(json)))));
        return command;
    }

    private static int Status(string corpus, bool asJson)
    {
        var ledger = SlurmJobLedger.Load(corpus);
        if (ledger.Submissions.Count == 0)
            return ClusterCommands.Usage($"{SlurmJobLedger.PathIn(corpus)}: no Slurm submission recorded for this corpus (corpusforge slurm submit writes it)");
        var notes = new List<string>();
        IReadOnlyDictionary<(string, int?), SlurmTaskState>? states;
        try
        {
            states = SlurmClient.States(ledger.JobIds.ToHashSet(), notes);
        }
        catch (ClusterToolException e)
        {
            // The records alone still tell what is done.
            notes.Add($"{e.Message}; showing completion records only");
            states = null;
        }

        var last = ledger.Submissions[^1];
        // Only records of the distributed run in progress (or just finished) count; the engine's plan names it.
        var plan = ScaleOutPlan.Load(corpus);
        var progress = new List<TaskProgress>();
        var earlierIncomplete = false;
        foreach (var phase in last.Phases)
        {
            var mine = Enumerable.Range(0, phase.Tasks)
                .Select(task => Progress(corpus, ledger, phase, task, plan is null ? null : TaskRecord.Load(corpus, plan, phase.Name, task, phase.Tasks), states))
                .ToList();
            // After a phase that did not complete, an ended task never ran: afterok cancels it (sacct may or may not
            // give the reason), so it is not a failure of its own.
            if (earlierIncomplete)
                mine = mine.Select(t => t.Status == "failed" ? t with { Status = "not run", Reason = "an earlier phase did not complete" } : t).ToList();
            earlierIncomplete |= mine.Any(t => t.Status != "done");
            progress.AddRange(mine);
        }

        foreach (var note in notes) Console.Error.WriteLine($"note: {note}");
        if (asJson)
        {
            var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                corpus,
                pipeline = last.PipelineName,
                tasks = last.Tasks,
                submissions = ledger.Submissions.Count,
                complete = progress.All(p => p.Status == "done"),
                phases = last.Phases.Select(p => new
                {
                    name = p.Name,
                    tasks = p.Tasks,
                    done = progress.Count(t => t.Phase == p.Name && t.Status == "done"),
                    cpu_seconds = progress.Where(t => t.Phase == p.Name).Sum(t => t.CpuSeconds ?? 0),
                    slowest_task_seconds = progress.Where(t => t.Phase == p.Name).Max(t => t.WallSeconds ?? 0),
                }),
                task_progress = progress,
            }, options));
            return ExitCodes.Ok;
        }

        Console.WriteLine($"corpus {corpus}: pipeline {last.PipelineName}, {last.Tasks} task(s), {ledger.Submissions.Count} submission(s), last {last.Submitted:yyyy-MM-dd HH:mm:ss}Z");
        Console.WriteLine($"{"phase",-16} {"tasks",6} {"done",6} {"running",8} {"pending",8} {"failed",7} {"not run",8} {"CPU s",9} {"slowest s",10}");
        foreach (var phase in last.Phases)
        {
            var mine = progress.Where(p => p.Phase == phase.Name).ToList();
            int Count(string status) => mine.Count(p => p.Status == status);
            // CPU and wall time of the done tasks, from their records.
            Console.WriteLine($"{phase.Name,-16} {phase.Tasks,6} {Count("done"),6} {Count("running"),8} {Count("pending"),8} {Count("failed"),7} " +
                              $"{Count("not run") + Count("unknown"),8} {mine.Sum(p => p.CpuSeconds ?? 0),9:F1} {mine.Max(p => p.WallSeconds ?? 0),10:F1}");
        }

        var failed = progress.Where(p => p.Status == "failed").ToList();
        if (failed.Count > 0)
        {
            Console.WriteLine("failed tasks (corpusforge slurm submit reruns them):");
            foreach (var f in failed)
                Console.WriteLine($"  {f.Phase} task {f.Task}: {f.SlurmState}{(f.Reason is null ? "" : $" ({f.Reason})")}, exit {f.ExitCode ?? "?"}, job {f.JobId}_{f.Task}, log {f.Log}");
        }

        foreach (var partial in progress.Where(p => p.FailedInputs is not null))
            Console.WriteLine($"  {partial.Phase} task {partial.Task}: done, but input(s) failed and are retried by the next run: {string.Join(", ", partial.FailedInputs!)}");
        Console.WriteLine(progress.All(p => p.Status == "done") ? "complete" : "incomplete");
        return ExitCodes.Ok;
    }

    private static TaskProgress Progress(string corpus, SlurmJobLedger ledger, SubmittedPhase phase, int task, TaskRecord? record,
        IReadOnlyDictionary<(string, int?), SlurmTaskState>? states)
    {
        // The latest submission that ran this task decides its job id and log.
        var submitted = ledger.Submissions.Reverse()
            .Select(s => s.Phases.FirstOrDefault(p => p.Name == phase.Name && p.Tasks == phase.Tasks && p.JobId is not null && p.TaskIds.Contains(task)))
            .FirstOrDefault(p => p is not null);
        var jobId = submitted?.JobId;
        var log = submitted?.Script is { } script
            ? Path.Combine(corpus, Path.GetDirectoryName(script)!, $"{phase.Name}-{jobId}_{task}.log")
            : null;
        if (record is not null)
        {
            return new TaskProgress(phase.Name, task, "done", jobId, null, null, null, log,
                record.Failed.Count > 0 ? record.Failed : null, record.WallSeconds, record.CpuSeconds);
        }

        if (jobId is null) return new TaskProgress(phase.Name, task, "not run", null, null, null, null, null);
        if (states is null) return new TaskProgress(phase.Name, task, "unknown", jobId, null, "Slurm could not be asked", null, log);
        // A task without its own line belongs to the array's remainder line, if Slurm has one.
        if (!states.TryGetValue((jobId, task), out var state) && !states.TryGetValue((jobId, null), out state))
        {
            // Neither queued nor in the accounting: Slurm drops array tasks cancelled before they started.
            return new TaskProgress(phase.Name, task, "failed", jobId, "UNKNOWN", "not queued, not done, and not in Slurm's accounting (cancelled before it started?)", null, log);
        }

        var status = state.State switch
        {
            "RUNNING" or "COMPLETING" or "CONFIGURING" => "running",
            _ when state.Active => "pending",
            // Cancelled because an earlier phase failed: this task never started.
            "CANCELLED" when state.Reason is "DependencyNeverSatisfied" or "Dependency" => "not run",
            // Exit 0 without a completion record is a failure too: the task's work is not committed.
            _ => "failed",
        };
        return new TaskProgress(phase.Name, task, status, jobId, state.State, state.Reason, state.ExitCode, log);
    }
}
