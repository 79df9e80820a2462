using System.Collections.Concurrent;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>Two-stage language identification: the character n-gram model (<see cref="NgramLanguageModel"/>) picks
/// a language; when that language belongs to a group of confusable ones (bs/hr/sr, ms/id, nb/nn, gl/es/pt, ne/hi/mr),
/// or is one of a group's neighbours (sl; da, sv) with a member among the first stage's top
/// <see cref="NeighbourRank"/>, that group's model (<see cref="LanguageGroupModel"/>: word naive Bayes + character regression) chooses among the
/// group's languages that are candidates.</summary>
/// <remarks>Confidence: the first stage's posterior mass of the group's candidate languages times the second stage's
/// probability of the chosen one, so a text that is clearly "one of Bosnian, Croatian, Serbian" and clearly Croatian
/// within them is confident, whatever the character model thought of the split. A group takes part when at least one
/// of its members and two of its languages are candidates. Thread-safe; group models are loaded once per
/// process.</remarks>
public sealed class LanguageIdentifier
{
    /// <summary>Name of the embedded group-model resource.</summary>
    public const string GroupResource = "language/groups.bin";

    private static readonly Lazy<List<LanguageGroupModel>> SharedGroups = new(LoadEmbeddedGroups);
    private static readonly ConcurrentDictionary<NgramLanguageModel, LanguageIdentifier> Cache = new();

    private readonly NgramLanguageModel _model;
    /// <summary>A neighbour sends a text to the group's model when a member ranks this high in the first stage.</summary>
    public const int NeighbourRank = 3;

    // Per first-stage language index: the group it is a member of, or a neighbour of, with the candidate index of each
    // of the group's languages (-1 where it is not a candidate).
    private readonly (LanguageGroupModel Group, int[] Candidates)?[] _memberOf;
    private readonly (LanguageGroupModel Group, int[] Candidates)?[] _neighbourOf;

    private LanguageIdentifier(NgramLanguageModel model, IReadOnlyList<LanguageGroupModel> groups)
    {
        _model = model;
        _memberOf = new (LanguageGroupModel, int[])?[model.Languages.Count];
        _neighbourOf = new (LanguageGroupModel, int[])?[model.Languages.Count];
        var index = model.Languages.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var candidates = group.Languages.Select(code => index.GetValueOrDefault(code, -1)).ToArray();
            if (candidates.Count(c => c >= 0) < 2 || candidates.Take(group.Members).All(c => c < 0)) continue;
            for (var l = 0; l < candidates.Length; l++)
            {
                if (candidates[l] < 0) continue;
                if (l < group.Members) _memberOf[candidates[l]] = (group, candidates);
                else _neighbourOf[candidates[l]] ??= (group, candidates);
            }
        }
    }

    /// <summary>The first-stage model.</summary>
    public NgramLanguageModel Model => _model;

    /// <summary>The identifier for a loaded n-gram model, with the shipped group models (built once per model).</summary>
    public static LanguageIdentifier For(NgramLanguageModel model) => Cache.GetOrAdd(model, m => new LanguageIdentifier(m, SharedGroups.Value));

    /// <summary>An identifier with explicit group models (for tests and training).</summary>
    public static LanguageIdentifier Create(NgramLanguageModel model, IReadOnlyList<LanguageGroupModel> groups) => new(model, groups);

    /// <summary>The most likely language of <paramref name="text"/>, the n-gram model scoring at most
    /// <paramref name="maxLetters"/> letters.</summary>
    public LanguageGuess Detect(ReadOnlySpan<char> text, int maxLetters = int.MaxValue)
    {
        var count = _model.Languages.Count;
        Span<double> scores = count <= 128 ? stackalloc double[count] : new double[count];
        var letters = _model.Score(text, scores, maxLetters);
        if (letters == 0) return new LanguageGuess(NgramLanguageModel.Unknown, 0, 0);
        var best = 0;
        for (var i = 1; i < count; i++)
        {
            if (scores[i] > scores[best]) best = i;
        }

        // Posterior with the evidence capped (see NgramLanguageModel's remarks).
        var scale = Math.Min(1.0, NgramLanguageModel.EvidenceCap / letters);
        double sum = 0;
        for (var i = 0; i < count; i++) sum += scores[i] = Math.Exp((scores[i] - scores[best]) * scale);
        var entry = _memberOf[best] ?? (_neighbourOf[best] is { } neighbour && MemberRanksHigh(neighbour, scores) ? neighbour : null);
        if (entry is not { } found) return new LanguageGuess(_model.Languages[best], 1 / sum, letters);

        var (group, candidates) = found;

        double mass = 0;
        foreach (var candidate in candidates) mass += candidate >= 0 ? scores[candidate] : 0;
        var probabilities = group.Probabilities(text);
        var chosen = -1;
        double total = 0;
        for (var l = 0; l < candidates.Length; l++)
        {
            if (candidates[l] < 0) continue;
            total += probabilities[l];
            if (chosen < 0 || probabilities[l] > probabilities[chosen]) chosen = l;
        }

        return new LanguageGuess(group.Languages[chosen], mass / sum * (probabilities[chosen] / total), letters);
    }

    /// <summary>Whether one of the group's members is among the first stage's top <see cref="NeighbourRank"/>.</summary>
    private static bool MemberRanksHigh((LanguageGroupModel Group, int[] Candidates) entry, ReadOnlySpan<double> scores)
    {
        for (var m = 0; m < entry.Group.Members; m++)
        {
            var member = entry.Candidates[m];
            if (member < 0) continue;
            var above = 0;
            foreach (var score in scores)
            {
                if (score > scores[member]) above++;
            }

            if (above < NeighbourRank) return true;
        }

        return false;
    }

    private static List<LanguageGroupModel> LoadEmbeddedGroups()
    {
        using var stream = typeof(LanguageIdentifier).Assembly.GetManifestResourceStream(GroupResource)
            ?? throw new InvalidOperationException($"the embedded resource '{GroupResource}' is missing from CorpusForge.Stages");
        return LanguageGroupModel.Load(stream, GroupResource);
    }
}
