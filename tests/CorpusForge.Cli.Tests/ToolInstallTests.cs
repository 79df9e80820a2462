using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace CorpusForge.Cli.Tests;

/// <summary>The README's install path: <c>dotnet pack</c> the CLI, <c>dotnet tool install</c> it from the folder, and
/// run the quick start with the installed <c>corpusforge</c>. The data tool must not carry libtorch.</summary>
public sealed class ToolInstallTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void DataToolPacksInstallsAndRunsTheQuickstartWithoutLibtorch()
    {
        var packages = Path.Combine(_root, "nupkg");
        var tools = Path.Combine(_root, "tools");
        // The CLI was built with these tests (same configuration), so packing only assembles the package.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        Dotnet("pack", "src/CorpusForge.Cli", "-c", configuration, "--no-build", "-o", packages, "--nologo");
        Assert.Single(Directory.GetFiles(packages, "CorpusForge.*.nupkg"));
        Dotnet("tool", "install", "CorpusForge", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources");

        var executable = Path.Combine(tools, OperatingSystem.IsWindows() ? "corpusforge.exe" : "corpusforge");
        Assert.True(File.Exists(executable), $"no {executable}");
        var corpus = Path.Combine(_root, "corpus");
        var (exit, stdout, error) = Run(executable, "run", "pipelines/quickstart.yaml", "--set", $"corpus={corpus}");
        Assert.True(exit == 0, stdout + error);
        Assert.Contains("counts add up", stdout);
        Assert.True(File.Exists(Path.Combine(corpus, "tokens", "manifest.json")));

        var report = Run(executable, "report", corpus);
        Assert.True(report.Exit == 0, report.Out + report.Error);

        // No trainer beside the tool or on this PATH: `train` says how to get it instead of failing obscurely.
        var train = Run(executable, "train", "training/train-tiny.yaml");
        Assert.Equal(2, train.Exit);
        Assert.Contains("needs the trainer", train.Error);

        var files = Directory.GetFiles(tools, "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
        var megabytes = files.Sum(f => new FileInfo(f).Length) / 1048576.0;
        output.WriteLine($"installed corpusforge tool: {megabytes:F1} MiB in {files.Length} files");
        Assert.InRange(megabytes, 1, 250);

        // A Release build on linux-x64 precompiles the program (src/CorpusForge.Cli/ReadyToRun.targets): start-up
        // and the first pages of a run are most of a short run's time when everything is JIT-compiled.
        if (configuration == "Release" && RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            var build = Path.Combine(CliProcess.RepositoryRoot, "src", "CorpusForge.Cli", "bin", configuration, "net10.0");
            foreach (var name in (string[])["corpusforge.dll", "CorpusForge.Core.dll", "CorpusForge.Stages.dll", "AngleSharp.dll"])
            {
                Assert.True(IsReadyToRun(Path.Combine(build, name)), $"{name} in {build} is not a ReadyToRun image");
                var installed = files.Single(f => Path.GetFileName(f) == name);
                Assert.True(IsReadyToRun(installed), $"the installed tool's {name} is not a ReadyToRun image");
            }
        }
    }

    /// <summary>True when the assembly carries precompiled native code (its CLI header names a ReadyToRun header).</summary>
    private static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static void Dotnet(params string[] args)
    {
        var (exit, stdout, error) = Run("dotnet", args);
        Assert.True(exit == 0, $"dotnet {string.Join(' ', args)} failed ({exit}):\n{stdout}\n{error}");
    }

    private static (int Exit, string Out, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = CliProcess.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        // Only the .NET host and the system on the PATH, so a trainer a developer installed globally is not found.
        var dotnetRoot = Path.GetDirectoryName(Environment.ProcessPath)!;
        start.Environment["PATH"] = $"{dotnetRoot}:/usr/bin:/bin";
        start.Environment["DOTNET_ROOT"] = dotnetRoot;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
