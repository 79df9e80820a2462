namespace CorpusForge.Cli.Cluster;

/// <summary>The command line that starts this very corpusforge build: <c>dotnet /abs/corpusforge.dll</c> when it runs
/// through the dotnet host, else the absolute path of its apphost. Job scripts use it, so the tasks on the cluster run
/// the same build as the command that submitted them.</summary>
public static class SelfCommand
{
    /// <summary>The program and its leading arguments.</summary>
    public static IReadOnlyList<string> Prefix { get; } = Find();

    private static IReadOnlyList<string> Find()
    {
        var process = Environment.ProcessPath ?? throw new ClusterToolException("cannot tell which program is running (no process path)");
        var host = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase)) return [Path.GetFullPath(process)];
        // Tests and `dotnet corpusforge.dll` run through the host: name the host and this assembly.
        var dll = typeof(SelfCommand).Assembly.Location;
        if (string.IsNullOrEmpty(dll)) dll = Path.Combine(AppContext.BaseDirectory, "corpusforge.dll");
        return [Path.GetFullPath(process), Path.GetFullPath(dll)];
    }

    /// <summary>Runs this build with <paramref name="arguments"/> (e.g. <c>phases PIPELINE --tasks N --json</c>).</summary>
    public static ToolResult Run(IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalTool.Run(Prefix[0], Prefix.Skip(1).Concat(arguments), timeout);

    /// <summary>Asks the engine for the phase plan of <paramref name="pipeline"/> run as <paramref name="tasks"/> tasks.</summary>
    public static PhasePlan Phases(string pipeline, int tasks, IReadOnlyList<string> passThrough)
    {
        var result = Run(["phases", pipeline, "--tasks", tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. passThrough],
            TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
            throw new PhasePlanException(result.ExitCode, result.Error.Length > 0 ? result.Error.TrimEnd() : result.Out.TrimEnd());
        return PhasePlan.Parse(result.Out, $"corpusforge phases {pipeline}");
    }
}

/// <summary><c>corpusforge phases</c> refused the pipeline; its exit code and message are passed on.</summary>
public sealed class PhasePlanException(int exitCode, string message) : Exception(message)
{
    /// <summary>The exit code of <c>corpusforge phases</c>.</summary>
    public int ExitCode { get; } = exitCode;
}
