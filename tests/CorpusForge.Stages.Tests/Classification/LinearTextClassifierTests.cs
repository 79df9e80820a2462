using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Classification;
using CorpusForge.Stages.Tests.Redaction;
using Xunit.Abstractions;

namespace CorpusForge.Stages.Tests.Classification;

public sealed class LinearTextClassifierTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TrainingSettings Small = new(new FeatureSettings(DimensionBits: 16));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cf-cls-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static List<LabelledText> Train() => LinearTextClassifier.ReadLabelled(SafetyTestData.PathOf("classifier/train.jsonl"));
    private static List<LabelledText> Test() => LinearTextClassifier.ReadLabelled(SafetyTestData.PathOf("classifier/test.jsonl"));

    [Fact]
    public void Learns_the_labelled_set_well_above_chance_on_held_out_texts()
    {
        var model = LinearTextClassifier.Train(Train(), Small);
        Assert.Equal(["edu", "rude", "spam"], model.Labels);
        var train = model.Evaluate(Train());
        var test = model.Evaluate(Test());
        output.WriteLine($"train accuracy {train.Accuracy:F3}; held-out accuracy {test.Accuracy:F3}, macro-F1 {test.MacroF1:F3} on {test.Count} texts");
        for (var k = 0; k < test.Labels.Length; k++)
            output.WriteLine($"  {test.Labels[k],-5} precision {test.Precision(k):F3} recall {test.Recall(k):F3}");
        Assert.Equal(1.0, train.Accuracy);
        Assert.True(test.Accuracy >= 0.8, $"held-out accuracy {test.Accuracy:F3} (chance is 0.33)");
        Assert.Equal(30, test.Count);
    }

    [Fact]
    public void Training_is_deterministic_and_the_file_round_trips()
    {
        var a = Path.Combine(_dir.FullName, "a.bin");
        var b = Path.Combine(_dir.FullName, "b.bin");
        var model = LinearTextClassifier.Train(Train(), Small);
        model.Save(a);
        LinearTextClassifier.Train(Train(), Small).Save(b);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal("CFLTXCLS"u8.ToArray(), File.ReadAllBytes(a)[..8]);

        var loaded = LinearTextClassifier.Load(a);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Featurizer.Settings, loaded.Featurizer.Settings);
        foreach (var example in Test()) Assert.Equal(model.Predict(example.Text), loaded.Predict(example.Text));
    }

    [Fact]
    public void Damaged_model_files_are_clear_errors()
    {
        var path = Path.Combine(_dir.FullName, "m.bin");
        LinearTextClassifier.Train(Train(), Small).Save(path);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(path)).Message);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(path)).Message);

        var newer = (byte[])bytes.Clone();
        newer[8] = 3;
        File.WriteAllBytes(path, newer);
        Assert.Contains("version 3", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(path)).Message);

        var flags = (byte[])bytes.Clone();
        flags[FlagsOffset] = 2;
        File.WriteAllBytes(path, flags);
        Assert.Contains("unknown feature flags 2", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(path)).Message);

        File.WriteAllText(path, "hello");
        Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(path)).Message);
    }

    // Magic (8 bytes), version, five settings: the flags word of format 2 follows.
    private const int FlagsOffset = 8 + 4 + 5 * 4;

    [Fact]
    public void Format_1_files_still_load_without_word_list_features()
    {
        var path = Path.Combine(_dir.FullName, "v2.bin");
        var model = LinearTextClassifier.Train(Train(), Small);
        model.Save(path);
        var v2 = File.ReadAllBytes(path);
        Assert.Equal(2, BitConverter.ToInt32(v2, 8));
        var v1 = v2[..FlagsOffset].Concat(v2[(FlagsOffset + 4)..]).ToArray();
        v1[8] = 1;
        File.WriteAllBytes(path, v1);
        var loaded = LinearTextClassifier.Load(path);
        Assert.False(loaded.Featurizer.Settings.WordListFeatures);
        foreach (var example in Test()) Assert.Equal(model.Predict(example.Text), loaded.Predict(example.Text));
    }

    [Fact]
    public void Word_list_features_add_matched_terms_and_the_score_and_survive_the_file()
    {
        var plain = new HashedTextFeatures(new FeatureSettings(DimensionBits: 16));
        var listed = new HashedTextFeatures(new FeatureSettings(DimensionBits: 16, WordListFeatures: true));
        // Look-alikes are folded as the filter folds them: "ｂｉｔｃｈ" is the listed term, and the list score is a feature.
        var extra = listed.Extract("you ｂｉｔｃｈ").Indices.Except(plain.Extract("you ｂｉｔｃｈ").Indices).Count();
        Assert.Equal(2, extra);
        // A text without listed terms still gets the (zero) score feature.
        Assert.Single(listed.Extract("a kind word").Indices.Except(plain.Extract("a kind word").Indices));

        var path = Path.Combine(_dir.FullName, "wl.bin");
        var model = LinearTextClassifier.Train(Train(), Small with { Features = listed.Settings });
        model.Save(path);
        Assert.Equal(1, BitConverter.ToInt32(File.ReadAllBytes(path), FlagsOffset));
        var loaded = LinearTextClassifier.Load(path);
        Assert.True(loaded.Featurizer.Settings.WordListFeatures);
        foreach (var example in Test()) Assert.Equal(model.Predict(example.Text), loaded.Predict(example.Text));
    }

    [Fact]
    public void Roc_auc_counts_ties_half()
    {
        Assert.Equal(1.0, LinearTextClassifier.RocAuc([false, true, false, true], [0.1, 0.9, 0.2, 0.8]));
        Assert.Equal(0.0, LinearTextClassifier.RocAuc([true, false], [0.1, 0.9]));
        Assert.Equal(0.5, LinearTextClassifier.RocAuc([true, false], [0.5, 0.5]));
        Assert.Equal(0.875, LinearTextClassifier.RocAuc([true, false, true, false], [0.9, 0.5, 0.5, 0.1]));
        Assert.Throws<ArgumentException>(() => LinearTextClassifier.RocAuc([true], [0.1, 0.2]));
    }

    [Fact]
    public void Labelled_reader_names_file_and_line()
    {
        var path = Path.Combine(_dir.FullName, "bad.jsonl");
        File.WriteAllText(path, "{\"text\":\"a\",\"label\":1}\n\n{\"text\":\"b\",\"label\":true}\n{\"text\":\"c\"}\n");
        var error = Assert.Throws<InvalidDataException>(() => LinearTextClassifier.ReadLabelled(path));
        Assert.Contains("bad.jsonl:4: no field 'label'", error.Message);
        File.WriteAllText(path, "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":true}\n");
        Assert.Equal(["1", "true"], LinearTextClassifier.ReadLabelled(path).Select(e => e.Label));
        File.WriteAllText(path, "{not json\n");
        Assert.Contains("bad.jsonl:1: invalid JSON", Assert.Throws<InvalidDataException>(() => LinearTextClassifier.ReadLabelled(path)).Message);
    }

    [Fact]
    public void Needs_two_labels()
    {
        Assert.Throws<ArgumentException>(() => LinearTextClassifier.Train([new LabelledText("a", "x"), new LabelledText("b", "x")], Small));
    }

    private LinearClassifierStage Stage(LinearClassifierStageOptions options) =>
        new(options, ComponentContext.ForDirectory(_dir.FullName));

    [Fact]
    public void Stage_writes_the_probability_and_drops_by_threshold()
    {
        LinearTextClassifier.Train(Train(), Small).Save(Path.Combine(_dir.FullName, "m.bin"));
        var stage = Stage(new LinearClassifierStageOptions { Model = "m.bin", Label = "spam", Attribute = "spam.p", DropAbove = 0.5 });
        var spam = new Document { Id = "s", Text = "Click here now for cheap deals, free shipping, buy now!!!" };
        var edu = new Document { Id = "e", Text = "The mitochondria produce chemical energy for the cell through respiration." };
        var dropped = stage.Process(spam);
        Assert.Equal(StageOutcome.Drop, dropped.Outcome);
        Assert.Equal("classifier_above", dropped.Reason);
        Assert.True((double)spam.Attributes["spam.p"]! > 0.5);
        Assert.Equal(StageOutcome.Keep, stage.Process(edu).Outcome);
        var eduScore = (double)edu.Attributes["spam.p"]!;
        Assert.True(eduScore < 0.5);

        // Boundaries: a score equal to the threshold is kept on either side.
        Assert.Equal(StageOutcome.Keep, Stage(new() { Model = "m.bin", Label = "spam", DropAbove = eduScore }).Process(new Document { Id = "e", Text = edu.Text }).Outcome);
        Assert.Equal(StageOutcome.Keep, Stage(new() { Model = "m.bin", Label = "spam", DropBelow = eduScore }).Process(new Document { Id = "e", Text = edu.Text }).Outcome);
        Assert.Equal("classifier_below", Stage(new() { Model = "m.bin", Label = "spam", DropBelow = eduScore + 1e-5 }).Process(new Document { Id = "e", Text = edu.Text }).Reason);
    }

    [Fact]
    public void Stage_scores_expected_value_for_numeric_labels()
    {
        var examples = Train().Select(e => new LabelledText(e.Text, e.Label switch { "edu" => "5", "spam" => "0", _ => "1" })).ToList();
        LinearTextClassifier.Train(examples, Small).Save(Path.Combine(_dir.FullName, "edu.bin"));
        var stage = Stage(new LinearClassifierStageOptions { Model = "edu.bin", Score = ClassifierScore.ExpectedValue, Attribute = "edu.score", DropBelow = 3 });
        var good = new Document { Id = "g", Text = "Plants convert light energy into chemical energy stored in glucose." };
        Assert.Equal(StageOutcome.Keep, stage.Process(good).Outcome);
        Assert.InRange((double)good.Attributes["edu.score"]!, 3, 5);
        Assert.Equal(StageOutcome.Drop, stage.Process(new Document { Id = "b", Text = "Buy cheap pills now, free shipping, click here!!!" }).Outcome);
    }

    [Fact]
    public void Stage_configuration_errors_name_the_problem()
    {
        LinearTextClassifier.Train(Train(), Small).Save(Path.Combine(_dir.FullName, "m.bin"));
        Assert.Contains("its labels are: edu, rude, spam",
            Assert.Throws<ArgumentException>(() => Stage(new() { Model = "m.bin", Label = "toxic" })).Message);
        Assert.Contains("numeric labels", Assert.Throws<ArgumentException>(() => Stage(new() { Model = "m.bin", Score = ClassifierScore.ExpectedValue })).Message);
        Assert.Throws<FileNotFoundException>(() => Stage(new() { Model = "missing.bin", Label = "x" }));
        Assert.Contains("label is required when score is probability", new LinearClassifierStageOptions { Model = "m.bin" }.Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData("😀😀🎉")]
    [InlineData("שלום עולם, זה טקסט בעברית")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("Mixed 日本語 Кириллица العربية text")]
    public void Bad_input_gives_valid_probabilities(string text)
    {
        var model = LinearTextClassifier.Train(Train(), Small);
        var p = model.Predict(text);
        Assert.Equal(1.0, p.Sum(), 4);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void A_five_megabyte_word_is_featurised_up_to_max_chars()
    {
        var model = LinearTextClassifier.Train(Train(), Small);
        var features = model.Featurizer.Extract(new string('x', 5_000_000));
        Assert.Single(features.Indices);
        Assert.Equal(1.0, model.Predict(new string('x', 5_000_000)).Sum(), 4);
    }
}
