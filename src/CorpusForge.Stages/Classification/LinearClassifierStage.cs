using System.ComponentModel;
using System.Globalization;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

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
public sealed class LinearClassifierStageOptions : IValidatableOptions
{
    /// <summary>Model file.</summary>
    [Description("Model file written by `corpusforge classifier train` (relative to the pipeline file).")]
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
    }
}

/// <summary>Scores documents with a trained <see cref="LinearTextClassifier"/>, stores the score as an attribute and
/// drops by threshold.</summary>
[Component("classify.linear_v1", "Scores documents with a trained hashed n-gram linear classifier; drops by threshold")]
public sealed class LinearClassifierStage : IDocumentStage, IScoreThresholds
{
    private readonly LinearClassifierStageOptions _options;
    private readonly LinearTextClassifier _model;
    private readonly int _labelIndex;

    [ThreadStatic] private static float[]? t_probabilities;

    /// <summary>Loads the model (once per process per file).</summary>
    /// <exception cref="ArgumentException">The label is not one of the model's, or expected_value on text labels.</exception>
    public LinearClassifierStage(LinearClassifierStageOptions options, ComponentContext context)
    {
        _options = options;
        var path = context.ResolvePath(options.Model);
        _model = LinearTextClassifier.LoadShared(path);
        if (options.Score == ClassifierScore.Probability)
        {
            _labelIndex = _model.Labels.ToList().IndexOf(options.Label!);
            if (_labelIndex < 0)
                throw new ArgumentException($"classify.linear_v1: label '{options.Label}' is not in model {path}; its labels are: {string.Join(", ", _model.Labels)}");
        }
        else if (!_model.HasNumericLabels)
        {
            throw new ArgumentException($"classify.linear_v1: score expected_value needs numeric labels; model {path} has: {string.Join(", ", _model.Labels)}");
        }
    }

    /// <inheritdoc />
    public IEnumerable<ScoreThreshold> Thresholds
    {
        get
        {
            if (_options.DropBelow is { } below) yield return new(_options.Attribute, below, IsMinimum: true);
            if (_options.DropAbove is { } above) yield return new(_options.Attribute, above, IsMinimum: false);
        }
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var probabilities = t_probabilities is { } cached && cached.Length == _model.Labels.Count
            ? cached
            : t_probabilities = new float[_model.Labels.Count];
        _model.Probabilities(_model.Featurizer.Extract(document.Text), probabilities);
        var score = _options.Score == ClassifierScore.Probability ? probabilities[_labelIndex] : _model.ExpectedValue(probabilities);
        score = Math.Round(score, 6);
        document.Attributes[_options.Attribute] = score;
        if (_options.DropBelow is { } below && score < below)
            return StageResult.Drop("classifier_below", string.Create(CultureInfo.InvariantCulture, $"{_options.Attribute} {score:F4} < {below}"));
        if (_options.DropAbove is { } above && score > above)
            return StageResult.Drop("classifier_above", string.Create(CultureInfo.InvariantCulture, $"{_options.Attribute} {score:F4} > {above}"));
        return StageResult.Keep;
    }
}
