using System.CommandLine;
using CorpusForge.Cli.Output;
using CorpusForge.Core.Engine;
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
        var command = new Command("run", "Run a pipeline: only inputs not yet processed with this configuration are read, so a rerun resumes or refreshes.")
        {
            pipeline, workers, set, force, rebuild, dryRun,
        };
        command.SetAction((parse, ct) => Cli.GuardAsync(async () =>
        {
            var spec = new PipelineLoader(Cli.Registry).Load(parse.GetValue(pipeline)!.FullName, parse.GetValue(set));
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
}
