using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace CorpusForge.Cli.Tests;

/// <summary>The crash-safety harness: runs the real CLI on a multi-file input with exact and MinHash dedup, JSONL and
/// token shards, SIGKILLs it at seeded random moments, resumes, and compares the sha256 of every output file with an
/// uninterrupted run. A corpus is killed and resumed until a run finishes, then compared and started afresh.
/// <c>CORPUSFORGE_KILLS</c> sets the number of kills (CI: 20; <c>scripts/kill-bench.sh</c>: 200).</summary>
public sealed class KillResumeTests : IDisposable
{
    private const string Pipeline = """
        version: 1
        name: kill-test
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: dedup.exact_v1
          - stage: dedup.minhash_v1
        outputs:
          - writer: writer.jsonl_v1
            path: data/jsonl
          - writer: writer.token_shards_v1
            path: tokens
            options:
              tokenizer: gpt2
              shard_tokens: 200000
              validation_fraction: 0.05
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-kill-" + Guid.NewGuid().ToString("N"));

    public KillResumeTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
        WriteInputs(Path.Combine(_dir, "in"), files: 8, perFile: 400);
    }

    [Fact]
    public void Killing_the_run_at_random_moments_and_resuming_gives_the_uninterrupted_outputs()
    {
        var target = int.TryParse(Environment.GetEnvironmentVariable("CORPUSFORGE_KILLS"), out var n) ? n : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CORPUSFORGE_KILL_SEED"), out var s) ? s : 20261204;

        var reference = Path.Combine(_dir, "reference");
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Run(reference, kill: null).ExitCode);
        var expected = Digests(reference);
        Assert.Contains(expected.Keys, k => k.StartsWith("tokens/llmc/", StringComparison.Ordinal));
        Assert.Contains(expected.Keys, k => k.StartsWith("rejected/", StringComparison.Ordinal));
        // The length of a whole run, re-estimated from every run that finishes (the machine's load varies).
        var fullRun = clock.Elapsed.TotalMilliseconds;

        var random = new Random(seed);
        var kills = 0;
        var rounds = 0;
        var differing = new List<string>();
        var corpus = Path.Combine(_dir, "round-0");
        for (var attempt = 0; kills < target && attempt < target * 4; attempt++)
        {
            // From process start to the whole run's length: early kills land in start-up, planning and recovery,
            // later ones inside and between input commits and during token-shard assembly.
            var delay = TimeSpan.FromMilliseconds(fullRun * (0.05 + 0.9 * random.NextDouble()));
            clock.Restart();
            var run = Run(corpus, delay);
            if (run.Killed)
            {
                kills++;
                continue;
            }

            Assert.True(run.ExitCode == 0, $"resume failed: {run.Error}");
            Compare(corpus, rounds++);
            fullRun = Math.Max(fullRun * 0.5 + clock.Elapsed.TotalMilliseconds * 0.5, 300);
        }

        var last = Run(corpus, kill: null);
        Assert.True(last.ExitCode == 0, $"resume failed: {last.Error}");
        Compare(corpus, rounds++);

        Console.WriteLine($"kill harness: {kills} kills over {rounds} resumed corpora (seed {seed}), {differing.Count} differing output file(s)");
        Assert.True(kills >= target, $"only {kills} of {target} runs were killed before finishing");
        Assert.Empty(differing);

        void Compare(string folder, int round)
        {
            var actual = Digests(folder);
            foreach (var file in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
            {
                if (expected.GetValueOrDefault(file) != actual.GetValueOrDefault(file)) differing.Add($"round {round}: {file}");
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>sha256 of every file a user reads: outputs, token shards and parts, removed documents.</summary>
    private static SortedDictionary<string, string> Digests(string corpus)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "data", "tokens", "rejected", "quarantine" })
        {
            var path = Path.Combine(corpus, folder);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(corpus, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    private (int ExitCode, bool Killed, string Error) Run(string corpus, TimeSpan? kill)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "corpusforge.dll"), "run", "pipeline.yaml", "--workers", "2", "--set", $"corpus={corpus}" })
            start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (kill is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(); // SIGKILL on Unix: no handler runs, nothing is flushed
            process.WaitForExit();
            return (-1, true, "");
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill();
            throw new TimeoutException("corpusforge run did not finish in 3 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, false, stderr.Result + stdout.Result);
    }

    /// <summary>Documents with exact, case-changed and lightly edited copies across files, so both dedup stages
    /// remove documents of later files because of earlier ones.</summary>
    private static void WriteInputs(string folder, int files, int perFile)
    {
        var random = new Random(11);
        var vocabulary = Enumerable.Range(0, 3000).Select(i => $"w{i:x}").ToArray();
        var texts = new List<string>();
        for (var f = 0; f < files; f++)
        {
            using var writer = new StreamWriter(Path.Combine(folder, $"part-{f:D2}.jsonl"));
            for (var i = 0; i < perFile; i++)
            {
                string text;
                var roll = random.NextDouble();
                if (texts.Count > 0 && roll < 0.1) text = texts[random.Next(texts.Count)];
                else if (texts.Count > 0 && roll < 0.15) text = texts[random.Next(texts.Count)].ToUpperInvariant();
                else if (texts.Count > 0 && roll < 0.25)
                {
                    var words = texts[random.Next(texts.Count)].Split(' ');
                    words[random.Next(words.Length)] = "edited";
                    text = string.Join(' ', words);
                }
                else text = string.Join(' ', Enumerable.Range(0, 80 + random.Next(200)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));

                texts.Add(text);
                writer.WriteLine(JsonSerializer.Serialize(new { id = $"f{f}-{i}", text }));
            }
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
