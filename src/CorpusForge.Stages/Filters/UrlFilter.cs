using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;

namespace CorpusForge.Stages.Filters;

/// <summary>Options of <see cref="UrlFilter"/>.</summary>
public sealed class UrlFilterOptions : IValidatableOptions
{
    /// <summary>Files of blocked domains, one a line; a domain blocks its subdomains too.</summary>
    [Description("files of blocked domains, one a line ('#' starts a comment); subdomains are blocked too")]
    public List<string> BlockedDomainFiles { get; set; } = [];

    /// <summary>Files of blocked URLs, one a line (compared without fragment, scheme and host case-insensitive).</summary>
    [Description("files of blocked URLs, one a line")]
    public List<string> BlockedUrlFiles { get; set; } = [];

    /// <summary>Files of allowed domains: their pages are kept whatever else matches.</summary>
    [Description("files of allowed domains (with subdomains) that no rule drops")]
    public List<string> AllowedDomainFiles { get; set; } = [];

    /// <summary>Blocked domains given inline.</summary>
    [Description("blocked domains given inline")]
    public List<string> BlockedDomains { get; set; } = [];

    /// <summary>Allowed domains given inline.</summary>
    [Description("allowed domains given inline")]
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Apply the adult-content URL word rules.</summary>
    [Description("apply the adult-content URL word rules")]
    public bool AdultWords { get; set; } = true;

    /// <summary>How many distinct soft adult words a URL needs to be dropped.</summary>
    [Description("distinct soft adult words in a URL that drop it")]
    public int SoftWordThreshold { get; set; } = 2;

    /// <summary>Drop documents without a URL (otherwise they pass).</summary>
    [Description("drop documents that have no URL (otherwise they pass)")]
    public bool DropMissingUrl { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (SoftWordThreshold < 1) yield return "soft_word_threshold must be at least 1";
    }
}

/// <summary>Drops documents by URL: user domain and URL blocklists (subdomains included), adult-content URL word
/// rules, and an allowlist that overrides both. The drop reason names the rule, the detail the entry or words.</summary>
/// <remarks>
/// The adult rules follow the scheme RefinedWeb published (Penedo et al. 2023, "The RefinedWeb Dataset for Falcon
/// LLM", appendix on URL filtering) and datatrove's URL filter uses: words banned as substrings of the URL with
/// punctuation removed, words banned as whole URL words, and "soft" words of which several together drop the page.
/// The word lists here are CorpusForge's own, short and conservative; supply domain lists for broader coverage.
/// The count of soft words found is stored as attribute <c>url.adult_soft_words</c>.
/// </remarks>
[Component("filter.url_v1", "drops documents by domain/URL blocklists and adult URL word rules, with an allowlist override")]
public sealed class UrlFilter : DocumentFilter
{
    // Substrings that are unambiguous wherever they appear in a URL (punctuation removed first).
    private static readonly string[] BannedSubwords =
    [
        "porn", "xxx", "hentai", "xvideo", "xhamster", "redtube", "youjizz", "camgirl", "sexcam", "nsfw", "bukkake",
        "gangbang", "blowjob", "cumshot", "milfs", "bdsm", "onlyfans",
    ];

    // Whole URL words that are adult wherever they appear.
    private static readonly HashSet<string> BannedWords = new(StringComparer.Ordinal)
    {
        "sex", "porno", "nude", "nudes", "fetish", "erotic", "erotica", "hardcore", "anal", "milf",
        "hooker", "hookers", "tits", "boobs", "pussy", "cock", "dildo", "orgasm", "horny",
    };

    // Words that are innocent alone and adult together.
    private static readonly HashSet<string> SoftWords = new(StringComparer.Ordinal)
    {
        "adult", "adults", "girls", "girl", "teen", "teens", "hot", "naked", "babes", "babe", "amateur", "sexy", "lingerie",
        "strip", "webcam", "cams", "cam", "mature", "xxl", "dating", "hookup", "kinky", "busty", "lesbian", "lesbians",
        "bikini", "panties", "naughty", "sluts", "slut", "massage", "fuck", "escort", "escorts", "stripper", "strippers",
    };

    private readonly UrlFilterOptions _options;
    private readonly HashSet<string> _blockedDomains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowedDomains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _blockedUrls = new(StringComparer.Ordinal);

    /// <summary>Creates the filter, loading the list files (paths relative to the pipeline file).</summary>
    public UrlFilter(UrlFilterOptions options, ComponentContext context)
    {
        _options = options;
        foreach (var file in options.BlockedDomainFiles) UrlKeys.AddDomains(_blockedDomains, UrlKeys.ReadList(context.ResolvePath(file), "filter.url_v1"));
        foreach (var file in options.AllowedDomainFiles) UrlKeys.AddDomains(_allowedDomains, UrlKeys.ReadList(context.ResolvePath(file), "filter.url_v1"));
        foreach (var file in options.BlockedUrlFiles)
        {
            foreach (var url in UrlKeys.ReadList(context.ResolvePath(file), "filter.url_v1"))
            {
                if (UrlKeys.NormalizeUrl(url) is { } normalized) _blockedUrls.Add(normalized);
            }
        }

        UrlKeys.AddDomains(_blockedDomains, options.BlockedDomains);
        UrlKeys.AddDomains(_allowedDomains, options.AllowedDomains);
    }

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        if (string.IsNullOrWhiteSpace(document.Url))
            return _options.DropMissingUrl ? FilterDecision.Drop("url_missing") : FilterDecision.Keep;
        if (!Uri.TryCreate(document.Url.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return FilterDecision.Drop("url_invalid", document.Url);

        var host = UrlKeys.NormalizeHost(uri.IdnHost);
        if (UrlKeys.MatchDomain(_allowedDomains, host) is not null) return FilterDecision.Keep;
        if (UrlKeys.MatchDomain(_blockedDomains, host) is { } domain) return FilterDecision.Drop("url_blocked_domain", domain);
        if (_blockedUrls.Count > 0 && UrlKeys.NormalizeUrl(uri) is { } normalized && _blockedUrls.Contains(normalized))
            return FilterDecision.Drop("url_blocked_url", normalized);
        if (!_options.AdultWords) return FilterDecision.Keep;

        var url = Uri.UnescapeDataString(uri.GetComponents(UriComponents.HostAndPort | UriComponents.PathAndQuery, UriFormat.UriEscaped)).ToLowerInvariant();
        var words = SplitWords(url);
        var soft = words.Where(SoftWords.Contains).Distinct().ToList();
        document.Attributes["url.adult_soft_words"] = (long)soft.Count;
        var banned = words.FirstOrDefault(BannedWords.Contains);
        if (banned is not null) return FilterDecision.Drop("url_adult_word", banned);
        var squeezed = string.Concat(url.Where(char.IsAsciiLetterOrDigit));
        foreach (var subword in BannedSubwords)
        {
            if (squeezed.Contains(subword, StringComparison.Ordinal)) return FilterDecision.Drop("url_adult_subword", subword);
        }

        if (soft.Count >= _options.SoftWordThreshold) return FilterDecision.Drop("url_adult_soft_words", string.Join(",", soft));
        return FilterDecision.Keep;
    }

    private static List<string> SplitWords(string url)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= url.Length; i++)
        {
            var letter = i < url.Length && char.IsAsciiLetterOrDigit(url[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                words.Add(url[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
