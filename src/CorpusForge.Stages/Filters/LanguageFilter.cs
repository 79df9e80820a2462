using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Text;
using CorpusForge.Stages.Text.LanguageId;

namespace CorpusForge.Stages.Filters;

/// <summary>Options of <see cref="LanguageFilter"/>.</summary>
public sealed class LanguageFilterOptions : IValidatableOptions
{
    /// <summary>Languages to keep.</summary>
    [Description("ISO 639-1 codes of the languages to keep; empty keeps every language (the stage then only tags).")]
    public string[] KeepLanguages { get; set; } = [];

    /// <summary>Lowest confidence kept.</summary>
    [Description("Drop documents whose language confidence is below this (0.65, as published pipelines use with fastText's LID model).")]
    public double MinConfidence { get; set; } = 0.65;

    /// <summary>Candidate languages.</summary>
    [Description("Languages the detector chooses between (ISO 639-1); empty means every language with a model (81). Fewer load faster but force texts in other languages onto one of them.")]
    public string[] Languages { get; set; } = [];

    /// <summary>Longest character n-gram used.</summary>
    [Description("Longest character n-gram scored (1-4). 3 loads in about 2 s for all languages; 4 is more accurate on short texts but loads about 4x slower and uses about 120 MB.")]
    public int MaxOrder { get; set; } = 3;

    /// <summary>Letters examined per text.</summary>
    [Description("Letters examined per document (or paragraph): the first this many; bounds the cost of huge documents.")]
    public int MaxLetters { get; set; } = 10_000;

    /// <summary>Detect each paragraph.</summary>
    [Description("Detect each paragraph separately: language.paragraph_codes lists them, the document takes the language with the most letters and a confidence weighted by letters, so mixed documents score lower.")]
    public bool PerParagraph { get; set; }

    /// <summary>Folder of the language models.</summary>
    [Description("Folder with the language models (one sub-folder per language); empty uses the models installed next to CorpusForge. Relative paths resolve against the pipeline folder.")]
    public string ModelDirectory { get; set; } = "";

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinConfidence is < 0 or > 1) yield return $"min_confidence must be between 0 and 1 (got {MinConfidence})";
        if (MaxOrder is < 1 or > 4) yield return $"max_order must be 1 to 4 (got {MaxOrder})";
        if (MaxLetters < 1) yield return "max_letters must be at least 1";
        if (Languages.Length > 0)
        {
            foreach (var code in KeepLanguages.Where(k => !Languages.Contains(k)))
                yield return $"keep_languages has '{code}', which is not among languages ({string.Join(", ", Languages)})";
        }

        if (ModelDirectory.Length == 0)
        {
            var available = NgramLanguageModel.AvailableLanguages(NgramLanguageModel.DefaultModelDirectory);
            foreach (var code in Languages.Concat(KeepLanguages).Distinct().Where(c => !available.Contains(c)))
                yield return $"no language model for '{code}'; available: {string.Join(", ", available)}";
        }
    }
}

/// <summary>Identifies each document's language (optionally per paragraph), stores <c>language.code</c> and
/// <c>language.confidence</c>, and keeps documents in the wanted languages with enough confidence.</summary>
/// <remarks>A document without letters (empty, whitespace, digits, emoji) gets code <c>unknown</c> and confidence 0
/// and is dropped as <c>language_unknown</c> unless min_confidence is 0 and keep_languages is empty. See
/// <see cref="LanguageIdentifier"/> for the two stages and what confidence means.</remarks>
[Component("filter.language_v1", "Language identification (character n-gram model, then a discriminative model within confusable groups): language.code/confidence, keep languages above a confidence")]
public sealed class LanguageFilter : DocumentFilter
{
    private readonly LanguageFilterOptions _options;
    private readonly NgramLanguageModel _model;
    private readonly LanguageIdentifier _identifier;
    private readonly HashSet<string> _keep;

    /// <summary>Loads (or reuses, once per process) the model for the configured languages.</summary>
    public LanguageFilter(LanguageFilterOptions options, ComponentContext context)
    {
        _options = options;
        var directory = options.ModelDirectory.Length == 0 ? NgramLanguageModel.DefaultModelDirectory : context.ResolvePath(options.ModelDirectory);
        var languages = options.Languages.Length > 0 ? options.Languages : NgramLanguageModel.AvailableLanguages(directory);
        if (languages.Count == 0) throw new DirectoryNotFoundException($"no language models found in '{directory}'");
        _model = NgramLanguageModel.Load(directory, languages, options.MaxOrder);
        _identifier = LanguageIdentifier.For(_model);
        _keep = new HashSet<string>(options.KeepLanguages, StringComparer.Ordinal);
    }

    /// <summary>The first-stage model in use.</summary>
    public NgramLanguageModel Model => _model;

    /// <summary>The two-stage identifier in use.</summary>
    public LanguageIdentifier Identifier => _identifier;

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var guess = _options.PerParagraph ? DetectParagraphs(document) : _identifier.Detect(document.Text, _options.MaxLetters);
        document.Attributes["language.code"] = guess.Code;
        document.Attributes["language.confidence"] = Math.Round(guess.Confidence, 4);

        var filtering = _keep.Count > 0 || _options.MinConfidence > 0;
        if (guess.Letters == 0)
            return filtering ? FilterDecision.Drop("language_unknown", "no letters") : FilterDecision.Keep;
        if (guess.Confidence < _options.MinConfidence)
            return FilterDecision.Drop("language_low_confidence", $"{guess.Code} {guess.Confidence:F3} < {_options.MinConfidence}");
        if (_keep.Count > 0 && !_keep.Contains(guess.Code))
            return FilterDecision.Drop("language_not_kept", guess.Code);
        return FilterDecision.Keep;
    }

    private LanguageGuess DetectParagraphs(Document document)
    {
        var analysis = TextAnalysis.Of(document);
        var paragraphs = analysis.Paragraphs;
        var codes = new string[paragraphs.Length];
        var letters = new Dictionary<string, (long Letters, double WeightedConfidence)>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < paragraphs.Length; i++)
        {
            var guess = _identifier.Detect(paragraphs[i].Of(analysis.Text), _options.MaxLetters);
            codes[i] = guess.Code;
            if (guess.Letters == 0) continue;
            var (sum, weighted) = letters.GetValueOrDefault(guess.Code);
            letters[guess.Code] = (sum + guess.Letters, weighted + guess.Confidence * guess.Letters);
            total += guess.Letters;
        }

        document.Attributes["language.paragraph_codes"] = codes;
        if (total == 0) return new LanguageGuess(NgramLanguageModel.Unknown, 0, 0);
        // Most letters wins; ties go to the alphabetically first code so the result does not depend on order.
        var best = letters.OrderByDescending(kv => kv.Value.Letters).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
        return new LanguageGuess(best.Key, best.Value.WeightedConfidence / total, (int)Math.Min(int.MaxValue, total));
    }
}
