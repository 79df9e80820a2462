using System.Buffers.Binary;

namespace CorpusForge.Core.Tokens;

/// <summary>The index (<c>.idx</c>) of a Megatron-LM indexed dataset (<c>megatron/core/datasets/indexed_dataset.py</c>,
/// <c>_IndexWriter</c>); the matching <c>.bin</c> holds the tokens of every sequence back to back with no header.</summary>
/// <remarks>
/// Layout, little-endian: the 9 bytes <c>MMIDIDX\0\0</c>; version (uint64, 1); dtype code (uint8: 8 = uint16,
/// 4 = int32); sequence count S (uint64); document count D (uint64); S sequence lengths (int32, in tokens);
/// S sequence pointers (int64, byte offsets into the <c>.bin</c>); D document indices (int64, the first sequence of each
/// document followed by a final S, so D = documents + 1). CorpusForge writes one sequence per document.
/// </remarks>
public static class MegatronIndexFormat
{
    /// <summary>The 9-byte magic.</summary>
    public static ReadOnlySpan<byte> Magic => "MMIDIDX\0\0"u8;

    /// <summary>The index version written and read.</summary>
    public const ulong Version = 1;

    /// <summary>Megatron's dtype code for uint16.</summary>
    public const byte CodeUInt16 = 8;

    /// <summary>Megatron's dtype code for int32.</summary>
    public const byte CodeInt32 = 4;

    /// <summary>Size of the fixed part before the arrays.</summary>
    public const int FixedBytes = 9 + 8 + 1 + 8 + 8;

    /// <summary>The dtype code for a token type.</summary>
    public static byte Code(TokenDType dtype) => dtype == TokenDType.UInt16 ? CodeUInt16 : CodeInt32;

    /// <summary>Writes an index for documents of the given token lengths, each one sequence.</summary>
    public static void Write(Stream stream, TokenDType dtype, IReadOnlyList<int> documentLengths)
    {
        var count = documentLengths.Count;
        var fixedPart = new byte[FixedBytes];
        Magic.CopyTo(fixedPart);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart.AsSpan(9), Version);
        fixedPart[17] = Code(dtype);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart.AsSpan(18), (ulong)count);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart.AsSpan(26), (ulong)count + 1);
        stream.Write(fixedPart);

        var buffer = new byte[8];
        foreach (var length in documentLengths)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
            stream.Write(buffer, 0, 4);
        }

        long pointer = 0;
        foreach (var length in documentLengths)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, pointer);
            stream.Write(buffer, 0, 8);
            pointer += (long)length * dtype.Size();
        }

        for (long i = 0; i <= count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, i);
            stream.Write(buffer, 0, 8);
        }
    }

    /// <summary>Reads an index and checks it is self-consistent; returns the dtype, sequence lengths, pointers and
    /// document indices.</summary>
    /// <exception cref="InvalidDataException">The file is not a Megatron index or is inconsistent.</exception>
    public static MegatronIndex Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < FixedBytes || !bytes.AsSpan(0, 9).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a Megatron-LM index (magic MMIDIDX\\0\\0 missing).");
        var version = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(9));
        if (version != Version) throw new InvalidDataException($"{path}: index version {version}, expected {Version}.");
        TokenDType dtype = bytes[17] switch
        {
            CodeUInt16 => TokenDType.UInt16,
            CodeInt32 => TokenDType.UInt32,
            var other => throw new InvalidDataException($"{path}: dtype code {other} is not a token type (8 = uint16, 4 = int32)."),
        };
        var sequences = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(18));
        var documents = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(26));
        var expected = FixedBytes + (decimal)sequences * 12 + (decimal)documents * 8;
        if (expected != bytes.Length)
            throw new InvalidDataException($"{path}: {sequences} sequences and {documents} document entries need {expected} bytes, the file has {bytes.Length}.");

        var lengths = new int[sequences];
        var pointers = new long[sequences];
        var documentIndex = new long[documents];
        var offset = FixedBytes;
        for (var i = 0; i < lengths.Length; i++, offset += 4) lengths[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        for (var i = 0; i < pointers.Length; i++, offset += 8) pointers[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset));
        for (var i = 0; i < documentIndex.Length; i++, offset += 8) documentIndex[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset));

        long pointer = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 0 || pointers[i] != pointer)
                throw new InvalidDataException($"{path}: sequence {i} has length {lengths[i]} and pointer {pointers[i]}, expected pointer {pointer}.");
            pointer += (long)lengths[i] * dtype.Size();
        }

        if (documentIndex.Length == 0 || documentIndex[0] != 0 || documentIndex[^1] != (long)sequences)
            throw new InvalidDataException($"{path}: document indices must start at 0 and end at the sequence count {sequences}.");
        return new MegatronIndex(dtype, lengths, pointers, documentIndex);
    }
}

/// <summary>The contents of a Megatron-LM <c>.idx</c> file.</summary>
/// <param name="DType">Token type of the matching <c>.bin</c>.</param>
/// <param name="SequenceLengths">Tokens per sequence.</param>
/// <param name="SequencePointers">Byte offset of each sequence in the <c>.bin</c>.</param>
/// <param name="DocumentIndices">First sequence of each document, then the sequence count.</param>
public sealed record MegatronIndex(TokenDType DType, int[] SequenceLengths, long[] SequencePointers, long[] DocumentIndices)
{
    /// <summary>Total tokens in the matching <c>.bin</c>.</summary>
    public long TokenCount => SequenceLengths.Sum(l => (long)l);
}
