using System.IO.Compression;
using CorpusForge.Core.Pipeline;

namespace CorpusForge.Core.Tests.Pipeline;

public sealed class InputResolverTests : IDisposable
{
    private readonly TestPipelines _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void A_pattern_ending_in_a_slash_matches_folders_at_its_depth()
    {
        _t.Write("crawl/2026-01/a.txt", "a");
        _t.Write("crawl/2026-01/deeper/b.txt", "b");
        _t.Write("crawl/2026-02/c.txt", "c");
        _t.Write("crawl/2025-12/d.txt", "d");
        _t.Write("crawl/2026-notes.txt", "a file, not a folder");

        var folders = InputResolver.Resolve("web", [Path.Combine(_t.Root, "crawl/2026-*/")]);
        Assert.Equal(["2026-01", "2026-02"], folders.Select(f => f.RelativePath));
        Assert.All(folders, f => Assert.True(Directory.Exists(f.FullPath)));
        Assert.Equal(Path.Combine(_t.Root, "crawl", "2026-01"), folders[0].FullPath);

        // ** reaches folders at any depth; a file pattern still matches files only.
        var all = InputResolver.Resolve("web", [Path.Combine(_t.Root, "crawl/**/")]);
        Assert.Equal(["2025-12", "2026-01", "2026-01/deeper", "2026-02"], all.Select(f => f.RelativePath));
        var files = InputResolver.Resolve("web", [Path.Combine(_t.Root, "crawl/2026-*")]);
        Assert.Equal(["2026-notes.txt"], files.Select(f => f.RelativePath));
        Assert.Empty(InputResolver.Resolve("web", [Path.Combine(_t.Root, "missing/*/")]));
    }

    private const string Pipeline = """
        version: 1
        name: folder-inputs
        corpus: corpus
        inputs:
          - name: crawl
            reader: reader.text_v1
            paths: [crawl/*/]
        outputs:
          - writer: writer.jsonl_v1
            path: data
        """;

    private List<string> Documents() => Directory.EnumerateFiles(Path.Combine(_t.Corpus, "data"), "*.jsonl.gz")
        .SelectMany(path =>
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        })
        .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>One input per crawl folder: a run commits each folder once (one output part per folder); a new
    /// folder is processed alone; a folder that gains a page is withdrawn and processed again whole, so every page is
    /// in the corpus exactly once.</summary>
    [Fact]
    public async Task Each_matched_folder_is_one_input_and_a_refresh_processes_only_new_or_changed_folders()
    {
        _t.Write("crawl/2026-01/a.txt", "page a of the first crawl");
        _t.Write("crawl/2026-01/b.txt", "page b of the first crawl");
        _t.Write("crawl/2026-02/c.txt", "page c of the second crawl");
        var first = await _t.RunAsync(Pipeline);
        Assert.Equal(2, first.Stats.Phases[0].ShardsCompleted);
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(_t.Corpus, "data")).Count());
        Assert.Equal(3, Documents().Count);

        _t.Write("crawl/2026-03/d.txt", "page d of the third crawl");
        var refresh = await _t.RunAsync(Pipeline);
        Assert.Equal(1, refresh.Stats.Phases[0].ShardsCompleted);
        Assert.Equal(2, refresh.Stats.Phases[0].ShardsSkipped);
        Assert.Equal(1, refresh.Stats.Phases[0].Reader.In);

        _t.Write("crawl/2026-01/e.txt", "page e, added to the first crawl later");
        var changed = await _t.RunAsync(Pipeline);
        Assert.Equal(1, changed.Stats.Phases[0].ShardsCompleted);
        Assert.Equal(3, changed.Stats.Phases[0].Reader.In);
        Assert.Equal(
            ["page a of the first crawl", "page b of the first crawl", "page c of the second crawl", "page d of the third crawl", "page e, added to the first crawl later"],
            Documents());
    }

    /// <summary>A reader that reads files only (JSON Lines, WARC, Parquet) given a folder would fail at run time with
    /// "access denied"; the pipeline is refused when it is loaded, naming the input, the reader and the folder.</summary>
    [Fact]
    public void A_folder_given_to_a_reader_of_files_is_refused_when_the_pipeline_is_loaded()
    {
        _t.Write("dumps/2026-01/part.jsonl", "{\"text\": \"hello\"}\n");
        var error = Assert.Throws<ConfigException>(() => _t.Load("""
            version: 1
            corpus: corpus
            inputs:
              - name: dumps
                reader: reader.jsonl_v1
                paths: [dumps/*/]
            outputs:
              - writer: writer.jsonl_v1
                path: data
            """));
        Assert.Contains("input 'dumps': reader.jsonl_v1 reads files, not folders", error.Message);
        Assert.Contains("2026-01", error.Message);
        Assert.Contains("'dumps/*/*'", error.Message);
    }
}
