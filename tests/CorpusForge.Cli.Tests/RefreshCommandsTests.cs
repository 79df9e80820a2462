using System.Text.Json;

namespace CorpusForge.Cli.Tests;

/// <summary>Refreshing a corpus from the command line: the dry-run plan, snapshots, and a copied corpus folder that
/// resumes where the original stood (no absolute path in any fingerprint or state file).</summary>
public sealed class RefreshCommandsTests : IDisposable
{
    private const string Pipeline = """
        version: 1
        name: refresh
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
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-refresh-" + Guid.NewGuid().ToString("N"));

    private void WriteFile(string name, int from, int count)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllLines(Path.Combine(_dir, "in", name), Enumerable.Range(from, count)
            .Select(i => JsonSerializer.Serialize(new { id = $"d{i}", text = $"document number {i % 70} with some words in it" })));
    }

    [Fact]
    public void Dry_run_plans_without_changing_anything_snapshots_list_runs_and_a_copied_corpus_resumes()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
        WriteFile("a.jsonl", 0, 50);
        WriteFile("b.jsonl", 50, 50);
        var first = CliProcess.Run(_dir, "run", "pipeline.yaml");
        Assert.True(first.ExitCode == 0, first.Error);

        WriteFile("c.jsonl", 100, 30);
        var commits = Directory.GetFiles(Path.Combine(_dir, "corpus", "state", "main", "commits"));
        var plan = CliProcess.Run(_dir, "run", "pipeline.yaml", "--dry-run");
        Assert.True(plan.ExitCode == 0, plan.Error);
        Assert.Contains("3 input(s): 1 new", plan.Out);
        Assert.Contains("2 unchanged; 1 to process", plan.Out);
        Assert.Contains("estimate: about", plan.Out);
        Assert.Equal(commits, Directory.GetFiles(Path.Combine(_dir, "corpus", "state", "main", "commits")));

        // Copy the whole project elsewhere (file times are not kept): the copy resumes and processes only c.
        var copy = _dir + "-copy";
        foreach (var file in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(_dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        try
        {
            Assert.DoesNotContain(_dir, string.Concat(Directory.EnumerateFiles(Path.Combine(copy, "corpus", "state"), "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal)).Select(File.ReadAllText)));
            var resumed = CliProcess.Run(copy, "run", "pipeline.yaml");
            Assert.True(resumed.ExitCode == 0, resumed.Error);
            Assert.Contains("2 of 3 input shard(s) already done, skipped", resumed.Out);

            var snapshots = CliProcess.Run(copy, "snapshots", "corpus");
            Assert.True(snapshots.ExitCode == 0, snapshots.Error);
            var rows = snapshots.Out.Split('\n').Where(l => l.Contains("run:", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("130", rows[1]); // documents read by the second snapshot: a, b and c
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

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
