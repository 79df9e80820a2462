using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Stages.Filters;

namespace CorpusForge.Stages.Tests.Filters;

public sealed class UrlFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("url-filter").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private UrlFilter Filter(UrlFilterOptions options) => new(options, ComponentContext.ForDirectory(_dir));

    private static (string? Reason, string? Detail) Decide(UrlFilter filter, string? url)
    {
        var result = filter.Process(new Document { Id = "x", Text = "t", Url = url });
        return (result.Reason, result.Detail);
    }

    [Fact]
    public void Domain_blocklist_matches_subdomains_but_not_lookalikes()
    {
        File.WriteAllText(Path.Combine(_dir, "blocked.txt"), "# spam farms\nspam.example\nhttps://Bad.Example.org/whatever\n\n");
        var filter = Filter(new UrlFilterOptions { BlockedDomainFiles = ["blocked.txt"] });
        Assert.Equal(("url_blocked_domain", "spam.example"), Decide(filter, "https://www.spam.example/page"));
        Assert.Equal(("url_blocked_domain", "spam.example"), Decide(filter, "http://SPAM.example./"));
        Assert.Equal(("url_blocked_domain", "bad.example.org"), Decide(filter, "https://a.b.bad.example.org/x"));
        Assert.Null(Decide(filter, "https://notspam.example/page").Reason);
        Assert.Null(Decide(filter, "https://spam.example.com/page").Reason);
    }

    [Fact]
    public void Url_blocklist_matches_exact_urls_ignoring_fragment_and_host_case()
    {
        File.WriteAllText(Path.Combine(_dir, "urls.txt"), "https://news.example/a/b?id=3\n");
        var filter = Filter(new UrlFilterOptions { BlockedUrlFiles = ["urls.txt"] });
        Assert.Equal("url_blocked_url", Decide(filter, "https://NEWS.example/a/b?id=3#top").Reason);
        Assert.Null(Decide(filter, "https://news.example/a/b?id=4").Reason);
    }

    [Fact]
    public void Adult_rules_use_banned_words_subwords_and_soft_word_counts()
    {
        var filter = Filter(new UrlFilterOptions());
        Assert.Equal(("url_adult_word", "sex"), Decide(filter, "https://example.com/free-sex-videos"));
        Assert.Equal(("url_adult_subword", "porn"), Decide(filter, "https://www.bestpornsite.example/"));
        Assert.Equal("url_adult_soft_words", Decide(filter, "https://example.com/hot-naked-girls").Reason);
        // One soft word alone, and words that merely contain a banned word, are innocent.
        Assert.Null(Decide(filter, "https://example.com/hot-weather-forecast").Reason);
        Assert.Null(Decide(filter, "https://www.essex.example/sussex-news").Reason);
        Assert.Null(Decide(filter, "https://example.com/data-analysis/analytics").Reason);
        var doc = new Document { Id = "x", Text = "t", Url = "https://example.com/hot-naked-girls" };
        filter.Process(doc);
        Assert.Equal(3L, doc.Attributes["url.adult_soft_words"]);
    }

    [Fact]
    public void Allowlist_overrides_every_rule()
    {
        File.WriteAllText(Path.Combine(_dir, "allow.txt"), "sexualhealth.example\n");
        var filter = Filter(new UrlFilterOptions { AllowedDomainFiles = ["allow.txt"], BlockedDomains = ["sexualhealth.example"] });
        Assert.Null(Decide(filter, "https://www.sexualhealth.example/sex-education").Reason);
    }

    [Fact]
    public void Missing_and_invalid_urls()
    {
        Assert.Null(Decide(Filter(new UrlFilterOptions()), null).Reason);
        Assert.Equal("url_missing", Decide(Filter(new UrlFilterOptions { DropMissingUrl = true }), null).Reason);
        Assert.Equal("url_invalid", Decide(Filter(new UrlFilterOptions()), "not a url").Reason);
    }

    [Fact]
    public void A_missing_list_file_is_a_clear_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Filter(new UrlFilterOptions { BlockedDomainFiles = ["nope.txt"] }));
        Assert.Contains("nope.txt", e.Message);
    }
}
