using System.Text.Json;

namespace CorpusForge.Cli.Tests;

public class DedupCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-dedup-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + random.Next(100000)));
    }

    private static string Line(string id, string text, double score) =>
        JsonSerializer.Serialize(new { id, text, attributes = new Dictionary<string, double> { ["quality.score"] = score } });

    [Fact]
    public async Task Four_stages_as_tasks_remove_near_duplicates_across_files()
    {
        var article = Words(1, 300);
        var copy = string.Join(' ', article.Split(' ').Select((w, i) => i == 150 ? "changed" : w));
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllLines(Path.Combine(_dir, "in", "a.jsonl"), [Line("a1", article, 0.2), Line("a2", Words(2, 200), 0.5)]);
        File.WriteAllLines(Path.Combine(_dir, "in", "b.jsonl"), [Line("b1", copy, 0.9), Line("b2", Words(3, 200), 0.5)]);
        string[] common = ["--input", Path.Combine(_dir, "in", "*.jsonl"), "--work", Path.Combine(_dir, "work")];

        for (var t = 0; t < 2; t++) Assert.Equal(0, await Cli.RunAsync(["dedup", "signatures", .. common, "--task", $"{t}", "--tasks", "2"]));
        for (var t = 0; t < 2; t++) Assert.Equal(0, await Cli.RunAsync(["dedup", "buckets", .. common, "--task", $"{t}", "--tasks", "2"]));
        Assert.Equal(0, await Cli.RunAsync(["dedup", "clusters", .. common]));
        Assert.Equal(0, await Cli.RunAsync(["dedup", "remove", .. common, "--output", Path.Combine(_dir, "out"), "--task", "1", "--tasks", "2"]));
        Assert.Equal(0, await Cli.RunAsync(["dedup", "remove", .. common, "--output", Path.Combine(_dir, "out"), "--task", "0", "--tasks", "2"]));

        Assert.Equal(["a1", "a2"], Ids(Path.Combine(_dir, "out", "kept", "a.jsonl")));
        Assert.Equal(["b2"], Ids(Path.Combine(_dir, "out", "kept", "b.jsonl")));
        var removed = JsonDocument.Parse(File.ReadAllLines(Path.Combine(_dir, "out", "removed", "b.jsonl")).Single()).RootElement;
        Assert.Equal("near_duplicate", removed.GetProperty("drop_reason").GetString());
        Assert.Equal("a1", removed.GetProperty("attributes").GetProperty("dedup.kept_id").GetString());
    }

    [Fact]
    public async Task Highest_score_keep_rule_keeps_the_better_copy_and_bad_options_are_config_errors()
    {
        var article = Words(4, 300);
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllLines(Path.Combine(_dir, "in", "a.jsonl"), [Line("low", article, 0.1), Line("high", article + " extra", 0.9)]);
        string[] common = ["--input", Path.Combine(_dir, "in", "a.jsonl"), "--work", Path.Combine(_dir, "work"), "--option", "keep=highest_score"];

        Assert.Equal(ExitCodes.ConfigError, await Cli.RunAsync(["dedup", "signatures", .. common, "--option", "bandz=3"]));
        // A folder is no JSON Lines file: refused up front, not failed mid-read.
        Assert.Equal(ExitCodes.ConfigError, await Cli.RunAsync(["dedup", "signatures", "--input", Path.Combine(_dir, "in"), "--work", Path.Combine(_dir, "work")]));
        foreach (var stage in new[] { "signatures", "buckets", "clusters" }) Assert.Equal(0, await Cli.RunAsync(["dedup", stage, .. common]));
        Assert.Equal(0, await Cli.RunAsync(["dedup", "remove", .. common, "--output", Path.Combine(_dir, "out")]));

        Assert.Equal(["high"], Ids(Path.Combine(_dir, "out", "kept", "a.jsonl")));
    }

    private static List<string> Ids(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
}
