using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.IO;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Classification;
using CorpusForge.Stages.Tests.Redaction;

namespace CorpusForge.Stages.Tests.Filters;

/// <summary>Runs pipelines/safety.yaml through the engine, with small JSONL reader and writer fakes standing in for the
/// format components (so the test depends only on the safety stages).</summary>
public sealed class SafetyPipelineTests : IDisposable
{
    private static readonly ComponentRegistry Registry = BuiltInComponents.CreateRegistry(typeof(SafetyPipelineTests).Assembly);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cf-safety-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string RepoFile(string relative) =>
        Path.GetFullPath(Path.Combine(SafetyTestData.PathOf("pii"), "..", "..", "..", "..", relative));

    private async Task<(Dictionary<string, JsonElement> Kept, RunResult Result)> Run(int workers, params string[] extra)
    {
        var corpus = Path.Combine(_dir.FullName, $"corpus-{workers}");
        string[] overrides =
        [
            "inputs.0.reader=safetytest.jsonl_reader_v1",
            "outputs.0.writer=safetytest.jsonl_writer_v1",
            $"corpus={corpus}",
            .. extra,
        ];
        var spec = new PipelineLoader(Registry).Load(RepoFile("pipelines/safety.yaml"), overrides);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = workers, BatchSize = 3 });
        var kept = Directory.EnumerateFiles(Path.Combine(corpus, "data"), "*.jsonl")
            .SelectMany(File.ReadLines)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!);
        return (kept, result);
    }

    [Fact]
    public async Task Redacts_drops_toxic_and_contaminated_documents_with_reasons()
    {
        var (kept, result) = await Run(workers: 2);
        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.Equal(8, phase.Reader.In);
        Assert.Equal(["safety-0001", "safety-0002", "safety-0005", "safety-0006", "safety-0007", "safety-0008"], kept.Keys.Order());
        Assert.Equal("toxic_terms", Assert.Single(phase.Stages[1].DroppedByReason).Key);
        Assert.Equal("benchmark_overlap", Assert.Single(phase.Stages[2].DroppedByReason).Key);

        var order = kept["safety-0002"];
        var text = order.GetProperty("text").GetString()!;
        Assert.Contains("at <EMAIL> or call <PHONE>", text);
        Assert.Contains("for example <CARD>", text);
        Assert.Contains("order number is 1029384756 and version 2.4.1", text);
        Assert.Equal(3, order.GetProperty("attributes").GetProperty("pii.total").GetInt64());
        Assert.Contains("<IBAN>", kept["safety-0005"].GetProperty("text").GetString());
        Assert.Contains("from <IP> and from the internal host 10.0.0.5", kept["safety-0007"].GetProperty("text").GetString());
        Assert.Equal(0, kept["safety-0008"].GetProperty("attributes").GetProperty("decontam.matches").GetInt64());
    }

    [Fact]
    public async Task Output_is_identical_for_any_worker_count_with_a_classifier_stage()
    {
        var model = Path.Combine(_dir.FullName, "quality.bin");
        LinearTextClassifier.Train(LinearTextClassifier.ReadLabelled(SafetyTestData.PathOf("classifier/train.jsonl")),
            new TrainingSettings(new FeatureSettings(DimensionBits: 14))).Save(model);
        // The checked-in file has three stages; the third is swapped for a classifier scoring spam.
        string[] classifier = [$"stages.2={{stage: classify.linear_v1, options: {{model: '{model}', label: spam, attribute: quality.spam}}}}"];
        var (one, _) = await Run(1, classifier);
        var (three, _) = await Run(3, classifier);
        Assert.Equal(one.Keys.Order(), three.Keys.Order());
        foreach (var (id, doc) in one) Assert.Equal(doc.GetRawText(), three[id].GetRawText());
        Assert.All(one.Values, d => Assert.InRange(d.GetProperty("attributes").GetProperty("quality.spam").GetDouble(), 0, 1));
    }
}

/// <summary>Reads one JSON object per line with "id" and "text".</summary>
[Component("safetytest.jsonl_reader_v1", "test reader: JSONL id and text")]
public sealed class SafetyTestJsonlReader(SafetyTestEmptyOptions options) : IDocumentReader
{
    private readonly SafetyTestEmptyOptions _options = options;

    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var record = 0L;
        foreach (var line in File.ReadLines(input.FullPath))
        {
            using var json = JsonDocument.Parse(line);
            yield return new Document
            {
                Id = json.RootElement.GetProperty("id").GetString()!,
                Text = json.RootElement.GetProperty("text").GetString()!,
                Provenance = new Provenance(input.RelativePath, record++),
            };
        }
    }
}

/// <summary>Writes id, text and attributes as JSON lines to {base}.jsonl.</summary>
[Component("safetytest.jsonl_writer_v1", "test writer: JSONL id, text, attributes")]
public sealed class SafetyTestJsonlWriter(SafetyTestEmptyOptions options) : IDocumentWriter
{
    private readonly SafetyTestEmptyOptions _options = options;

    public IShardWriter Open(OutputTarget target) => new Shard(target);

    private sealed class Shard(OutputTarget target) : IShardWriter
    {
        private readonly AtomicFile _file = AtomicFile.Create(Path.Combine(target.Directory, target.BaseName + ".jsonl"));

        public void Write(Document document)
        {
            using var writer = new Utf8JsonWriter(_file.Stream);
            writer.WriteStartObject();
            writer.WriteString("id", document.Id);
            writer.WriteString("text", document.Text);
            writer.WritePropertyName("attributes");
            DocumentJson.WriteMap(writer, document.Attributes);
            writer.WriteEndObject();
            writer.Flush();
            _file.Stream.WriteByte((byte)'\n');
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

/// <summary>No options.</summary>
public sealed class SafetyTestEmptyOptions;
