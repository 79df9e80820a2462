using System.ComponentModel;
using System.Runtime.InteropServices;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Dedup;

/// <summary>Options of <see cref="UrlDedupStage"/>.</summary>
public sealed class UrlDedupOptions
{
    /// <summary>Ignore the query string.</summary>
    [Description("Treat URLs that differ only in their query string (?a=b) as the same page.")]
    public bool IgnoreQuery { get; set; }

    /// <summary>Index entries held in memory before spilling to disk.</summary>
    [Description("Index entries held in memory before they are written to a sorted segment on disk (bounds memory).")]
    public long IndexMemoryEntries { get; set; } = 4_000_000;
}

/// <summary>Removes web documents whose normalised URL was already kept (this run or an earlier one). The scheme and
/// host are lower-cased, the fragment, a default port and a trailing slash dropped. Documents without a URL pass.</summary>
[Component("dedup.url_v1", "Remove documents whose normalised URL was already kept, persistent across runs", Sequential = true)]
public sealed class UrlDedupStage(UrlDedupOptions options, ComponentContext context)
    : KeyedDedupStage(context, options.IndexMemoryEntries)
{
    /// <inheritdoc />
    protected override string Reason => "duplicate_url";

    /// <summary>The form of a URL that is hashed.</summary>
    public static string NormalizeUrl(string url, bool ignoreQuery)
    {
        var trimmed = url.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.IsFile) return trimmed;
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : "";
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var query = ignoreQuery ? "" : uri.Query;
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{path}{query}";
    }

    /// <inheritdoc />
    protected override bool TryGetKey(Document document, out ulong key)
    {
        key = 0;
        if (string.IsNullOrWhiteSpace(document.Url)) return false;
        var normal = NormalizeUrl(document.Url, options.IgnoreQuery);
        key = Hashing.XxHash64(MemoryMarshal.AsBytes(normal.AsSpan()), 0);
        return true;
    }
}
