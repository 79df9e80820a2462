using System.Text.Json;

namespace CorpusForge.Cli.Tests;

/// <summary>The README's main command, end to end: the quick-start pipeline through the real CLI.</summary>
public class QuickstartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-quickstart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Error) RunQuickstart(string corpus, params string[] extra) =>
        CliProcess.Run(CliProcess.RepositoryRoot, ["run", "pipelines/quickstart.yaml", "--set", $"corpus={corpus}", .. extra]);

    private static Dictionary<string, byte[]> Files(string corpus, params string[] folders) =>
        folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(corpus, f), "*", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetRelativePath(corpus, f), File.ReadAllBytes);

    [Fact]
    public void QuickstartWritesEveryOutputWithCountsThatAddUp()
    {
        var corpus = Path.Combine(_dir, "corpus");
        var (exit, stdout, error) = RunQuickstart(corpus);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{error}");
        Assert.Contains("counts add up", stdout);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(corpus, "data", "jsonl"), "*.jsonl.gz"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(corpus, "data", "parquet"), "*.parquet"));
        Assert.True(File.Exists(Path.Combine(corpus, "tokens", "manifest.json")));

        var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "stats", "latest.json"))).RootElement;
        Assert.Equal("corpusforge.run_stats", stats.GetProperty("format").GetString());
        var phase = stats.GetProperty("phases")[0];
        Assert.True(phase.GetProperty("counts_add_up").GetBoolean());
        Assert.True(phase.GetProperty("documents_written").GetInt64() > 0);
        var reasons = phase.GetProperty("stages").EnumerateArray()
            .SelectMany(s => s.GetProperty("dropped_by_reason").EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Contains("too_few_words", reasons);
        Assert.Contains("exact_duplicate", reasons);
        Assert.Equal(1, phase.GetProperty("reader").GetProperty("quarantined").GetInt64());

        var (verifyExit, verifyOut, verifyError) = CliProcess.Run(CliProcess.RepositoryRoot, "shards", "verify", Path.Combine(corpus, "tokens"));
        Assert.True(verifyExit == 0, verifyOut + verifyError);

        var (inspectExit, inspectOut, _) = CliProcess.Run(CliProcess.RepositoryRoot, "inspect", corpus, "--rejected", "dedup.exact_v1");
        Assert.Equal(0, inspectExit);
        Assert.Contains("dup-0001", inspectOut);
        Assert.Contains("exact_duplicate (same as wiki-0001)", inspectOut);

        // A second run finds nothing new to do: every input is in the ledger with the same configuration.
        var (againExit, againOut, _) = RunQuickstart(corpus);
        Assert.Equal(0, againExit);
        Assert.Contains("3 skipped", againOut);
    }

    [Fact]
    public void OutputsAreByteIdenticalWithOneWorkerOrFour()
    {
        var one = Path.Combine(_dir, "one");
        var four = Path.Combine(_dir, "four");
        Assert.Equal(0, RunQuickstart(one, "--workers", "1").Exit);
        Assert.Equal(0, RunQuickstart(four, "--workers", "4").Exit);
        var a = Files(one, "data", "tokens/llmc", "tokens/megatron", "rejected", "quarantine");
        var b = Files(four, "data", "tokens/llmc", "tokens/megatron", "rejected", "quarantine");
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between 1 and 4 workers");
    }
}
