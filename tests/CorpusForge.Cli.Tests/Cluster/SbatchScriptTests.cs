using System.Diagnostics;
using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Tests.Cluster;

public class SbatchScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-sbatch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PhaseJob Job(IReadOnlyList<string> program, string pipeline, IReadOnlyList<string> passThrough, string? dependsOn, SlurmResources resources) =>
        new(program, pipeline, "quickstart", 4, new PhaseInfo("map", 4, [0, 2, 3]), [0, 2, 3], passThrough, _dir, Path.Combine(_dir, "logs"), dependsOn, resources);

    [Fact]
    public void DirectivesNameTheArrayTheDependencyAndTheResources()
    {
        var text = SbatchScript.Write(Job(["/usr/bin/dotnet", "/opt/cf/corpusforge.dll"], "/data/p.yaml", [], "41",
            new SlurmResources("batch", "2:00:00", "8G", 4)));
        var directives = text.Split('\n').Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l[8..]).ToList();
        Assert.StartsWith("#!/bin/bash\n", text);
        Assert.Contains("--array=0,2-3", directives);
        Assert.Contains("--dependency=afterok:41", directives);
        Assert.Contains("--kill-on-invalid-dep=yes", directives);
        Assert.Contains("--partition=batch", directives);
        Assert.Contains("--time=2:00:00", directives);
        Assert.Contains("--mem=8G", directives);
        Assert.Contains("--cpus-per-task=4", directives);
        Assert.Contains($"--chdir={_dir}", directives);
        Assert.Contains($"--output={_dir}/logs/map-%A_%a.log", directives);
        Assert.Contains("\n/usr/bin/dotnet /opt/cf/corpusforge.dll run /data/p.yaml --phase map --task \"$SLURM_ARRAY_TASK_ID\" --tasks 4 --workers 4 || status=$?\n", text);
    }

    [Fact]
    public void AOneTaskPhaseIsAnArrayOfTaskZeroWithTheRunsTaskCount()
    {
        var job = Job(["corpusforge"], "/data/p.yaml", [], "41", new SlurmResources()) with { Phase = new PhaseInfo("dedup", 1, [0]), TaskIds = [0] };
        var text = SbatchScript.Write(job);
        Assert.Contains("#SBATCH --array=0\n", text);
        Assert.Contains("--phase dedup --task \"$SLURM_ARRAY_TASK_ID\" --tasks 4 || status=$?\n", text);
    }

    [Fact]
    public void TheFirstPhaseHasNoDependencyAndDefaultsAreLeftToTheCluster()
    {
        var text = SbatchScript.Write(Job(["/usr/local/bin/corpusforge"], "/data/p.yaml", [], null, new SlurmResources()));
        Assert.DoesNotContain("--dependency", text);
        Assert.DoesNotContain("--partition", text);
        Assert.DoesNotContain("--mem", text);
        Assert.DoesNotContain("--workers", text);
    }

    [Fact]
    public void BashReceivesEveryArgumentUnchangedWhateverItHolds()
    {
        // printf stands in for corpusforge: it prints each argument it receives on its own line.
        var pipeline = Path.Combine(_dir, "my pipelines", "it's $HOME.yaml");
        var script = Path.Combine(_dir, "map.sbatch");
        File.WriteAllText(script, SbatchScript.Write(Job(["printf", "%s\\n"], pipeline, ["--set", "corpus=/scratch/a b/\"c\" `x` ;y"], null, new SlurmResources())));
        var (exit, stdout, error) = RunAsArrayTask(script, 2);
        Assert.True(exit == 0, error);
        Assert.Equal(["run", pipeline, "--phase", "map", "--task", "2", "--tasks", "4", "--set", "corpus=/scratch/a b/\"c\" `x` ;y"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 2)]
    [InlineData(4, 4)]
    public void PartlyFailedInputsLetTheRunGoOnOtherFailuresStopIt(int taskExit, int scriptExit)
    {
        // bash -c 'exit N' stands in for corpusforge; exit 3 means some inputs failed and are retried by the next run.
        var script = Path.Combine(_dir, "exit.sbatch");
        File.WriteAllText(script, SbatchScript.Write(Job(["bash", "-c", $"exit {taskExit}"], "/p.yaml", [], null, new SlurmResources())));
        var (exit, _, error) = RunAsArrayTask(script, 0);
        Assert.Equal(scriptExit, exit);
        Assert.Equal(taskExit == 3, error.Contains("some inputs of this task failed"));
    }

    // Runs a script as Slurm would start array task <paramref name="task"/> (bash reads #SBATCH lines as comments).
    private static (int Exit, string Out, string Error) RunAsArrayTask(string script, int task)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        start.ArgumentList.Add(script);
        start.Environment["SLURM_ARRAY_TASK_ID"] = task.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void AWorkingFolderWithASpaceIsRefusedWithTheReason()
    {
        var job = Job(["corpusforge"], "/p.yaml", [], null, new SlurmResources()) with { WorkingDirectory = "/data/my corpus" };
        var error = Assert.Throws<ClusterToolException>(() => SbatchScript.Write(job));
        Assert.Contains("--chdir=/data/my corpus", error.Message);
    }

    [Fact]
    public void QuotingLeavesPlainWordsAlone()
    {
        Assert.Equal("/usr/bin/dotnet", SbatchScript.Quote("/usr/bin/dotnet"));
        Assert.Equal("'a b'", SbatchScript.Quote("a b"));
        Assert.Equal("'it'\\''s'", SbatchScript.Quote("it's"));
        Assert.Equal("''", SbatchScript.Quote(""));
    }
}
