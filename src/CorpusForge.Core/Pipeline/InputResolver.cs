using CorpusForge.Core.Stages;
using Microsoft.Extensions.FileSystemGlobbing;

namespace CorpusForge.Core.Pipeline;

/// <summary>Expands an input's path patterns into input shards, in a stable (ordinal) order.</summary>
public static class InputResolver
{
    /// <summary>Every file (or folder given without wildcards) matched by <paramref name="patterns"/>, deduplicated and sorted by path.</summary>
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

        var (root, rest) = SplitRoot(pattern);
        if (!Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        return matcher.GetResultsInFullPath(root)
            .Select(full => new InputFile(full, Path.GetRelativePath(root, full).Replace('\\', '/'), inputName, new FileInfo(full).Length));
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
