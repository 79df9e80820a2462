using System.Buffers.Binary;

namespace CorpusForge.Core.Tokens;

/// <summary>The token shard layout of karpathy/llm.c (<c>dev/data/data_common.py</c>, <c>write_datafile</c>): a header of
/// 256 little-endian int32 values (magic, version, token count, then zeros) followed by the tokens.</summary>
/// <remarks>llm.c names two variants: magic 20240520 / version 1 with uint16 tokens ("gpt-2"), and magic 20240801 /
/// version 7 with uint32 tokens ("llama-3"). The token count is an int32, so one file holds fewer than 2^31 tokens.</remarks>
public static class LlmcShardFormat
{
    /// <summary>Header size in bytes (256 × int32).</summary>
    public const int HeaderBytes = 256 * sizeof(int);

    /// <summary>Magic of the uint16 variant.</summary>
    public const int MagicUInt16 = 20240520;

    /// <summary>Version of the uint16 variant.</summary>
    public const int VersionUInt16 = 1;

    /// <summary>Magic of the uint32 variant.</summary>
    public const int MagicUInt32 = 20240801;

    /// <summary>Version of the uint32 variant.</summary>
    public const int VersionUInt32 = 7;

    /// <summary>Most tokens one file may hold (the count is an int32).</summary>
    public const long MaxTokens = int.MaxValue;

    /// <summary>Fills <paramref name="header"/> (<see cref="HeaderBytes"/> long) for a file of <paramref name="tokenCount"/> tokens.</summary>
    public static void WriteHeader(Span<byte> header, TokenDType dtype, long tokenCount)
    {
        if (header.Length < HeaderBytes) throw new ArgumentException($"The header needs {HeaderBytes} bytes.", nameof(header));
        if (tokenCount is < 0 or > MaxTokens) throw new ArgumentOutOfRangeException(nameof(tokenCount), $"llm.c shards hold at most {MaxTokens} tokens.");
        header[..HeaderBytes].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(header, dtype == TokenDType.UInt16 ? MagicUInt16 : MagicUInt32);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], dtype == TokenDType.UInt16 ? VersionUInt16 : VersionUInt32);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], (int)tokenCount);
    }

    /// <summary>Reads and checks a header; <paramref name="fileLength"/> must match the token count it states.</summary>
    /// <exception cref="InvalidDataException">The header is not an llm.c header or disagrees with the file size.</exception>
    public static (TokenDType DType, long TokenCount) ReadHeader(ReadOnlySpan<byte> header, long fileLength, string path)
    {
        if (header.Length < HeaderBytes || fileLength < HeaderBytes)
            throw new InvalidDataException($"{path}: shorter than the {HeaderBytes}-byte llm.c header.");
        var magic = BinaryPrimitives.ReadInt32LittleEndian(header);
        var version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        TokenDType dtype = (magic, version) switch
        {
            (MagicUInt16, VersionUInt16) => TokenDType.UInt16,
            (MagicUInt32, VersionUInt32) => TokenDType.UInt32,
            _ => throw new InvalidDataException($"{path}: not an llm.c token shard (magic {magic}, version {version})."),
        };
        if (count < 0) throw new InvalidDataException($"{path}: negative token count {count}.");
        var expected = HeaderBytes + (long)count * dtype.Size();
        if (expected != fileLength)
            throw new InvalidDataException($"{path}: header says {count} tokens ({expected} bytes) but the file has {fileLength} bytes.");
        return (dtype, count);
    }
}
