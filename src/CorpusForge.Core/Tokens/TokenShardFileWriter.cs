using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Tokens;

/// <summary>Which published layouts a shard is written in.</summary>
[Flags]
public enum TokenLayouts
{
    /// <summary>None (invalid for writing).</summary>
    None = 0,

    /// <summary>llm.c <c>.bin</c> (header + tokens), under <c>llmc/</c>.</summary>
    Llmc = 1,

    /// <summary>Megatron-LM <c>.bin</c> + <c>.idx</c>, under <c>megatron/</c>.</summary>
    Megatron = 2,

    /// <summary>Both.</summary>
    All = Llmc | Megatron,
}

/// <summary>Writes one token shard in the chosen layouts plus its lineage file, under temporary names until
/// <see cref="Commit"/>: <c>llmc/NAME.bin</c>, <c>megatron/NAME.bin</c> + <c>megatron/NAME.idx</c>, <c>index/NAME.docs.jsonl</c>.</summary>
public sealed class TokenShardFileWriter : IDisposable
{
    private readonly string _root;
    private readonly TokenDType _dtype;
    private readonly AtomicFile? _llmc;
    private readonly AtomicFile? _megatronBin;
    private readonly AtomicFile _index;
    private readonly Utf8JsonWriter _indexJson;
    private readonly List<int> _lengths = [];
    private byte[] _buffer = new byte[1 << 16];
    private bool _done;

    /// <summary>Opens the files of shard <paramref name="name"/> under <paramref name="root"/>.</summary>
    public TokenShardFileWriter(string root, string name, TokenDType dtype, TokenLayouts layouts)
    {
        if (layouts == TokenLayouts.None) throw new ArgumentException("Choose at least one layout.", nameof(layouts));
        _root = root;
        Name = name;
        _dtype = dtype;
        Layouts = layouts;
        if (layouts.HasFlag(TokenLayouts.Llmc))
        {
            _llmc = AtomicFile.Create(Path.Combine(root, "llmc", name + ".bin"));
            _llmc.Stream.Write(new byte[LlmcShardFormat.HeaderBytes]);
        }

        if (layouts.HasFlag(TokenLayouts.Megatron)) _megatronBin = AtomicFile.Create(Path.Combine(root, "megatron", name + ".bin"));
        _index = AtomicFile.Create(Path.Combine(root, "index", name + ".docs.jsonl"));
        _indexJson = new Utf8JsonWriter(_index.Stream, DocumentJson.WriterOptions);
        DocumentIndexFile.WriteHeader(_indexJson);
        EndLine();
    }

    /// <summary>The folder the shard's files are written under.</summary>
    public string Root => _root;

    /// <summary>The shard name.</summary>
    public string Name { get; }

    /// <summary>The layouts written.</summary>
    public TokenLayouts Layouts { get; }

    /// <summary>Tokens written so far.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Documents written so far.</summary>
    public int DocumentCount => _lengths.Count;

    /// <summary>Appends one document's tokens (its end-of-text token included) and its lineage.</summary>
    public void Add(ReadOnlySpan<int> tokens, string id, string? source, Provenance provenance)
    {
        if (TokenCount + tokens.Length > LlmcShardFormat.MaxTokens)
            throw new InvalidOperationException($"Shard {Name} would exceed {LlmcShardFormat.MaxTokens} tokens.");
        var bytes = Encode(tokens);
        _llmc?.Stream.Write(_buffer, 0, bytes);
        _megatronBin?.Stream.Write(_buffer, 0, bytes);
        DocumentIndexFile.WriteRecord(_indexJson, new IndexedDocument(TokenCount, tokens.Length, id, source, provenance));
        EndLine();
        _lengths.Add(tokens.Length);
        TokenCount += tokens.Length;
    }

    /// <summary>Finishes the headers and index, publishes every file, and returns them with sizes and checksums
    /// (paths relative to the root).</summary>
    public TokenShardEntry Commit()
    {
        if (_done) throw new InvalidOperationException($"Shard {Name} was already committed or aborted.");
        _done = true;
        var files = new List<TokenShardFile>();
        if (_llmc is not null)
        {
            var header = new byte[LlmcShardFormat.HeaderBytes];
            LlmcShardFormat.WriteHeader(header, _dtype, TokenCount);
            _llmc.Stream.Position = 0;
            _llmc.Stream.Write(header);
            _llmc.Commit();
            files.Add(Describe(TokenShardFile.Llmc, _llmc));
        }

        if (_megatronBin is not null)
        {
            _megatronBin.Commit();
            using (var idx = AtomicFile.Create(Path.Combine(_root, "megatron", Name + ".idx")))
            {
                using (var buffered = new BufferedStream(idx.Stream, 1 << 16))
                    MegatronIndexFormat.Write(buffered, _dtype, _lengths);
                idx.Commit();
                files.Add(Describe(TokenShardFile.MegatronBin, _megatronBin));
                files.Add(Describe(TokenShardFile.MegatronIdx, idx));
            }
        }

        _indexJson.Flush();
        _indexJson.Dispose();
        _index.Commit();
        files.Add(Describe(TokenShardFile.DocumentIndex, _index));
        return new TokenShardEntry { Name = Name, Tokens = TokenCount, Documents = _lengths.Count, Files = files };
    }

    /// <summary>Removes the temporary files.</summary>
    public void Abort()
    {
        if (_done) return;
        _done = true;
        _indexJson.Dispose();
        _llmc?.Abort();
        _megatronBin?.Abort();
        _index.Abort();
    }

    /// <inheritdoc />
    public void Dispose() => Abort();

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // Read from where the bytes are now: a publish scope may hold the file under its temporary name.
    private TokenShardFile Describe(string kind, AtomicFile file) => new()
    {
        Kind = kind,
        Path = Path.GetRelativePath(_root, file.FinalPath).Replace('\\', '/'),
        Bytes = new FileInfo(file.ContentPath).Length,
        Sha256 = Sha256Of(file.ContentPath),
    };

    private int Encode(ReadOnlySpan<int> tokens)
    {
        var size = tokens.Length * _dtype.Size();
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        var span = _buffer.AsSpan();
        if (_dtype == TokenDType.UInt16)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                var t = tokens[i];
                if ((uint)t > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {t} does not fit uint16.");
                BinaryPrimitives.WriteUInt16LittleEndian(span[(2 * i)..], (ushort)t);
            }
        }
        else
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                var t = tokens[i];
                if (t < 0) throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {t} is negative.");
                BinaryPrimitives.WriteInt32LittleEndian(span[(4 * i)..], t);
            }
        }

        return size;
    }

    private void EndLine()
    {
        _indexJson.Flush();
        _index.Stream.WriteByte((byte)'\n');
        _indexJson.Reset();
    }
}
