using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace CorpusForge.Stages.Tokenization;

/// <summary>An ordinary-text encoder for cl100k_base and o200k_base: <see cref="TiktokenPreTokenizer"/> splits,
/// then each piece is looked up whole or merged with tiktoken's byte-pair algorithm (repeatedly join the adjacent
/// parts whose concatenation has the lowest rank). Lock-free, so it scales across threads; checked id-for-id against
/// Microsoft.ML.Tokenizers in tests and in the <c>tokenize</c> benchmark.</summary>
internal sealed class FastTiktokenEncoder
{
    private const int MaxStackBytes = 512;
    private const int MaxPackedBytes = 7;

    // Most tokens are at most 7 bytes: those are keyed by their bytes packed into one integer (cheap to hash and
    // compare); longer ones by content.
    private readonly Dictionary<ulong, int> _short;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _long;
    private readonly Func<ReadOnlySpan<char>, int, int> _next;

    // Pieces that need merging repeat (rare words recur within and across documents): each thread keeps its own
    // results, so no lock is shared; a full cache is simply cleared.
    private const int MaxCachedPieces = 50_000;
    private readonly ThreadLocal<Dictionary<string, int[]>> _merged = new(() => new Dictionary<string, int[]>(StringComparer.Ordinal));

    private FastTiktokenEncoder(Dictionary<ulong, int> shortRanks, Dictionary<byte[], int> longRanks, Func<ReadOnlySpan<char>, int, int> next)
    {
        _short = shortRanks;
        _long = longRanks.GetAlternateLookup<ReadOnlySpan<byte>>();
        _next = next;
    }

    /// <summary>An encoder for <paramref name="encoding"/> from its ranks file (the packaged form: an optional
    /// <c>Capacity: N</c> line, then base64 tokens one per line, ranked by position or by a second column); null for
    /// encodings without a hand-written splitter.</summary>
    public static FastTiktokenEncoder? Create(string encoding, byte[] ranksFile)
    {
        Func<ReadOnlySpan<char>, int, int>? next = encoding switch
        {
            "cl100k_base" => TiktokenPreTokenizer.NextCl100k,
            "o200k_base" => TiktokenPreTokenizer.NextO200k,
            _ => null,
        };
        if (next is null) return null;
        var shortRanks = new Dictionary<ulong, int>(200_000);
        var longRanks = new Dictionary<byte[], int>(50_000, ByteSequenceComparer.Instance);
        using var reader = new StreamReader(new MemoryStream(ranksFile), Encoding.ASCII);
        var rank = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var space = line.IndexOf(' ');
            if (space >= 0) rank = int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture);
            var token = Convert.FromBase64String(space >= 0 ? line[..space] : line);
            if (token.Length <= MaxPackedBytes) shortRanks[Pack(token)] = rank;
            else longRanks[token] = rank;
            rank++;
        }

        return new FastTiktokenEncoder(shortRanks, longRanks, next);
    }

    /// <summary>Appends the ids of <paramref name="text"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids)
    {
        var cache = _merged.Value!;
        var merged = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<byte> buffer = stackalloc byte[MaxStackBytes];
        Span<int> starts = stackalloc int[MaxStackBytes + 1];
        Span<int> ranks = stackalloc int[MaxStackBytes + 1];
        for (var start = 0; start < text.Length;)
        {
            var end = _next(text, start);
            var piece = text[start..end];
            start = end;
            if (piece.Length <= MaxPackedBytes && TryPackAscii(piece, out var packed) && _short.TryGetValue(packed, out var direct))
            {
                ids.Add(direct);
                continue;
            }

            // Three UTF-8 bytes per UTF-16 unit at most: short pieces skip counting.
            if (piece.Length * 3 > MaxStackBytes && Encoding.UTF8.GetByteCount(piece) > MaxStackBytes)
            {
                EncodeLong(piece, ids);
                continue;
            }

            var bytes = buffer[..Encoding.UTF8.GetBytes(piece, buffer)];
            if (TryRank(bytes, out var whole))
            {
                ids.Add(whole);
                continue;
            }

            if (merged.TryGetValue(piece, out var known))
            {
                ids.AddRange(known);
                continue;
            }

            var first = ids.Count;
            Merge(bytes, starts, ranks, ids);
            if (cache.Count >= MaxCachedPieces) cache.Clear();
            cache[piece.ToString()] = CollectionsMarshal.AsSpan(ids)[first..].ToArray();
        }
    }

    private void EncodeLong(ReadOnlySpan<char> piece, List<int> ids)
    {
        var byteCount = Encoding.UTF8.GetByteCount(piece);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        var starts = ArrayPool<int>.Shared.Rent(byteCount + 1);
        var ranks = ArrayPool<int>.Shared.Rent(byteCount + 1);
        try
        {
            var span = bytes.AsSpan(0, Encoding.UTF8.GetBytes(piece, bytes));
            if (TryRank(span, out var whole)) ids.Add(whole);
            else Merge(span, starts, ranks, ids);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ranks);
        }
    }

    /// <summary>tiktoken's byte-pair merge: parts start as single bytes; ranks[i] is the rank of part i joined with
    /// part i+1; the lowest rank is merged (leftmost on ties) until no adjacent pair is a token.</summary>
    private void Merge(ReadOnlySpan<byte> bytes, Span<int> starts, Span<int> ranks, List<int> ids)
    {
        var parts = bytes.Length;
        for (var i = 0; i <= parts; i++) starts[i] = i;
        for (var i = 0; i + 1 < parts; i++) ranks[i] = RankOf(bytes, starts[i], starts[i + 2]);
        while (parts > 1)
        {
            var best = int.MaxValue;
            var at = -1;
            for (var i = 0; i + 1 < parts; i++)
            {
                if (ranks[i] < best)
                {
                    best = ranks[i];
                    at = i;
                }
            }

            if (at < 0) break;
            // Remove boundary at+1 (parts at and at+1 become one), then re-rank the pairs that touch the new part.
            starts[(at + 2)..(parts + 1)].CopyTo(starts[(at + 1)..]);
            if (at + 2 < parts) ranks[(at + 2)..(parts - 1)].CopyTo(ranks[(at + 1)..]);
            parts--;
            if (at + 1 < parts) ranks[at] = RankOf(bytes, starts[at], starts[at + 2]);
            if (at > 0) ranks[at - 1] = RankOf(bytes, starts[at - 1], starts[at + 1]);
        }

        for (var i = 0; i < parts; i++)
        {
            TryRank(bytes[starts[i]..starts[i + 1]], out var id);
            ids.Add(id);
        }
    }

    private int RankOf(ReadOnlySpan<byte> bytes, int from, int to) =>
        TryRank(bytes[from..to], out var rank) ? rank : int.MaxValue;

    private bool TryRank(ReadOnlySpan<byte> token, out int rank) =>
        token.Length <= MaxPackedBytes ? _short.TryGetValue(Pack(token), out rank) : _long.TryGetValue(token, out rank);

    /// <summary>Most pieces are short ASCII words: their key is built from the characters without transcoding.</summary>
    private static bool TryPackAscii(ReadOnlySpan<char> piece, out ulong packed)
    {
        packed = (ulong)piece.Length << 56;
        for (var i = 0; i < piece.Length; i++)
        {
            var c = piece[i];
            if (c >= 128) return false;
            packed |= (ulong)c << (8 * i);
        }

        return true;
    }

    /// <summary>Up to 7 bytes little-endian, with the length in the top byte (so "a" and "a\0" differ).</summary>
    private static ulong Pack(ReadOnlySpan<byte> token)
    {
        var packed = (ulong)token.Length << 56;
        for (var i = 0; i < token.Length; i++) packed |= (ulong)token[i] << (8 * i);
        return packed;
    }

    /// <summary>Content equality and hashing for byte arrays, with span lookups.</summary>
    private sealed class ByteSequenceComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteSequenceComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = K4os.Hash.xxHash.XXH64.DigestOf(bytes);
            return (int)(hash ^ (hash >> 32));
        }
    }
}
