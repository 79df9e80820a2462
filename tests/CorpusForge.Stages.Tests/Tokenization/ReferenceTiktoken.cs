using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Tests.Tokenization;

/// <summary>A deliberately simple encoder that follows tiktoken's published algorithm step by step (split with the
/// encoding's pattern, then repeatedly merge the adjacent byte pair whose concatenation has the lowest rank), written
/// for tests only: slow, but independent of Microsoft.ML.Tokenizers' implementation.</summary>
internal sealed class ReferenceTiktoken
{
    // Patterns transcribed from openai/tiktoken tiktoken_ext/openai_public.py (possessive quantifiers dropped; .NET
    // lacks them and they do not change which pieces these patterns match).
    private static readonly Dictionary<string, (string Assembly, string Pattern)> Sources = new()
    {
        ["cl100k_base"] = ("Microsoft.ML.Tokenizers.Data.Cl100kBase",
            @"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"),
        ["o200k_base"] = ("Microsoft.ML.Tokenizers.Data.O200kBase", string.Join("|",
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            @"\p{N}{1,3}", @" ?[^\s\p{L}\p{N}]+[\r\n/]*", @"\s*[\r\n]+", @"\s+(?!\S)", @"\s+")),
    };

    private static readonly Dictionary<string, ReferenceTiktoken> Cache = new();
    private readonly Dictionary<string, int> _ranks;
    private readonly Regex _pattern;

    private ReferenceTiktoken(Dictionary<string, int> ranks, Regex pattern)
    {
        _ranks = ranks;
        _pattern = pattern;
    }

    public static ReferenceTiktoken For(string encoding)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(encoding, out var cached)) return cached;
            var (assembly, pattern) = Sources[encoding];
            using var stream = Assembly.Load(assembly).GetManifestResourceStream(encoding + ".tiktoken.deflate")!;
            using var reader = new StreamReader(new DeflateStream(stream, CompressionMode.Decompress));
            var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
            // The packaged files start with a "Capacity: N" line; then one base64 token per line, ranked by position
            // (or "token rank" as in the original .tiktoken files).
            var next = 0;
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                if (line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
                var space = line.IndexOf(' ');
                var rank = space < 0 ? next : int.Parse(line[(space + 1)..]);
                ranks[Key(Convert.FromBase64String(space < 0 ? line : line[..space]))] = rank;
                next = rank + 1;
            }

            return Cache[encoding] = new ReferenceTiktoken(ranks, new Regex(pattern));
        }
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (Match piece in _pattern.Matches(text))
        {
            var bytes = Encoding.UTF8.GetBytes(piece.Value);
            var parts = bytes.Select(b => new[] { b }).ToList();
            while (parts.Count > 1)
            {
                var best = -1;
                var bestRank = int.MaxValue;
                for (var i = 0; i + 1 < parts.Count; i++)
                {
                    if (_ranks.TryGetValue(Key([.. parts[i], .. parts[i + 1]]), out var rank) && rank < bestRank)
                    {
                        bestRank = rank;
                        best = i;
                    }
                }

                if (best < 0) break;
                parts[best] = [.. parts[best], .. parts[best + 1]];
                parts.RemoveAt(best + 1);
            }

            ids.AddRange(parts.Select(p => _ranks[Key(p)]));
        }

        return ids;
    }

    private static string Key(byte[] bytes) => Convert.ToHexString(bytes);
}
