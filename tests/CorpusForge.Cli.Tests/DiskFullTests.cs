using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace CorpusForge.Cli.Tests;

/// <summary>A real full disk: the corpus lives on a 20 MB tmpfs mounted in a private user + mount namespace
/// (<c>unshare -rm</c>; as root in CI it works the same). The run must stop in seconds with the operating system's
/// message, exit code 4 and nothing half-committed; after the disk is enlarged, a rerun gives the outputs of an
/// uninterrupted run.</summary>
public sealed class DiskFullTests : IDisposable
{
    private const string Pipeline = """
        version: 1
        name: disk-full
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: dedup.exact_v1
        outputs:
          - writer: writer.jsonl_v1
            path: data
            options:
              compression: none
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-full-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_full_disk_stops_the_run_in_seconds_with_the_os_message_and_a_rerun_with_space_completes_it()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        Directory.CreateDirectory(Path.Combine(_dir, "mnt"));
        Directory.CreateDirectory(Path.Combine(_dir, "saved"));
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
        var random = new Random(5);
        for (var f = 0; f < 6; f++)
        {
            using var writer = new StreamWriter(Path.Combine(_dir, "in", $"part-{f}.jsonl"));
            for (var i = 0; i < 1500; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 600).Select(_ => $"w{random.Next(50000)}"));
                writer.WriteLine(JsonSerializer.Serialize(new { id = $"f{f}-{i}", text = i % 50 == 7 && f > 0 ? "a repeated document" : text }));
            }
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "corpusforge.dll");
        var reference = CliProcess.Run(_dir, "run", "pipeline.yaml", "--set", $"corpus={Path.Combine(_dir, "reference")}");
        Assert.True(reference.ExitCode == 0, reference.Error);

        var mount = Path.Combine(_dir, "mnt");
        var script = $"""
            mount -t tmpfs -o size=20m tmpfs '{mount}' || exit 90
            start=$(date +%s%N)
            dotnet '{dll}' run pipeline.yaml --set corpus='{mount}/corpus' >'{_dir}/first.out' 2>&1
            echo "first_exit=$?"
            echo "first_ms=$(( ($(date +%s%N) - start) / 1000000 ))"
            ls '{mount}/corpus/state/main/commits' | wc -l | sed 's/^/commits_after_failure=/'
            find '{mount}/corpus' -name '*.tmp-*' | wc -l | sed 's/^/temporaries_after_failure=/'
            mount -o remount,size=400m '{mount}' || exit 91
            dotnet '{dll}' run pipeline.yaml --set corpus='{mount}/corpus' >'{_dir}/second.out' 2>&1
            echo "second_exit=$?"
            cp -r '{mount}/corpus/data' '{_dir}/saved/'
            """;
        var start = new ProcessStartInfo("unshare") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-rm", "sh", "-c", script }) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), "the runs on a full disk did not finish in 4 minutes (a hang)");
        var output = await stdout;
        var errors = await stderr;
        var report = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.True(process.ExitCode == 0, $"unshare/mount failed ({process.ExitCode}): {errors}");

        var first = File.ReadAllText(Path.Combine(_dir, "first.out"));
        Assert.Equal("4", report["first_exit"]);
        Assert.Contains("No space left on device", first);
        Assert.Contains(mount, first);
        Assert.DoesNotContain("   at ", first); // a message, not a stack trace
        Assert.True(int.Parse(report["first_ms"]) < 60_000, $"the failing run took {report["first_ms"]} ms");
        Assert.Equal("0", report["temporaries_after_failure"]);
        Assert.InRange(int.Parse(report["commits_after_failure"]), 1, 5);
        Assert.Equal("0", report["second_exit"]);

        Assert.Equal(Digests(Path.Combine(_dir, "reference", "data")), Digests(Path.Combine(_dir, "saved", "data")));
    }

    private static SortedDictionary<string, string> Digests(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
