using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;

namespace CorpusForge.Training.Tests;

public sealed class TrainConfigLoaderTests : IDisposable
{
    private readonly SampleShards _shards = new();

    public void Dispose() => _shards.Dispose();

    private string Write(string yaml)
    {
        var path = Path.Combine(_shards.Root, "train.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void LoadsSectionsResolvesPathsAndKeepsDefaults()
    {
        var config = TrainConfigLoader.Load(Write("""
            version: 1
            name: t
            output: run
            data:
              shards: tokens
              order: sequential
            model:
              preset: mini
              layers: 3
              mlp: gelu
            training:
              steps: 50
              warmup_steps: 10
              learning_rate: 1e-3
              precision: bf16
            """), ["training.batch_size=4"]);
        Assert.Equal(Path.Combine(_shards.Root, "run"), config.Output);
        Assert.Equal(Path.Combine(_shards.Root, "run", "checkpoints"), config.Checkpoints.Dir);
        Assert.Equal(_shards.Shards, config.Data.Shards);
        Assert.Equal(WindowOrder.Sequential, config.Data.Order);
        Assert.Equal((50, 1e-3, 4, PrecisionChoice.Bf16), (config.Training.Steps, config.Training.LearningRate, config.Training.BatchSize, config.Training.Precision));
        Assert.Equal(0.1, config.Training.WeightDecay);
        var shape = config.Model.Resolve(257);
        Assert.Equal((3, 384, 256, MlpKind.Gelu, PositionEncoding.Rotary), (shape.Layers, shape.Width, shape.ContextLength, shape.Mlp, shape.Positions));
    }

    [Fact]
    public void EveryProblemIsReportedWithItsLocation()
    {
        var error = Assert.Throws<ConfigException>(() => TrainConfigLoader.Load(Write("""
            version: 1
            data:
              shards: tokens
              train_split: nope
            model:
              preset: tiny
              positions: absolute
            training:
              warmup_steps: 5000
              steps: 100
            evaluaton: {}
            """)));
        var messages = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.EndsWith("train.yaml:7:14: option 'positions' of 'model': 'absolute' is not one of rotary, learned", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.EndsWith("train.yaml:9:17: training.warmup_steps: must lie between 0 and steps", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("train.yaml:11:1: unknown top-level key 'evaluaton'. Did you mean 'evaluation'?", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("train.yaml:4:16: data.train_split: split 'nope' is not in the manifest (splits: train, validation)", StringComparison.Ordinal));
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public void SetErrorsNameTheSetArgumentNotALineOfTheFile()
    {
        var path = Write("""
            version: 1
            data:
              shards: tokens
            model:
              preset: tiny
            training:
              steps: 100
            """);
        var error = Assert.Throws<ConfigException>(() => TrainConfigLoader.Load(path, ["training.steps=abc", "model.bais=true"]));
        var messages = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("--set 'training.steps=abc': ", StringComparison.Ordinal) && m.Contains("'abc'"));
        Assert.Contains(messages, m => m.StartsWith("--set 'model.bais=true': ", StringComparison.Ordinal) && m.Contains("Did you mean 'bias'?"));
        Assert.False(TrainConfigLoader.Load(path, ["model.bias=false"]).Model.Resolve(64).Bias);
    }

    [Fact]
    public void TheBenchTakesModelOverridesAndRejectsUnknownPresetsAndOtherSettings()
    {
        var shape = TrainConfigLoader.BenchModel("gpt2-mini", ["model.layers=2", "model.bias=false"]).Resolve(50257);
        Assert.Equal((2, 6, 384, 256, 50304), (shape.Layers, shape.Heads, shape.Width, shape.ContextLength, shape.VocabSize));
        Assert.Equal((PositionEncoding.Learned, NormKind.LayerNorm, MlpKind.Gelu, false), (shape.Positions, shape.Norm, shape.Mlp, shape.Bias));
        Assert.True(TrainConfigLoader.BenchModel("gpt2-mini").Resolve(50257).Bias);

        var unknown = Assert.Throws<ConfigException>(() => TrainConfigLoader.BenchModel("nano"));
        Assert.Equal("--bench: unknown preset 'nano'; presets: tiny, mini, gpt2-mini, gpt2-124m", Assert.Single(unknown.Errors).ToString());
        var other = Assert.Throws<ConfigException>(() => TrainConfigLoader.BenchModel("tiny", ["training.steps=3"]));
        Assert.Equal("--set 'training.steps=3': with --bench only model.* settings apply", Assert.Single(other.Errors).ToString());
        var bad = Assert.Throws<ConfigException>(() => TrainConfigLoader.BenchModel("tiny", ["model.heads=3"]));
        Assert.Contains("must be a positive multiple of heads (3)", Assert.Single(bad.Errors).ToString());
    }
}
