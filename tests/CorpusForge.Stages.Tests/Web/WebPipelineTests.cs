using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>The web stages run through the engine on the sample WARC: WARC → extract → URL filter → write.</summary>
public sealed class WebPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("web-pipeline").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The web components alone (pipelines/web.yaml adds normalisation and the JSONL writer), written as plain JSON
    // lines so that the test can read ids, provenance and metadata back directly.
    private static string Pipeline(string samples) => $"""
        version: 1
        name: web-test
        corpus: corpus
        inputs:
          - name: crawl
            reader: reader.warc_v1
            paths: ["{samples}/*.warc.gz"]
        stages:
          - stage: extract.html_v1
          - stage: filter.url_v1
            options:
              blocked_domain_files: ["{samples}/blocked-domains.txt"]
        outputs:
          - writer: test.web_jsonl_v1
            path: out
        """;

    [Fact]
    public async Task Sample_warc_runs_to_clean_text_with_provenance_and_reasons()
    {
        var samples = Path.GetDirectoryName(SampleWarc.CommittedPath)!.Replace('\\', '/');
        var path = Path.Combine(_root, "web.yaml");
        await File.WriteAllTextAsync(path, Pipeline(samples));
        var registry = BuiltInComponents.CreateRegistry(typeof(WebPipelineTests).Assembly);
        var spec = new PipelineLoader(registry).Load(path, []);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = 2 });

        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var why), why);
        Assert.Equal(7, phase.Reader.Out);
        Assert.Equal(("no_main_content", 1L), phase.Stages[0].DroppedByReason.Select(kv => (kv.Key, kv.Value)).Single());
        Assert.Equal(("url_blocked_domain", 1L), phase.Stages[1].DroppedByReason.Select(kv => (kv.Key, kv.Value)).Single());

        var written = Directory.EnumerateFiles(Path.Combine(_root, "corpus", "out")).SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, written.Count);
        var news = written[0];
        Assert.StartsWith("Harbour bridge repairs to close northbound lanes for six weeks\n", news.GetProperty("text").GetString());
        Assert.DoesNotContain("cookies", news.GetProperty("text").GetString());
        Assert.Equal("urn:uuid:6a1f0c3e-5b2d-4e8a-9c41-000000000003", news.GetProperty("id").GetString());
        Assert.Equal("sample.warc.gz", news.GetProperty("provenance").GetProperty("file").GetString());
        Assert.Equal(2, news.GetProperty("provenance").GetProperty("record").GetInt64());

        // The provenance offset addresses the record's gzip member in the file.
        var offset = news.GetProperty("provenance").GetProperty("offset").GetInt64();
        await using var file = File.OpenRead(SampleWarc.CommittedPath);
        file.Position = offset;
        using var member = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var header = new char[400];
        var head = new string(header, 0, member.Read(header));
        Assert.Contains("WARC-Record-ID: <urn:uuid:6a1f0c3e-5b2d-4e8a-9c41-000000000003>", head);

        var russian = written.Single(w => w.GetProperty("url").GetString()!.Contains("povolzhye"));
        Assert.StartsWith("В Казани откроют новую линию метро к 2027 году", russian.GetProperty("text").GetString());
        Assert.Equal("ru", russian.GetProperty("metadata").GetProperty("lang").GetString());
    }

    [Fact]
    public async Task The_checked_in_web_pipeline_runs_on_the_sample()
    {
        var pipeline = Path.Combine(SampleWarc.RepositoryRoot, "pipelines", "web.yaml");
        var corpus = Path.Combine(_root, "corpus-web");
        var spec = new PipelineLoader(BuiltInComponents.CreateRegistry()).Load(pipeline, [$"corpus={corpus}"]);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = 2 });
        Assert.True(result.Succeeded);

        var lines = new List<JsonElement>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, "data", "jsonl"), "*.jsonl.gz"))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        Assert.Equal(5, lines.Count);
        Assert.StartsWith("Harbour bridge repairs", lines[0].GetProperty("text").GetString());
        Assert.All(lines, l => Assert.Equal("sample.warc.gz", l.GetProperty("provenance").GetProperty("file").GetString()));
    }

    [Fact]
    public void Extraction_works_on_documents_from_the_html_folder_reader()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "pages")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "extraction", "src", "news-ru.html"), Path.Combine(folder, "news-ru.html"));
        var reader = new CorpusForge.Stages.Readers.HtmlReader(new CorpusForge.Stages.Readers.HtmlReaderOptions());
        var doc = Assert.Single(reader.Read(new InputFile(folder, "pages", "html", 0), CancellationToken.None)).Document!;
        var result = new CorpusForge.Stages.Extraction.HtmlExtractor(new CorpusForge.Stages.Extraction.HtmlExtractorOptions()).Process(doc);
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        Assert.StartsWith("В Казани откроют новую линию метро к 2027 году\n", result.Document!.Text);
        Assert.DoesNotContain("Реклама", result.Document.Text);
    }
}

/// <summary>Test writer: documents as JSON lines (the format's own writer lives in another area).</summary>
[Component("test.web_jsonl_v1", "test writer: documents as JSON lines")]
public sealed class WebJsonlWriter(WebJsonlWriter.Options options) : IDocumentWriter
{
    private readonly Options _options = options;

    /// <summary>No options.</summary>
    public sealed class Options;

    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".jsonl"));

        public void Write(Document document)
        {
            using (var json = new Utf8JsonWriter(_file.Stream, DocumentJson.WriterOptions)) DocumentJson.Write(json, document);
            _file.Stream.Write("\n"u8);
        }

        public IReadOnlyList<string> Commit()
        {
            _file.Commit();
            return [_file.FinalPath];
        }

        public void Abort() => _file.Abort();

        public void Dispose() => _file.Dispose();
    }
}
