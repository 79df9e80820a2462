using System.CommandLine;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge slurm submit|status</c>: runs a pipeline as Slurm job arrays, one per phase.</summary>
public sealed class SlurmCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("slurm", "Run a pipeline on a Slurm cluster: one job array per phase, chained with afterok; resubmitting runs only unfinished tasks.");
        command.Subcommands.Add(SlurmSubmitCommand.Build());
        command.Subcommands.Add(SlurmStatusCommand.Build());
        return command;
    }
}
