using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Dedup;

/// <summary>Runs the dedup stages through the real engine from a pipeline file, twice, as a corpus refresh would.</summary>
public sealed class DedupPipelineTests
{
    private const string Pipeline = """
        version: 1
        name: dedup-test
        corpus: corpus
        inputs:
          - name: docs
            reader: test.tsv_reader_v1
            paths: [ "in/*.tsv" ]
        stages:
          - stage: dedup.url_v1
          - stage: dedup.exact_v1
          - stage: dedup.minhash_v1
          - stage: dedup.lines_v1
            options:
              min_chars: 20
        outputs:
          - writer: test.tsv_writer_v1
            path: out
        """;

    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + random.Next(100000)));
    }

    [Fact]
    public async Task A_second_run_over_new_inputs_removes_duplicates_of_the_first_runs_output()
    {
        using var dir = new TempDir();
        var registry = BuiltInComponents.CreateRegistry(typeof(TsvReader).Assembly);
        var pipeline = Path.Combine(dir.Path, "pipeline.yaml");
        File.WriteAllText(pipeline, Pipeline);
        Directory.CreateDirectory(Path.Combine(dir.Path, "in"));
        var article = Words(1, 300);
        var footer = "Share this page with your friends and family today";
        File.WriteAllLines(Path.Combine(dir.Path, "in", "a.tsv"), [
            $"a1\thttps://x.org/1\t{article}",
            $"a2\thttps://x.org/2\t{Words(2, 200)}\\n{footer}",
            $"a3\thttps://x.org/1\tanything at the same url",
        ]);
        File.WriteAllLines(Path.Combine(dir.Path, "in", "b.tsv"), [
            $"b1\thttps://y.org/1\t{article.ToUpperInvariant()}",
            $"b2\thttps://y.org/2\t{Words(3, 200)}\\n{footer}",
        ]);

        var log = new List<string>();
        var first = await new PipelineRunner().RunAsync(new PipelineLoader(registry).Load(pipeline, []), new RunOptions { Workers = 2, BatchSize = 2, Log = log.Add });
        Assert.True(first.Succeeded);
        Assert.Equal(["a1", "a2", "b2"], OutputIds(dir.Path));
        Assert.Contains(log, l => l.Contains("P=0.5 at s="));

        // New inputs: a near copy of a1, an exact copy of a2 and a new document carrying a2's boilerplate line.
        var nearCopy = string.Join(' ', article.Split(' ').Select((w, i) => i % 80 == 40 ? "edited" : w));
        File.WriteAllLines(Path.Combine(dir.Path, "in", "c.tsv"), [
            $"c1\thttps://z.org/1\t{nearCopy}",
            $"c2\thttps://z.org/2\t{Words(2, 200)}\\n{footer}",
            $"c3\thttps://z.org/3\t{Words(4, 200)}\\n{footer}",
        ]);
        await new PipelineRunner().RunAsync(new PipelineLoader(registry).Load(pipeline, []), new RunOptions { Workers = 2, BatchSize = 2 });

        Assert.Equal(["a1", "a2", "b2", "c3"], OutputIds(dir.Path));
        Assert.DoesNotContain(footer, File.ReadAllText(Directory.GetFiles(Path.Combine(dir.Path, "corpus", "out"), "*c.txt").Single()));
        var rejected = RejectedAttributes(dir.Path);
        Assert.Equal("a1", rejected["c1"].GetProperty("dedup.kept_id").GetString());
        Assert.Equal("a2", rejected["c2"].GetProperty("dedup.kept_id").GetString());
        Assert.Equal("a1", rejected["b1"].GetProperty("dedup.kept_id").GetString());
        Assert.Equal("a1", rejected["a3"].GetProperty("dedup.kept_id").GetString());
    }

    [Fact]
    public async Task Documents_of_a_failed_shard_are_forgotten_before_the_next_shard_and_on_retry()
    {
        using var dir = new TempDir();
        var registry = BuiltInComponents.CreateRegistry(typeof(TsvReader).Assembly);
        var pipeline = Path.Combine(dir.Path, "pipeline.yaml");
        File.WriteAllText(pipeline, Pipeline);
        Directory.CreateDirectory(Path.Combine(dir.Path, "in"));
        var input = Path.Combine(dir.Path, "in", "a.tsv");
        File.WriteAllLines(input, [$"a1\thttps://x.org/1\t{Words(1, 300)}", $"a2\thttps://x.org/2\t{Words(2, 300)}", "THROW"]);
        // A later shard of the same run holds a copy of a1: the failed shard must be forgotten before it is seen.
        File.WriteAllLines(Path.Combine(dir.Path, "in", "b.tsv"), [$"b1\thttps://y.org/1\t{Words(1, 300)}"]);

        var failed = await new PipelineRunner().RunAsync(new PipelineLoader(registry).Load(pipeline, []), new RunOptions { Workers = 2, BatchSize = 1 });
        Assert.False(failed.Succeeded);
        Assert.Equal(["b1"], OutputIds(dir.Path));

        File.WriteAllLines(input, [$"a1\thttps://x.org/1\t{Words(1, 300)}", $"a2\thttps://x.org/2\t{Words(2, 300)}"]);
        var retried = await new PipelineRunner().RunAsync(new PipelineLoader(registry).Load(pipeline, []), new RunOptions { Workers = 2, BatchSize = 1 });
        Assert.True(retried.Succeeded);
        // a2 is new to the index; a1 is now a copy of b1, which the first run published.
        Assert.Equal(["a2", "b1"], OutputIds(dir.Path));
        Assert.Equal("b1", RejectedAttributes(dir.Path)["a1"].GetProperty("dedup.kept_id").GetString());
    }

    private static List<string> OutputIds(string root) =>
        Directory.GetFiles(Path.Combine(root, "corpus", "out"), "*.txt").SelectMany(File.ReadAllLines)
            .Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, JsonElement> RejectedAttributes(string root)
    {
        var result = new Dictionary<string, JsonElement>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "corpus", "rejected"), "*.jsonl.gz", SearchOption.AllDirectories))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                var json = JsonDocument.Parse(line).RootElement;
                result[json.GetProperty("id").GetString()!] = json.GetProperty("attributes").Clone();
            }
        }

        return result;
    }
}

/// <summary>No options.</summary>
public sealed class TsvOptions;

/// <summary>Reads "id TAB url TAB text" lines; <c>\n</c> in the text stands for a line break; a "THROW" line fails the shard.</summary>
[Component("test.tsv_reader_v1", "test reader: id, url and text per line")]
public sealed class TsvReader(TsvOptions options) : IDocumentReader
{
    private readonly TsvOptions _options = options;

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var record = 0L;
        foreach (var line in File.ReadLines(input.FullPath))
        {
            if (line == "THROW") throw new IOException($"disk error in {input.RelativePath}");
            var parts = line.Split('\t');
            yield return new Document { Id = parts[0], Url = parts[1], Text = parts[2].Replace("\\n", "\n"), Provenance = new Provenance(input.RelativePath, record++) };
        }
    }
}

/// <summary>Writes "id TAB text" lines to {base}.txt.</summary>
[Component("test.tsv_writer_v1", "test writer: id and text per line")]
public sealed class TsvWriter(TsvOptions options) : IDocumentWriter
{
    private readonly TsvOptions _options = options;

    /// <inheritdoc />
    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".txt"));

        public void Write(Document document) => _file.Stream.Write(Encoding.UTF8.GetBytes($"{document.Id}\t{document.Text.Replace("\n", "\\n")}\n"));

        public IReadOnlyList<string> Commit()
        {
            _file.Commit();
            return [_file.FinalPath];
        }

        public void Abort() => _file.Abort();

        public void Dispose() => _file.Dispose();
    }
}
