using System.ComponentModel;
using System.Globalization;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters;

/// <summary>Options of <see cref="ToxicityFilter"/>.</summary>
public sealed class ToxicityFilterOptions : IValidatableOptions
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

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxDensity is < 0 or > 1) yield return "max_density must be between 0 and 1";
        if (MinMatches <= 0) yield return "min_matches must be positive";
        if (MinWords < 1) yield return "min_words must be at least 1";
        var unknown = Languages.Where(l => !ToxicityLexicon.BuiltInLanguages.Contains(l)).ToList();
        if (unknown.Count > 0)
            yield return $"no built-in list for {string.Join(", ", unknown)}; available: {string.Join(", ", ToxicityLexicon.BuiltInLanguages)}";
    }
}

/// <summary>Scores documents by the density of profanity and adult terms from multilingual word lists and drops
/// those above a threshold.</summary>
/// <remarks>Writes <c>toxicity.matches</c>, <c>toxicity.density</c> and <c>toxicity.&lt;category&gt;</c> counts.
/// URL-based adult-site rules belong to the URL filter (<c>filter.url_v1</c>), which runs before extraction.</remarks>
[Component("filter.toxicity_v1", "Drops documents dense in profanity or adult terms (multilingual word lists, Aho-Corasick)")]
public sealed class ToxicityFilter : DocumentFilter
{
    private readonly ToxicityFilterOptions _options;
    private readonly ToxicityLexicon _lexicon;
    private readonly string[] _categoryKeys;

    /// <summary>Creates the filter; lists are compiled once per process per configuration.</summary>
    public ToxicityFilter(ToxicityFilterOptions options, ComponentContext context)
    {
        _options = options;
        var extra = options.ExtraLists.Select(context.ResolvePath).ToList();
        foreach (var file in extra)
            if (!File.Exists(file)) throw new FileNotFoundException($"filter.toxicity_v1: extra list {file} does not exist", file);
        _lexicon = ToxicityLexicon.Get(options.Languages, options.Categories, extra);
        _categoryKeys = _lexicon.Categories.Select(c => "toxicity." + c).ToArray();
    }

    /// <summary>The drop rule: weighted score at least <c>min_matches</c> and score per word (words counted as at least
    /// <c>min_words</c>) above <c>max_density</c>.</summary>
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
        return FilterDecision.Drop("toxic_terms", string.Create(CultureInfo.InvariantCulture,
            $"density {density:F4} > {_options.MaxDensity} (score {counts.Score}, {counts.Matches} matches: {string.Join(", ", counts.FirstTerms)})"));
    }
}
