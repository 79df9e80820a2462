using System.Diagnostics;
using System.Text.Json;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Bench;

/// <summary>Language labels of reader.code_repo_v1 against GitHub Linguist itself (Debian's ruby-github-linguist) on
/// real source trees this machine ships (Tcl library, C and C++ headers, the Python standard library, npm's own
/// JavaScript), per file, for the dev and held-out halves; and the reader's throughput as a ratio to Linguist's.</summary>
/// <remarks>The trees are copied into one temporary git repository (Linguist reads a repository); only files Linguist
/// counts in its breakdown (programming and markup languages, not vendored or generated) are compared.</remarks>
public sealed class RealCodeBenchmark : IBenchmark
{
    // Real trees installed by Debian packages and npm on this kind of machine; missing ones are skipped.
    private static readonly (string Source, string Target)[] Trees =
    [
        ("/usr/share/tcltk", "tcltk"), ("/usr/include/tcl8.6", "include/tcl8.6"), ("/usr/include/X11", "include/X11"),
        ("/usr/include/openssl", "include/openssl"), ("/usr/include/linux", "include/linux"), ("/usr/include/c++", "include/c++"),
        ("/usr/include/python3.11", "include/python3.11"), ("/usr/include/node", "include/node"), ("/usr/include/unicode", "include/unicode"),
        ("/usr/include/glib-2.0", "include/glib-2.0"), ("/usr/lib/python3.11", "pylib"), ("/usr/lib/node_modules/npm/lib", "npm/lib"),
    ];

    public string Name => "code-real";

    public string Description => "code reader language labels vs GitHub Linguist on real source trees; files/s as a ratio to Linguist";

    public void Run(BenchContext context)
    {
        var repo = Path.Combine(context.WorkDirectory, "trees");
        var copied = 0;
        foreach (var (source, target) in Trees.Where(t => Directory.Exists(t.Source)))
        {
            // The Python tree is large; its top-level modules are enough.
            var recursive = target != "pylib";
            copied += Copy(source, Path.Combine(repo, target), recursive);
        }

        if (copied == 0 || !Run("git", repo, "init", "-q") || !Run("git", repo, "add", "-A")
            || !Run("git", repo, "-c", "user.email=bench@localhost", "-c", "user.name=bench", "commit", "-qm", "trees"))
        {
            context.Out.WriteLine("skipped: no source trees found or git failed");
            return;
        }

        var linguistClock = Stopwatch.StartNew();
        var json = Capture("github-linguist", repo, "--breakdown", "--json");
        linguistClock.Stop();
        if (json is null)
        {
            context.Out.WriteLine("skipped: github-linguist not found (apt-get install ruby-github-linguist)");
            return;
        }

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in JsonDocument.Parse(json).RootElement.EnumerateObject())
        {
            foreach (var file in language.Value.GetProperty("files").EnumerateArray()) expected[file.GetString()!] = language.Name;
        }

        var reader = new CodeRepositoryReader(new CodeRepositoryReaderOptions { RespectGitignore = false });
        var ours = new Dictionary<string, string?>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (var result in reader.Read(new InputFile(repo, "trees", "bench", 0), CancellationToken.None))
        {
            if (result.Document is { } document) ours[(string)document.Metadata["path"]!] = document.Metadata.GetValueOrDefault("language") as string;
        }

        clock.Stop();
        context.Out.WriteLine($"{copied} files copied; Linguist counts {expected.Count} of them");
        foreach (var heldOut in new[] { false, true })
        {
            var label = heldOut ? "held-out" : "dev";
            var part = expected.Where(kv => SharedData.IsHeldOut(kv.Key) == heldOut).ToList();
            var agree = part.Count(kv => ours.TryGetValue(kv.Key, out var language) && language == kv.Value);
            context.Report($"{label}: files labelled as Linguist labels them", agree, $"of {part.Count}");
            context.Report($"{label}: agreement", part.Count == 0 ? 0 : 100.0 * agree / part.Count, "%");
            foreach (var group in part.Where(kv => !(ours.TryGetValue(kv.Key, out var l) && l == kv.Value))
                         .GroupBy(kv => $"{kv.Value} -> {(ours.TryGetValue(kv.Key, out var l) ? l ?? "(none)" : "(not read)")}").OrderByDescending(g => g.Count()).Take(8))
                context.Out.WriteLine(heldOut ? $"   {group.Key}: {group.Count()}" : $"   {group.Key}: {group.Count()}, e.g. {group.First().Key}");
        }

        context.Report("reader files/s (one thread)", ours.Count / clock.Elapsed.TotalSeconds, "files/s");
        context.Report("Linguist files/s (same tree, --breakdown)", copied / linguistClock.Elapsed.TotalSeconds, "files/s");
        context.Report("ratio reader / Linguist", (ours.Count / clock.Elapsed.TotalSeconds) / (copied / linguistClock.Elapsed.TotalSeconds), "x");
        context.Out.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static int Copy(string source, string target, bool recursive)
    {
        var count = 0;
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null || info.Length > 1 << 20) continue;
            File.Copy(file, Path.Combine(target, info.Name));
            count++;
        }

        if (!recursive) return count;
        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null) continue;
            count += Copy(folder, Path.Combine(target, Path.GetFileName(folder)), true);
        }

        return count;
    }

    private static bool Run(string program, string directory, params string[] arguments) => Capture(program, directory, arguments) is not null;

    private static string? Capture(string program, string directory, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
