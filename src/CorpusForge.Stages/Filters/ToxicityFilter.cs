using System.ComponentModel;
using System.Globalization;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Classification;

namespace CorpusForge.Stages.Filters;

/// <summary>Options of <see cref="ToxicityFilter"/>.</summary>
public sealed class ToxicityFilterOptions : IValidatableOptions, IFileValidatableOptions
{
    /// <summary>Built-in lists to use.</summary>
    [Description("Built-in word lists by language code (en, de, fr, es, it, pt, nl, pl, ru, tr, zh, ja); empty = all.")]
    public List<string> Languages { get; set; } = [];

    /// <summary>Categories to count.</summary>
    [Description("Categories to count (profanity, adult, or those of extra lists); empty = all.")]
    public List<string> Categories { get; set; } = [];

    /// <summary>More list files in the same format.</summary>
    [Description("Extra word-list files ([category] headers, one term per line), relative to the pipeline file.")]
    public List<string> ExtraLists { get; set; } = [];

    /// <summary>Density above which a document is dropped.</summary>
    [Description("Drop when the weighted flagged terms per word (words counted as at least min_words) exceed this and min_matches is reached.")]
    public double MaxDensity { get; set; } = 0.01;

    /// <summary>Fewest weighted matches for a drop.</summary>
    [Description("A document needs at least this weighted number of flagged terms to be dropped (a weak term, e.g. [insult:0.5], counts 0.5).")]
    public double MinMatches { get; set; } = 1;

    /// <summary>Floor on the word count used for the density.</summary>
    [Description("Texts shorter than this many words are scored as if they had this many, so one strong term drops a tweet but not a web page.")]
    public int MinWords { get; set; } = 20;

    /// <summary>Model that confirms drops resting on a low score.</summary>
    [Description("Model asked about English drops whose score is below confirm_below_score (builtin:NAME or a `corpusforge classifier train` file, relative to the pipeline file, with a `toxic` label): the drop stands only if the model gives `toxic` at least confirm_min_probability. Empty = word lists alone.")]
    public string ConfirmModel { get; set; } = "builtin:toxicity_en_v1";

    /// <summary>Probability of <c>toxic</c> a confirmed drop needs.</summary>
    [Description("Probability of `toxic` the confirm_model must give for a drop it is asked about to stand.")]
    public double ConfirmMinProbability { get; set; } = 0.93;

    /// <summary>Score from which a drop is not put to the model.</summary>
    [Description("Drops with at least this weighted score (two strong terms) stand without asking the confirm_model.")]
    public double ConfirmBelowScore { get; set; } = 2;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (ConfirmMinProbability is < 0 or > 1) yield return "confirm_min_probability must be between 0 and 1";
        if (ConfirmBelowScore <= 0) yield return "confirm_below_score must be positive";
        if (MaxDensity is < 0 or > 1) yield return "max_density must be between 0 and 1";
        if (MinMatches <= 0) yield return "min_matches must be positive";
        if (MinWords < 1) yield return "min_words must be at least 1";
        var unknown = Languages.Where(l => !ToxicityLexicon.BuiltInLanguages.Contains(l)).ToList();
        if (unknown.Count > 0)
            yield return $"no built-in list for {string.Join(", ", unknown)}; available: {string.Join(", ", ToxicityLexicon.BuiltInLanguages)}";
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateFiles(Func<string, string> resolvePath)
    {
        if (string.IsNullOrWhiteSpace(ConfirmModel)) return [];
        try
        {
            ToxicityFilter.LoadConfirmModel(ConfirmModel, resolvePath);
            return [];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            return [$"confirm_model: {e.Message}"];
        }
    }
}

/// <summary>Scores documents by the density of profanity and adult terms from multilingual word lists and drops
/// those above a threshold; an English drop that rests on one strong term is confirmed by a classifier.</summary>
/// <remarks>Writes <c>toxicity.matches</c>, <c>toxicity.score</c>, <c>toxicity.density</c> and
/// <c>toxicity.&lt;category&gt;</c> counts, and <c>toxicity.p</c> when the confirming model was asked.
/// URL-based adult-site rules belong to the URL filter (<c>filter.url_v1</c>), which runs before extraction.</remarks>
[Component("filter.toxicity_v1", "Drops documents dense in profanity or adult terms (multilingual word lists, Aho-Corasick)")]
public sealed class ToxicityFilter : DocumentFilter
{
    private readonly ToxicityFilterOptions _options;
    private readonly ToxicityLexicon _lexicon;
    private readonly string[] _categoryKeys;
    // The confirming model, its `toxic` index and the English-only lexicon that decides whether it is asked.
    private readonly LinearTextClassifier? _confirm;
    private readonly int _toxicIndex;
    private readonly ToxicityLexicon? _english;

    /// <summary>Creates the filter; lists are compiled once per process per configuration.</summary>
    public ToxicityFilter(ToxicityFilterOptions options, ComponentContext context)
    {
        _options = options;
        var extra = options.ExtraLists.Select(context.ResolvePath).ToList();
        foreach (var file in extra)
            if (!File.Exists(file)) throw new FileNotFoundException($"filter.toxicity_v1: extra list {file} does not exist", file);
        _lexicon = ToxicityLexicon.Get(options.Languages, options.Categories, extra);
        _categoryKeys = _lexicon.Categories.Select(c => "toxicity." + c).ToArray();
        // The shipped model is English: it is loaded only when the English list is in use.
        if (!string.IsNullOrWhiteSpace(options.ConfirmModel) && (options.Languages.Count == 0 || options.Languages.Contains("en")))
        {
            try
            {
                _confirm = LoadConfirmModel(options.ConfirmModel, context.ResolvePath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                throw new ArgumentException($"filter.toxicity_v1: confirm_model: {e.Message}", e);
            }

            _toxicIndex = _confirm.Labels.ToList().IndexOf(ToxicLabel);
            _english = ToxicityLexicon.Get(["en"], options.Categories, []);
        }
    }

    /// <summary>The label whose probability a confirming model must give.</summary>
    public const string ToxicLabel = "toxic";

    /// <summary>Loads a confirming model (once per process per file) and checks that it has a <c>toxic</c> label.</summary>
    /// <exception cref="ArgumentException">The model lacks the label.</exception>
    public static LinearTextClassifier LoadConfirmModel(string model, Func<string, string> resolvePath)
    {
        var path = LinearClassifierStage.ResolveModelPath(model, resolvePath);
        var loaded = LinearTextClassifier.LoadShared(path);
        if (!loaded.Labels.Contains(ToxicLabel))
            throw new ArgumentException($"model {path} has no label '{ToxicLabel}'; its labels are: {string.Join(", ", loaded.Labels)}");
        return loaded;
    }

    /// <summary>The word-list drop rule (before any confirming model): weighted score at least <c>min_matches</c> and
    /// score per word (words counted as at least <c>min_words</c>) above <c>max_density</c>.</summary>
    public static bool IsToxic(ToxicityCounts counts, ToxicityFilterOptions options) =>
        counts.Score >= options.MinMatches && Density(counts, options) > options.MaxDensity;

    private static double Density(ToxicityCounts counts, ToxicityFilterOptions options) =>
        Math.Round(counts.Score / Math.Max(counts.Words, options.MinWords), 6);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var counts = _lexicon.Scan(document.Text);
        var density = Density(counts, _options);
        document.Attributes["toxicity.matches"] = (long)counts.Matches;
        document.Attributes["toxicity.score"] = counts.Score;
        document.Attributes["toxicity.density"] = density;
        for (var k = 0; k < _categoryKeys.Length; k++) document.Attributes[_categoryKeys[k]] = (long)counts.ByCategory[k];
        if (!IsToxic(counts, _options)) return FilterDecision.Keep;
        var confirmed = "";
        // One strong term (or two weak ones) in English text: in short texts such a term is often quoted, reclaimed or
        // meant harmlessly, which the model, reading the whole text, tells apart better than a list can.
        if (_confirm is not null && counts.Score < _options.ConfirmBelowScore && IsToxic(_english!.Scan(document.Text), _options))
        {
            var p = Math.Round((double)_confirm.Predict(document.Text)[_toxicIndex], 6);
            document.Attributes["toxicity.p"] = p;
            if (p < _options.ConfirmMinProbability) return FilterDecision.Keep;
            confirmed = string.Create(CultureInfo.InvariantCulture, $"; model p {p:F4} >= {_options.ConfirmMinProbability}");
        }

        return FilterDecision.Drop("toxic_terms", string.Create(CultureInfo.InvariantCulture,
            $"density {density:F4} > {_options.MaxDensity} (score {counts.Score}, {counts.Matches} matches: {string.Join(", ", counts.FirstTerms)}){confirmed}"));
    }
}
