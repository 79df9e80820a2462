using System.Text.Json;
using CorpusForge.Stages.Dedup;

namespace CorpusForge.Cli.Tests.Cluster;

/// <summary>Pipelines submitted to a real Slurm cluster (scripts/slurm-local.sh) as job arrays, one per phase: the
/// corpus equals one process's byte for byte, and a task cancelled in the queue is the only one run again when the
/// pipeline is submitted again.</summary>
public sealed class SlurmSubmitTests : IDisposable
{
    // Exact and near dedup across files (dedup phase) and token shards with shuffle and split (merge phase).
    private const string GeneratedPipeline = """
        version: 1
        name: neardup
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: normalize.text_v1
          - stage: filter.length_v1
            options:
              min_words: 40
          - stage: dedup.exact_v1
          - stage: dedup.minhash_v1
        outputs:
          - writer: writer.jsonl_v1
            path: data/jsonl
          - writer: writer.token_shards_v1
            path: tokens
            options:
              tokenizer: gpt2
              shard_tokens: 100000
              validation_fraction: 0.1
              seed: 5
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-slurm-").FullName;

    public SlurmSubmitTests()
    {
        // Slurm's #SBATCH lines cannot hold paths with spaces; the temporary folder has none.
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "neardup.yaml"), GeneratedPipeline);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The end of each failed task's Slurm log (the folder is deleted after the test), for the failure message.</summary>
    private static string FailedTaskLogs(JsonElement status) => string.Concat(status.GetProperty("task_progress").EnumerateArray()
        .Where(t => t.GetProperty("status").GetString() == "failed" && t.GetProperty("log").GetString() is { } log && File.Exists(log))
        .Select(t => $"\n--- {t.GetProperty("log").GetString()}:\n{string.Join('\n', File.ReadLines(t.GetProperty("log").GetString()!).TakeLast(40))}"));

    [SlurmFact]
    public void QuickstartAndANearDuplicateCorpusOnSlurmEqualOneProcess()
    {
        SlurmCluster.Require();
        WriteNearDuplicates(originals: 700, files: 8);
        var quickstart = Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml");
        var generated = Path.Combine(_dir, "neardup.yaml");

        // Both pipelines go to the queue at once; the plain runs go on meanwhile.
        var jobs = Submit(quickstart, "qs-slurm").Concat(Submit(generated, "gen-slurm")).ToList();
        Assert.Equal(8, jobs.Count);
        Plain(quickstart, "qs-plain");
        Plain(generated, "gen-plain");
        SlurmCluster.WaitFor(jobs, Patience);

        foreach (var (slurm, plain) in new[] { ("qs-slurm", "qs-plain"), ("gen-slurm", "gen-plain") })
        {
            var corpus = Path.Combine(_dir, slurm);
            var status = Status(corpus);
            Assert.True(status.GetProperty("complete").GetBoolean(), $"{slurm} is not complete: {status}{FailedTaskLogs(status)}");
            ScaleOutTests.AssertSame(ScaleOutTests.Digests(Path.Combine(_dir, plain)), ScaleOutTests.Digests(corpus), $"{slurm} on Slurm with 4 tasks");
            // Every task ran under Slurm: its record names the array task, and Slurm kept its log.
            var ledger = Ledger(corpus).Submissions.Single();
            foreach (var phase in ledger.Phases)
            {
                for (var task = 0; task < phase.Tasks; task++)
                {
                    Assert.Equal($"{phase.JobId}_{task}", RecordJobId(corpus, phase.Name, task, phase.Tasks));
                    Assert.True(File.Exists(Path.Combine(corpus, Path.GetDirectoryName(phase.Script)!, $"{phase.Name}-{phase.JobId}_{task}.log")));
                }
            }
        }

        var generatedStats = Path.Combine(_dir, "gen-plain", "stats", "latest.json");
        Assert.Contains("near_duplicate", File.ReadAllText(generatedStats));
        Assert.Contains("exact_duplicate", File.ReadAllText(generatedStats));
    }

    [SlurmFact]
    public void ACancelledTaskIsTheOnlyOneRunAgainWhenThePipelineIsSubmittedAgain()
    {
        SlurmCluster.Require();
        WriteNearDuplicates(originals: 300, files: 8);
        var pipeline = Path.Combine(_dir, "neardup.yaml");
        var corpus = Path.Combine(_dir, "slurm");
        var first = Submit(pipeline, "slurm");
        // Two CPUs run tasks 0 and 1 first: task 3 of the map phase is cancelled before it runs. Task 2 is held in
        // the queue while a second submission is tried: without the hold, tasks 0-2 can all finish before it on a
        // fast machine, and the refusal under test would depend on timing.
        var hold = SlurmCluster.Tool("scontrol", "hold", $"{first[0]}_2");
        Assert.True(hold.Exit == 0, $"scontrol hold: {hold.Out} {hold.Error}");
        Assert.Equal(0, SlurmCluster.Tool("scancel", $"{first[0]}_3").Exit);
        var again = Cf("slurm", "submit", pipeline, "--tasks", "4", "--set", $"corpus={corpus}");
        Assert.True(again.ExitCode == 2 && again.Error.Contains("still queued or running"), $"a second submission while the first runs: {again.ExitCode} {again.Error}");
        var release = SlurmCluster.Tool("scontrol", "release", $"{first[0]}_2");
        Assert.True(release.Exit == 0, $"scontrol release: {release.Out} {release.Error}");
        Plain(pipeline, "plain");
        SlurmCluster.WaitFor(first, Patience);

        // The later phases depended on the whole map array: Slurm cancelled them instead of leaving them pending.
        var status = Status(corpus);
        Assert.False(status.GetProperty("complete").GetBoolean());
        var tasks = status.GetProperty("task_progress").EnumerateArray()
            .ToDictionary(t => (t.GetProperty("phase").GetString(), t.GetProperty("task").GetInt32()), t => t.GetProperty("status").GetString());
        Assert.Equal(["done", "done", "done", "failed"], Enumerable.Range(0, 4).Select(t => tasks[("map", t)]));
        Assert.All(tasks.Where(t => t.Key.Item1 != "map"), t => Assert.Equal("not run", t.Value));
        var text = Cf("slurm", "status", corpus);
        Assert.Contains("map task 3:", text.Out);
        Assert.Contains("incomplete", text.Out);

        var kept = Enumerable.Range(0, 3).ToDictionary(t => t, t => File.ReadAllBytes(RecordPath(corpus, "map", t, 4)));
        var second = Submit(pipeline, "slurm");
        SlurmCluster.WaitFor(second, Patience);

        var ledger = Ledger(corpus);
        Assert.Equal(2, ledger.Submissions.Count);
        var rerun = ledger.Submissions[1].Phases;
        Assert.Equal([3], rerun.Single(p => p.Name == "map").TaskIds);
        Assert.All(rerun.Where(p => p.Name != "map"), p => Assert.Equal(Enumerable.Range(0, p.Tasks), p.TaskIds));
        // Tasks 0-2 of the map phase did not run again (their records are untouched); task 3 ran in the new array.
        foreach (var (task, bytes) in kept) Assert.Equal(bytes, File.ReadAllBytes(RecordPath(corpus, "map", task, 4)));
        Assert.Equal($"{rerun[0].JobId}_3", RecordJobId(corpus, "map", 3, 4));
        var logs = Directory.GetFiles(Path.Combine(corpus, Path.GetDirectoryName(rerun[0].Script)!), "map-*.log").Select(Path.GetFileName);
        Assert.Equal([$"map-{rerun[0].JobId}_3.log"], logs);

        Assert.True(Status(corpus).GetProperty("complete").GetBoolean());
        ScaleOutTests.AssertSame(ScaleOutTests.Digests(Path.Combine(_dir, "plain")), ScaleOutTests.Digests(corpus), "cancelled and resubmitted");
    }

    private (int ExitCode, string Out, string Error) Cf(params string[] args) => CliProcess.Run(_dir, args);

    /// <summary>Submits with 4 tasks into corpus <paramref name="name"/>; returns the job ids, in phase order.</summary>
    private IReadOnlyList<string> Submit(string pipeline, string name)
    {
        var corpus = Path.Combine(_dir, name);
        var (exit, stdout, error) = Cf("slurm", "submit", pipeline, "--tasks", "4", "--set", $"corpus={corpus}");
        Assert.True(exit == 0, $"slurm submit exited {exit}\n{stdout}\n{error}");
        return Ledger(corpus).Submissions[^1].Phases.Select(p => p.JobId).OfType<string>().ToList();
    }

    private void Plain(string pipeline, string name)
    {
        var (exit, stdout, error) = Cf("run", pipeline, "--set", $"corpus={Path.Combine(_dir, name)}");
        Assert.True(exit == 0, $"plain run exited {exit}\n{stdout}\n{error}");
    }

    private JsonElement Status(string corpus)
    {
        var (exit, stdout, error) = Cf("slurm", "status", corpus, "--json");
        Assert.True(exit == 0, $"slurm status exited {exit}\n{error}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static CorpusForge.Cli.Cluster.SlurmJobLedger Ledger(string corpus) => CorpusForge.Cli.Cluster.SlurmJobLedger.Load(corpus);

    private static string RecordPath(string corpus, string phase, int task, int tasks) =>
        Path.Combine(corpus, "state", "tasks", phase, $"task-{task}-of-{tasks}.json");

    private static string? RecordJobId(string corpus, string phase, int task, int tasks)
    {
        using var record = JsonDocument.Parse(File.ReadAllBytes(RecordPath(corpus, phase, task, tasks)));
        return record.RootElement.GetProperty("job_id").GetString();
    }

    /// <summary>Families of near-duplicates (edits, typos, boilerplate, reordered paragraphs) dealt round-robin over
    /// <paramref name="files"/> files, so a document's duplicates sit in other files; plus a few exact copies.</summary>
    private void WriteNearDuplicates(int originals, int files)
    {
        var documents = NearDuplicateCorpus.Generate(originals, wordsPerDocument: 150, seed: 15, computeTruth: false).Documents;
        var writers = Enumerable.Range(0, files).Select(f => new StreamWriter(Path.Combine(_dir, "in", $"part-{f:D2}.jsonl"))).ToList();
        for (var i = 0; i < documents.Count; i++)
        {
            var text = documents[i].Text;
            writers[i % files].WriteLine(JsonSerializer.Serialize(new { id = $"doc-{i}", text }));
            if (i % 25 == 0) writers[(i + 3) % files].WriteLine(JsonSerializer.Serialize(new { id = $"copy-{i}", text }));
        }

        foreach (var writer in writers) writer.Dispose();
    }
}
