using CorpusForge.Stages.Classification;

namespace CorpusForge.Cli.Tests.Commands;

public sealed class ClassifierCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cf-cli-cls-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Data(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CorpusForge.Stages.Tests", "Data", "classifier", name);
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException(name);
    }

    [Fact]
    public async Task Train_writes_a_model_that_eval_and_the_stage_can_use()
    {
        var model = Path.Combine(_dir.FullName, "model.bin");
        var code = await Cli.RunAsync(["classifier", "train", "--input", Data("train.jsonl"), "--label-field", "label", "--out", model,
            "--validation", Data("test.jsonl"), "--dimension-bits", "16", "--epochs", "8"]);
        Assert.Equal(ExitCodes.Ok, code);
        var loaded = LinearTextClassifier.Load(model);
        Assert.Equal(["edu", "rude", "spam"], loaded.Labels);
        Assert.Equal(16, loaded.Featurizer.Settings.DimensionBits);
        Assert.True(loaded.Evaluate(LinearTextClassifier.ReadLabelled(Data("test.jsonl"))).Accuracy >= 0.8);
        Assert.Equal(ExitCodes.Ok, await Cli.RunAsync(["classifier", "eval", "--model", model, "--input", Data("test.jsonl")]));
    }

    [Fact]
    public async Task Word_list_features_are_an_option_stored_in_the_model()
    {
        var model = Path.Combine(_dir.FullName, "wl.bin");
        Assert.Equal(ExitCodes.Ok, await Cli.RunAsync(["classifier", "train", "--input", Data("train.jsonl"), "--out", model,
            "--dimension-bits", "14", "--epochs", "2", "--word-list-features"]));
        Assert.True(LinearTextClassifier.Load(model).Featurizer.Settings.WordListFeatures);
        Assert.Equal(ExitCodes.Ok, await Cli.RunAsync(["classifier", "train", "--input", Data("train.jsonl"), "--out", model,
            "--dimension-bits", "14", "--epochs", "2"]));
        Assert.False(LinearTextClassifier.Load(model).Featurizer.Settings.WordListFeatures);
    }

    [Fact]
    public async Task Bad_arguments_and_inputs_fail_with_codes()
    {
        var model = Path.Combine(_dir.FullName, "model.bin");
        Assert.Equal(ExitCodes.ConfigError, await Cli.RunAsync(["classifier", "train", "--input", Data("train.jsonl"), "--out", model, "--char-ngrams", "five"]));
        Assert.Equal(ExitCodes.ConfigError, await Cli.RunAsync(["classifier", "train", "--input", Data("train.jsonl"), "--out", model, "--dimension-bits", "40"]));
        var bad = Path.Combine(_dir.FullName, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"text\": \"x\"}\n");
        Assert.Equal(ExitCodes.Fatal, await Cli.RunAsync(["classifier", "train", "--input", bad, "--out", model]));
        Assert.False(File.Exists(model));
    }
}
