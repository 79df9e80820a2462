using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class TrainerTests : IDisposable
{
    private readonly SampleShards _shards = new();

    public TrainerTests() => TestTorch.Init();

    public void Dispose() => _shards.Dispose();

    [Fact]
    public void LossFallsWellBelowItsInitialValue()
    {
        var config = _shards.Config("falls", steps: 60);
        config.Evaluation.Interval = 30;
        var result = new Trainer(config).Run();

        // A fresh model predicts about uniformly: loss ≈ ln(320) = 5.77 for the padded byte vocabulary.
        Assert.InRange(result.Losses[0], 5.0, 6.5);
        var final = result.Losses.TakeLast(5).Average();
        Assert.True(final < 0.6 * result.Losses[0], $"loss went from {result.Losses[0]:F3} to {final:F3}");
        Assert.NotNull(result.ValidationLoss);
        Assert.True(result.ValidationLoss < result.Losses[0] - 1, $"validation loss {result.ValidationLoss:F3}");

        // Metrics, plot, checkpoint and export are all on disk.
        var csv = File.ReadAllLines(Path.Combine(config.Output, "metrics.csv"));
        Assert.Equal(MetricsLog.Header, csv[0]);
        Assert.Equal(60 / 5 + 1, csv.Length - 1); // step 1, then every 5th
        Assert.Equal(2, csv.Skip(1).Count(l => l.Split(',')[8].Length > 0));
        var png = File.ReadAllBytes(Path.Combine(config.Output, "loss.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(60, CheckpointStore.ReadState(CheckpointStore.Resolve(config.Checkpoints.Dir)).Step);
        Assert.True(File.Exists(Path.Combine(config.Output, "export", ModelExport.WeightsFile)));
    }

    [Fact]
    public void ResumedRunEqualsUninterruptedRun()
    {
        var whole = _shards.Config("whole", steps: 16);
        whole.Training.GradAccumulation = 2;
        var reference = new Trainer(whole).Run();

        var split = _shards.Config("split", steps: 16);
        split.Training.GradAccumulation = 2;
        var first = new Trainer(split) { StopAfterStep = 7 }.Run();
        Assert.Equal(7, first.FinalStep);
        Assert.Null(first.Export);
        var second = new Trainer(split).Run();
        Assert.Equal(7, second.StartStep);
        Assert.Equal(16, second.FinalStep);

        var resumed = first.Losses.Concat(second.Losses).ToList();
        Assert.Equal(reference.Losses.Count, resumed.Count);
        for (var i = 0; i < resumed.Count; i++)
            Assert.True(Math.Abs(reference.Losses[i] - resumed[i]) < 1e-5, $"step {i + 1}: {reference.Losses[i]} vs {resumed[i]}");

        // The final weights agree too.
        var (a, _) = CheckpointStore.LoadModel(CheckpointStore.Resolve(whole.Checkpoints.Dir), CPU);
        var (b, _) = CheckpointStore.LoadModel(CheckpointStore.Resolve(split.Checkpoints.Dir), CPU);
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.allclose(pb, rtol: 0, atol: 1e-5), name);

        // metrics.csv holds each step once, not the interrupted run's rows twice.
        var steps = File.ReadLines(Path.Combine(split.Output, "metrics.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0])).ToList();
        Assert.Equal(steps.Distinct().Order(), steps);
    }

    [Fact]
    public void ResumeWithADifferentShapeIsRefused()
    {
        var config = _shards.Config("refuse", steps: 4);
        new Trainer(config) { StopAfterStep = 2 }.Run();
        config.Model.Layers = 3;
        var error = Assert.Throws<CorpusForge.Core.Pipeline.ConfigException>(() => new Trainer(config).Run());
        Assert.Contains("model shape", error.Message);
    }

    [Fact]
    public void Bf16StepsKeepFp32MasterWeightsAndLearn()
    {
        var config = _shards.Config("bf16", steps: 25);
        config.Training.Precision = PrecisionChoice.Bf16;
        var result = new Trainer(config).Run();
        Assert.Equal("bf16", result.Precision);
        Assert.True(result.Losses.TakeLast(5).Average() < result.Losses[0] - 1, $"{result.Losses[0]} → {result.Losses[^1]}");
        var (model, _) = CheckpointStore.LoadModel(CheckpointStore.Resolve(config.Checkpoints.Dir), CPU);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Fact]
    public void NormsAndBiasesAreNotDecayed()
    {
        using var model = new GptModel(GptConfig.Preset("tiny", 100) with { Bias = true, Norm = NormKind.LayerNorm });
        var (optimizer, groups) = Trainer.CreateOptimizer(model, new OptimizationOptions { WeightDecay = 0.1 });
        var names = model.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        var decayed = groups[0].Parameters.Select(p => names[p.Handle]).ToList();
        var notDecayed = groups[1].Parameters.Select(p => names[p.Handle]).ToList();
        Assert.Contains("transformer.wte.weight", decayed);
        Assert.Contains("transformer.h.0.attn.c_attn.weight", decayed);
        Assert.Contains("transformer.h.0.ln_1.weight", notDecayed);
        Assert.Contains("transformer.h.0.attn.c_attn.bias", notDecayed);
        Assert.DoesNotContain(decayed, n => n.EndsWith(".bias", StringComparison.Ordinal) || n.Contains("ln_", StringComparison.Ordinal));
        Assert.Equal(model.parameters().Count(), decayed.Count + notDecayed.Count);
        optimizer.Dispose();
    }

    [Fact]
    public void ScheduleWarmsUpThenDecaysToTheMinimum()
    {
        var schedule = new LearningRateSchedule(1e-3, 1e-4, WarmupSteps: 10, TotalSteps: 111);
        Assert.Equal(1e-4, schedule.At(0), 12);
        Assert.Equal(1e-3, schedule.At(9), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal(5.5e-4, schedule.At(60), 12);
        Assert.Equal(1e-4, schedule.At(110), 12);
        for (var s = 10; s < 110; s++) Assert.True(schedule.At(s + 1) <= schedule.At(s));
    }
}
