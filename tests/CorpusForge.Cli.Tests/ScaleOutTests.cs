using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace CorpusForge.Cli.Tests;

/// <summary>A pipeline run as many tasks (real `corpusforge` processes sharing only the corpus folder, as Slurm array
/// tasks would) builds byte for byte the corpus one process builds: outputs, removed documents, token shards and the
/// persisted dedup state; a later refresh deduplicates against it; a task killed mid-phase and run again loses and
/// duplicates nothing.</summary>
public sealed class ScaleOutTests : IDisposable
{
    // A filter before the dedup stages (map phase), exact + near dedup (dedup phase), a per-document stage after
    // them and the writers (finish phase), token shards assembled with shuffle and split (merge phase).
    private const string Pipeline = """
        version: 1
        name: scaleout-test
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: filter.length_v1
            options:
              min_words: 20
          - stage: dedup.exact_v1
          - stage: dedup.minhash_v1
          - stage: redact.pii_v1
        outputs:
          - writer: writer.jsonl_v1
            path: data/jsonl
          - writer: writer.parquet_v1
            path: data/parquet
          - writer: writer.token_shards_v1
            path: tokens
            options:
              tokenizer: gpt2
              shard_tokens: 50000
              validation_fraction: 0.1
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-scaleout-" + Guid.NewGuid().ToString("N"));

    public ScaleOutTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
    }

    [Fact]
    public void Quickstart_as_1_2_and_4_tasks_equals_one_process()
    {
        var pipeline = Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml");
        var plain = Path.Combine(_dir, "plain");
        Assert.Equal(0, Cf(null, "run", pipeline, "--set", $"corpus={plain}").ExitCode);
        var expected = Digests(plain);
        Assert.Contains(expected.Keys, k => k.StartsWith("tokens/megatron/", StringComparison.Ordinal));
        Assert.Contains(expected.Keys, k => k.StartsWith("rejected/main/dedup.exact_v1/", StringComparison.Ordinal));
        foreach (var tasks in new[] { 1, 2, 4 })
        {
            var corpus = Path.Combine(_dir, $"tasks{tasks}");
            var run = Cf(null, "run", pipeline, "--set", $"corpus={corpus}", "--tasks", tasks.ToString());
            Assert.True(run.ExitCode == 0, run.Error);
            AssertSame(expected, Digests(corpus), $"--tasks {tasks}");
            Assert.Equal(Counts(plain), Counts(corpus));
            Assert.False(Directory.Exists(Path.Combine(corpus, "exchange")), "the merge removes the exchange files");
        }
    }

    [Fact]
    public void Phases_as_parallel_processes_equal_one_process_and_a_refresh_dedups_against_them()
    {
        WriteInputs(Path.Combine(_dir, "in"), first: 0, files: 6, perFile: 120, seed: 1);
        var plain = Path.Combine(_dir, "plain");
        Assert.Equal(0, Cf(null, "run", "pipeline.yaml", "--set", $"corpus={plain}").ExitCode);
        var dist = Path.Combine(_dir, "dist");

        var phases = Cf(null, "phases", "pipeline.yaml", "--set", $"corpus={dist}", "--tasks", "3", "--json");
        Assert.Equal(0, phases.ExitCode);
        using (var phasePlan = JsonDocument.Parse(phases.Out))
        {
            Assert.Equal(["map", "dedup", "finish", "merge"], phasePlan.RootElement.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.Equal([3, 1, 3, 1], phasePlan.RootElement.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("tasks").GetInt32()));
        }

        // The rank comes from the scheduler's environment: Slurm array variables for map, a Kubernetes Indexed Job's
        // for finish; the tasks of a phase run at the same time.
        RunTogether(Enumerable.Range(0, 3).Select(t => (new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = $"{t}", ["SLURM_ARRAY_TASK_COUNT"] = "3" },
            new[] { "run", "pipeline.yaml", "--set", $"corpus={dist}", "--phase", "map" })));
        Assert.Equal(0, Cf(null, "run", "pipeline.yaml", "--set", $"corpus={dist}", "--phase", "dedup", "--task", "0", "--tasks", "3").ExitCode);
        RunTogether(Enumerable.Range(0, 3).Select(t => (new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = $"{t}", ["CORPUSFORGE_TASKS"] = "3" },
            new[] { "run", "pipeline.yaml", "--set", $"corpus={dist}", "--phase", "finish" })));
        Assert.Equal(0, Cf(null, "run", "pipeline.yaml", "--set", $"corpus={dist}", "--phase", "merge", "--task", "0", "--tasks", "3").ExitCode);

        var expected = Digests(plain);
        Assert.Contains(expected.Keys, k => k.StartsWith("rejected/main/dedup.minhash_v1/", StringComparison.Ordinal));
        AssertSame(expected, Digests(dist), "3 tasks phase by phase");
        for (var t = 0; t < 3; t++)
        {
            using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(dist, "state", "tasks", "finish", $"task-{t}-of-3.json")));
            Assert.Equal(t, record.RootElement.GetProperty("task").GetInt32());
            Assert.True(record.RootElement.GetProperty("inputs").GetArrayLength() == 2, "6 equal inputs are balanced 2 per task");
        }

        // The commit records carry the fingerprints the map tasks made: a plain run finds nothing to do.
        var plan = Cf(null, "run", "pipeline.yaml", "--set", $"corpus={dist}", "--dry-run");
        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("6 input(s): 0 new (0.0 MB), 0 changed, 0 stale, 6 unchanged", plan.Out + plan.Error);

        // Resubmitting a finished task does nothing.
        var again = Cf(null, "run", "pipeline.yaml", "--set", $"corpus={dist}", "--phase", "merge", "--task", "0", "--tasks", "3");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already complete", again.Error);

        // New inputs repeating earlier documents: the plain refresh and a distributed one (another task count is fine
        // once the earlier run finished) both remove them against what the first run kept, identically.
        WriteInputs(Path.Combine(_dir, "in"), first: 6, files: 2, perFile: 120, seed: 1);
        Assert.Equal(0, Cf(null, "run", "pipeline.yaml", "--set", $"corpus={plain}").ExitCode);
        var refresh = Cf(null, "run", "pipeline.yaml", "--set", $"corpus={dist}", "--tasks", "2");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Contains("2 new", refresh.Error);
        var refreshed = Digests(plain);
        AssertSame(refreshed, Digests(dist), "refresh with 2 tasks");
        var removedLater = Rejected(dist, "dedup.exact_v1", "docs.part-06") + Rejected(dist, "dedup.minhash_v1", "docs.part-06");
        Assert.True(removedLater > 10, $"the refresh removed only {removedLater} repeats of earlier documents");
    }

    [Fact]
    public void Tasks_killed_mid_phase_and_run_again_lose_and_duplicate_nothing()
    {
        WriteInputs(Path.Combine(_dir, "in"), first: 0, files: 8, perFile: 400, seed: 2);
        var plain = Path.Combine(_dir, "plain");
        Assert.Equal(0, Cf(null, "run", "pipeline.yaml", "--set", $"corpus={plain}").ExitCode);
        var dist = Path.Combine(_dir, "dist");
        string[] Task(string phase, int task) => ["run", "pipeline.yaml", "--set", $"corpus={dist}", "--workers", "1", "--phase", phase, "--task", $"{task}", "--tasks", "2"];

        // Killed once it has passed one input on (exchange commit) and is inside the next.
        Assert.True(KillAfter(Task("map", 0), Path.Combine(dist, "exchange", "map", "commits")), "map task 0 finished before it could be killed");
        Assert.False(File.Exists(Path.Combine(dist, "state", "tasks", "map", "task-0-of-2.json")), "a killed task has no completion record");
        var refused = Cf(null, Task("dedup", 0));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("needs phase map complete; task(s) 0, 1 of 2 have no completion record", refused.Error);
        Assert.Equal(0, Cf(null, Task("map", 0)).ExitCode);
        Assert.Equal(0, Cf(null, Task("map", 1)).ExitCode);
        // The replay killed after passing one input on: its rerun reopens the dedup index from the segments committed
        // so far and goes on from the next input in canonical order.
        Assert.True(KillAfter(Task("dedup", 0), Path.Combine(dist, "exchange", "dedup", "commits")), "the dedup task finished before it could be killed");
        Assert.Equal(0, Cf(null, Task("dedup", 0)).ExitCode);
        // Killed once it has committed one input to the corpus.
        Assert.True(KillAfter(Task("finish", 1), Path.Combine(dist, "state", "main", "commits")), "finish task 1 finished before it could be killed");
        var committed = Directory.GetFiles(Path.Combine(dist, "state", "main", "commits"), "*.json").Length;
        Assert.InRange(committed, 1, 3);
        var rerun = Cf(null, Task("finish", 1));
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains($"{committed} of 4 input(s) already done", rerun.Error);
        Assert.Equal(0, Cf(null, Task("finish", 0)).ExitCode);
        Assert.Equal(0, Cf(null, Task("merge", 0)).ExitCode);
        AssertSame(Digests(plain), Digests(dist), "after kills");
        Assert.Empty(Directory.EnumerateFiles(dist, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Usage_errors_exit_2_and_a_plain_run_waits_for_an_unfinished_distributed_one()
    {
        WriteInputs(Path.Combine(_dir, "in"), first: 0, files: 2, perFile: 20, seed: 3);
        var corpus = Path.Combine(_dir, "c");
        string[] Args(params string[] more) => ["run", "pipeline.yaml", "--set", $"corpus={corpus}", .. more];
        var cases = new (string[] Args, string Message)[]
        {
            (Args("--phase", "reduce", "--task", "0", "--tasks", "2"), "no phase 'reduce'"),
            (Args("--phase", "map", "--task", "2", "--tasks", "2"), "has 2 task(s)"),
            (Args("--phase", "map", "--task", "0", "--tasks", "0"), "at least 1"),
            (Args("--phase", "map", "--task", "0"), "--tasks is missing"),
            (Args("--phase", "map", "--tasks", "2"), "--task is missing"),
            (Args("--task", "0", "--tasks", "2"), "--task needs --phase"),
            (Args("--phase", "finish", "--task", "0", "--tasks", "2"), "run phase map first"),
        };
        foreach (var (args, message) in cases)
        {
            var run = Cf(null, args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)} exited {run.ExitCode}: {run.Error}");
            Assert.Contains(message, run.Error);
        }

        var bad = Cf(new() { ["SLURM_ARRAY_TASK_ID"] = "x1" }, Args("--phase", "map", "--tasks", "2"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("SLURM_ARRAY_TASK_ID=x1 is not a whole number", bad.Error);

        Assert.Equal(0, Cf(null, Args("--phase", "map", "--task", "0", "--tasks", "2")).ExitCode);
        var other = Cf(null, Args("--phase", "map", "--task", "0", "--tasks", "3"));
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("uses --tasks 2", other.Error);
        var plain = Cf(null, Args());
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("distributed run of this corpus (--tasks 2) is unfinished", plain.Error);
        var phases = Cf(null, "phases", "pipeline.yaml", "--set", $"corpus={corpus}", "--tasks", "2", "--json");
        Assert.Equal(0, phases.ExitCode);
        using var plan = JsonDocument.Parse(phases.Out);
        var map = plan.RootElement.GetProperty("phases")[0];
        Assert.Equal([1], map.GetProperty("missing").EnumerateArray().Select(e => e.GetInt32()));
    }

    internal static void AssertSame(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, string what)
    {
        var differing = expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k)).ToList();
        Assert.True(differing.Count == 0, $"{what}: {differing.Count} file(s) differ from one process: {string.Join(", ", differing.Take(10))}");
        Assert.True(expected.Count > 5, $"{what}: only {expected.Count} files compared");
    }

    /// <summary>sha256 of every file a user reads (outputs, token shards and parts, removed documents) and of the
    /// persisted dedup state a later run deduplicates against.</summary>
    internal static SortedDictionary<string, string> Digests(string corpus)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "data", "tokens", "rejected", "quarantine", "state/main/dedup.exact_v1/inputs", "state/main/dedup.minhash_v1/inputs" })
        {
            var path = Path.Combine(corpus, folder);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(corpus, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    /// <summary>The merged stats of the last run without timings: counts per stage, profile, outputs, thresholds.</summary>
    private static string Counts(string corpus)
    {
        var phase = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "stats", "latest.json")))!["phases"]![0]!.AsObject();
        phase.Remove("commit_protocol_seconds");
        foreach (var stage in phase["stages"]!.AsArray().Append(phase["reader"])) stage!.AsObject().Remove("busy_seconds");
        return phase.ToJsonString();
    }

    private static int Rejected(string corpus, string stage, string shard)
    {
        var path = Path.Combine(corpus, "rejected", "main", stage, shard + ".jsonl.gz");
        if (!File.Exists(path)) return 0;
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));
        var count = 0;
        while (reader.ReadLine() is not null) count++;
        return count;
    }

    /// <summary>Starts a task and SIGKILLs it as soon as <paramref name="commits"/> holds a commit record (it is
    /// then inside its next input); false when it finished first.</summary>
    private bool KillAfter(string[] args, string commits)
    {
        using var process = Process.Start(Start(null, args))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (Directory.Exists(commits) && Directory.EnumerateFiles(commits, "*.json").Any())
            {
                process.Kill(); // SIGKILL on Unix: nothing is flushed, no handler runs
                process.WaitForExit();
                return true;
            }

            Thread.Sleep(5);
        }

        process.WaitForExit();
        return false;
    }

    private void RunTogether(IEnumerable<(Dictionary<string, string> Environment, string[] Args)> tasks)
    {
        var processes = tasks.Select(t =>
        {
            var process = Process.Start(Start(t.Environment, t.Args))!;
            return (process, Out: process.StandardOutput.ReadToEndAsync(), Error: process.StandardError.ReadToEndAsync());
        }).ToList();
        foreach (var (process, _, error) in processes)
        {
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "a task did not finish in 3 minutes");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error.Result);
            process.Dispose();
        }
    }

    private (int ExitCode, string Out, string Error) Cf(Dictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Start(environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"corpusforge {string.Join(' ', args)} did not finish in 3 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private ProcessStartInfo Start(Dictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "corpusforge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        // The scheduler's variables of the test host must not leak into tasks that are given their rank.
        foreach (var name in new[] { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX", "CORPUSFORGE_TASKS" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        return start;
    }

    /// <summary>Documents repeating earlier ones across files exactly, with other case and white space, or with a few
    /// words changed, so both dedup stages remove documents of later files because of earlier ones; some too short.</summary>
    private static void WriteInputs(string folder, int first, int files, int perFile, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 2000).Select(i => $"w{i:x}").ToArray();
        var texts = new List<string>();
        // The same generator state for the first files whatever is written later, so a refresh repeats them.
        for (var f = 0; f < first + files; f++)
        {
            var lines = new List<string>();
            for (var i = 0; i < perFile; i++)
            {
                string text;
                var roll = random.NextDouble();
                if (texts.Count > 0 && roll < 0.08) text = texts[random.Next(texts.Count)];
                else if (texts.Count > 0 && roll < 0.12) text = "  " + texts[random.Next(texts.Count)].ToUpperInvariant();
                else if (texts.Count > 0 && roll < 0.22)
                {
                    var words = texts[random.Next(texts.Count)].Split(' ');
                    for (var k = 0; k < 2; k++) words[random.Next(words.Length)] = "edited";
                    text = string.Join(' ', words);
                }
                else if (roll < 0.27) text = "too short to keep";
                else text = string.Join(' ', Enumerable.Range(0, 60 + random.Next(160)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));

                texts.Add(text);
                lines.Add(JsonSerializer.Serialize(new { id = $"f{f}-{i}", text, url = $"https://example.org/{f}/{i}" }));
            }

            if (f >= first) File.WriteAllLines(Path.Combine(folder, $"part-{f:D2}.jsonl"), lines);
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
