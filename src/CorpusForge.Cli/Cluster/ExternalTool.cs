using System.Diagnostics;

namespace CorpusForge.Cli.Cluster;

/// <summary>A scheduler tool (sbatch, squeue, sacct, scontrol) or this program is missing or cannot be run.</summary>
public sealed class ClusterToolException(string message) : Exception(message);

/// <summary>What a finished external program printed.</summary>
public sealed record ToolResult(int ExitCode, string Out, string Error);

/// <summary>Runs external programs with argument lists (never a shell string), so paths with spaces or quotes pass
/// through unchanged.</summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on the PATH, or null.</summary>
    public static string? Find(string name)
    {
        if (Path.IsPathRooted(name)) return File.Exists(name) ? name : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <paramref name="program"/> to completion and returns its exit code and output; throws
    /// <see cref="ClusterToolException"/> when it is not installed or does not finish in <paramref name="timeout"/>.</summary>
    public static ToolResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? why = null)
    {
        var path = Find(program) ?? throw new ClusterToolException(
            $"{program} not found on the PATH{(why is null ? "" : $"; {why}")}");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new ClusterToolException($"{path} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ClusterToolException($"{Path.GetFileName(path)} {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalSeconds:F0} s");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
