using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Stages.Classification;
using CorpusForge.Stages.Tests.Redaction;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Filters;

/// <summary>Runs pipelines/safety.yaml, as checked in, through the engine.</summary>
public sealed class SafetyPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<(Dictionary<string, Document> Kept, RunResult Result, string Corpus)> Run(int workers, params string[] extra)
    {
        var corpus = _harness.PathOf($"corpus-{workers}");
        var result = await PipelineHarness.RunAsync(PipelineHarness.RepoFile("pipelines/safety.yaml"),
            new RunOptions { Workers = workers, BatchSize = 3 }, [$"corpus={corpus}", .. extra]);
        var kept = PipelineHarness.ReadDocuments(Path.Combine(corpus, "data")).ToDictionary(d => d.Id);
        return (kept, result, corpus);
    }

    [Fact]
    public async Task Redacts_drops_toxic_and_contaminated_documents_with_reasons()
    {
        var (kept, result, _) = await Run(workers: 2);
        Assert.True(result.Succeeded);
        var phase = Assert.Single(result.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.Equal(8, phase.Reader.In);
        Assert.Equal(["safety-0001", "safety-0002", "safety-0005", "safety-0006", "safety-0007", "safety-0008"], kept.Keys.Order());
        Assert.Equal("toxic_terms", Assert.Single(phase.Stages[1].DroppedByReason).Key);
        Assert.Equal("benchmark_overlap", Assert.Single(phase.Stages[2].DroppedByReason).Key);

        var order = kept["safety-0002"];
        Assert.Contains("at <EMAIL> or call <PHONE>", order.Text);
        Assert.Contains("for example <CARD>", order.Text);
        Assert.Contains("order number is 1029384756 and version 2.4.1", order.Text);
        Assert.Equal(3L, order.Attributes["pii.total"]);
        Assert.Contains("<IBAN>", kept["safety-0005"].Text);
        Assert.Contains("from <IP> and from the internal host 10.0.0.5", kept["safety-0007"].Text);
        Assert.Equal(0L, kept["safety-0008"].Attributes["decontam.matches"]);
    }

    [Fact]
    public async Task Output_is_identical_for_any_worker_count_with_a_classifier_stage()
    {
        var model = _harness.PathOf("quality.bin");
        LinearTextClassifier.Train(LinearTextClassifier.ReadLabelled(SafetyTestData.PathOf("classifier/train.jsonl")),
            new TrainingSettings(new FeatureSettings(DimensionBits: 14))).Save(model);
        // The checked-in file has three stages; the third is swapped for a classifier scoring spam.
        string[] classifier = [$"stages.2={{stage: classify.linear_v1, options: {{model: '{model}', label: spam, attribute: quality.spam}}}}"];
        var (one, _, oneCorpus) = await Run(1, classifier);
        var (three, _, threeCorpus) = await Run(3, classifier);
        Assert.Equal(one.Keys.Order(), three.Keys.Order());
        Assert.Equal(PipelineHarness.ReadLines(Path.Combine(oneCorpus, "data")).Order(StringComparer.Ordinal),
            PipelineHarness.ReadLines(Path.Combine(threeCorpus, "data")).Order(StringComparer.Ordinal));
        Assert.All(one.Values, d => Assert.InRange(Convert.ToDouble(d.Attributes["quality.spam"]), 0, 1));
    }

    [Fact]
    public void Validation_loads_the_classifier_model_and_reports_problems_with_their_location()
    {
        var model = _harness.PathOf("quality.bin");
        LinearTextClassifier.Train(LinearTextClassifier.ReadLabelled(SafetyTestData.PathOf("classifier/train.jsonl")),
            new TrainingSettings(new FeatureSettings(DimensionBits: 12), Epochs: 1)).Save(model);
        var pipeline = PipelineHarness.RepoFile("pipelines/safety.yaml");
        string Problem(string options)
        {
            var error = Assert.Throws<CorpusForge.Core.Pipeline.ConfigException>(() =>
                PipelineHarness.Load(pipeline, $"stages.2={{stage: classify.linear_v1, options: {options}}}"));
            // The stage comes from --set, so the problem names that argument rather than a line of safety.yaml.
            Assert.Contains("--set 'stages.2={stage: classify.linear_v1", error.Message);
            return error.Message;
        }

        Assert.Contains("does not exist", Problem($"{{model: '{model}.missing', label: spam}}"));
        Assert.Contains("label 'toxic' is not in model", Problem($"{{model: '{model}', label: toxic}}"));
        Assert.Contains("expected_value needs numeric labels", Problem($"{{model: '{model}', score: expected_value}}"));
        Assert.Contains("no built-in model 'builtin:nope'", Problem("{model: 'builtin:nope', label: toxic}"));
        File.WriteAllText(model + ".bad", "not a model");
        Assert.Contains("bad magic", Problem($"{{model: '{model}.bad', label: spam}}"));
        PipelineHarness.Load(pipeline, $"stages.2={{stage: classify.linear_v1, options: {{model: 'builtin:toxicity_en_v1', label: toxic, word_list_weight: 4}}}}");
    }

    [Fact]
    public void Shipped_toxicity_model_separates_real_short_texts()
    {
        var stage = new LinearClassifierStage(new LinearClassifierStageOptions { Model = "builtin:toxicity_en_v1", Label = "toxic", WordListWeight = 4 },
            CorpusForge.Core.Registry.ComponentContext.ForDirectory(_harness.PathOf("")));
        double Score(string text)
        {
            var doc = new Document { Id = "t", Text = text };
            stage.Process(doc);
            return Convert.ToDouble(doc.Attributes["classifier.score"]);
        }

        Assert.True(Score("shut up you stupid bitch") > 0.9);
        Assert.True(Score("Looking forward to the game tonight with the family, go team!") < Score("shut up you stupid bitch"));
    }
}
