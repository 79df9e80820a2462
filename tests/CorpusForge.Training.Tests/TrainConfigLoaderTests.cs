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
}
