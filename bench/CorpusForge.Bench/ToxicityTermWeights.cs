using CorpusForge.Stages.Filters;

namespace CorpusForge.Bench;

/// <summary>One listed term's counts in labelled text and the weight estimated from them.</summary>
/// <param name="Term">The term as the lexicon reports it.</param>
/// <param name="Category">Its category name.</param>
/// <param name="Toxic">Labelled-toxic texts in which it matched.</param>
/// <param name="Clean">Labelled-clean texts in which it matched.</param>
/// <param name="Precision">Share of its texts that are toxic, smoothed towards its category's share.</param>
/// <param name="BaseWeight">The weight its category gives it.</param>
/// <param name="Weight">The estimated weight: half the base weight when the term is demoted.</param>
public sealed record ToxicityTermEstimate(string Term, string Category, int Toxic, int Clean, double Precision, double BaseWeight, double Weight);

/// <summary>Per-term weights for word lists, estimated from labelled text: a term that the labels show in clean text
/// too often (smoothed precision below a floor) counts half, so that it needs a second term to drop a short text.</summary>
/// <remarks>
/// The precision of a term is (toxic + s·p_c) / (toxic + clean + s), a Beta-prior estimate that pulls terms seen a few
/// times towards p_c, the pooled share of toxic texts among all matches of the term's category. Only a term seen in
/// clean text at least once can be demoted: a category whose pooled precision is below the floor must not demote
/// terms that the data never showed in clean text. <c>bench -- toxicity-eval --part cv</c> scores it by 5-fold
/// cross-validation on the dev part of toxicity-dev; it did not lower the clean-drop rate on unseen folds, so the
/// shipped lists carry no estimated weights (docs/filters-safety.md). Estimated weights can be written into a list as
/// <c>term = weight</c> lines.
/// </remarks>
public static class ToxicityTermWeights
{
    /// <summary>Estimates per-term weights for <paramref name="entries"/> (their own weights ignored) from
    /// <paramref name="texts"/>; one estimate per listed term that matched at least once, ordered by term.</summary>
    public static IReadOnlyList<ToxicityTermEstimate> Derive(IReadOnlyList<(string Text, bool Toxic)> texts,
        IReadOnlyList<(string Term, string Category, double? Weight)> entries, double priorStrength, double minPrecision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(priorStrength);
        var lexicon = ToxicityLexicon.FromEntries(entries.Select(e => (e.Term, e.Category, (double?)null)));
        var categoryOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (term, category, _) in entries)
            if (CategoryName(category) != ToxicityLexicon.SafeCategory) categoryOf.TryAdd(ToxicityLexicon.Normalize(term), CategoryName(category));

        var counts = new Dictionary<string, (int Toxic, int Clean)>(StringComparer.Ordinal);
        foreach (var (text, toxic) in texts)
            foreach (var term in lexicon.Scan(text, int.MaxValue).FirstTerms)
            {
                var c = counts.GetValueOrDefault(term);
                counts[term] = toxic ? (c.Toxic + 1, c.Clean) : (c.Toxic, c.Clean + 1);
            }

        var pooled = counts.GroupBy(kv => categoryOf[kv.Key])
            .ToDictionary(g => g.Key, g => (g.Sum(kv => kv.Value.Toxic) + 1.0) / (g.Sum(kv => kv.Value.Toxic + kv.Value.Clean) + 2.0));
        return counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var (toxic, clean) = kv.Value;
            var category = categoryOf[kv.Key];
            var precision = (toxic + priorStrength * pooled[category]) / (toxic + clean + priorStrength);
            var baseWeight = lexicon.WeightOf(kv.Key)!.Value;
            var weight = clean > 0 && precision < minPrecision ? baseWeight / 2 : baseWeight;
            return new ToxicityTermEstimate(kv.Key, category, toxic, clean, Math.Round(precision, 4), baseWeight, weight);
        }).ToList();
    }

    /// <summary><paramref name="entries"/> with their own weights replaced by the estimates that differ from the
    /// category weight (and none where the estimate keeps it).</summary>
    public static IReadOnlyList<(string Term, string Category, double? Weight)> Apply(
        IReadOnlyList<(string Term, string Category, double? Weight)> entries, IReadOnlyList<ToxicityTermEstimate> estimates)
    {
        var demoted = estimates.Where(e => e.Weight != e.BaseWeight).ToDictionary(e => e.Term, e => e.Weight, StringComparer.Ordinal);
        return entries.Select(e => (e.Term, e.Category, demoted.TryGetValue(ToxicityLexicon.Normalize(e.Term), out var w) ? w : (double?)null)).ToList();
    }

    private static string CategoryName(string header) => header.IndexOf(':') is var colon and >= 0 ? header[..colon] : header;
}
