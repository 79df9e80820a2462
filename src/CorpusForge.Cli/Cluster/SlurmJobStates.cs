using System.Text.RegularExpressions;

namespace CorpusForge.Cli.Cluster;

/// <summary>Slurm's view of one array task (or of a job without an array, Task = null).</summary>
/// <param name="ArrayJobId">The job id sbatch printed for the array.</param>
/// <param name="State">PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, ...</param>
/// <param name="Reason">Why it waits or ended (e.g. Dependency, DependencyNeverSatisfied, NonZeroExitCode), if known.</param>
/// <param name="ExitCode">exit:signal as Slurm prints it, if known.</param>
public sealed record SlurmTaskState(string ArrayJobId, int? Task, string State, string? Reason, string? ExitCode)
{
    /// <summary>True for the states of a job that is still queued or running.</summary>
    public bool Active => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED"
        or "REQUEUE_FED" or "REQUEUE_HOLD" or "RESIZING" or "SIGNALING" or "STAGE_OUT" or "STOPPED" or "RESV_DEL_HOLD";

    /// <summary>True when the task ended without success.</summary>
    public bool Failed => !Active && State != "COMPLETED";
}

/// <summary>Parses what squeue, sacct and scontrol print about jobs. Formats (checked against Slurm 22.05):
/// <c>squeue -h -r -o '%F|%K|%T|%r'</c> (array job id, task id, state, reason; one line per task);
/// <c>sacct -n -P -X --format=JobID,State,ExitCode,Reason</c> (parsable2: '|' separated, no trailing '|'; an array task
/// is <c>JOB_TASK</c>, a part never started <c>JOB_[0-1]</c>, a state may read <c>CANCELLED by UID</c>; tasks cancelled
/// while pending are not listed at all); <c>scontrol show job -o</c> (one line of Key=Value per job record; a part never
/// started has <c>ArrayTaskId=2-3</c>, or 4294967294 once its pending tasks were cancelled).</summary>
public static class SlurmJobStates
{
    /// <summary>The squeue format this parser reads.</summary>
    public const string SqueueFormat = "%F|%K|%T|%r";

    /// <summary>The sacct fields this parser reads, in order.</summary>
    public const string SacctFields = "JobID,State,ExitCode,Reason";

    /// <summary>Parses <c>squeue -h -r -o '%F|%K|%T|%r'</c>.</summary>
    public static IEnumerable<SlurmTaskState> ParseSqueue(string output)
    {
        foreach (var line in Lines(output))
        {
            var f = line.Split('|');
            if (f.Length < 4) throw new FormatException($"squeue line '{line}' does not have 4 fields");
            foreach (var task in Tasks(f[1])) yield return new SlurmTaskState(f[0], task, f[2], NullIfNone(f[3]), null);
        }
    }

    /// <summary>Parses <c>sacct -n -P -X --format=JobID,State,ExitCode,Reason</c>; job steps (<c>123_4.batch</c>), if any, are skipped.</summary>
    public static IEnumerable<SlurmTaskState> ParseSacct(string output)
    {
        foreach (var line in Lines(output))
        {
            var f = line.Split('|');
            if (f.Length < 4) throw new FormatException($"sacct line '{line}' does not have 4 fields");
            if (f[0].Contains('.')) continue;
            var (job, tasks) = SplitJobId(f[0]);
            var words = f[1].Split(' ', 2);
            // "CANCELLED by 0" names who cancelled: keep the state word, and "cancelled by uid 0" as the reason if
            // Slurm gave none.
            var reason = NullIfNone(f[3]) ?? (words.Length > 1 ? $"cancelled {words[1].Replace("by ", "by uid ", StringComparison.Ordinal)}" : null);
            foreach (var task in tasks) yield return new SlurmTaskState(job, task, words[0].TrimEnd('+'), reason, f[2]);
        }
    }

    /// <summary>Parses <c>scontrol show job -o</c>.</summary>
    public static IEnumerable<SlurmTaskState> ParseScontrol(string output)
    {
        foreach (var line in Lines(output))
        {
            var jobId = Field(line, "JobId") ?? throw new FormatException($"scontrol line without JobId: '{line}'");
            var arrayJob = Field(line, "ArrayJobId");
            var state = Field(line, "JobState") ?? throw new FormatException($"scontrol line without JobState: '{line}'");
            var reason = NullIfNone(Field(line, "Reason"));
            var exit = Field(line, "ExitCode");
            if (arrayJob is null)
            {
                yield return new SlurmTaskState(jobId, null, state, reason, exit);
                continue;
            }

            foreach (var task in Tasks(Field(line, "ArrayTaskId") ?? "N/A")) yield return new SlurmTaskState(arrayJob, task, state, reason, exit);
        }
    }

    private static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string Job, IReadOnlyList<int?> Tasks) SplitJobId(string id)
    {
        var underscore = id.IndexOf('_');
        return underscore < 0 ? (id, [null]) : (id[..underscore], Tasks(id[(underscore + 1)..]));
    }

    // No task (null) stands for the whole job: a job without an array, or the part of an array Slurm no longer lists
    // task by task (4294967294 is Slurm's NO_VAL there).
    private static IReadOnlyList<int?> Tasks(string text) =>
        text is "N/A" or "" or "4294967294" ? [null] : TaskIds.Parse(text).Select(t => (int?)t).ToList();

    private static string? NullIfNone(string? text) => text is null or "None" or "(null)" or "" ? null : text;

    // Keys are preceded by a space (or start the line) and values run to the next space.
    private static string? Field(string line, string key)
    {
        var match = Regex.Match(line, $@"(?:^|\s){Regex.Escape(key)}=(\S*)");
        return match.Success ? match.Groups[1].Value : null;
    }
}
