using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;
using static CorpusForge.Stages.Tests.Dedup.StageDriver;

namespace CorpusForge.Stages.Tests.Dedup;

/// <summary>A distributed run hashes documents in its parallel map phase (<see cref="IPreparedStage.Prepare"/>) and
/// replays only the in-order decision (<see cref="IPreparedStage.Decide"/>); that must decide exactly what the
/// streaming stage decides, attributes included, and leave the same persisted index.</summary>
public sealed class PreparedDedupTests
{
    public static TheoryData<string> Stages => ["exact", "url", "minhash-exact", "minhash-estimated"];

    [Theory]
    [MemberData(nameof(Stages))]
    public void Prepare_then_decide_equals_the_streaming_stage(string kind)
    {
        using var streamingDir = new TempDir();
        using var replayDir = new TempDir();
        var streaming = Create(kind, streamingDir);
        var replay = Create(kind, replayDir);
        try
        {
            var first = Documents(seed: 7);
            var expected = Run(streaming, first);
            // Hashing happens elsewhere and earlier, in any order: prepare everything (in parallel), then decide.
            var copies = first.Select(Copy).ToList();
            var prepared = new byte[copies.Count][];
            Parallel.For(0, copies.Count, i => prepared[i] = ((IPreparedStage)replay).Prepare(copies[i]));
            Assert.All(copies, d => Assert.False(d.HasAttributes, "Prepare must not touch the document"));
            (replay as IStageLifecycle)?.Open();
            var actual = copies.Select((d, i) => ((IPreparedStage)replay).Decide(d, prepared[i])).ToArray();
            foreach (var shard in copies.Select(d => d.ShardKey!).Distinct()) ((IShardAware)replay).ShardCommitted(shard);
            (replay as IStageLifecycle)?.Close();

            Assert.Equal(expected.Select(r => (r.Outcome, r.Reason, r.Detail)), actual.Select(r => (r.Outcome, r.Reason, r.Detail)));
            Assert.Contains(expected, r => r.Outcome == StageOutcome.Drop);
            for (var i = 0; i < first.Count; i++)
                Assert.Equal(JsonSerializer.Serialize(first[i].Attributes), JsonSerializer.Serialize(copies[i].Attributes));
            Assert.Equal(SegmentBytes(streamingDir), SegmentBytes(replayDir));
            Assert.NotEmpty(SegmentBytes(streamingDir));
        }
        finally
        {
            (streaming as IDisposable)?.Dispose();
            (replay as IDisposable)?.Dispose();
        }
    }

    private static IDocumentStage Create(string kind, TempDir dir) => kind switch
    {
        "exact" => new ExactDedupStage(new ExactDedupOptions(), dir.Context()),
        "url" => new UrlDedupStage(new UrlDedupOptions(), dir.Context()),
        "minhash-exact" => new MinHashDedupStage(new MinHashDedupOptions(), dir.Context()),
        _ => new MinHashDedupStage(new MinHashDedupOptions { Verify = Verification.Estimated }, dir.Context()),
    };

    private static List<Document> Documents(int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>();
        var documents = new List<Document>();
        for (var i = 0; i < 300; i++)
        {
            string text;
            var roll = random.NextDouble();
            if (texts.Count > 0 && roll < 0.1) text = texts[random.Next(texts.Count)];
            else if (texts.Count > 0 && roll < 0.25)
            {
                var words = texts[random.Next(texts.Count)].Split(' ');
                words[random.Next(words.Length)] = "edited";
                text = string.Join(' ', words);
            }
            else if (roll < 0.28) text = "";
            else text = string.Join(' ', Enumerable.Range(0, 50 + random.Next(100)).Select(_ => "w" + random.Next(3000)));

            texts.Add(text);
            var url = roll < 0.35 && i > 0 ? $"https://example.org/{random.Next(i)}" : $"https://example.org/{i}";
            documents.Add(Doc($"d{i}", text, shard: $"part-{i / 100}.jsonl", url: url));
        }

        return documents;
    }

    private static Document Copy(Document d) => new() { Id = d.Id, Text = d.Text, Url = d.Url, Source = d.Source, Provenance = d.Provenance, ShardKey = d.ShardKey };

    private static List<(string, string)> SegmentBytes(TempDir dir) =>
        [.. Directory.EnumerateFiles(Path.Combine(dir.Path, "state"), "*.seg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), Convert.ToHexString(File.ReadAllBytes(f))))];
}
