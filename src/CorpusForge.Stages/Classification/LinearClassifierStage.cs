using System.ComponentModel;
using System.Globalization;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Classification;

/// <summary>What a <see cref="LinearClassifierStage"/> score is.</summary>
public enum ClassifierScore
{
    /// <summary>Probability of the option's <c>label</c>.</summary>
    Probability,
    /// <summary>Σ probability × label value, for models with numeric labels (FineWeb-Edu style 0–5 scores).</summary>
    ExpectedValue,
}

/// <summary>Options of <see cref="LinearClassifierStage"/>.</summary>
public sealed class LinearClassifierStageOptions : IValidatableOptions, IFileValidatableOptions
{
    /// <summary>Model file.</summary>
    [Description("Model file written by `corpusforge classifier train` (relative to the pipeline file), or builtin:NAME for a model shipped with CorpusForge (builtin:toxicity_en_v1).")]
    public string Model { get; set; } = "";

    /// <summary>Kind of score.</summary>
    [Description("probability (of `label`) or expected_value (numeric labels).")]
    public ClassifierScore Score { get; set; } = ClassifierScore.Probability;

    /// <summary>Label whose probability is the score.</summary>
    [Description("Label whose probability is the score (score: probability).")]
    public string? Label { get; set; }

    /// <summary>Attribute the score is written to.</summary>
    [Description("Attribute that receives the score.")]
    public string Attribute { get; set; } = "classifier.score";

    /// <summary>Weight of the word-list score in the log-odds of <see cref="Label"/>.</summary>
    [Description("Adds this times the filter.toxicity_v1 word-list score (weighted matches, capped at 2) to the log-odds of `label` (two-label models, score: probability); 0 = off. 4 is what the shipped toxicity model was measured with (chosen on an inner split of its training data).")]
    public double WordListWeight { get; set; }

    /// <summary>Drop documents scoring below this.</summary>
    [Description("Drop documents whose score is below this (e.g. 3 for an educational score); null = no lower bound.")]
    public double? DropBelow { get; set; }

    /// <summary>Drop documents scoring above this.</summary>
    [Description("Drop documents whose score is above this (e.g. 0.5 for a toxicity probability); null = no upper bound.")]
    public double? DropAbove { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return "model is required";
        if (Score == ClassifierScore.Probability && string.IsNullOrEmpty(Label)) yield return "label is required when score is probability";
        if (string.IsNullOrWhiteSpace(Attribute)) yield return "attribute must not be empty";
        if (DropBelow is { } below && DropAbove is { } above && below > above) yield return "drop_below must not exceed drop_above";
        if (WordListWeight < 0) yield return "word_list_weight must not be negative";
        if (WordListWeight > 0 && Score != ClassifierScore.Probability) yield return "word_list_weight needs score: probability";
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateFiles(Func<string, string> resolvePath)
    {
        string path;
        LinearTextClassifier model;
        try
        {
            path = LinearClassifierStage.ResolveModelPath(Model, resolvePath);
            model = LinearTextClassifier.LoadShared(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            return [$"model: {e.Message}"];
        }

        return LinearClassifierStage.CheckFits(this, model, path);
    }
}

/// <summary>Scores documents with a trained <see cref="LinearTextClassifier"/>, stores the score as an attribute and
/// drops by threshold.</summary>
[Component("classify.linear_v1", "Scores documents with a trained hashed n-gram linear classifier; drops by threshold")]
public sealed class LinearClassifierStage : IDocumentStage
{
    private readonly LinearClassifierStageOptions _options;
    private readonly LinearTextClassifier _model;
    private readonly int _labelIndex;
    private readonly ToxicityLexicon? _lexicon;

    [ThreadStatic] private static float[]? t_probabilities;

    /// <summary>Loads the model (once per process per file).</summary>
    /// <exception cref="ArgumentException">The label is not one of the model's, or expected_value on text labels.</exception>
    public LinearClassifierStage(LinearClassifierStageOptions options, ComponentContext context)
    {
        _options = options;
        var path = ResolveModelPath(options.Model, context);
        _model = LinearTextClassifier.LoadShared(path);
        if (CheckFits(options, _model, path).FirstOrDefault() is { } problem) throw new ArgumentException($"classify.linear_v1: {problem}");
        _labelIndex = options.Score == ClassifierScore.Probability ? _model.Labels.ToList().IndexOf(options.Label!) : -1;
        if (options.WordListWeight > 0) _lexicon = ToxicityLexicon.Get([], [], []);
    }

    /// <summary>The probability <paramref name="probability"/> with <paramref name="weight"/> × the word-list score
    /// (capped at 2 strong terms) added to its log-odds: the lists carry knowledge of rare slurs and spellings that
    /// a model trained on a few thousand texts has not seen.</summary>
    public static double Blend(double probability, double wordListScore, double weight)
    {
        var p = Math.Clamp(probability, 1e-7, 1 - 1e-7);
        var logit = Math.Log(p / (1 - p)) + weight * Math.Min(2, wordListScore);
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>Prefix of the models shipped with CorpusForge (<c>builtin:toxicity_en_v1</c>).</summary>
    public const string BuiltInPrefix = "builtin:";

    /// <summary>The model file an option names, relative to the pipeline folder, or a shipped model.</summary>
    public static string ResolveModelPath(string model, ComponentContext context) => ResolveModelPath(model, context.ResolvePath);

    /// <summary>The model file an option names; <c>builtin:NAME</c> is <c>models/NAME.bin</c> beside this assembly.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it; for a built-in name, the
    /// message lists the shipped models).</exception>
    public static string ResolveModelPath(string model, Func<string, string> resolvePath)
    {
        if (model.StartsWith(BuiltInPrefix, StringComparison.Ordinal))
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "models");
            var file = Path.Combine(folder, model[BuiltInPrefix.Length..] + ".bin");
            if (File.Exists(file)) return file;
            IEnumerable<string> shipped = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.bin").Select(f => BuiltInPrefix + Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal) : [];
            throw new FileNotFoundException($"no built-in model '{model}'; shipped: {string.Join(", ", shipped)}", file);
        }

        var path = resolvePath(model);
        if (!File.Exists(path)) throw new FileNotFoundException($"model file {path} does not exist", path);
        return path;
    }

    /// <summary>Problems with using <paramref name="model"/> under <paramref name="options"/>: a label the model
    /// lacks, or expected_value on text labels.</summary>
    public static IEnumerable<string> CheckFits(LinearClassifierStageOptions options, LinearTextClassifier model, string path)
    {
        if (options.Score == ClassifierScore.Probability && !model.Labels.Contains(options.Label!))
            yield return $"label '{options.Label}' is not in model {path}; its labels are: {string.Join(", ", model.Labels)}";
        if (options.WordListWeight > 0 && model.Labels.Count != 2)
            yield return $"word_list_weight needs a two-label model; model {path} has: {string.Join(", ", model.Labels)}";
        if (options.Score == ClassifierScore.ExpectedValue && !model.HasNumericLabels)
            yield return $"score expected_value needs numeric labels; model {path} has: {string.Join(", ", model.Labels)} (use score: probability with a label)";
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var probabilities = t_probabilities is { } cached && cached.Length == _model.Labels.Count
            ? cached
            : t_probabilities = new float[_model.Labels.Count];
        _model.Probabilities(_model.Featurizer.Extract(document.Text), probabilities);
        double score = _options.Score == ClassifierScore.Probability ? probabilities[_labelIndex] : _model.ExpectedValue(probabilities);
        if (_lexicon is not null) score = Blend(score, _lexicon.Scan(document.Text).Score, _options.WordListWeight);
        score = Math.Round(score, 6);
        document.Attributes[_options.Attribute] = score;
        if (_options.DropBelow is { } below && score < below)
            return StageResult.Drop("classifier_below", string.Create(CultureInfo.InvariantCulture, $"{_options.Attribute} {score:F4} < {below}"));
        if (_options.DropAbove is { } above && score > above)
            return StageResult.Drop("classifier_above", string.Create(CultureInfo.InvariantCulture, $"{_options.Attribute} {score:F4} > {above}"));
        return StageResult.Keep;
    }
}
