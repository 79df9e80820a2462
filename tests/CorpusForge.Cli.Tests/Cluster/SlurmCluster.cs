using System.Diagnostics;
using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Tests.Cluster;

/// <summary>A fact that needs a running Slurm cluster (scripts/slurm-local.sh starts one; scripts/test.sh runs it). It
/// is skipped, saying why, only where Slurm is not running and the run is neither CI (CI set) nor told to require it
/// (CORPUSFORGE_REQUIRE_SLURM=1); there a missing cluster fails the test.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable is { } reason && !SlurmCluster.Required) Skip = reason;
    }
}

/// <summary>The local Slurm cluster the Slurm tests submit to.</summary>
public static class SlurmCluster
{
    /// <summary>Why Slurm cannot be used here, or null when a node is up.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>True in CI or when CORPUSFORGE_REQUIRE_SLURM=1: the Slurm tests must run.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ||
                                   Environment.GetEnvironmentVariable("CORPUSFORGE_REQUIRE_SLURM") == "1";

    /// <summary>Fails the test when Slurm is unavailable (a required run reaches here only then).</summary>
    public static void Require() =>
        Assert.True(Unavailable is null, $"{Unavailable} (Slurm tests are required in CI and with CORPUSFORGE_REQUIRE_SLURM=1)");

    /// <summary>Runs a Slurm tool; returns exit code and output.</summary>
    public static (int Exit, string Out, string Error) Tool(string name, params string[] args)
    {
        var result = ExternalTool.Run(name, args, TimeSpan.FromMinutes(1));
        return (result.ExitCode, result.Out, result.Error);
    }

    /// <summary>The array tasks of <paramref name="jobIds"/> still queued or running, as <c>JOB_TASK STATE</c>.</summary>
    public static IReadOnlyList<string> Queued(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToHashSet();
        var (exit, output, error) = Tool("squeue", "-h", "-r", "-o", "%F_%K %T");
        Assert.True(exit == 0, $"squeue failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => ids.Contains(l.Split('_')[0])).ToList();
    }

    /// <summary>Waits until none of <paramref name="jobIds"/> is queued or running.</summary>
    public static void WaitFor(IEnumerable<string> jobIds, TimeSpan timeout)
    {
        var ids = jobIds.ToList();
        var clock = Stopwatch.StartNew();
        while (Queued(ids) is { Count: > 0 } left)
        {
            if (clock.Elapsed > timeout)
            {
                Tool("scancel", [.. ids]);
                Assert.Fail($"Slurm jobs still queued after {timeout.TotalSeconds:F0} s (cancelled now): {string.Join(", ", left)}");
            }

            Thread.Sleep(500);
        }
    }

    private static string? Probe()
    {
        try
        {
            var (exit, output, error) = Tool("sinfo", "-h", "-o", "%t");
            if (exit != 0) return $"Slurm is not running here (sinfo: {error.Trim()}); scripts/slurm-local.sh starts a one-node cluster as root";
            var states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return states.Any(s => s.TrimEnd('*', '~', '#', '!', '%', '$', '@', '^', '-') is "idle" or "mix" or "alloc" or "comp")
                ? null
                : $"no Slurm node is up (sinfo states: {string.Join(", ", states)}); scripts/slurm-local.sh starts one";
        }
        catch (ClusterToolException)
        {
            return "Slurm is not installed here (no sinfo on the PATH); scripts/slurm-local.sh installs and starts a one-node cluster as root";
        }
    }
}
