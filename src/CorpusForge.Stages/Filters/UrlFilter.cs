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
/// The adult rules follow RefinedWeb (Penedo et al. 2023, "The RefinedWeb Dataset for Falcon LLM", appendix G.1.2,
/// URL scoring), as datatrove's URL filter implements it: strict subwords banned anywhere in the URL with punctuation
/// removed, hard words banned as whole URL words, and soft words of which two distinct ones (soft_word_threshold)
/// drop the page. The lists are CorpusForge's own. A word goes on a hard list only if an ordinary page (an
/// encyclopedia article, a health page, a news story) practically never has it in its URL: "sex", "anal", "nude",
/// "porn", "xxx" are soft because <c>en.wikipedia.org/wiki/Sex_education</c>, <c>nhs.uk/conditions/anal-cancer/</c>,
/// a news story on "revenge porn" or <c>Super_Bowl_XXX</c> are ordinary pages. Common words that become adult only
/// beside an explicit one ("hot", "babes", "cams", "chat", ...) are weak: they count towards the threshold only when an
/// explicit soft word is present, so "hot-weather-live-chat" stays while "hot-naked-babes" goes. Words that pair with
/// "sex" on health and news pages ("teen", "girls", "adults", "education") are on no list. The count of soft words found is stored as <c>url.adult_soft_words</c>.
/// </remarks>
[Component("filter.url_v1", "drops documents by domain/URL blocklists and adult URL word rules, with an allowlist override")]
public sealed class UrlFilter : DocumentFilter
{
    // Site and genre names that no ordinary word contains; matched in the URL with punctuation removed. Ambiguous
    // short strings stay off: "sexcam" is inside "essexcameras", "milf" inside "milford", "xxx" in "xxxlutz".
    private static readonly string[] BannedSubwords =
    [
        "pornhub", "youporn", "xvideos", "xhamster", "redtube", "youjizz", "xnxx", "brazzers", "chaturbate", "bukkake",
        "gangbang", "blowjob", "cumshot", "camgirl",
    ];

    // Whole URL words that name adult content and nothing else.
    private static readonly HashSet<string> BannedWords = new(StringComparer.Ordinal)
    {
        "porno", "pornos", "pornstar", "pornstars", "milf", "milfs", "sexcam", "sexcams", "hentaixxx", "xxxporn",
        "freeporn", "pornvideos", "sexvideos", "blowjobs", "cumshots",
    };

    // Explicit words: each counts as a soft word; two distinct ones drop the URL.
    private static readonly HashSet<string> SoftWords = new(StringComparer.Ordinal)
    {
        "sex", "sexy", "porn", "xxx", "nude", "nudes", "naked", "anal", "erotic", "erotica", "fetish", "hardcore",
        "bdsm", "hentai", "nsfw", "onlyfans", "tits", "boobs", "pussy", "cock", "dildo", "dildos", "orgasm", "horny",
        "slut", "sluts", "whore", "whores", "hooker", "hookers", "escort", "escorts", "stripper", "strippers",
        "striptease", "busty", "kinky", "lingerie", "panties", "naughty", "webcam", "webcams", "fuck", "fucking",
    };

    // Ordinary words that are adult only beside an explicit one: counted only when an explicit soft word is present.
    private static readonly HashSet<string> WeakSoftWords = new(StringComparer.Ordinal)
    {
        "hot", "babe", "babes", "amateur", "cam", "cams", "xxl", "hookup", "hookups", "bikini", "strip", "chat",
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
        // Weak words add to the count only beside an explicit soft word (see remarks).
        if (soft.Count > 0) soft.AddRange(words.Where(WeakSoftWords.Contains).Distinct());
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
