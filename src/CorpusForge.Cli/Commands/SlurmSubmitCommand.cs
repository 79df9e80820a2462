using System.CommandLine;
using System.Globalization;
using CorpusForge.Cli.Cluster;
using CorpusForge.Core.Engine;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge slurm submit PIPELINE --tasks N</c>: writes one sbatch script per phase under
/// <c>CORPUS/slurm/STAMP/</c>, submits them chained with <c>--dependency=afterok</c>, records the job ids in
/// <c>CORPUS/slurm/jobs.json</c>; phases already complete are skipped and a partly complete phase gets only its
/// missing tasks.</summary>
public static class SlurmSubmitCommand
{
    /// <summary>Builds <c>slurm submit</c>.</summary>
    public static Command Build()
    {
        var pipeline = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)." };
        var tasks = new Option<int>("--tasks", "-n") { Description = "Number of tasks of the per-task phases.", Required = true };
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition (default: the cluster's)." };
        var time = new Option<string?>("--time", "-t") { Description = "Time limit per task, in Slurm's format (e.g. 2:00:00)." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task, in Slurm's format (e.g. 8G)." };
        var cpus = new Option<int?>("--cpus", "-c") { Description = "CPUs per task (also the task's --workers)." };
        var set = CommonOptions.Set();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the sbatch scripts and submit nothing." };
        var command = new Command("submit", "Submit a pipeline as one job array per phase; submitting again runs only the tasks without a completion record.")
        {
            pipeline, tasks, partition, time, memory, cpus, set, dryRun,
        };
        command.SetAction((parse, _) => ClusterCommands.GuardAsync(() =>
        {
            var count = parse.GetValue(tasks);
            if (count < 1) return Task.FromResult(ClusterCommands.Usage("--tasks must be at least 1"));
            if (parse.GetValue(cpus) is < 1) return Task.FromResult(ClusterCommands.Usage("--cpus must be at least 1"));
            var resources = new SlurmResources(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(memory), parse.GetValue(cpus));
            var passThrough = (parse.GetValue(set) ?? []).SelectMany(s => new[] { "--set", s }).ToList();
            return Task.FromResult(Submit(parse.GetValue(pipeline)!.FullName, count, resources, passThrough, parse.GetValue(dryRun)));
        }));
        return command;
    }

    private static int Submit(string pipeline, int tasks, SlurmResources resources, IReadOnlyList<string> passThrough, bool dryRun)
    {
        if (!dryRun && ExternalTool.Find("sbatch") is null)
            return ClusterCommands.Usage("sbatch not found on the PATH: submitting needs Slurm's client tools (Debian: apt-get install slurm-client; " +
                                         "scripts/slurm-local.sh starts a one-node cluster). --dry-run prints the scripts without them.");
        var plan = SelfCommand.Phases(pipeline, tasks, passThrough);
        var ledger = SlurmJobLedger.Load(plan.Corpus);
        if (!dryRun)
        {
            // Two submissions of one corpus would run the same tasks twice at once.
            var active = SlurmClient.Active(ledger.JobIds.ToHashSet());
            if (active.Count > 0)
            {
                return ClusterCommands.Usage($"an earlier submission of {plan.Corpus} is still queued or running (job(s) " +
                                             $"{string.Join(", ", active.Select(a => a.ArrayJobId).Distinct())}); wait for it " +
                                             $"(corpusforge slurm status {plan.Corpus}) or scancel it, then submit again");
            }
        }

        var stamp = Stamp(plan.Corpus);
        var folder = Path.Combine(plan.Corpus, PipelineRunner.SubmissionsFolder, stamp);
        var workingDirectory = Environment.CurrentDirectory;
        var submitted = new List<SubmittedPhase>();
        string? previous = null;
        string? previousPhase = null;
        try
        {
            for (var k = 0; k < plan.Phases.Count; k++)
            {
                var phase = plan.Phases[k];
                // The engine lists the tasks without a valid completion record; only those are submitted.
                var missing = phase.Missing;
                if (missing.Count == 0)
                {
                    Console.WriteLine($"phase {phase.Name}: all {phase.Tasks} task(s) complete, skipped");
                    submitted.Add(new SubmittedPhase(phase.Name, phase.Tasks, null, [], null));
                    continue;
                }

                // A dry run has no job ids yet; its scripts name the phase they would wait for.
                var dependsOn = dryRun && previousPhase is not null ? $"<job-id-of-{previousPhase}>" : previous;
                var text = SbatchScript.Write(new PhaseJob(SelfCommand.Prefix, pipeline, plan.Pipeline, plan.Tasks, phase, missing, passThrough,
                    workingDirectory, folder, dependsOn, resources));
                var script = Path.Combine(folder, $"{k + 1}-{phase.Name}.sbatch");
                previousPhase = phase.Name;
                if (dryRun)
                {
                    Console.WriteLine($"# {script} (not written: --dry-run)");
                    Console.Write(text);
                    Console.WriteLine();
                    continue;
                }

                Directory.CreateDirectory(folder);
                File.WriteAllText(script, text);
                previous = SlurmClient.Submit(script);
                submitted.Add(new SubmittedPhase(phase.Name, phase.Tasks, previous, missing, Path.GetRelativePath(plan.Corpus, script)));
                Console.WriteLine($"phase {phase.Name}: job {previous}, task(s) {TaskIds.Format(missing)} of {phase.Tasks}");
            }
        }
        finally
        {
            // Whatever was submitted is recorded, even when a later sbatch failed, so that status and the next submit see it.
            if (!dryRun && submitted.Any(s => s.JobId is not null))
            {
                ledger.Append(plan.Corpus, new Submission(stamp, DateTime.UtcNow, pipeline, plan.Pipeline, plan.Tasks, passThrough, submitted));
            }
        }

        if (dryRun) return ExitCodes.Ok;
        Console.WriteLine(previousPhase is not null
            ? $"submitted {submitted.Count(s => s.JobId is not null)} job array(s); scripts and logs in {folder}; follow with: corpusforge slurm status {plan.Corpus}"
            : "nothing to submit: every phase is complete");
        return ExitCodes.Ok;
    }

    // A folder name per submission, in time order; a second submission in the same second gets a suffix.
    private static string Stamp(string corpus)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var candidate = stamp;
        for (var n = 2; Directory.Exists(Path.Combine(corpus, PipelineRunner.SubmissionsFolder, candidate)); n++) candidate = $"{stamp}-{n}";
        return candidate;
    }
}
