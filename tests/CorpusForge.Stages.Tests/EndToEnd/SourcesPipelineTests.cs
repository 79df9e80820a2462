using System.Text.Json;
using CorpusForge.Core.Engine;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.EndToEnd;

/// <summary>Runs the checked-in books, code and transcripts pipelines, as checked in, on the samples through the engine.</summary>
public sealed class SourcesPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<(RunResult Result, List<JsonElement> Docs)> Run(string pipeline)
    {
        var result = await PipelineHarness.RunAsync(PipelineHarness.RepoFile($"pipelines/{pipeline}"), new RunOptions { Workers = 2 },
            $"corpus={_harness.Root}");
        var docs = PipelineHarness.ReadLines(_harness.PathOf("data")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (result, docs);
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
        var rejected = PipelineHarness.ReadLines(Directory.GetDirectories(_harness.PathOf("rejected"), "filter.code_skip_v1", SearchOption.AllDirectories).Single())
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
        var inputs = _harness.PathOf("in");
        Directory.CreateDirectory(Path.Combine(inputs, "books"));
        File.Copy(SourceSamples.Sample("books/notes-from-the-tide-line.epub"), Path.Combine(inputs, "books", "good.epub"));
        File.WriteAllBytes(Path.Combine(inputs, "books", "corrupt.epub"), [.. "PK\u0003\u0004garbage"u8, .. new byte[64]]);
        Directory.CreateDirectory(Path.Combine(inputs, "subs"));
        File.WriteAllText(Path.Combine(inputs, "subs", "broken.srt"), "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n00:00:xx,000 --> 00:00:04,000\nBroken.\n");
        var result = await _harness.RunYamlAsync("""
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
              - writer: writer.jsonl_v1
                path: data
            """, new RunOptions { Workers = 2 });
        Assert.True(result.Succeeded);
        var phase = result.Stats.Phases[0];
        Assert.Equal(2, phase.Reader.Quarantined);
        Assert.Equal(2, phase.Written);
        var quarantined = PipelineHarness.ReadDocuments(_harness.PathOf("corpus/quarantine"), "*")
            .Select(PipelineHarness.DropReason).Order().ToList();
        Assert.Equal(2, quarantined.Count);
        Assert.StartsWith("corrupt EPUB", quarantined[0]);
        Assert.StartsWith("cue 2 (line 6): malformed timestamp line", quarantined[1]);
    }
}
