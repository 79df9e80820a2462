using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CorpusForge.Stages.Classification;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge classifier train|eval</c>: fits a hashed n-gram linear classifier on labelled JSONL and
/// measures one; the model is used in pipelines by <c>classify.linear_v1</c>.</summary>
public sealed class ClassifierCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("classifier", "Train or evaluate a text classifier (hashed word and character n-grams, logistic regression) for classify.linear_v1.");
        command.Subcommands.Add(BuildTrain());
        command.Subcommands.Add(BuildEval());
        return command;
    }

    private static Option<string> TextField() => new("--text-field") { Description = "JSON field holding the text.", DefaultValueFactory = _ => "text" };

    private static Option<string> LabelField() => new("--label-field") { Description = "JSON field holding the label (string, number or boolean).", DefaultValueFactory = _ => "label" };

    private static Command BuildTrain()
    {
        var defaults = TrainingSettings.Default;
        var input = new Option<FileInfo>("--input", "-i") { Description = "Labelled JSONL (.jsonl, .jsonl.gz, .jsonl.zst).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Model file to write.", Required = true };
        var textField = TextField();
        var labelField = LabelField();
        var validation = new Option<FileInfo?>("--validation") { Description = "Labelled JSONL to report held-out accuracy on (default: hold out --holdout of the input)." };
        var holdout = new Option<double>("--holdout") { Description = "Fraction of the input held out for validation when --validation is not given (0 = none).", DefaultValueFactory = _ => 0.1 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => defaults.Epochs };
        var learningRate = new Option<double>("--learning-rate") { Description = "AdaGrad base learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty.", DefaultValueFactory = _ => defaults.L2 };
        var bits = new Option<int>("--dimension-bits") { Description = "Hashed feature space size as a power of two.", DefaultValueFactory = _ => defaults.Features.DimensionBits };
        var wordNgrams = new Option<int>("--word-ngrams") { Description = "Longest word n-gram.", DefaultValueFactory = _ => defaults.Features.WordNgrams };
        var charNgrams = new Option<string>("--char-ngrams") { Description = "Character n-gram lengths inside words, MIN-MAX (0-0 = none).", DefaultValueFactory = _ => $"{defaults.Features.CharNgramMin}-{defaults.Features.CharNgramMax}" };
        var seed = new Option<int>("--seed") { Description = "Shuffling seed (training is deterministic).", DefaultValueFactory = _ => defaults.Seed };
        var wordLists = new Option<bool>("--word-list-features") { Description = "Also use the built-in toxicity word lists' matches and score as features." };
        var command = new Command("train", "Fit a classifier on labelled JSONL and write the model file.")
        {
            input, output, textField, labelField, validation, holdout, epochs, learningRate, l2, bits, wordNgrams, charNgrams, seed, wordLists,
        };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var range = parse.GetValue(charNgrams)!.Split('-');
            if (range.Length != 2 || !int.TryParse(range[0], out var charMin) || !int.TryParse(range[1], out var charMax))
            {
                Console.Error.WriteLine($"error: --char-ngrams must be MIN-MAX, got '{parse.GetValue(charNgrams)}'");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            var fraction = parse.GetValue(holdout);
            if (fraction is < 0 or >= 1)
            {
                Console.Error.WriteLine("error: --holdout must be in [0, 1)");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            var settings = new TrainingSettings(
                new FeatureSettings(parse.GetValue(bits), parse.GetValue(wordNgrams), charMin, charMax, WordListFeatures: parse.GetValue(wordLists)),
                parse.GetValue(epochs), parse.GetValue(learningRate), parse.GetValue(l2), parse.GetValue(seed));
            var problems = settings.Features.Validate().ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            var all = LinearTextClassifier.ReadLabelled(parse.GetValue(input)!.FullName, parse.GetValue(textField)!, parse.GetValue(labelField)!);
            List<LabelledText> train, held;
            if (parse.GetValue(validation) is { } validationFile)
            {
                train = all;
                held = LinearTextClassifier.ReadLabelled(validationFile.FullName, parse.GetValue(textField)!, parse.GetValue(labelField)!);
            }
            else
            {
                // Every k-th example is held out: deterministic, and it keeps the label mix of sorted inputs.
                var every = fraction > 0 ? (int)Math.Round(1 / fraction) : int.MaxValue;
                train = all.Where((_, i) => (i + 1) % every != 0).ToList();
                held = all.Where((_, i) => (i + 1) % every == 0).ToList();
            }

            var watch = Stopwatch.StartNew();
            var model = LinearTextClassifier.Train(train, settings);
            var seconds = watch.Elapsed.TotalSeconds;
            var outPath = parse.GetValue(output)!.FullName;
            model.Save(outPath);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained on {train.Count} texts ({string.Join(", ", model.Labels)}) in {seconds:F1} s; wrote {outPath}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train accuracy {model.Evaluate(train).Accuracy:F4}"));
            if (held.Count > 0) Print("held-out", model.Evaluate(held));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static Command BuildEval()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Model file.", Required = true };
        var input = new Option<FileInfo>("--input", "-i") { Description = "Labelled JSONL.", Required = true };
        var textField = TextField();
        var labelField = LabelField();
        var command = new Command("eval", "Report accuracy, per-label precision and recall, and the confusion matrix on labelled JSONL.")
        {
            model, input, textField, labelField,
        };
        command.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var classifier = LinearTextClassifier.Load(parse.GetValue(model)!.FullName);
            var examples = LinearTextClassifier.ReadLabelled(parse.GetValue(input)!.FullName, parse.GetValue(textField)!, parse.GetValue(labelField)!);
            Print("eval", classifier.Evaluate(examples));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static void Print(string name, ClassifierEvaluation evaluation)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{name} accuracy {evaluation.Accuracy:F4}, macro-F1 {evaluation.MacroF1:F4} on {evaluation.Count} texts"));
        if (evaluation.UnknownLabels > 0) Console.WriteLine($"{evaluation.UnknownLabels} texts have labels the model does not know (not counted)");
        var width = Math.Max(8, evaluation.Labels.Max(l => l.Length) + 2);
        Console.WriteLine($"{"label".PadRight(width)} precision  recall  | confusion (rows actual, columns predicted)");
        for (var k = 0; k < evaluation.Labels.Length; k++)
        {
            var row = string.Join(' ', Enumerable.Range(0, evaluation.Labels.Length).Select(p => evaluation.Confusion[k, p].ToString(inv).PadLeft(6)));
            Console.WriteLine(string.Create(inv, $"{evaluation.Labels[k].PadRight(width)} {evaluation.Precision(k),9:F4} {evaluation.Recall(k),7:F4}  | {row}"));
        }
    }
}
