using System.CommandLine;
using CorpusForge.Core.Pipeline;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge validate PIPELINE</c>: checks a pipeline file without running it.</summary>
public sealed class ValidateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var pipeline = new Argument<FileInfo>("pipeline") { Description = "Pipeline file (YAML)." };
        var set = CommonOptions.Set();
        var command = new Command("validate", "Check a pipeline file (names, options, inputs, outputs) without running it.") { pipeline, set };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var spec = new PipelineLoader(Cli.Registry).Load(parse.GetValue(pipeline)!.FullName, parse.GetValue(set));
            var shards = spec.Phases.SelectMany(p => p.Inputs).Where(i => i.FromPhase is null)
                .Sum(i => InputResolver.Resolve(i.Name, i.Paths).Count);
            Console.WriteLine($"ok: {spec.Name}: {spec.Phases.Count} phase(s), {spec.Phases.Sum(p => p.Stages.Count)} stage(s), {shards} input shard(s); corpus {spec.CorpusDirectory}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
