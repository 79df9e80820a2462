using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace CorpusForge.Core.Tokens;

/// <summary>Reads one split of a token-shard folder through memory maps, as one long token stream: random access,
/// window copies across shard boundaries, and lineage from any token position back to its document.</summary>
/// <remarks>Reads the llm.c files when the folder has them, else the Megatron-LM <c>.bin</c> files. Headers and sizes
/// are checked against the manifest on open; checksums are checked by <see cref="TokenShardVerifier"/>. Safe for
/// concurrent readers once opened.</remarks>
public sealed unsafe class TokenShardReader : IDisposable
{
    private readonly Shard[] _shards;
    private readonly long[] _starts;
    private bool _disposed;

    private TokenShardReader(string root, TokenShardManifest manifest, string split, Shard[] shards)
    {
        Root = root;
        Manifest = manifest;
        Split = split;
        DType = manifest.DType;
        _shards = shards;
        _starts = new long[shards.Length];
        long total = 0;
        for (var i = 0; i < shards.Length; i++)
        {
            _starts[i] = total;
            total += shards[i].Tokens;
        }

        TokenCount = total;
    }

    /// <summary>The shard folder.</summary>
    public string Root { get; }

    /// <summary>The folder's manifest.</summary>
    public TokenShardManifest Manifest { get; }

    /// <summary>The split read (<c>train</c> or <c>validation</c>).</summary>
    public string Split { get; }

    /// <summary>Stored token type.</summary>
    public TokenDType DType { get; }

    /// <summary>Tokens in the split.</summary>
    public long TokenCount { get; }

    /// <summary>Number of shards in the split.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>Opens <paramref name="split"/> of the shard folder (or manifest file) <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The manifest, a header or a file size is wrong (names the file).</exception>
    /// <exception cref="ArgumentException">The split does not exist.</exception>
    public static TokenShardReader Open(string path, string split = "train")
    {
        var manifest = TokenShardManifest.Load(path);
        var root = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!manifest.Splits.TryGetValue(split, out var entry))
            throw new ArgumentException($"{root}: no split '{split}' (has: {string.Join(", ", manifest.Splits.Keys)}).", nameof(split));
        var shards = new List<Shard>();
        try
        {
            foreach (var shard in entry.Shards.Where(s => s.Tokens > 0))
                shards.Add(Shard.Open(root, shard, manifest.DType));
        }
        catch
        {
            foreach (var opened in shards) opened.Dispose();
            throw;
        }

        return new TokenShardReader(root, manifest, split, shards.ToArray());
    }

    /// <summary>Name of shard <paramref name="shard"/>.</summary>
    public string ShardName(int shard) => _shards[shard].Entry.Name;

    /// <summary>Tokens of one shard, zero-copy, when stored as uint16.</summary>
    public ReadOnlySpan<ushort> ShardTokensUInt16(int shard)
    {
        var s = _shards[shard];
        if (DType != TokenDType.UInt16) throw new InvalidOperationException("Tokens are stored as uint32.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ReadOnlySpan<ushort>(s.Pointer, checked((int)s.Tokens));
    }

    /// <summary>Tokens of one shard, zero-copy, when stored as uint32.</summary>
    public ReadOnlySpan<uint> ShardTokensUInt32(int shard)
    {
        var s = _shards[shard];
        if (DType != TokenDType.UInt32) throw new InvalidOperationException("Tokens are stored as uint16.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ReadOnlySpan<uint>(s.Pointer, checked((int)s.Tokens));
    }

    /// <summary>The token at a position of the split.</summary>
    public int TokenAt(long position)
    {
        Span<int> one = stackalloc int[1];
        Copy(position, one);
        return one[0];
    }

    /// <summary>Copies the tokens from <paramref name="position"/> on, across shard boundaries.</summary>
    public void Copy(long position, Span<int> destination) => CopyTokens(position, destination);

    /// <summary>Copies the tokens from <paramref name="position"/> on as int64 (the index type tensors want).</summary>
    public void Copy(long position, Span<long> destination) => CopyTokens(position, destination);

    private void CopyTokens<T>(long position, Span<T> destination) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var shardIndex = FirstShard(position, destination.Length);
        for (var done = 0; done < destination.Length; shardIndex++)
        {
            var (shard, start, count) = Segment(shardIndex, position + done, destination.Length - done);
            var target = destination.Slice(done, count);
            if (DType == TokenDType.UInt16)
            {
                var source = new ReadOnlySpan<ushort>((ushort*)shard.Pointer + start, count);
                for (var i = 0; i < count; i++) target[i] = T.CreateTruncating(source[i]);
            }
            else if (typeof(T) == typeof(int))
            {
                // Token ids are below 2^31, so uint32 data is int32 data bit for bit: a plain block copy.
                MemoryMarshal.Cast<uint, T>(new ReadOnlySpan<uint>((uint*)shard.Pointer + start, count)).CopyTo(target);
            }
            else
            {
                var source = new ReadOnlySpan<uint>((uint*)shard.Pointer + start, count);
                for (var i = 0; i < count; i++) target[i] = T.CreateTruncating(source[i]);
            }

            done += count;
        }
    }

    /// <summary>Finds the shard, document and offset of a token position (loads that shard's lineage file once).</summary>
    public TokenLocation Locate(long position)
    {
        if (position < 0 || position >= TokenCount)
            throw new ArgumentOutOfRangeException(nameof(position), $"Position {position} is outside the split's {TokenCount} tokens.");
        var shardIndex = ShardOf(position);
        var shard = _shards[shardIndex];
        var offset = position - _starts[shardIndex];
        var documents = shard.Documents(Root);
        int lo = 0, hi = documents.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (documents[mid].Start <= offset) lo = mid;
            else hi = mid - 1;
        }

        var document = documents[lo];
        return new TokenLocation(position, shardIndex, shard.Entry.Name, offset, lo, document, offset - document.Start);
    }

    /// <summary>Every document of one shard, in order.</summary>
    public IReadOnlyList<IndexedDocument> DocumentsOf(int shard) => _shards[shard].Documents(Root);

    /// <summary>Token position in the split where shard <paramref name="shard"/> begins.</summary>
    public long ShardStart(int shard) => _starts[shard];

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var shard in _shards) shard.Dispose();
    }

    private int FirstShard(long position, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (position < 0 || length < 0 || position + length > TokenCount)
            throw new ArgumentOutOfRangeException(nameof(position), $"Tokens [{position}, {position + length}) are outside the split's {TokenCount} tokens.");
        return length == 0 ? 0 : ShardOf(position);
    }

    private (Shard Shard, long Start, int Count) Segment(int shardIndex, long position, int remaining)
    {
        var shard = _shards[shardIndex];
        var start = position - _starts[shardIndex];
        return (shard, start, (int)Math.Min(remaining, shard.Tokens - start));
    }

    private int ShardOf(long position)
    {
        var index = Array.BinarySearch(_starts, position);
        return index >= 0 ? index : ~index - 1;
    }

    private sealed class Shard : IDisposable
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;
        private readonly object _gate = new();
        private List<IndexedDocument>? _documents;

        private Shard(TokenShardEntry entry, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer)
        {
            Entry = entry;
            _map = map;
            _view = view;
            Pointer = pointer;
            Tokens = entry.Tokens;
        }

        public TokenShardEntry Entry { get; }

        public byte* Pointer { get; }

        public long Tokens { get; }

        public static Shard Open(string root, TokenShardEntry entry, TokenDType dtype)
        {
            var llmc = entry.File(TokenShardFile.Llmc);
            var megatron = entry.File(TokenShardFile.MegatronBin);
            var file = llmc ?? megatron ?? throw new InvalidDataException($"{root}: shard {entry.Name} lists no token file.");
            var path = Path.Combine(root, file.Path);
            var length = new FileInfo(path) is { Exists: true } info ? info.Length : throw new FileNotFoundException($"Token shard file missing: {path}", path);
            long offset = 0;
            if (llmc is not null)
            {
                using var stream = File.OpenRead(path);
                var header = new byte[LlmcShardFormat.HeaderBytes];
                stream.ReadExactly(header);
                var (headerType, count) = LlmcShardFormat.ReadHeader(header, length, path);
                if (headerType != dtype || count != entry.Tokens)
                    throw new InvalidDataException($"{path}: header says {count} {headerType.Name()} tokens, the manifest {entry.Tokens} {dtype.Name()}.");
                offset = LlmcShardFormat.HeaderBytes;
            }
            else if (length != entry.Tokens * dtype.Size())
            {
                throw new InvalidDataException($"{path}: {length} bytes, the manifest says {entry.Tokens} {dtype.Name()} tokens.");
            }

            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new Shard(entry, map, view, pointer + view.PointerOffset + offset);
        }

        public List<IndexedDocument> Documents(string root)
        {
            lock (_gate)
            {
                if (_documents is not null) return _documents;
                var file = Entry.File(TokenShardFile.DocumentIndex)
                           ?? throw new InvalidDataException($"{root}: shard {Entry.Name} has no document index.");
                _documents = DocumentIndexFile.Read(Path.Combine(root, file.Path));
                if (_documents.Count == 0 || _documents[^1].Start + _documents[^1].Tokens != Tokens)
                    throw new InvalidDataException($"{file.Path}: documents do not cover the shard's {Tokens} tokens.");
                return _documents;
            }
        }

        public void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}

/// <summary>Where a token position lies: shard, document, and the document's own lineage.</summary>
/// <param name="Position">Position in the split.</param>
/// <param name="Shard">Shard number in the split.</param>
/// <param name="ShardName">Shard name.</param>
/// <param name="OffsetInShard">Token offset in the shard.</param>
/// <param name="DocumentInShard">Document number in the shard.</param>
/// <param name="Document">The document (id, provenance, token span).</param>
/// <param name="OffsetInDocument">Token offset in the document.</param>
public readonly record struct TokenLocation(
    long Position, int Shard, string ShardName, long OffsetInShard, int DocumentInShard, IndexedDocument Document, long OffsetInDocument);
