namespace CorpusForge.Core.Text;

/// <summary>URL and domain normalisation shared by <c>filter.url_v1</c> and takedown tombstones, so a list entry
/// matches the same documents wherever it is used.</summary>
public static class UrlKeys
{
    /// <summary>Host lower-cased, surrounding space and a trailing root dot removed.</summary>
    public static string NormalizeHost(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>The normalised form of an absolute URL, or null when it is not one.</summary>
    public static string? NormalizeUrl(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? NormalizeUrl(uri) : null;

    /// <summary>Scheme and host lower-cased, default port and fragment dropped, an empty path written as "/".</summary>
    public static string NormalizeUrl(Uri uri) =>
        $"{uri.Scheme.ToLowerInvariant()}://{NormalizeHost(uri.IdnHost)}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{uri.PathAndQuery}";

    /// <summary>The normalised host of a document URL, or null when it has none.</summary>
    public static string? HostOf(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? NormalizeHost(uri.IdnHost)
            : null;

    /// <summary>A domain list entry as a host key: a URL gives its host; <c>*.</c>/leading dots, a port and a
    /// trailing dot are dropped; case is folded. Empty when nothing is left.</summary>
    public static string DomainKey(string entry)
    {
        var trimmed = entry.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)) return NormalizeHost(uri.IdnHost);
        var host = trimmed.TrimStart('*', '.');
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        // A port (example.com:8080) names the same site; IPv6 literals ([::1]:80) keep their brackets.
        var colon = host.LastIndexOf(':');
        if (colon > host.LastIndexOf(']')) host = host[..colon];
        return NormalizeHost(host);
    }

    /// <summary>Adds the domain keys of <paramref name="entries"/> to <paramref name="set"/>.</summary>
    public static void AddDomains(HashSet<string> set, IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            var host = DomainKey(entry);
            if (host.Length > 0) set.Add(host);
        }
    }

    /// <summary>The listed domain that <paramref name="host"/> is or is a subdomain of, if any.</summary>
    public static string? MatchDomain(HashSet<string> domains, string host)
    {
        if (domains.Count == 0) return null;
        var candidate = host;
        while (true)
        {
            if (domains.Contains(candidate)) return candidate;
            var dot = candidate.IndexOf('.');
            if (dot < 0) return null;
            candidate = candidate[(dot + 1)..];
        }
    }

    /// <summary>Non-empty lines of a list file, <c>#</c> comments removed.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names <paramref name="who"/>).</exception>
    public static IEnumerable<string> ReadList(string path, string who)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{who}: list file '{path}' does not exist", path);
        return Lines(path);
    }

    private static IEnumerable<string> Lines(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length > 0) yield return line;
        }
    }
}
