using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Cleaning;
using CorpusForge.Stages.Dedup;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Bench;

/// <summary>Planted near-duplicates in real book prose (shared/data/books-dev): each cleaned book is cut into
/// documents of 150–450 words; 40 % of them get variants at a drawn word-5-gram Jaccard in 0.70–0.95 (word
/// replacements, deletions, insertions, typos and a sentence moved), a quarter of those as a chain (a variant that
/// arrives before its original and a second one, edited elsewhere, that arrives after it: close to the original,
/// below the threshold to the first variant), and hard negatives drawn just below the threshold (0.70–0.79).
/// The truth is exact: per family, the connected components of pairs with Jaccard ≥ 0.8 are the clusters.</summary>
internal sealed class BookNearDuplicateSet
{
    private BookNearDuplicateSet(List<Document> documents, int[] families, int[] clusters, int pairsAbove, bool[] earlierPartner)
    {
        EarlierPartner = earlierPartner;
        Documents = documents;
        Families = families;
        Clusters = clusters;
        PairsAbove = pairsAbove;
    }

    /// <summary>Documents in input order.</summary>
    public IReadOnlyList<Document> Documents { get; }

    /// <summary>Family (original and its variants) per document.</summary>
    public IReadOnlyList<int> Families { get; }

    /// <summary>True cluster per document (a unique number for a document without a partner at ≥ 0.8).</summary>
    public IReadOnlyList<int> Clusters { get; }

    /// <summary>Per document: an earlier document of its family is at ≥ 0.8. A first-seen stream can remove only
    /// such documents (the others arrive while none of their cluster is near), which bounds its recall.</summary>
    public IReadOnlyList<bool> EarlierPartner { get; }

    /// <summary>The best recall a first-seen streaming rule can reach in this order (with perfect candidates).</summary>
    public double StreamingBound =>
        EarlierPartner.Count(x => x) / (double)Clusters.GroupBy(c => c).Sum(g => g.Count() - 1);

    /// <summary>Pairs inside families with Jaccard ≥ 0.8.</summary>
    public int PairsAbove { get; }

    /// <summary>Builds the set from the books of <paramref name="folder"/> on one side of the dev/held-out split.</summary>
    public static BookNearDuplicateSet Generate(string folder, bool heldOut, int seed, double threshold = 0.8)
    {
        var random = new Random(seed);
        var reader = new BookReader(new BookReaderOptions());
        var cleaner = new BookCleaner(new BookCleanerOptions());
        var originals = new List<string[]>();
        var books = Directory.EnumerateFiles(folder, "book_*.txt").Order(StringComparer.Ordinal)
            .Where(p => SharedData.IsHeldOut(Path.GetFileName(p)) == heldOut).ToList();
        var pool = new List<string>();
        foreach (var path in books)
        {
            var document = reader.Read(new InputFile(path, Path.GetFileName(path), "books-dev", new FileInfo(path).Length), CancellationToken.None).Single().Document!;
            if (cleaner.Process(document).Outcome != StageOutcome.Keep) continue;
            var words = document.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            pool.AddRange(words.Take(5000));
            for (var at = 0; at + 150 <= words.Length;)
            {
                var length = Math.Min(words.Length - at, 150 + random.Next(301));
                originals.Add(words[at..(at + length)]);
                at += length;
            }
        }

        var shingler = new Shingler(5);
        var planted = new List<(int Family, string Text, int Order)>();
        for (var f = 0; f < originals.Count; f++)
        {
            var original = originals[f];
            var originalText = string.Join(' ', original);
            if (random.NextDouble() >= 0.4)
            {
                planted.Add((f, originalText, 0));
                continue;
            }

            var originalSet = shingler.ShingleSet(originalText);
            if (random.NextDouble() < 0.25)
            {
                // Chain: first variant edited in the first half, second in the second half; ~0.82–0.9 to the original.
                var first = Variant(random, original, pool, Draw(random, 0.82, 0.9), 0, original.Length / 2);
                var second = Variant(random, original, pool, Draw(random, 0.82, 0.9), original.Length / 2, original.Length);
                planted.Add((f, string.Join(' ', first), -1));
                planted.Add((f, originalText, 0));
                planted.Add((f, string.Join(' ', second), 1));
                continue;
            }

            planted.Add((f, originalText, 0));
            var variants = 1 + random.Next(3);
            for (var v = 0; v < variants; v++)
            {
                // A third of the variants are hard negatives just below the threshold.
                var target = random.NextDouble() < 0.33 ? Draw(random, 0.70, 0.79) : Draw(random, 0.80, 0.95);
                var text = string.Join(' ', Variant(random, original, pool, target, 0, original.Length));
                planted.Add((f, text, random.Next(2) == 0 ? -1 : 1));
            }
        }

        // Interleave: a document lands at a random place, but inside a family the planted order (-1 before the
        // original, 1 after it) is kept, so a chain's first variant always arrives before its original.
        var keys = planted.Select(p => random.NextDouble()).ToArray();
        var byFamily = planted.Select((p, i) => (p, i)).GroupBy(x => x.p.Family);
        var order = new List<(double Key, int Index)>();
        foreach (var family in byFamily)
        {
            var slots = family.Select(x => keys[x.i]).Order().ToList();
            var members = family.OrderBy(x => x.p.Order).ThenBy(x => x.i).ToList();
            for (var m = 0; m < members.Count; m++) order.Add((slots[m], members[m].i));
        }

        order.Sort();
        var documents = new List<Document>(order.Count);
        var families = new int[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var (family, text, _) = planted[order[i].Index];
            families[i] = family;
            documents.Add(new Document { Id = $"{(heldOut ? "h" : "d")}{i:D6}", Text = text, Provenance = new Provenance($"part-{i / 2000:D3}.jsonl", i % 2000) });
        }

        // Truth: union of pairs at or above the threshold inside each family.
        var clusters = Enumerable.Range(0, documents.Count).ToArray();
        int Find(int x) => clusters[x] == x ? x : clusters[x] = Find(clusters[x]);
        var above = 0;
        var earlierPartner = new bool[documents.Count];
        foreach (var group in Enumerable.Range(0, documents.Count).GroupBy(i => families[i]).Where(g => g.Count() > 1))
        {
            var members = group.ToArray();
            var sets = members.Select(i => shingler.ShingleSet(documents[i].Text)).ToArray();
            for (var a = 0; a < members.Length; a++)
            {
                for (var b = a + 1; b < members.Length; b++)
                {
                    if (Shingler.Jaccard(sets[a], sets[b]) < threshold) continue;
                    above++;
                    earlierPartner[members[b]] = true;
                    var (ra, rb) = (Find(members[a]), Find(members[b]));
                    if (ra != rb) clusters[Math.Max(ra, rb)] = Math.Min(ra, rb);
                }
            }
        }

        for (var i = 0; i < clusters.Length; i++) clusters[i] = Find(i);
        return new BookNearDuplicateSet(documents, families, clusters, above, earlierPartner);
    }

    /// <summary>Scores a result per true cluster: a removal is correct when its kept partner (<c>dedup.kept_id</c>)
    /// is in the removed document's cluster; recall = correct removals / Σ (cluster size − 1).</summary>
    public (double Precision, double Recall, int Removed, int OverRemoved, int HardNegativesRemoved) Score(IReadOnlyList<bool> kept, IReadOnlyList<string?> keptIds)
    {
        var position = Documents.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var sizes = Clusters.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var removed = 0;
        var correct = 0;
        var hardNegatives = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i]) continue;
            removed++;
            if (keptIds[i] is { } id && position.TryGetValue(id, out var partner) && Clusters[partner] == Clusters[i]) correct++;
            if (sizes[Clusters[i]] == 1) hardNegatives++;
        }

        var expected = sizes.Values.Sum(s => s - 1);
        var overRemoved = Enumerable.Range(0, kept.Count).GroupBy(i => Clusters[i]).Count(g => g.All(i => !kept[i]));
        return (removed == 0 ? 1 : correct / (double)removed, expected == 0 ? 1 : correct / (double)expected, removed, overRemoved, hardNegatives);
    }

    private static double Draw(Random random, double from, double to) => from + random.NextDouble() * (to - from);

    // Applies separated edits in [from, to) until the exact Jaccard to the original falls to the target.
    private static string[] Variant(Random random, string[] original, List<string> pool, double target, int from, int to)
    {
        var shingler = new Shingler(5);
        var originalSet = shingler.ShingleSet(string.Join(' ', original));
        var words = original.ToList();
        var end = to;
        // About 5 shingles change per isolated edit: J ≈ (n − 5k) / (n + 5k).
        var n = Math.Max(1, original.Length - 4);
        var estimate = Math.Max(1, (int)(n * (1 - target) / (5 * (1 + target))));
        for (var step = 0; step < 400; step++)
        {
            for (var k = 0; k < Math.Max(1, estimate / 2); k++)
            {
                var at = from + random.Next(Math.Max(1, Math.Min(end, words.Count) - from));
                if (at >= words.Count) continue;
                switch (random.Next(5))
                {
                    case 0: words[at] = pool[random.Next(pool.Count)]; break;
                    case 1: words.RemoveAt(at); end--; break;
                    case 2: words.Insert(at, pool[random.Next(pool.Count)]); end++; break;
                    case 3: words[at] = Typo(random, words[at]); break;
                    default:
                        // A short phrase moved a few words on.
                        var length = Math.Min(3, words.Count - at);
                        var phrase = words.GetRange(at, length);
                        words.RemoveRange(at, length);
                        words.InsertRange(Math.Min(words.Count, at + 4), phrase);
                        break;
                }
            }

            estimate = Math.Max(1, estimate / 2);
            if (Shingler.Jaccard(originalSet, shingler.ShingleSet(string.Join(' ', words))) <= target) break;
        }

        return [.. words];
    }

    private static string Typo(Random random, string word)
    {
        var chars = word.ToCharArray();
        chars[random.Next(chars.Length)] = (char)('a' + random.Next(26));
        return new string(chars);
    }
}
