using System.Text.Json;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.EndToEnd;

/// <summary>Runs the checked-in books, code and transcripts pipelines on the samples through the engine.
/// The JSONL writer is swapped for a test writer until <c>writer.jsonl_v1</c> is in the registry.</summary>
public sealed class SourcesPipelineTests : IDisposable
{
    private static readonly Core.Registry.ComponentRegistry Registry = BuiltInComponents.CreateRegistry(typeof(CaptureWriter).Assembly);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(RunResult Result, List<JsonElement> Docs)> Run(string pipeline)
    {
        var writer = Registry.TryGet("writer.jsonl_v1", out _) ? "writer.jsonl_v1" : "test.sources_capture_v1";
        var spec = new PipelineLoader(Registry).Load(Path.Combine(SourceSamples.RepoRoot, "pipelines", pipeline),
            [$"corpus={_temp.Path}", $"outputs.0.writer={writer}"]);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = 2 });
        var docs = Directory.EnumerateFiles(Path.Combine(_temp.Path, "data"), "*.jsonl*").Order(StringComparer.Ordinal)
            .SelectMany(ReadLines).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (result, docs);
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        using var stream = CorpusForge.Core.IO.Compression.OpenRead(path);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) yield return line;
        }
    }

    private static string Meta(JsonElement doc, string key) => doc.GetProperty("metadata").GetProperty(key).ToString();

    [Fact]
    public async Task BooksPipelineWritesCleanBooksWithMetadata()
    {
        var (result, docs) = await Run("books.yaml");
        Assert.True(result.Succeeded);
        Assert.True(result.Stats.Phases[0].CountsAddUp(out var explanation), explanation);
        Assert.Equal(4, docs.Count);
        var lighthouse = docs.Single(d => d.GetProperty("id").GetString() == "the-lighthouse-keeper.txt");
        Assert.Equal("Marten Olafsby", Meta(lighthouse, "author"));
        Assert.DoesNotContain("Gutenberg", lighthouse.GetProperty("text").GetString());
        var epub = docs.Single(d => d.GetProperty("id").GetString() == "notes-from-the-tide-line.epub");
        Assert.Equal("Notes from the Tide Line", Meta(epub, "title"));
        Assert.StartsWith("Chapter One: Low Water\n\n", epub.GetProperty("text").GetString());
        Assert.Equal("windows-1252", Meta(docs.Single(d => d.GetProperty("id").GetString() == "a-winter-letter-cp1252.txt"), "encoding"));
    }

    [Fact]
    public async Task CodePipelineCountsSkipsByReasonAndRedactsSecrets()
    {
        var (result, docs) = await Run("code.yaml");
        Assert.True(result.Succeeded);
        var phase = result.Stats.Phases[0];
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        var skip = phase.Stages.Single(s => s.Id == "filter.code_skip_v1");
        Assert.Equal(new Dictionary<string, long>
        {
            ["binary"] = 2, ["generated"] = 2, ["gitignored"] = 3, ["lock_file"] = 1, ["minified"] = 2, ["vendored"] = 3,
        }, skip.DroppedByReason.ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Equal(1, phase.Stages.Single(s => s.Id == "filter.code_max_line_length_v1").DroppedByReason.Single(kv => kv.Key == "line_too_long").Value);
        // The hex glyph table and the PEM key file (mostly base64) are both encoded data.
        Assert.Equal(2, phase.Stages.Single(s => s.Id == "filter.code_encoded_data_v1").DroppedByReason.Single(kv => kv.Key == "encoded_data").Value);
        Assert.Equal(1, phase.Stages.Single(s => s.Id == "filter.code_xml_v1").Dropped);

        var paths = docs.Select(d => Meta(d, "path")).ToList();
        Assert.DoesNotContain("docs/orders.xml", paths);
        Assert.DoesNotContain("src/lookup.py", paths);
        Assert.DoesNotContain("src/font_table.c", paths);
        Assert.DoesNotContain("keys/deploy_key.pem", paths);
        Assert.Contains("src/app.py", paths);
        var app = docs.Single(d => Meta(d, "path") == "src/app.py");
        Assert.Equal("Python", Meta(app, "language"));
        Assert.Equal("MIT", Meta(app, "license"));
        Assert.Equal("tinyrepo", Meta(app, "repo"));
        Assert.Equal(4, app.GetProperty("attributes").GetProperty("secrets.total").GetInt64());
        var all = string.Join("\n", docs.Select(d => d.GetProperty("text").GetString()));
        foreach (var secret in new[] { "AKIAZ3FAKEKEY0000TST", "ghp_FAKE", "sk_test_FAKE", "glpat-FAKE", "xoxb-", "AIzaSyFAKE", "Xq7!vR2", "BEGIN RSA PRIVATE KEY" })
            Assert.DoesNotContain(secret, all);

        // Every skipped file is in the rejected output with its reason.
        var rejected = Directory.EnumerateFiles(Path.Combine(_temp.Path, "rejected"), "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("filter.code_skip_v1", StringComparison.Ordinal)).SelectMany(ReadLines)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(13, rejected.Count);
        Assert.Contains(rejected, r => r.GetProperty("drop_reason").GetString() == "vendored" && r.GetProperty("id").GetString() == "tinyrepo/node_modules/left-pad/index.js");
    }

    [Fact]
    public async Task TranscriptsPipelineWritesOneDocumentPerFile()
    {
        var (result, docs) = await Run("transcripts.yaml");
        Assert.True(result.Succeeded);
        Assert.Equal(new[] { "harbour-interview.srt", "radio-call.txt", "tide-lecture.vtt" }, docs.Select(d => d.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(docs, d => Assert.DoesNotContain("-->", d.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task BadInputsAreQuarantinedWithReasonsAndTheRunGoesOn()
    {
        var inputs = Path.Combine(_temp.Path, "in");
        Directory.CreateDirectory(Path.Combine(inputs, "books"));
        File.Copy(SourceSamples.Sample("books/notes-from-the-tide-line.epub"), Path.Combine(inputs, "books", "good.epub"));
        File.WriteAllBytes(Path.Combine(inputs, "books", "corrupt.epub"), [.. "PK\u0003\u0004garbage"u8, .. new byte[64]]);
        Directory.CreateDirectory(Path.Combine(inputs, "subs"));
        File.WriteAllText(Path.Combine(inputs, "subs", "broken.srt"), "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n00:00:xx,000 --> 00:00:04,000\nBroken.\n");
        var pipeline = Path.Combine(_temp.Path, "bad.yaml");
        var writer = Registry.TryGet("writer.jsonl_v1", out _) ? "writer.jsonl_v1" : "test.sources_capture_v1";
        File.WriteAllText(pipeline, $$"""
            version: 1
            corpus: corpus
            inputs:
              - name: epubs
                reader: reader.epub_v1
                paths: [in/books/*.epub]
              - name: subs
                reader: reader.transcript_v1
                paths: [in/subs/*.srt]
            outputs:
              - writer: {{writer}}
                path: data
            """);
        var result = await new PipelineRunner().RunAsync(new PipelineLoader(Registry).Load(pipeline), new RunOptions { Workers = 2 });
        Assert.True(result.Succeeded);
        var phase = result.Stats.Phases[0];
        Assert.Equal(2, phase.Reader.Quarantined);
        Assert.Equal(2, phase.Written);
        var quarantined = Directory.EnumerateFiles(Path.Combine(_temp.Path, "corpus", "quarantine"), "*", SearchOption.AllDirectories)
            .SelectMany(ReadLines).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("drop_reason").GetString()).Order().ToList();
        Assert.Equal(2, quarantined.Count);
        Assert.StartsWith("corrupt EPUB", quarantined[0]);
        Assert.StartsWith("cue 2 (line 6): malformed timestamp line", quarantined[1]);
    }
}
