using System.CommandLine;
using CorpusForge.Cli.Output;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Engine.ScaleOut;
using CorpusForge.Core.Pipeline;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge run PIPELINE</c>: validates, then runs a pipeline. Rerunning the same pipeline resumes
/// an interrupted run and, when new input files have arrived, processes only those (a corpus refresh).</summary>
public sealed class RunCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var pipeline = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)." };
        var workers = CommonOptions.Workers();
        var set = CommonOptions.Set();
        var force = new Option<bool>("--force") { Description = "Process every input again (each is withdrawn first: outputs, dedup state, token parts), as a fresh run would." };
        var rebuild = new Option<bool>("--rebuild") { Description = "After a configuration or input change, recompute from the first affected input onward." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (new, changed, stale inputs, sizes, time estimate) and change nothing." };
        var phase = new Option<string?>("--phase") { Description = "Run one task of this phase of a distributed run (see `corpusforge phases`); with --task and --tasks." };
        var task = new Option<int?>("--task") { Description = "Task number (0-based) of the phase; default $SLURM_ARRAY_TASK_ID, then $JOB_COMPLETION_INDEX." };
        var tasks = new Option<int?>("--tasks") { Description = "Tasks of the distributed run; default $SLURM_ARRAY_TASK_COUNT, then $CORPUSFORGE_TASKS. Without --phase every phase runs here, task after task." };
        var command = new Command("run", "Run a pipeline: only inputs not yet processed with this configuration are read, so a rerun resumes or refreshes.")
        {
            pipeline, workers, set, force, rebuild, dryRun, phase, task, tasks,
        };
        command.SetAction((parse, ct) => Cli.GuardAsync(async () =>
        {
            var spec = new PipelineLoader(Cli.Registry).Load(parse.GetValue(pipeline)!.FullName, parse.GetValue(set));
            var phaseName = parse.GetValue(phase);
            if (phaseName is not null || parse.GetValue(tasks) is not null || parse.GetValue(task) is not null)
                return await RunTasksAsync(spec, phaseName, parse.GetValue(task), parse.GetValue(tasks), parse.GetValue(workers), parse.GetValue(force), parse.GetValue(rebuild), parse.GetValue(dryRun), ct);
            using var progress = new RunProgress(Cli.Interactive);
            var options = new RunOptions
            {
                Workers = Math.Max(1, parse.GetValue(workers)),
                Force = parse.GetValue(force),
                Rebuild = parse.GetValue(rebuild),
                DryRun = parse.GetValue(dryRun),
                Log = progress.Log,
                PhaseStarted = progress.PhaseStarted,
            };
            var result = await new PipelineRunner().RunAsync(spec, options, ct);
            progress.Dispose();
            if (options.DryRun) return ExitCodes.Ok;
            RunProgress.PrintSummary(result);
            return result.Succeeded ? ExitCodes.Ok : ExitCodes.PartialFailure;
        }));
        return command;
    }

    /// <summary>A distributed run: one task of one phase, or (without <c>--phase</c>) every phase here.</summary>
    private static async Task<int> RunTasksAsync(PipelineSpec spec, string? phase, int? task, int? tasks, int workers, bool force, bool rebuild, bool dryRun, CancellationToken ct)
    {
        if (dryRun) throw new ConfigException(spec.FilePath, "--dry-run plans a single-process run; run `corpusforge phases` to see the phases of a distributed one");
        if (phase is null && task is not null) throw new ConfigException(spec.FilePath, "--task needs --phase (without --phase every task of every phase runs here)");
        int rank, count;
        try
        {
            (rank, count) = phase is null ? (0, ScaleOutRunner.Rank(0, tasks, Environment.GetEnvironmentVariable).Tasks) : ScaleOutRunner.Rank(task, tasks, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(spec.FilePath, e.Message);
        }

        var options = new RunOptions
        {
            Workers = Math.Max(1, workers),
            Force = force,
            Rebuild = rebuild,
            Log = line => Console.Error.WriteLine(line),
        };
        var runner = new ScaleOutRunner();
        if (phase is null)
        {
            var result = await runner.RunAllAsync(spec, count, options, ct);
            RunProgress.PrintSummary(result);
            return result.Succeeded ? ExitCodes.Ok : ExitCodes.PartialFailure;
        }

        var outcome = await runner.RunTaskAsync(spec, phase, rank, count, options, ct);
        if (outcome.Result is { } merged) RunProgress.PrintSummary(merged);
        return outcome.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Ok;
    }
}
