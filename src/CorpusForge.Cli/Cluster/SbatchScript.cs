using System.Globalization;
using System.Text;

namespace CorpusForge.Cli.Cluster;

/// <summary>Resources asked of Slurm for every task; null leaves the cluster's default.</summary>
public sealed record SlurmResources(string? Partition = null, string? Time = null, string? Memory = null, int? Cpus = null);

/// <summary>What one phase's job array runs.</summary>
/// <param name="Program">This corpusforge build (see <see cref="SelfCommand"/>).</param>
/// <param name="Pipeline">Absolute path of the pipeline file.</param>
/// <param name="RunTasks">N of the distributed run (every phase's tasks get <c>--tasks N</c>, also the one-task phases).</param>
/// <param name="PassThrough">Arguments for every <c>run</c> (e.g. <c>--set k=v</c>), in order.</param>
/// <param name="WorkingDirectory">The folder the tasks start in (the submitting shell's).</param>
/// <param name="LogDirectory">Where Slurm writes each task's output.</param>
/// <param name="DependsOn">The job id the array waits for (<c>afterok</c>), or null for the first phase.</param>
public sealed record PhaseJob(
    IReadOnlyList<string> Program,
    string Pipeline,
    string PipelineName,
    int RunTasks,
    PhaseInfo Phase,
    IReadOnlyList<int> TaskIds,
    IReadOnlyList<string> PassThrough,
    string WorkingDirectory,
    string LogDirectory,
    string? DependsOn,
    SlurmResources Resources);

/// <summary>Writes the sbatch script of one phase: a job array over the phase's missing tasks, each running
/// <c>corpusforge run PIPELINE --phase NAME --task $SLURM_ARRAY_TASK_ID --tasks N</c> (N of the run, not of the phase).</summary>
public static class SbatchScript
{
    /// <summary>The script's text; bash, with every value single-quoted.</summary>
    public static string Write(PhaseJob job)
    {
        if (job.TaskIds.Count == 0) throw new ArgumentException("a job array needs at least one task", nameof(job));
        var tasks = job.RunTasks.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        // #SBATCH lines are read by sbatch, not by a shell: values are not quoted there, so they must not hold spaces.
        Directive(text, "job-name", $"cf-{job.PipelineName}-{job.Phase.Name}");
        Directive(text, "array", TaskIds.Format(job.TaskIds));
        Directive(text, "chdir", job.WorkingDirectory);
        Directive(text, "output", Path.Combine(job.LogDirectory, $"{job.Phase.Name}-%A_%a.log"));
        Directive(text, "ntasks", "1");
        // A failed task must cancel the later phases at once instead of leaving them pending forever.
        Directive(text, "kill-on-invalid-dep", "yes");
        if (job.DependsOn is not null) Directive(text, "dependency", $"afterok:{job.DependsOn}");
        if (job.Resources.Partition is { } partition) Directive(text, "partition", partition);
        if (job.Resources.Time is { } time) Directive(text, "time", time);
        if (job.Resources.Memory is { } memory) Directive(text, "mem", memory);
        if (job.Resources.Cpus is { } cpus) Directive(text, "cpus-per-task", cpus.ToString(CultureInfo.InvariantCulture));
        text.Append($"# Written by corpusforge slurm submit: phase '{job.Phase.Name}' of pipeline '{job.PipelineName}', " +
                    $"{job.TaskIds.Count} of its {job.Phase.Tasks} task(s).\n");
        text.Append("# A task whose completion record exists exits 0 at once, so running this script again is safe.\n");
        text.Append("set -euo pipefail\n");
        text.Append($"cd {Quote(job.WorkingDirectory)}\n");
        var command = job.Program.Concat(["run", job.Pipeline, "--phase", job.Phase.Name, "--task"]).Select(Quote).ToList();
        command.Add("\"$SLURM_ARRAY_TASK_ID\"");
        command.AddRange(new[] { "--tasks", tasks }.Concat(job.PassThrough).Select(Quote));
        if (job.Resources.Cpus is { } workers) command.AddRange(["--workers", workers.ToString(CultureInfo.InvariantCulture)]);
        text.Append("status=0\n");
        text.Append(string.Join(' ', command)).Append(" || status=$?\n");
        // Exit 3: some inputs failed; the task's record lists them and the next run retries them. The later phases
        // go on, as they do in a single-process run (which finishes and exits 3), so Slurm sees success here.
        text.Append("if [ \"$status\" -eq 3 ]; then echo \"corpusforge: some inputs of this task failed (listed in its completion record); the run goes on\" >&2; exit 0; fi\n");
        text.Append("exit \"$status\"\n");
        return text.ToString();
    }

    /// <summary>Quotes a value for bash: single quotes, with each <c>'</c> written as <c>'\''</c>.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@%".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Directive(StringBuilder text, string name, string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || c == '#'))
            throw new ClusterToolException($"--{name}={value}: Slurm cannot take a value with spaces or '#' in a #SBATCH line; use a path without them");
        text.Append($"#SBATCH --{name}={value}\n");
    }
}
