using CorpusForge.Core.Stages;
using Microsoft.Extensions.FileSystemGlobbing;

namespace CorpusForge.Core.Pipeline;

/// <summary>Expands an input's path patterns into input shards, in a stable (ordinal) order.</summary>
public static class InputResolver
{
    /// <summary>Every file (or folder: given without wildcards, or by a pattern ending in <c>/</c>) matched by
    /// <paramref name="patterns"/>, deduplicated and sorted by path.</summary>
    public static IReadOnlyList<InputFile> Resolve(string inputName, IEnumerable<string> patterns)
    {
        var found = new SortedDictionary<string, InputFile>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            foreach (var file in ResolveOne(inputName, pattern))
                found.TryAdd(file.FullPath, file);
        }

        return found.Values.ToList();
    }

    /// <summary>True when the pattern contains a wildcard.</summary>
    public static bool HasWildcard(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    private static IEnumerable<InputFile> ResolveOne(string inputName, string pattern)
    {
        if (!HasWildcard(pattern))
        {
            if (File.Exists(pattern))
                return [new InputFile(pattern, Path.GetFileName(pattern), inputName, new FileInfo(pattern).Length)];
            if (Directory.Exists(pattern))
                return [new InputFile(pattern, Path.GetFileName(Path.TrimEndingDirectorySeparator(pattern)), inputName, 0)];
            return [];
        }

        if (pattern.EndsWith('/') || pattern.EndsWith('\\')) return ResolveFolders(inputName, pattern.TrimEnd('/', '\\'));
        var (root, rest) = SplitRoot(pattern);
        if (!Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        return matcher.GetResultsInFullPath(root)
            .Select(full => new InputFile(full, Path.GetRelativePath(root, full).Replace('\\', '/'), inputName, new FileInfo(full).Length));
    }

    /// <summary>A pattern ending in <c>/</c> (<c>crawl/2026-*/</c>, <c>repos/*/</c>) matches folders: each is one
    /// input, read whole by a reader that takes folders, committed once and processed again only when a file in it
    /// changes, arrives or goes. A folder per crawl or per repository keeps the commit count low (one output part and
    /// one commit record per folder, not per page) while a new folder is still a refresh of its own.</summary>
    private static IEnumerable<InputFile> ResolveFolders(string inputName, string pattern)
    {
        var (root, rest) = SplitRoot(pattern);
        if (!Directory.Exists(root)) return [];
        var recursive = rest.Contains("**", StringComparison.Ordinal);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            // Without ** a pattern of n segments only matches folders n levels down: the walk stops there.
            MaxRecursionDepth = recursive ? int.MaxValue : Math.Max(0, rest.Split('/').Length - 1),
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
        };
        var folders = Directory.EnumerateDirectories(root, "*", options)
            .Select(full => Path.GetRelativePath(root, full).Replace('\\', '/'))
            .ToList();
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        return matcher.Match(root, folders).Files
            .Select(match => new InputFile(Path.GetFullPath(Path.Combine(root, match.Path)), match.Path, inputName, 0));
    }

    /// <summary>Splits <c>/a/b/*/c.jsonl</c> into the folder before the first wildcard and the pattern after it.</summary>
    internal static (string Root, string Pattern) SplitRoot(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedCount = 0;
        while (fixedCount < parts.Length - 1 && !HasWildcard(parts[fixedCount])) fixedCount++;
        var root = string.Join('/', parts.Take(fixedCount));
        if (root.Length == 0) root = "/";
        return (root, string.Join('/', parts.Skip(fixedCount)));
    }
}
