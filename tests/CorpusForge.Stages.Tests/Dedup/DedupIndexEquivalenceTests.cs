using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

/// <summary>The in-memory structures of the dedup index (key tables, pending shards) may change for memory, never the
/// decisions or the bytes they persist: these digests were recorded with the earlier Dictionary-based structures.</summary>
public sealed class DedupIndexEquivalenceTests
{
    // ~1 000 planted near-duplicates, 70 variants of one text (every one of their buckets passes the 64-member cap),
    // exact and URL copies; run in two runs (the second reopens the index), shards of 90 documents committed as they
    // end, and tables small enough that both runs spill to segment files and merge them.
    private static List<Document> Corpus()
    {
        var corpus = NearDuplicateCorpus.Generate(originals: 450, wordsPerDocument: 160, seed: 31, computeTruth: false);
        var documents = corpus.Documents.Select((d, i) => (d.Id, d.Text, Url: $"https://site{i % 37}.example/p/{i % 613}")).ToList();
        var random = new Random(5);
        var common = string.Join(' ', Enumerable.Range(0, 220).Select(i => "w" + random.Next(3000)));
        for (var v = 0; v < 70; v++)
        {
            var words = common.Split(' ');
            words[random.Next(words.Length)] = "edit" + v;
            documents.Insert(random.Next(documents.Count), ($"hot{v}", string.Join(' ', words), $"https://hot.example/{v % 9}"));
        }

        for (var c = 0; c < 60; c++)
        {
            var source = documents[random.Next(documents.Count)];
            documents.Insert(random.Next(documents.Count), ($"copy{c}", source.Text.ToUpperInvariant(), source.Url + "/"));
        }

        return documents.Select((d, i) => new Document
        {
            Id = d.Id, Text = d.Text, Url = d.Url, Source = "in", Provenance = new Provenance($"part-{i / 90:D3}.jsonl", i % 90),
            ShardKey = $"in.part-{i / 90:D3}",
        }).ToList();
    }

    private static string Digest(Func<ComponentContext, IDocumentStage> create, int batch)
    {
        using var dir = new TempDir();
        var documents = Corpus();
        var text = new StringBuilder();
        foreach (var run in new[] { documents.Take(documents.Count / 2).ToList(), documents.Skip(documents.Count / 2).ToList() })
        {
            var stage = create(dir.Context());
            try
            {
                ((IStageLifecycle)stage).Open();
                foreach (var shard in run.GroupBy(d => d.ShardKey))
                {
                    var members = shard.ToList();
                    var results = new StageResult[members.Count];
                    for (var start = 0; start < members.Count; start += batch)
                    {
                        var slice = members.Skip(start).Take(batch).ToList();
                        ((IBatchDocumentStage)stage).ProcessBatch(slice, results.AsSpan(start, slice.Count));
                    }

                    ((IShardAware)stage).ShardCommitted(shard.Key!);
                    for (var i = 0; i < members.Count; i++)
                    {
                        var a = members[i].Attributes;
                        text.Append(CultureInfo.InvariantCulture, $"{members[i].Id} {results[i].Outcome} {results[i].Reason} {a.GetValueOrDefault("dedup.kept_id")} {a.GetValueOrDefault("dedup.cluster_id")} {a.GetValueOrDefault("dedup.similarity")}\n");
                    }
                }

                ((IStageLifecycle)stage).Close();
            }
            finally
            {
                (stage as IDisposable)?.Dispose();
            }
        }

        var removed = text.ToString().Split('\n').Count(l => l.Contains(" Drop "));
        var inputs = Path.Combine(dir.Path, "state", "stage", "inputs");
        foreach (var file in Directory.GetFiles(inputs, "*.seg").Order(StringComparer.Ordinal))
            text.Append(Path.GetFileName(file)).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        return $"{removed} removed, {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24]}";
    }

    [Fact]
    public void MinHash_decisions_and_index_files_are_unchanged()
    {
        Assert.Equal("178 removed, B7F57D4F7FC8523B6683CFD9", Digest(c => new MinHashDedupStage(new MinHashDedupOptions { IndexMemoryEntries = 1500 }, c), batch: 32));
        Assert.Equal("186 removed, 6477F8EF7770636470684566", Digest(c => new MinHashDedupStage(new MinHashDedupOptions { IndexMemoryEntries = 1500, Verify = Verification.Estimated, Bands = 20, Rows = 5 }, c), batch: 7));
    }

    [Fact]
    public void Exact_and_url_decisions_and_index_files_are_unchanged()
    {
        Assert.Equal("62 removed, 0C731C00AB273C6599A4C3FA", Digest(c => new ExactDedupStage(new ExactDedupOptions { IndexMemoryEntries = 40 }, c), batch: 32));
        Assert.Equal("121 removed, 5DD76B3E9F0D4C98552920EF", Digest(c => new UrlDedupStage(new UrlDedupOptions { IndexMemoryEntries = 40 }, c), batch: 32));
    }
}
