using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Deployment;
using CorpusForge.Training.Evaluation;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class DeploymentTests(FinetuneData data, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FinetuneData>
{
    [Fact]
    public void Int8ExportIsAboutAQuarterTheSizeLoadsBackAndKeepsLogitsAndPerplexityClose()
    {
        var (model, state) = CheckpointStore.LoadModel(CheckpointStore.Resolve(data.BaseCheckpoint), CPU);
        var folder = Path.Combine(data.Root, "int8");
        var fp32 = ModelExport.Export(model, state.Tokenizer, Path.Combine(data.Root, "fp32"));
        var int8 = Int8Quantizer.Export(model, state.Tokenizer, folder);
        var ratio = (double)new FileInfo(int8).Length / new FileInfo(fp32).Length;
        using var quantised = Int8Quantizer.Load(folder);
        using var ids = tensor(SampleShards.Encode("More than 150 volunteers gathered at the river on Saturday").Select(t => (long)t).ToArray()).unsqueeze(0);
        using var noGrad = no_grad();
        var original = model.call(ids)[.., .., ..257];
        var approximate = quantised.call(ids)[.., .., ..257];
        var error = (original - approximate).abs().max().item<float>();
        var spread = original.std().item<float>();
        var agreement = original.argmax(-1).eq(approximate.argmax(-1)).to(ScalarType.Float32).mean().item<float>();

        using var evaluator = new ModelEvaluator(data.BaseCheckpoint);
        var before = evaluator.Perplexity(data.Shards.Shards, "validation", 16).Perplexity;
        using (no_grad())
            foreach (var (target, source) in evaluator.Model.parameters().Zip(quantised.parameters())) target.copy_(source);
        var after = evaluator.Perplexity(data.Shards.Shards, "validation", 16).Perplexity;
        output.WriteLine($"int8: {new FileInfo(int8).Length:N0} bytes vs fp32 {new FileInfo(fp32).Length:N0} ({ratio:P1}); max logit error {error:F4} (logit std {spread:F3}); argmax agreement {agreement:P1}; perplexity {before:F3} → {after:F3}");

        Assert.InRange(ratio, 0.2, 0.35);
        Assert.True(error < 0.1 * spread, $"max logit error {error} vs std {spread}");
        Assert.True(agreement > 0.95, $"argmax agreement {agreement:P1}");
        Assert.InRange(after / before, 0.98, 1.02);
        Assert.Contains("int8 weight-only", File.ReadAllText(Path.Combine(folder, ModelExport.ConfigFile)));
    }

    [Fact]
    public void DistillationBringsTheStudentCloserToTheTeacherAndExportsWeightsThatLoadBack()
    {
        var config = data.Shards.Config("distill", 40);
        config.Model = new ModelOptions { Preset = "tiny", Layers = 1, Width = 32 };
        config.Finetune.Teacher = data.BaseCheckpoint;
        config.Finetune.DistillTemperature = 2;
        config.Finetune.DistillAlpha = 0.5;
        config.Evaluation.Interval = 0;
        using var objective = new DistillationObjective(config, _ => { });
        var before = new Dictionary<string, double>();
        using (var fresh = new GptModel(objective.Shape, new TorchSharp.torch.Generator((ulong)config.Training.Seed)))
        using (no_grad())
            objective.Validate(fresh, CPU, before);
        var trainer = new Trainer(config);
        var result = trainer.Run(objective);
        var kl = trainer.LastValidationFigures["kl_to_teacher"];
        output.WriteLine($"distill: student {result.Parameters:N0} parameters; KL to teacher {before["kl_to_teacher"]:F3} → {kl:F3}; student validation loss {result.ValidationLoss:F3} (perplexity {Math.Exp(result.ValidationLoss!.Value):F2})");
        Assert.True(kl < 0.5 * before["kl_to_teacher"], $"KL to teacher {before["kl_to_teacher"]:F3} → {kl:F3}");

        using var reloaded = new GptModel(ModelExport.ReadConfig(Path.Combine(config.Output, "export")));
        ModelExport.Import(reloaded, Path.Combine(config.Output, "export"));
        var (student, _) = CheckpointStore.LoadModel(CheckpointStore.Resolve(config.Checkpoints.Dir), CPU);
        using var ids = tensor(new long[] { 256, 84, 104, 101 }).unsqueeze(0);
        using var noGrad = no_grad();
        Assert.True(reloaded.call(ids).allclose(student.call(ids)));
        Assert.Equal("distill", CheckpointStore.ReadState(CheckpointStore.Resolve(config.Checkpoints.Dir)).Objective);
    }
}
