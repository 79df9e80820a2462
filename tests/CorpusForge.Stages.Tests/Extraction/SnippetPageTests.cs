using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The multilingual snippet pages (Data/extraction/ml-snippets, issue 12's tenth and seventeenth passes) as a
/// regression set: on the dev pages every must-have snippet is found but the seventeen named below, and at most the
/// nineteen must-not-have snippets named below leak. Held-out pages (SHA-256 of the name, first byte below 77) are not scored here: only the bench's
/// full run reports them, as aggregates.</summary>
public sealed class SnippetPageTests
{
    [Fact]
    public void Dev_pages_keep_their_must_have_snippets_and_drop_their_furniture()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "extraction", "ml-snippets");
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var (pages, musts, leaks) = (0, 0, 0);
        var failures = new List<string>();
        foreach (var path in Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (SHA256.HashData(Encoding.UTF8.GetBytes(name))[0] < 77) continue;
            pages++;
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(path, ".json")));
            var html = CharsetDecoder.Decode(File.ReadAllBytes(path), declared: null).Text!;
            var text = ShingleScore.Normalize(extractor.Extract(html, out var reason, out _)?.Text ?? $"[dropped: {reason}]");
            foreach (var must in json.RootElement.GetProperty("must_have").EnumerateArray().Select(e => e.GetString()!))
            {
                musts++;
                if (!text.Contains(ShingleScore.Normalize(must), StringComparison.Ordinal)) failures.Add($"{name}: missed {must}");
            }

            foreach (var mustNot in json.RootElement.GetProperty("must_not_have").EnumerateArray().Select(e => e.GetString()!))
            {
                if (!text.Contains(ShingleScore.Normalize(mustNot), StringComparison.Ordinal)) continue;
                leaks++;
                failures.Add($"{name}: leaked {mustNot}");
            }
        }

        Assert.True(pages >= 20, $"only {pages} dev pages found in {folder}");
        Assert.True(musts > 100, $"only {musts} must-have snippets");
        // Left (docs/web.md, issue 12's tenth, seventeenth to nineteenth passes). Leaks: of the fourth batch, a forum
        // signature (Invision) and five lines of Medium's responses and recommendations; of the sixth, a marketplace's
        // delivery, seller, Q&A and review lines (4) and an estate portal's upsell; of the seventh, a hotel page built
        // of YOOtheme sections (a booking card beside the text, a newsletter blurb, two lines of a footer set outside
        // any footer element); of the ninth, old Reddit's sidebar rules, a marketplace seller's one-line bio, a job
        // board's "Schnelle Bewerbung" promotion and an Invision signature. Misses: of the tenth batch, one cell of a
        // Hyvä shop's attributes table and one line of a Wix product's collapsed info; of the ninth, old Reddit's
        // replies (3); of the sixth batch, the comments of a
        // Hacker News and a Lemmy thread (discussion pages whose comments are the text), two late answers of a GitHub
        // issue.
        string[] missesLeft = ["en-hn-item", "en-lemmy-post", "en-github-issue", "en-old-reddit-diy", "de-magento-hyva-produkt", "de-wix-stores-produkt"];
        var misses = failures.Where(f => f.Contains(": missed ", StringComparison.Ordinal)).ToList();
        Assert.True(misses.All(f => missesLeft.Any(n => f.StartsWith(n + ":", StringComparison.Ordinal))) && misses.Count <= 17 && leaks <= 19,
            string.Join("\n", failures));
    }
}
