using System.Text;
using CorpusForge.Core.Documents;

namespace CorpusForge.Stages.Dedup;

/// <summary>Relates documents to the shard keys the engine reports through
/// <see cref="Core.Stages.IShardAware"/>: a key is the input name plus the file's relative path without format
/// extensions, sanitised (the rule of <c>PipelineRunner.ShardKey</c>), with <c>-N</c> appended when two files would
/// share one.</summary>
public static class ShardKeys
{
    /// <summary>The identity under which a stage holds what it learned from a document's shard.</summary>
    public static string IdentityOf(Document document) => $"{document.Source}\u0001{document.Provenance.File}";

    /// <summary>The engine's shard key for an input name and relative path.</summary>
    public static string For(string? inputName, string? relativePath)
    {
        var path = relativePath ?? "";
        foreach (var compression in new[] { ".gz", ".zst", ".zstd", ".bz2" })
        {
            if (path.EndsWith(compression, StringComparison.OrdinalIgnoreCase)) path = path[..^compression.Length];
        }

        var dot = path.LastIndexOf('.');
        if (dot > path.LastIndexOf('/') + 1) path = path[..dot];
        var name = $"{inputName}.{path.Replace('/', '.')}";
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return sb.ToString();
    }

    /// <summary>True when <paramref name="identity"/> (from <see cref="IdentityOf"/>) belongs to the shard
    /// <paramref name="shardKey"/>, or when the key is the identity itself (components used outside the engine).</summary>
    public static bool Matches(string identity, string shardKey)
    {
        if (identity == shardKey) return true;
        var split = identity.IndexOf('\u0001');
        if (split < 0) return false;
        var key = For(identity[..split], identity[(split + 1)..]);
        if (key == shardKey) return true;
        return shardKey.Length > key.Length + 1 && shardKey.StartsWith(key + "-", StringComparison.Ordinal)
            && shardKey.AsSpan(key.Length + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
