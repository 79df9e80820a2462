using System.Diagnostics;

namespace CorpusForge.Cli.Tests;

/// <summary>Runs the real `corpusforge` program (built next to the tests) as a child process, as a user would.</summary>
public static class CliProcess
{
    /// <summary>The repository root (where CorpusForge.sln is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs <c>corpusforge args…</c>; returns the exit code and both output streams.</summary>
    public static (int ExitCode, string Out, string Error) Run(string workingDirectory, params string[] args) =>
        RunWith(new Dictionary<string, string>(), workingDirectory, args);

    /// <summary>Runs <c>corpusforge args…</c> with <paramref name="environment"/> set on top of this process's.</summary>
    public static (int ExitCode, string Out, string Error) RunWith(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "corpusforge.dll");
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"corpusforge {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The dotnet host running the tests, so that a test may narrow the child's PATH.</summary>
    public static string DotnetHost { get; } = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CorpusForge.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CorpusForge.sln not found above the test folder");
    }
}
