using System.Text.Json;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Training;

namespace CorpusForge.Training.Tests;

/// <summary>A small pretrained base model (byte tokens, tiny preset) and toy chat data for the fine-tuning tests.</summary>
public sealed class FinetuneData : IDisposable
{
    private static readonly string[] Things = ["apple", "lemon", "grass", "snow", "coal", "sky", "blood", "cream", "plum", "lime", "rose", "ink"];
    private static readonly string[] Colours = ["red", "yellow", "green", "white", "black", "blue", "red", "white", "purple", "green", "pink", "black"];

    public FinetuneData()
    {
        const int baseSteps = 30;
        TestTorch.Init();
        Shards = new SampleShards();
        var config = Shards.Config("base", baseSteps);
        new Trainer(config).Run();
        BaseCheckpoint = config.Checkpoints.Dir;
    }

    internal SampleShards Shards { get; }

    public string Root => Shards.Root;

    public string BaseCheckpoint { get; }

    /// <summary>"What colour is X?" → "X is C." rows; <paramref name="heldOut"/> picks the other half of the phrasings.</summary>
    public static IEnumerable<object> ColourRows(bool heldOut)
    {
        string[] phrasings = heldOut ? ["Tell me the colour of {0}.", "{0}: which colour?"] : ["What colour is {0}?", "Name the colour of {0}."];
        for (var i = 0; i < Things.Length; i++)
            foreach (var phrasing in phrasings)
                yield return new { prompt = string.Format(phrasing, Things[i]), response = $"{Things[i]} is {Colours[i]}." };
    }

    public string WriteJsonl(string name, IEnumerable<object> rows, params string[] extraLines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r)).Concat(extraLines));
        return path;
    }

    /// <summary>A fine-tuning config on the base checkpoint.</summary>
    internal TrainConfig Config(string name, int steps, string trainFile, string validationFile = "")
    {
        var config = Shards.Config(name, steps);
        config.Data.Shards = "";
        config.Training.LearningRate = 1e-3;
        config.Training.MinLearningRate = 1e-4;
        config.Training.WarmupSteps = Math.Min(5, steps);
        config.Training.WeightDecay = 0;
        config.Finetune = new FinetuneOptions
        {
            Base = BaseCheckpoint, TrainFile = trainFile, ValidationFile = validationFile, Packing = true,
            Quarantine = Path.Combine(Root, name, "quarantine"),
        };
        return config;
    }

    public static string LatestStep(string checkpoints) => CheckpointStore.Resolve(checkpoints);

    public void Dispose() => Shards.Dispose();
}
