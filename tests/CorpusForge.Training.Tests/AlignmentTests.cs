using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

/// <summary>A toy preference: for "Rate W." the answer "good W." is preferred to "bad W."; the SFT model says
/// either, half and half. Held-out pairs use words never trained on.</summary>
public sealed class AlignmentFixture : IDisposable
{
    private static readonly string[] Words =
    [
        "tea", "map", "cat", "sun", "pen", "box", "car", "hat", "cup", "dog", "fig", "jar", "key", "log", "net", "owl",
        "pig", "rug", "toy", "van", "web", "yak", "zip", "bus",
    ];

    public AlignmentFixture()
    {
        Data = new FinetuneData();
        var sft = Data.WriteJsonl("style.jsonl", Words.SelectMany((w, i) => new object[]
        {
            new { prompt = $"Rate {w}.", response = $"good {w}." },
            new { prompt = $"Rate {w}.", response = $"bad {w}." },
        }));
        TrainPairs = Data.WriteJsonl("prefs-train.jsonl", Words[..16].Select(w => (object)new { prompt = $"Rate {w}.", chosen = $"good {w}.", rejected = $"bad {w}." }));
        HeldOutPairs = Data.WriteJsonl("prefs-heldout.jsonl", Words[16..].Select(w => (object)new { prompt = $"Rate {w}.", chosen = $"good {w}.", rejected = $"bad {w}." }));
        Prompts = Data.WriteJsonl("prompts.jsonl", Words[..16].Select(w => (object)new { prompt = $"Rate {w}." }));
        HeldOutPrompts = Data.WriteJsonl("prompts-heldout.jsonl", Words[16..].Select(w => (object)new { prompt = $"Rate {w}." }));

        var config = Data.Config("style-sft", 150, sft);
        config.Training.LearningRate = 3e-3;
        using (var objective = new SftObjective(config, _ => { })) new Trainer(config).Run(objective);
        SftCheckpoint = config.Checkpoints.Dir;

        var reward = Config("rm", 40, TrainPairs, HeldOutPairs);
        using (var objective = new RewardObjective(reward, _ => { }))
        {
            RewardBefore = Validate(objective);
            var trainer = new Trainer(reward);
            trainer.Run(objective);
            RewardAfter = new Dictionary<string, double>(trainer.LastValidationFigures);
        }

        RewardCheckpoint = reward.Checkpoints.Dir;
    }

    public FinetuneData Data { get; }

    public string TrainPairs { get; }

    public string HeldOutPairs { get; }

    public string Prompts { get; }

    public string HeldOutPrompts { get; }

    public string SftCheckpoint { get; }

    public string RewardCheckpoint { get; }

    public IReadOnlyDictionary<string, double> RewardBefore { get; }

    public IReadOnlyDictionary<string, double> RewardAfter { get; }

    internal TrainConfig Config(string name, int steps, string train, string validation)
    {
        var config = Data.Config(name, steps, train, validation);
        config.Finetune.Base = SftCheckpoint;
        config.Training.BatchSize = 8;
        config.Training.LearningRate = 1e-3;
        config.Evaluation.Interval = 0;
        return config;
    }

    internal static Dictionary<string, double> Validate(ITrainingObjective objective)
    {
        using var model = new GptModel(objective.Shape);
        objective.Initialise(model);
        model.eval();
        using var noGrad = no_grad();
        var figures = new Dictionary<string, double>();
        objective.Validate(model, CPU, figures);
        return figures;
    }

    public void Dispose() => Data.Dispose();
}

/// <summary>The alignment and evaluation tests share one <see cref="AlignmentFixture"/> (its SFT and reward-model runs).</summary>
[CollectionDefinition("alignment")]
public sealed class AlignmentCollection : ICollectionFixture<AlignmentFixture>;

[Collection("alignment")]
public sealed class AlignmentTests(AlignmentFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void RewardModelLearnsThePreferenceOnHeldOutPairs()
    {
        output.WriteLine($"RM held-out accuracy {fixture.RewardBefore["accuracy"]:F3} → {fixture.RewardAfter["accuracy"]:F3}, margin {fixture.RewardBefore["margin"]:F3} → {fixture.RewardAfter["margin"]:F3}");
        Assert.True(fixture.RewardAfter["accuracy"] >= 0.85, $"held-out pairwise accuracy {fixture.RewardBefore["accuracy"]:P0} → {fixture.RewardAfter["accuracy"]:P0}");
        Assert.True(fixture.RewardAfter["margin"] > fixture.RewardBefore["margin"] + 0.5, $"margin {fixture.RewardBefore["margin"]:F3} → {fixture.RewardAfter["margin"]:F3}");
        var state = CheckpointStore.ReadState(CheckpointStore.Resolve(fixture.RewardCheckpoint));
        Assert.True(state.Model.ScoreHead);
        Assert.Equal("reward", state.Objective);
    }

    [Fact]
    public void DpoRaisesHeldOutPreferenceAccuracyWellAboveChance()
    {
        var config = fixture.Config("dpo", 30, fixture.TrainPairs, fixture.HeldOutPairs);
        config.Finetune.Beta = 0.1;
        using var objective = new DpoObjective(config, _ => { });
        var before = AlignmentFixture.Validate(objective);
        // Policy = reference at the start: every implied margin is 0.
        Assert.Equal(0, before["margin"], 4);
        var trainer = new Trainer(config);
        trainer.Run(objective);
        var after = trainer.LastValidationFigures;
        output.WriteLine($"DPO held-out accuracy {before["accuracy"]:F3} → {after["accuracy"]:F3}, margin {before["margin"]:F3} → {after["margin"]:F3}, rewards chosen {after["reward_chosen"]:F3} rejected {after["reward_rejected"]:F3}");
        Assert.True(after["accuracy"] >= 0.85, $"held-out preference accuracy {before["accuracy"]:P0} → {after["accuracy"]:P0}");
        Assert.True(after["margin"] > 0.2, $"implied margin {after["margin"]:F3}");
        Assert.True(after["reward_chosen"] > after["reward_rejected"]);
    }

    [Fact]
    public void RlRaisesTheRewardModelScoreWithBoundedKl()
    {
        var config = fixture.Config("rl", 20, fixture.Prompts, fixture.HeldOutPrompts);
        config.Training.BatchSize = 4;
        config.Training.LearningRate = 5e-4;
        config.Training.WarmupSteps = 2;
        config.Finetune.RewardModel = fixture.RewardCheckpoint;
        config.Finetune.GroupSize = 4;
        config.Finetune.MaxNewTokens = 10;
        config.Finetune.KlCoefficient = 0.2;
        using var objective = new RlObjective(config, _ => { });
        var before = AlignmentFixture.Validate(objective);
        var log = new List<string>();
        var trainer = new Trainer(config, log.Add);
        trainer.Run(objective);
        var after = trainer.LastValidationFigures;
        output.WriteLine($"RL held-out reward {before["heldout_reward"]:F3} → {after["heldout_reward"]:F3}, KL {before["heldout_kl"]:F3} → {after["heldout_kl"]:F3}");
        foreach (var line in log) output.WriteLine(line);
        Assert.Equal(0, before["heldout_kl"], 3);
        Assert.True(after["heldout_reward"] > before["heldout_reward"] + 0.5, $"held-out reward {before["heldout_reward"]:F3} → {after["heldout_reward"]:F3}");
        Assert.InRange(after["heldout_kl"], -0.5, 10.0);
    }
}

[Collection("alignment")]
public sealed class EvaluationTests(AlignmentFixture fixture)
{
    [Fact]
    public void PerplexityMultipleChoiceAndSafetyAreReported()
    {
        var words = new[] { "yak", "zip", "bus", "owl", "pig", "rug" };
        var mc = fixture.Data.WriteJsonl("mc.jsonl", words.Select(w => (object)new { question = $"Rate {w}.", choices = new[] { $"good {w}.", $"qzxv {w}!" }, answer = 0 }),
            """{"question": "broken", "choices": ["a"], "answer": 0}""");
        var safety = fixture.Data.WriteJsonl("safety.jsonl", words.Select(w => (object)new { prompt = $"Rate {w}." }));
        using var evaluator = new CorpusForge.Training.Evaluation.ModelEvaluator(fixture.SftCheckpoint);
        var report = evaluator.Run(fixture.Data.Shards.Shards, "validation", 8, mc, safety);

        var p = report.Perplexity!;
        Assert.Equal(8 * 64, p.Tokens);
        Assert.Equal(Math.Exp(p.Loss), p.Perplexity, 6);
        Assert.True(double.IsFinite(p.Perplexity));
        // The pretrained base predicts held-out English bytes far better than uniform over its 320 rows.
        using (var baseModel = new CorpusForge.Training.Evaluation.ModelEvaluator(fixture.Data.BaseCheckpoint))
            Assert.InRange(baseModel.Perplexity(fixture.Data.Shards.Shards, "validation", 8).Perplexity, 2, 100);
        var m = report.MultipleChoice!;
        Assert.Equal(6, m.Items);
        Assert.Equal(1, m.Quarantined);
        Assert.Equal(0.5, m.Chance);
        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal(1.0, m.AccuracyNormalised);
        var s = report.Safety!;
        Assert.Equal(6, s.Prompts);
        Assert.InRange(s.FlaggedShare, Math.Max(s.ToxicShare, s.PiiShare), Math.Min(1, s.ToxicShare + s.PiiShare));
        var json = report.ToJson();
        Assert.Contains("\"accuracy_normalised\": 1", json);
        Assert.Equal(3, report.Lines().Count());
    }
}
