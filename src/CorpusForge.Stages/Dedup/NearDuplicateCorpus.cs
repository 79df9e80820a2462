using System.Text;
using CorpusForge.Core.Documents;

namespace CorpusForge.Stages.Dedup;

/// <summary>A labelled evaluation corpus for near-duplicate detection: original documents of random words, and
/// variants of some of them made by insertions, deletions, typos, added boilerplate and paragraph reordering, with
/// the true word-n-gram Jaccard similarity of every pair inside a family computed exactly.</summary>
/// <remarks>Documents of different families share no planted text (only common words and at most one boilerplate
/// block), so their similarity is near 0 and they count as non-duplicates. Deterministic from the seed.</remarks>
public sealed class NearDuplicateCorpus
{
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an", "est", "ul", "qua", "ne", "bri", "tho", "gar", "ix", "mo", "le", "sun", "tra", "vi", "po"];

    private NearDuplicateCorpus(List<Document> documents, int[] families, List<LabelledPair> pairs)
    {
        Documents = documents;
        Families = families;
        Pairs = pairs;
    }

    /// <summary>Documents in the order a pipeline would see them (families interleaved).</summary>
    public IReadOnlyList<Document> Documents { get; }

    /// <summary>Family (original and its variants) of each document, by position in <see cref="Documents"/>.</summary>
    public IReadOnlyList<int> Families { get; }

    /// <summary>Every pair of documents in the same family with its exact Jaccard similarity.</summary>
    public IReadOnlyList<LabelledPair> Pairs { get; }

    /// <summary>Generates a corpus.</summary>
    /// <param name="originals">Number of original documents.</param>
    /// <param name="wordsPerDocument">Mean words per original (about 6 characters each with the space).</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="ngram">Shingle size used for the truth.</param>
    /// <param name="duplicateFraction">Share of originals that get variants (1 to 3 each).</param>
    /// <param name="computeTruth">Compute the pair similarities (skip for pure speed runs).</param>
    public static NearDuplicateCorpus Generate(int originals, int wordsPerDocument = 300, int seed = 7, int ngram = 5,
        double duplicateFraction = 0.5, bool computeTruth = true)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 20000).Select(_ => MakeWord(random)).Distinct().ToArray();
        var boilerplate = Enumerable.Range(0, 6).Select(_ => Paragraph(random, vocabulary, 25)).ToArray();
        var docs = new List<(int Family, string Text)>();
        for (var f = 0; f < originals; f++)
        {
            var paragraphs = new List<List<string>>();
            var words = wordsPerDocument / 2 + random.Next(wordsPerDocument);
            while (words > 0)
            {
                var n = Math.Min(words, 30 + random.Next(40));
                paragraphs.Add(Paragraph(random, vocabulary, n));
                words -= n;
            }

            docs.Add((f, Render(paragraphs)));
            if (random.NextDouble() >= duplicateFraction) continue;
            var variants = 1 + random.Next(3);
            for (var v = 0; v < variants; v++) docs.Add((f, Render(Mutate(random, paragraphs, vocabulary, boilerplate))));
        }

        // Interleave families deterministically, so a variant may come before its original.
        var order = Enumerable.Range(0, docs.Count).OrderBy(_ => random.Next()).ToArray();
        var documents = new List<Document>(docs.Count);
        var families = new int[docs.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var (family, text) = docs[order[i]];
            families[i] = family;
            documents.Add(new Document { Id = $"doc-{i:D7}", Text = text, Provenance = new Provenance("eval.jsonl", i) });
        }

        var pairs = new List<LabelledPair>();
        if (computeTruth)
        {
            var shingler = new Shingler(ngram);
            foreach (var group in Enumerable.Range(0, families.Length).GroupBy(i => families[i]).Where(g => g.Count() > 1))
            {
                var members = group.ToArray();
                var sets = members.Select(i => shingler.ShingleSet(documents[i].Text)).ToArray();
                for (var a = 0; a < members.Length; a++)
                {
                    for (var b = a + 1; b < members.Length; b++) pairs.Add(new LabelledPair(members[a], members[b], Shingler.Jaccard(sets[a], sets[b])));
                }
            }
        }

        return new NearDuplicateCorpus(documents, families, pairs);
    }

    /// <summary>Scores a dedup result: <paramref name="kept"/>[i] says whether document i survived.</summary>
    public EvaluationReport Score(IReadOnlyList<bool> kept, double partnerThreshold = 0.75)
    {
        var edges = new[] { 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0 };
        var hits = new int[edges.Length];
        var totals = new int[edges.Length];
        var hasPartner = new bool[kept.Count];
        foreach (var pair in Pairs)
        {
            var bin = Array.FindLastIndex(edges, e => pair.Jaccard >= e - 1e-12);
            if (bin >= 0)
            {
                totals[bin]++;
                if (!(kept[pair.A] && kept[pair.B])) hits[bin]++;
            }

            if (pair.Jaccard >= partnerThreshold)
            {
                if (kept[pair.B]) hasPartner[pair.A] = true;
                if (kept[pair.A]) hasPartner[pair.B] = true;
            }
        }

        var removed = Enumerable.Range(0, kept.Count).Where(i => !kept[i]).ToList();
        var correct = removed.Count(i => hasPartner[i]);
        var lostFamilies = Enumerable.Range(0, kept.Count).GroupBy(i => Families[i]).Count(g => g.All(i => !kept[i]));
        var bins = edges.Select((e, i) => new RecallBin(e, i + 1 < edges.Length ? edges[i + 1] : 1.0, totals[i], hits[i])).ToList();
        double Recall(double min)
        {
            var selected = Pairs.Where(p => p.Jaccard >= min).ToList();
            return selected.Count == 0 ? 1 : selected.Count(p => !(kept[p.A] && kept[p.B])) / (double)selected.Count;
        }

        return new EvaluationReport(bins, removed.Count, removed.Count == 0 ? 1 : correct / (double)removed.Count,
            Recall(0.85), Recall(0.8), lostFamilies);
    }

    private static string MakeWord(Random random)
    {
        var sb = new StringBuilder();
        var n = 1 + random.Next(3);
        for (var i = 0; i < n; i++) sb.Append(Syllables[random.Next(Syllables.Length)]);
        return sb.ToString();
    }

    // Zipf-like choice: squaring a uniform number favours the first words of the vocabulary.
    private static string Word(Random random, string[] vocabulary)
    {
        var u = random.NextDouble();
        return vocabulary[(int)(u * u * vocabulary.Length)];
    }

    private static List<string> Paragraph(Random random, string[] vocabulary, int words) =>
        Enumerable.Range(0, words).Select(_ => Word(random, vocabulary)).ToList();

    private static List<List<string>> Mutate(Random random, List<List<string>> original, string[] vocabulary, List<string>[] boilerplate)
    {
        var paragraphs = original.Select(p => p.ToList()).ToList();
        var total = paragraphs.Sum(p => p.Count);
        // Edit rate from 0 to 12% of the words: true Jaccard then spreads over about 0.45–1.
        var rate = random.NextDouble() * 0.12;
        var edits = (int)Math.Round(rate * total);
        for (var e = 0; e < edits; e++)
        {
            var p = paragraphs[random.Next(paragraphs.Count)];
            if (p.Count == 0) continue;
            var at = random.Next(p.Count);
            switch (random.Next(3))
            {
                case 0: p.Insert(at, Word(random, vocabulary)); break;
                case 1: p.RemoveAt(at); break;
                default: p[at] = Typo(random, p[at]); break;
            }
        }

        if (random.NextDouble() < 0.3) paragraphs.Add(boilerplate[random.Next(boilerplate.Length)].ToList());
        if (random.NextDouble() < 0.3) paragraphs.Insert(0, boilerplate[random.Next(boilerplate.Length)].ToList());
        if (paragraphs.Count > 2 && random.NextDouble() < 0.3)
        {
            var a = random.Next(paragraphs.Count);
            var b = random.Next(paragraphs.Count);
            (paragraphs[a], paragraphs[b]) = (paragraphs[b], paragraphs[a]);
        }

        return paragraphs;
    }

    private static string Typo(Random random, string word)
    {
        var chars = word.ToCharArray();
        var i = random.Next(chars.Length);
        chars[i] = (char)('a' + random.Next(26));
        return new string(chars);
    }

    private static string Render(List<List<string>> paragraphs) =>
        string.Join("\n\n", paragraphs.Where(p => p.Count > 0).Select(p => string.Join(' ', p) + "."));
}

/// <summary>Two documents of one family (positions in the corpus) and their exact Jaccard similarity.</summary>
public readonly record struct LabelledPair(int A, int B, double Jaccard);

/// <summary>Pairs in a similarity range and how many of them were caught (not both kept).</summary>
public readonly record struct RecallBin(double From, double To, int Pairs, int Caught)
{
    /// <summary>Caught / pairs (1 when empty).</summary>
    public double Recall => Pairs == 0 ? 1 : Caught / (double)Pairs;
}

/// <summary>Quality of a dedup result against the truth.</summary>
/// <param name="Bins">Recall by true similarity.</param>
/// <param name="Removed">Documents removed.</param>
/// <param name="Precision">Share of removed documents with a kept partner at or above the partner threshold.</param>
/// <param name="RecallAbove085">Recall of pairs with Jaccard ≥ 0.85.</param>
/// <param name="RecallAbove080">Recall of pairs with Jaccard ≥ 0.8.</param>
/// <param name="LostFamilies">Families of which no member was kept (must be 0).</param>
public sealed record EvaluationReport(IReadOnlyList<RecallBin> Bins, int Removed, double Precision, double RecallAbove085,
    double RecallAbove080, int LostFamilies);
