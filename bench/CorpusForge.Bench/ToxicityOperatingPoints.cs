using System.Globalization;
using System.Text.RegularExpressions;
using CorpusForge.Stages.Classification;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Bench;

/// <summary>Candidate ways to lower the share of clean short texts the word lists drop, each scored on labelled dev
/// text against the shipped rule: context rules (a term in the context counts as a mention, half its weight, or a weak
/// term aimed at the reader counts twice), a length-aware threshold, and half weight for frequent terms with common
/// non-abusive uses. <c>bench -- toxicity-eval --part rules</c>; the figures are in docs/filters-safety.md.</summary>
/// <remarks>
/// A context rule is tried by rewriting the text before the shipped scanner reads it: a <c>#</c> in front of the term
/// makes it a mention (the scanner's own half weight), a repeated weak term counts twice. This is how such a rule
/// would score if it were built into <see cref="ToxicityLexicon"/>, without building it there first. Because the
/// rules are fixed patterns, their dev figure is their estimate; which of them to adopt is a choice, so the choice
/// itself is cross-validated: on four fifths of dev, keep each rule that saves at least
/// <see cref="NeededCleanPerHundredToxic"/> clean texts per 100 toxic ones it lets through, and score the kept rules
/// on the fifth.
/// </remarks>
public static class ToxicityOperatingPoints
{
    /// <summary>The exchange rate a rule must beat: dev clean drops 35 → 23 (0.9 %) for at most 0.03 recall
    /// (about 400 of dev's 13,221 toxic texts) is 3 clean texts per 100 toxic ones.</summary>
    public const double NeededCleanPerHundredToxic = 3;

    /// <summary>Clean tweets in the independent short-text set (4,957 tweets, 17 % clean).</summary>
    public const int IndependentClean = 843;

    private enum Action { Mention, Double }

    private sealed record Rule(string Name, Action Action, Regex Pattern);

    /// <summary>Prints each candidate's dev figures against the shipped rule, then the cross-validated choice.</summary>
    public static void Run(BenchContext context, IReadOnlyList<(string Text, bool Toxic)> dev)
    {
        var english = ToxicityLexicon.ReadBuiltIn("en");
        var listed = english.Where(e => e.Category != ToxicityLexicon.SafeCategory).Select(e => ToxicityLexicon.Normalize(e.Term)).Distinct().ToList();
        var weak = english.Where(e => e.Category.Contains(':')).Select(e => ToxicityLexicon.Normalize(e.Term)).Distinct().ToList();
        var any = Alternation(listed);
        var weakOnly = Alternation(weak);
        var rules = new List<Rule>
        {
            new("self-reference (I'm (such) a X)", Action.Mention, Pattern($@"\b(?:i'?m|im|i\s+am)\s+(?:such\s+|so\s+)?(?:an?\s+)?(?:\w+\s+)?(?<t>{any})\b")),
            new("reported speech (called me a X, stop saying X)", Action.Mention,
                Pattern($@"\b(?:(?:called|calls|calling|call)\s+(?:me|him|her|us|them|you|u)\s+(?:an?\s+)?|(?:stop|quit)\s+(?:saying|using|calling\s+\w+)\s+(?:the\s+word\s+)?|(?:says?|said|saying)\s+the\s+word\s+)(?<t>{any})\b")),
            new("objection (no need for ..., don't call me ...)", Action.Mention,
                Pattern($@"\b(?:no\s+need\s+for|don'?t\s+call\s+(?:me|him|her|us|them))\b[^.!?]{{0,40}}?\b(?<t>{any})\b")),
            new("verb sense (bitch about, bitching about)", Action.Mention, Pattern(@"\b(?<t>bitch(?:ing|ed|es)?)\s+(?:about|and\s+moan)\b")),
            new("place sense (in this bitch)", Action.Mention, Pattern(@"\bin\s+(?:this|dis|that|the)\s+(?<t>bitch)\b")),
            new("cigarettes (20 fags)", Action.Mention, Pattern(@"\b\d+\s+(?<t>fags)\b")),
            new("second person: weak term aimed at the reader counts 1", Action.Double,
                Pattern($@"\b(?:you|u|ur|you'?re|ya|yu)\s+(?:are\s+|r\s+)?(?:so\s+|such\s+)?(?:an?\s+)?(?<t>{weakOnly})\b")),
        };

        var shipped = ToxicityLexicon.Get([], [], []);
        var options = new ToxicityFilterOptions();
        var baseline = dev.Select(e => ToxicityFilter.IsToxic(shipped.Scan(e.Text), options)).ToArray();
        context.Out.WriteLine($"candidate rules on dev ({dev.Count} texts) against the shipped rule; 'exchange' = clean texts saved per 100 toxic texts let through (needed: {NeededCleanPerHundredToxic}):");
        context.Out.WriteLine("  " + Line("shipped rule", dev, baseline, baseline));
        var ruleDrops = new List<(string Name, bool[] Dropped)>();
        foreach (var rule in rules)
        {
            var dropped = dev.Select(e => ToxicityFilter.IsToxic(shipped.Scan(Rewrite(rule, e.Text)), options)).ToArray();
            ruleDrops.Add((rule.Name, dropped));
        }

        // Length-aware threshold: the shortest texts need one and a half terms.
        foreach (var maxWords in new[] { 3, 5 })
        {
            ruleDrops.Add(($"texts of <= {maxWords} words need score 1.5", dev.Select(e =>
            {
                var counts = shipped.Scan(e.Text);
                return ToxicityFilter.IsToxic(counts, options) && (counts.Words > maxWords || counts.Score >= 1.5);
            }).ToArray()));
        }

        // Frequent terms with common non-abusive uses (generic nouns and intensifiers in AAVE and slang): half weight.
        var others = ToxicityLexicon.BuiltInLanguages.Where(l => l != "en").SelectMany(ToxicityLexicon.ReadBuiltIn).ToList();
        foreach (var group in new[]
                 {
                     new[] { "ass", "shit" }, ["hoes"], ["bitch"], ["ass", "shit", "hoes", "bitch"],
                     // Words whose dictionary senses include a harmless one: cigarettes (UK), a gap, a rooster, a cat,
                     // a name, to prick, an illegitimate child; British mild insults; "ratchet" the tool.
                     ["fag", "fags", "chink", "chinks", "cock", "cocks", "pussy", "pussies", "dick", "dicks", "prick", "pricks", "bastard", "bastards", "twat", "twats", "ratchet"],
                 })
        {
            var lexicon = ToxicityLexicon.FromEntries(english.Select(e => (e.Term, e.Category,
                group.Contains(ToxicityLexicon.Normalize(e.Term)) && e.Category != ToxicityLexicon.SafeCategory ? 0.5 : e.Weight)).Concat(others));
            ruleDrops.Add(($"half weight: {(group.Length > 6 ? "words with a harmless dictionary sense (" + group.Length + ")" : string.Join(", ", group))}", dev.Select(e => ToxicityFilter.IsToxic(lexicon.Scan(e.Text), options)).ToArray()));
        }

        foreach (var (name, dropped) in ruleDrops) context.Out.WriteLine("  " + Line(name, dev, baseline, dropped));
        var contextRules = ruleDrops.Take(rules.Count - 1).ToList();
        var allContext = dev.Select((_, i) => contextRules.All(r => r.Dropped[i])).ToArray();
        context.Out.WriteLine("  " + Line("all context and sense rules together", dev, baseline, allContext));

        // Cross-validated choice: a rule is kept on a fold when, on the other four, it beats the needed exchange rate.
        const int folds = 5;
        var combined = (bool[])baseline.Clone();
        var kept = new List<string>();
        for (var f = 0; f < folds; f++)
        {
            var fit = Enumerable.Range(0, dev.Count).Where(i => i % folds != f).ToList();
            var chosen = ruleDrops.Where(r =>
            {
                var (saved, lost) = Exchange(dev, baseline, r.Dropped, fit);
                return saved > 0 && saved * 100.0 >= NeededCleanPerHundredToxic * Math.Max(1, lost);
            }).ToList();
            kept.Add(chosen.Count == 0 ? "none" : string.Join(" + ", chosen.Select(c => c.Name)));
            for (var i = f; i < dev.Count; i += folds) combined[i] = chosen.All(c => c.Dropped[i]);
        }

        context.Out.WriteLine($"  5-fold CV of the choice (a rule is kept when it beats {NeededCleanPerHundredToxic} clean per 100 toxic on the other four fifths):");
        for (var f = 0; f < folds; f++) context.Out.WriteLine($"    fold {f}: {kept[f]}");
        context.Out.WriteLine("  " + Line("cv", dev, baseline, combined));
        var cleanDev = dev.Count(e => !e.Toxic);
        var droppedDev = dev.Where((e, i) => !e.Toxic && baseline[i]).Count();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chance that the shipped rule drops more than 2 % of {IndependentClean} new clean tweets, from dev's {droppedDev}/{cleanDev}: {ChanceAbove(droppedDev, cleanDev, IndependentClean, 0.02):F3}"));
    }

    /// <summary>Chance that more than <paramref name="limit"/> of <paramref name="n"/> new clean texts are dropped,
    /// when <paramref name="dropped"/> of <paramref name="seen"/> clean texts were: the beta-binomial predictive
    /// distribution under a Jeffreys prior on the true rate (Beta(k + ½, n − k + ½) posterior).</summary>
    public static double ChanceAbove(int dropped, int seen, int n, double limit)
    {
        double a = dropped + 0.5, b = seen - dropped + 0.5;
        // P(X = 0) = Π (b + i) / (a + b + i); then P(X = k + 1) / P(X = k) = (n − k)(a + k) / ((k + 1)(b + n − k − 1)).
        var logP0 = 0.0;
        for (var i = 0; i < n; i++) logP0 += Math.Log((b + i) / (a + b + i));
        var pmf = Math.Exp(logP0);
        var atMost = 0.0;
        for (var k = 0; k <= n && k <= limit * n; k++)
        {
            atMost += pmf;
            pmf *= (n - k) * (a + k) / ((k + 1) * (b + n - k - 1));
        }

        return Math.Max(0, 1 - atMost);
    }

    /// <summary>The word lists confirmed by a model, as <c>filter.toxicity_v1</c> does it (<c>confirm_model</c>): a
    /// drop whose score is below <c>confirm_below_score</c> and that the English list alone would make stands only if
    /// the model gives <c>toxic</c> at least p. Each fifth of dev is scored by a model trained, with the shipped
    /// model's settings, on the other four fifths (out-of-fold), so these are honest dev figures; the shipped model
    /// itself has seen all of dev. The threshold is then chosen by nested cross-validation: on four fifths' scores,
    /// the lowest p that keeps clean drops at or under <see cref="TargetCleanDropped"/>, applied to the fifth.</summary>
    public static void ListsAndModel(BenchContext context, IReadOnlyList<LabelledText> dev)
    {
        const int folds = 5;
        var lexicon = ToxicityLexicon.Get([], [], []);
        var english = ToxicityLexicon.Get(["en"], [], []);
        var options = new ToxicityFilterOptions();
        var counts = dev.Select(e => lexicon.Scan(e.Text)).ToArray();
        var listDrops = counts.Select(c => ToxicityFilter.IsToxic(c, options)).ToArray();
        var asked = dev.Select((e, i) => listDrops[i] && ToxicityFilter.IsToxic(english.Scan(e.Text), options)).ToArray();
        var p = new double[dev.Count];
        var settings = new TrainingSettings(new FeatureSettings(WordListFeatures: true), 10, 0.05);
        for (var f = 0; f < folds; f++)
        {
            var model = LinearTextClassifier.Train(dev.Where((_, i) => i % folds != f).ToList(), settings);
            var toxic = model.Labels.ToList().IndexOf("toxic");
            for (var i = f; i < dev.Count; i += folds) p[i] = model.Predict(dev[i].Text)[toxic];
        }

        var labelled = dev.Select(e => (e.Text, e.Label == "toxic")).ToList();
        bool[] Rule(double threshold, double below) =>
            listDrops.Select((d, i) => d && (counts[i].Score >= below || !asked[i] || p[i] >= threshold)).ToArray();
        context.Out.WriteLine($"word lists confirmed by a model trained on the other four fifths (5-fold, out-of-fold scores; dev {dev.Count} texts):");
        var grid = new[] { 0.5, 0.8, 0.85, 0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95 };
        foreach (var below in new[] { double.MaxValue, 2, 1.5 })
            foreach (var threshold in grid)
                context.Out.WriteLine("  " + Line(FormattableString.Invariant($"lists and p >= {threshold}") + (below < 100 ? FormattableString.Invariant($" when score < {below}") : ""),
                    labelled, listDrops, Rule(threshold, below)));

        // Nested: the threshold each fold would get from the other four (confirm_below_score 2, the shipped value).
        var nested = new bool[dev.Count];
        var chosen = new List<string>();
        for (var f = 0; f < folds; f++)
        {
            var fit = Enumerable.Range(0, dev.Count).Where(i => i % folds != f).ToList();
            var cleanFit = fit.Count(i => !labelled[i].Item2);
            var threshold = grid.FirstOrDefault(t =>
            {
                var rule = Rule(t, 2);
                return fit.Count(i => !labelled[i].Item2 && rule[i]) <= TargetCleanDropped * cleanFit;
            }, grid[^1]);
            chosen.Add(threshold.ToString(CultureInfo.InvariantCulture));
            var applied = Rule(threshold, 2);
            for (var i = f; i < dev.Count; i += folds) nested[i] = applied[i];
        }

        context.Out.WriteLine($"  nested CV, the lowest p with clean dropped <= {TargetCleanDropped:P1} on the other four fifths (chosen per fold: {string.Join(", ", chosen)}):");
        context.Out.WriteLine("  " + Line("cv", labelled, listDrops, nested));
    }

    /// <summary>Share of clean texts a default may drop on dev, leaving room under the 2 % goal.</summary>
    public const double TargetCleanDropped = 0.009;

    private static (int Saved, int Lost) Exchange(IReadOnlyList<(string Text, bool Toxic)> dev, bool[] baseline, bool[] dropped, IEnumerable<int> indices)
    {
        int saved = 0, lost = 0;
        foreach (var i in indices)
        {
            if (baseline[i] == dropped[i]) continue;
            if (dev[i].Toxic) lost += baseline[i] ? 1 : -1;
            else saved += baseline[i] ? 1 : -1;
        }

        return (saved, lost);
    }

    private static string Line(string name, IReadOnlyList<(string Text, bool Toxic)> dev, bool[] baseline, bool[] dropped)
    {
        int tp = 0, fp = 0, toxic = 0, clean = 0;
        for (var i = 0; i < dev.Count; i++)
        {
            if (dev[i].Toxic) { toxic++; if (dropped[i]) tp++; }
            else { clean++; if (dropped[i]) fp++; }
        }

        var (saved, lost) = Exchange(dev, baseline, dropped, Enumerable.Range(0, dev.Count));
        var (low, high) = ToxicityEvaluationBenchmarks.Wilson(fp, clean);
        var exchange = lost > 0 ? (100.0 * saved / lost).ToString("F1", CultureInfo.InvariantCulture) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-58} P {(double)tp / Math.Max(1, tp + fp):F4} R {(double)tp / toxic:F4} clean dropped {100.0 * fp / clean:F2} % ({fp}/{clean}; {100 * low:F2}–{100 * high:F2} %)  saved {saved,3} lost {lost,4} exchange {exchange}");
    }

    // A term in the rule's context is marked: a '#' makes it a mention (half weight); a weak term repeated counts twice.
    private static string Rewrite(Rule rule, string text) => rule.Pattern.Replace(text, m =>
    {
        var t = m.Groups["t"];
        var inner = rule.Action == Action.Mention ? "#" + t.Value : t.Value + " " + t.Value;
        return m.Value[..(t.Index - m.Index)] + inner + m.Value[(t.Index - m.Index + t.Length)..];
    });

    private static string Alternation(IEnumerable<string> terms) =>
        string.Join('|', terms.OrderByDescending(t => t.Length).Select(t => Regex.Escape(t).Replace("\\ ", @"\W+")));

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
