using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Commands;

/// <summary>Error handling the <c>slurm</c> and <c>k8s</c> commands share.</summary>
public static class ClusterCommands
{
    /// <summary>Runs a command body like <see cref="Cli.GuardAsync"/>, and also maps a missing or failing scheduler
    /// tool to exit 2 with its reason, and a refused phase plan to the exit code of <c>corpusforge phases</c>.</summary>
    public static Task<int> GuardAsync(Func<Task<int>> body) => Cli.GuardAsync(async () =>
    {
        try
        {
            return await body();
        }
        catch (ClusterToolException e)
        {
            return Usage(e.Message);
        }
        catch (PhasePlanException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine($"error: corpusforge phases failed (exit {e.ExitCode}); nothing was submitted.");
            return e.ExitCode is > 0 and < 128 ? e.ExitCode : ExitCodes.Fatal;
        }
    });

    /// <summary>Prints <c>error: MESSAGE</c> and returns exit 2 (usage / configuration).</summary>
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.ConfigError;
    }
}
