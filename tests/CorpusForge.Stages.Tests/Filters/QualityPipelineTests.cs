using System.IO.Compression;
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
public sealed class NoTestOptions;

/// <summary>Test reader: each input file is one document.</summary>
[Component("test.whole_file_reader_v1", "test reader: one document per file")]
public sealed class WholeFileReader(NoTestOptions options) : IDocumentReader
{
    private readonly NoTestOptions _options = options;

    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        yield return new Document
        {
            Id = input.RelativePath,
            Text = File.ReadAllText(input.FullPath),
            Provenance = new Provenance(input.RelativePath, 0),
        };
    }
}

/// <summary>Test writer: one "id TAB attributes-json" line per document.</summary>
[Component("test.attributes_writer_v1", "test writer: id and attributes per line")]
public sealed class AttributesWriter(NoTestOptions options) : IDocumentWriter
{
    private readonly NoTestOptions _options = options;

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

/// <summary>The language and quality stages run through the engine from a pipeline file, in the published order.</summary>
public sealed class QualityPipelineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cf-quality-" + Guid.NewGuid().ToString("N")[..12]);

    private const string Pipeline = """
        version: 1
        name: quality-e2e
        corpus: corpus
        inputs:
          - name: pages
            reader: test.whole_file_reader_v1
            paths: [in/*.txt]
        stages:
          - stage: filter.language_v1
            options: { keep_languages: [en], languages: [en, de, fr] }
          - stage: filter.gopher_repetition_v1
          - stage: filter.gopher_quality_v1
          - stage: filter.c4_v1
          - stage: filter.fineweb_v1
        outputs:
          - writer: test.attributes_writer_v1
            path: out
        """;

    private const string GoodEnglish = """
        The council met on Tuesday evening to discuss the plans for the new library on Mill Street.
        Several residents said that the building should open earlier in the morning, and many asked for a quiet room for students.
        The architect explained that the design keeps the old brick front of the former post office.
        Work is expected to start in the spring, and the library should open before the end of next year.
        The council will publish the full plans online and invite comments until the end of the month.
        A second meeting with the residents of the street is planned for the first week of March.
        """;

    public QualityPipelineTests() => Directory.CreateDirectory(Path.Combine(_root, "in"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task PipelineKeepsGoodEnglishAndRecordsEveryDropReason()
    {
        File.WriteAllText(Path.Combine(_root, "in", "good.txt"), GoodEnglish);
        File.WriteAllText(Path.Combine(_root, "in", "german.txt"), """
            Der Rat traf sich am Dienstagabend, um die Pläne für die neue Bibliothek in der Mühlenstraße zu besprechen.
            Mehrere Anwohner sagten, dass das Gebäude morgens früher öffnen sollte.
            """);
        File.WriteAllText(Path.Combine(_root, "in", "spam.txt"), string.Join('\n', Enumerable.Repeat("Buy the best cheap watches online today and save money.", 12)));
        File.WriteAllText(Path.Combine(_root, "in", "short.txt"), "The meeting of the council is on Tuesday and it starts at seven.");

        var registry = BuiltInComponents.CreateRegistry(typeof(QualityPipelineTests).Assembly);
        var path = Path.Combine(_root, "pipeline.yaml");
        File.WriteAllText(path, Pipeline);
        var spec = new PipelineLoader(registry).Load(path);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = 2 });
        Assert.True(result.Succeeded);

        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.Equal(1, phase.Written);

        var written = File.ReadAllLines(Directory.GetFiles(Path.Combine(_root, "corpus", "out"), "*.tsv").Single(f => new FileInfo(f).Length > 0));
        var attributes = JsonDocument.Parse(Assert.Single(written).Split('\t')[1]).RootElement;
        Assert.Equal("en", attributes.GetProperty("language.code").GetString());
        Assert.True(attributes.GetProperty("gopher.word_count").GetInt64() > 100);
        Assert.Equal(0, attributes.GetProperty("fineweb.char_dup_ratio").GetDouble());

        var reasons = Directory.GetFiles(Path.Combine(_root, "corpus", "rejected"), "*.jsonl.gz", SearchOption.AllDirectories)
            .SelectMany(ReadGzipLines)
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("drop_reason").GetString());
        Assert.Equal("language_not_kept", reasons["german.txt"]);
        Assert.Equal("gopher_dup_line_frac", reasons["spam.txt"]);
        Assert.Equal("gopher_too_few_words", reasons["short.txt"]);
    }

    private static IEnumerable<JsonElement> ReadGzipLines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        return lines;
    }
}
