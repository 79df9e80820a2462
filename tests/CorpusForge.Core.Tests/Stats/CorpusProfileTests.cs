using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Tests.Stats;

public sealed class CorpusProfileTests
{
    private static Document Doc(int i, int words = 10) => new()
    {
        Id = $"doc-{i}",
        Text = string.Join(' ', Enumerable.Repeat("word", words)) + $" {i}",
        Url = i % 3 == 0 ? null : $"https://www.site{i % 4}.example/page{i}",
        Attributes = { ["language.code"] = i % 5 == 0 ? "fr" : "en", ["quality.score"] = i / 100.0, ["pii.email"] = (long)(i % 2), ["dedup.cluster_id"] = $"keeper-{i % 7}" },
    };

    [Fact]
    public void Samples_are_the_same_whatever_the_order_and_merge_like_the_union()
    {
        var documents = Enumerable.Range(0, 500).Select(i => Doc(i)).ToList();
        var forward = new CorpusProfile();
        foreach (var d in documents) forward.Kept(d);
        var backward = new CorpusProfile();
        foreach (var d in Enumerable.Reverse(documents)) backward.Kept(d);
        var halves = new CorpusProfile();
        var first = new CorpusProfile();
        var second = new CorpusProfile();
        foreach (var d in documents.Take(200)) first.Kept(d);
        foreach (var d in documents.Skip(200)) second.Kept(d);
        halves.Merge(first);
        halves.Merge(second);

        Assert.Equal(Json(forward), Json(backward));
        Assert.Equal(Json(forward), Json(halves));
    }

    [Fact]
    public void Counts_languages_domains_redactions_clusters_and_lengths()
    {
        var profile = new CorpusProfile();
        for (var i = 0; i < 100; i++)
        {
            var d = Doc(i, words: i < 50 ? 3 : 300);
            profile.Read(d.Text.Length);
            if (i % 10 == 9) profile.Dropped(d, "dedup.exact_v1", "exact_duplicate", null);
            else profile.Kept(d);
        }

        var json = JsonDocument.Parse(Json(profile)).RootElement;
        Assert.Equal(100, json.GetProperty("read_chars").GetProperty("count").GetInt64());
        Assert.Equal(90, json.GetProperty("kept_chars").GetProperty("count").GetInt64());
        Assert.Equal(20, json.GetProperty("languages").GetProperty("fr").GetInt64());
        Assert.Equal(70, json.GetProperty("languages").GetProperty("en").GetInt64());
        // www. is folded into the host; documents without a URL are counted apart.
        Assert.True(json.GetProperty("domains").GetProperty("top").TryGetProperty("site1.example", out _));
        Assert.Equal(30, json.GetProperty("domains").GetProperty("without_url").GetInt64());
        Assert.Equal(40, json.GetProperty("redactions").GetProperty("pii.email").GetInt64());
        // Ten dropped duplicates with cluster ids i % 7 for i = 9, 19, …, 99: ids 2,5,1,4,0,3,6,2,5,1.
        var sizes = json.GetProperty("duplicate_clusters").GetProperty("by_size");
        Assert.Equal(3, sizes.GetProperty("3").GetInt64());
        Assert.Equal(4, sizes.GetProperty("2").GetInt64());
        Assert.Equal(3, json.GetProperty("dropped_samples").GetProperty("dedup.exact_v1 / exact_duplicate").GetArrayLength());
        var score = json.GetProperty("scores").GetProperty("quality.score");
        Assert.Equal(100, score.GetProperty("count").GetInt64());
        Assert.Equal(0.99, score.GetProperty("max").GetDouble());
        Assert.False(json.GetProperty("scores").TryGetProperty("pii.email", out _));

        // Short documents (under 2^10 characters: bins below 20) and long ones land apart.
        var counts = json.GetProperty("read_chars").GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToArray();
        Assert.Equal(50, counts.Take(20).Sum());
        Assert.Equal(50, counts.Skip(20).Sum());
    }

    [Fact]
    public void Score_samples_and_domains_stay_bounded()
    {
        var profile = new CorpusProfile();
        for (var i = 0; i < 20_000; i++)
        {
            var d = new Document { Id = $"d{i}", Text = "x", Url = $"https://host{i}.example/", Attributes = { ["s"] = (double)i } };
            profile.Kept(d);
        }

        Assert.Equal(CorpusProfile.ScoreSampleSize, profile.Scores["s"].Values.Count);
        Assert.InRange(profile.Domains.Count, 1, 4097);
        Assert.Equal(20_000, profile.Domains.Values.Sum() + profile.DomainsPruned);
        Assert.Equal(6, profile.KeptSamples.Items.Count);
    }

    private static string Json(CorpusProfile profile)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) profile.Write(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
