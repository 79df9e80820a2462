using System.Collections.Concurrent;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>Two-stage language identification: the character n-gram model (<see cref="NgramLanguageModel"/>) picks
/// a language; when that language belongs to a group of confusable ones (bs/hr/sr, ms/id, nb/nn, gl/es/pt, ne/hi/mr)
/// with at least two members among the candidates, that group's discriminative model
/// (<see cref="LanguageGroupModel"/>) chooses within it.</summary>
/// <remarks>Confidence: the first stage's posterior mass of the whole group times the second stage's probability
/// of the chosen member, so a text that is clearly "one of Bosnian, Croatian, Serbian" and clearly Croatian within
/// them is confident, whatever the character model thought of the split. Thread-safe; group models are loaded once
/// per process.</remarks>
public sealed class LanguageIdentifier
{
    /// <summary>Name of the embedded group-model resource.</summary>
    public const string GroupResource = "language/groups.bin";

    private static readonly Lazy<List<LanguageGroupModel>> SharedGroups = new(LoadEmbeddedGroups);
    private static readonly ConcurrentDictionary<NgramLanguageModel, LanguageIdentifier> Cache = new();

    private readonly NgramLanguageModel _model;
    // Per first-stage language index: its group and the candidate indices of the group's members (or null).
    private readonly (LanguageGroupModel Group, int[] Members)?[] _groupOf;

    private LanguageIdentifier(NgramLanguageModel model, IReadOnlyList<LanguageGroupModel> groups)
    {
        _model = model;
        _groupOf = new (LanguageGroupModel, int[])?[model.Languages.Count];
        var index = model.Languages.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.Languages.Select(code => index.GetValueOrDefault(code, -1)).ToArray();
            if (members.Count(m => m >= 0) < 2) continue;
            foreach (var member in members.Where(m => m >= 0)) _groupOf[member] = (group, members);
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
        if (_groupOf[best] is not { } entry) return new LanguageGuess(_model.Languages[best], 1 / sum, letters);

        var (group, members) = entry;
        double mass = 0;
        foreach (var member in members) mass += member >= 0 ? scores[member] : 0;
        var probabilities = group.Probabilities(text);
        var chosen = -1;
        double total = 0;
        for (var m = 0; m < members.Length; m++)
        {
            if (members[m] < 0) continue;
            total += probabilities[m];
            if (chosen < 0 || probabilities[m] > probabilities[chosen]) chosen = m;
        }

        return new LanguageGuess(group.Languages[chosen], mass / sum * (probabilities[chosen] / total), letters);
    }

    private static List<LanguageGroupModel> LoadEmbeddedGroups()
    {
        using var stream = typeof(LanguageIdentifier).Assembly.GetManifestResourceStream(GroupResource)
            ?? throw new InvalidOperationException($"the embedded resource '{GroupResource}' is missing from CorpusForge.Stages");
        return LanguageGroupModel.Load(stream, GroupResource);
    }
}
