using System.IO.Compression;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>The web stages run through the engine on the sample WARC: WARC → extract → URL filter → write.</summary>
public sealed class WebPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    // The web components alone (pipelines/web.yaml adds normalisation and more filters), written as plain JSON lines.
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
          - writer: writer.jsonl_v1
            path: out
            options:
              compression: none
        """;

    [Fact]
    public async Task Sample_warc_runs_to_clean_text_with_provenance_and_reasons()
    {
        var samples = Path.GetDirectoryName(SampleWarc.CommittedPath)!.Replace('\\', '/');
        var result = await _harness.RunYamlAsync(Pipeline(samples), new RunOptions { Workers = 2 });

        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var why), why);
        Assert.Equal(7, phase.Reader.Out);
        Assert.Equal(("no_main_content", 1L), phase.Stages[0].DroppedByReason.Select(kv => (kv.Key, kv.Value)).Single());
        Assert.Equal(("url_blocked_domain", 1L), phase.Stages[1].DroppedByReason.Select(kv => (kv.Key, kv.Value)).Single());

        var written = PipelineHarness.ReadDocuments(_harness.PathOf("corpus/out"), "*.jsonl");
        Assert.Equal(5, written.Count);
        var news = written[0];
        // The headline is the title metadata; the text starts with the article (include_title is off by default).
        Assert.StartsWith("Harbour bridge repairs to close northbound lanes for six weeks", (string)news.Metadata["title"]!);
        Assert.StartsWith("Drivers are being warned to expect long d", news.Text);
        Assert.DoesNotContain("cookies", news.Text);
        Assert.Equal("urn:uuid:6a1f0c3e-5b2d-4e8a-9c41-000000000003", news.Id);
        Assert.Equal("sample.warc.gz", news.Provenance.File);
        Assert.Equal(2, news.Provenance.Record);

        // The provenance offset addresses the record's gzip member in the file.
        var offset = news.Provenance.ByteOffset;
        await using var file = File.OpenRead(SampleWarc.CommittedPath);
        file.Position = offset;
        using var member = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var header = new char[400];
        var head = new string(header, 0, member.Read(header));
        Assert.Contains("WARC-Record-ID: <urn:uuid:6a1f0c3e-5b2d-4e8a-9c41-000000000003>", head);

        var russian = written.Single(w => w.Url!.Contains("povolzhye"));
        Assert.StartsWith("Строительство второй линии", russian.Text);
        Assert.Equal("ru", russian.Metadata["lang"]);
    }

    [Fact]
    public async Task The_checked_in_web_pipeline_runs_on_the_sample()
    {
        var pipeline = Path.Combine(SampleWarc.RepositoryRoot, "pipelines", "web.yaml");
        var corpus = _harness.PathOf("corpus-web");
        var result = await PipelineHarness.RunAsync(pipeline, new RunOptions { Workers = 2 }, $"corpus={corpus}");
        Assert.True(result.Succeeded);

        var lines = PipelineHarness.ReadDocuments(Path.Combine(corpus, "data", "jsonl"), "*.jsonl.gz");
        Assert.Equal(5, lines.Count);
        Assert.StartsWith("Drivers are being warned", lines[0].Text);
        Assert.All(lines, l => Assert.Equal("sample.warc.gz", l.Provenance.File));
    }

    [Fact]
    public void Extraction_works_on_documents_from_the_html_folder_reader()
    {
        var folder = Directory.CreateDirectory(_harness.PathOf("pages")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "extraction", "src", "news-ru.html"), Path.Combine(folder, "news-ru.html"));
        var reader = new CorpusForge.Stages.Readers.HtmlReader(new CorpusForge.Stages.Readers.HtmlReaderOptions());
        var doc = Assert.Single(reader.Read(new InputFile(folder, "pages", "html", 0), CancellationToken.None)).Document!;
        var result = new CorpusForge.Stages.Extraction.HtmlExtractor(new CorpusForge.Stages.Extraction.HtmlExtractorOptions()).Process(doc);
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        // The headline is the title metadata, not the first line of the text (include_title is off by default).
        Assert.StartsWith("В Казани откроют новую линию метро к 2027 году", (string)result.Document!.Metadata["title"]!);
        Assert.StartsWith("Строительство второй линии", result.Document.Text);
        Assert.DoesNotContain("Реклама", result.Document.Text);
    }
}
