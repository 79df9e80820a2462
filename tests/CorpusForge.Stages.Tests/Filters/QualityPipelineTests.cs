using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Filters;

/// <summary>Options of the test components below (none).</summary>
public sealed class QualityTestOptions;

/// <summary>Test reader standing in for <c>reader.jsonl_v1</c>: one {"id", "text"} object per line.</summary>
[Component("qualitytest.jsonl_reader_v1", "test reader: id and text per JSON line")]
public sealed class QualityTestJsonlReader(QualityTestOptions options) : IDocumentReader
{
    private readonly QualityTestOptions _options = options;

    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var record = 0L;
        foreach (var line in File.ReadLines(input.FullPath))
        {
            var json = JsonDocument.Parse(line).RootElement;
            yield return new Document
            {
                Id = json.GetProperty("id").GetString()!,
                Text = json.GetProperty("text").GetString()!,
                Provenance = new Provenance(input.RelativePath, record++),
            };
        }
    }
}

/// <summary>Test writer: one "id TAB attributes-json" line per document.</summary>
[Component("qualitytest.attributes_writer_v1", "test writer: id and attributes per line")]
public sealed class QualityTestAttributesWriter(QualityTestOptions options) : IDocumentWriter
{
    private readonly QualityTestOptions _options = options;

    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".tsv"));

        public void Write(Document document) =>
            _file.Stream.Write(Encoding.UTF8.GetBytes($"{document.Id}\t{DocumentJson.MapToJson(document.Attributes)}\n"));

        public IReadOnlyList<string> Commit()
        {
            _file.Commit();
            return [_file.FinalPath];
        }

        public void Abort() => _file.Abort();

        public void Dispose() => _file.Dispose();
    }
}

/// <summary>pipelines/quality.yaml run through the engine on samples/quality, with test reader and writer standing in
/// for the JSONL components.</summary>
public sealed class QualityPipelineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cf-quality-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static string RepoFile(string relative, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", relative));

    private async Task<(RunResult Result, string Corpus)> Run(int workers)
    {
        var corpus = Path.Combine(_root, $"corpus-{workers}");
        var registry = BuiltInComponents.CreateRegistry(typeof(QualityPipelineTests).Assembly);
        var spec = new PipelineLoader(registry).Load(RepoFile("pipelines/quality.yaml"),
            ["inputs.0.reader=qualitytest.jsonl_reader_v1", "outputs.0.writer=qualitytest.attributes_writer_v1", $"corpus={corpus}"]);
        return (await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = workers, BatchSize = 2 }), corpus);
    }

    [Fact]
    public async Task CheckedInPipelineKeepsGoodEnglishAndRecordsEveryDropReason()
    {
        var (result, corpus) = await Run(workers: 2);
        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.Equal(6, phase.Reader.In);

        var written = Directory.GetFiles(Path.Combine(corpus, "data"), "*.tsv").SelectMany(File.ReadAllLines)
            .ToDictionary(l => l.Split('\t')[0], l => JsonDocument.Parse(l.Split('\t')[1]).RootElement);
        Assert.Equal(["page-good-1", "page-good-2"], written.Keys.Order());
        var good = written["page-good-2"];
        Assert.Equal("en", good.GetProperty("language.code").GetString());
        Assert.True(good.GetProperty("gopher.word_count").GetInt64() > 100);
        Assert.Equal(0, good.GetProperty("fineweb.char_dup_ratio").GetDouble());
        // C4 removed the blank lines between paragraphs.
        Assert.Equal(2, good.GetProperty("c4.removed_unpunctuated").GetInt64());

        var reasons = Directory.GetFiles(Path.Combine(corpus, "rejected"), "*.jsonl.gz", SearchOption.AllDirectories)
            .SelectMany(ReadGzipLines)
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("drop_reason").GetString());
        Assert.Equal("language_not_kept", reasons["page-german"]);
        Assert.Equal("gopher_dup_line_frac", reasons["page-spam"]);
        Assert.Equal("gopher_too_few_words", reasons["page-short"]);
        Assert.Equal("gopher_too_few_words", reasons["page-menu"]);
    }

    [Fact]
    public async Task OutputIsIdenticalForAnyWorkerCount()
    {
        var (_, one) = await Run(workers: 1);
        var (_, three) = await Run(workers: 3);
        static string Read(string corpus) => string.Join('\n', Directory.GetFiles(Path.Combine(corpus, "data"), "*.tsv").Order().Select(File.ReadAllText));
        Assert.Equal(Read(one), Read(three));
    }

    private static IEnumerable<JsonElement> ReadGzipLines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        return lines;
    }
}
