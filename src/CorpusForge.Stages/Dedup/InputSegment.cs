using System.Buffers.Binary;
using System.Text;
using CorpusForge.Core.IO;

namespace CorpusForge.Stages.Dedup;

/// <summary>What one input added to a <see cref="DedupIndex"/>: an immutable file named by the input, published with
/// the input's commit record and deleted when the input is withdrawn. The index is the union of these files.</summary>
/// <remarks>
/// Layout (little-endian): a 48-byte header (magic <c>CFINP001</c>, int32 version, int32 payload kind, int64 next
/// sequence after the input, int64 key count, int64 record count, 8 reserved bytes); key count (uint64 key, uint64
/// sequence) pairs sorted by key then sequence; record count records (uint64 sequence, uint16 id bytes, int32 payload
/// bytes, UTF-8 id, payload) sorted by sequence.
/// </remarks>
internal static class InputSegment
{
    public const int FormatVersion = 1;
    private const int HeaderSize = 48;
    /// <summary>Bytes of a record's fixed header (sequence, id length, payload length).</summary>
    public const int RecordHeader = 14;
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("CFINP001"u8);

    /// <summary>Writes a segment through <see cref="AtomicFile"/> (deferred inside the engine's publish scope);
    /// returns where its bytes are now (the temporary name until the engine publishes it) and each record's offset.</summary>
    /// <param name="keys">The input's (key, sequence) pairs, sorted by key then sequence.</param>
    /// <param name="recordCount">Records to write.</param>
    /// <param name="records">The records in sequence order, each encoded by <see cref="EncodeRecord"/> (the memory
    /// may be reused for the next one).</param>
    public static (string ContentPath, long[] RecordOffsets) Write(string path, int payloadKind, long nextSequence,
        ReadOnlySpan<KeyValue> keys, int recordCount, IEnumerable<ReadOnlyMemory<byte>> records)
    {
        using var file = AtomicFile.Create(path);
        var offsets = new long[recordCount];
        // Not disposed: that would close the file before AtomicFile.Commit could fsync it.
        var output = new BufferedStream(file.Stream, 1 << 20);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], payloadKind);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], nextSequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], keys.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], recordCount);
        output.Write(header);
        Span<byte> pair = stackalloc byte[16];
        foreach (var (key, sequence) in keys)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(pair, key);
            BinaryPrimitives.WriteUInt64LittleEndian(pair[8..], sequence);
            output.Write(pair);
        }

        var position = HeaderSize + 16L * keys.Length;
        var r = 0;
        foreach (var record in records)
        {
            output.Write(record.Span);
            offsets[r++] = position;
            position += record.Length;
        }

        if (r != recordCount) throw new InvalidOperationException($"{path}: {r} records written, {recordCount} announced");

        output.Flush();
        file.Commit();
        return (file.ContentPath, offsets);
    }

    /// <summary>Bytes of a record with an id of <paramref name="idBytes"/> UTF-8 bytes and a payload of
    /// <paramref name="payloadBytes"/>.</summary>
    public static int RecordSize(int idBytes, int payloadBytes) => RecordHeader + idBytes + payloadBytes;

    /// <summary>Encodes a record as segments store it (uint64 sequence, uint16 id bytes, int32 payload bytes, UTF-8
    /// id, payload) into <paramref name="destination"/>, which holds exactly <see cref="RecordSize"/> bytes.</summary>
    public static void EncodeRecord(Span<byte> destination, ulong sequence, string id, int idBytes, ReadOnlySpan<byte> payload)
    {
        if (idBytes > ushort.MaxValue) throw new ArgumentException($"document id longer than {ushort.MaxValue} bytes: {id[..40]}…");
        BinaryPrimitives.WriteUInt64LittleEndian(destination, sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)idBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[10..], payload.Length);
        Encoding.UTF8.GetBytes(id, destination.Slice(RecordHeader, idBytes));
        payload.CopyTo(destination[(RecordHeader + idBytes)..]);
    }

    /// <summary>Bytes of the encoded record that starts with <paramref name="header"/> (its first
    /// <see cref="RecordHeader"/> bytes).</summary>
    public static int EncodedSize(ReadOnlySpan<byte> header) =>
        RecordHeader + BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) + BinaryPrimitives.ReadInt32LittleEndian(header[10..]);

    /// <summary>The id and payload of an encoded record.</summary>
    public static (string Id, byte[] Payload) DecodeRecord(ReadOnlySpan<byte> record)
    {
        var idBytes = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
        var payloadBytes = BinaryPrimitives.ReadInt32LittleEndian(record[10..]);
        return (Encoding.UTF8.GetString(record.Slice(RecordHeader, idBytes)), record.Slice(RecordHeader + idBytes, payloadBytes).ToArray());
    }

    /// <summary>Reads a segment's keys and the offsets of its records (the records themselves are read on demand
    /// by <see cref="ReadRecord"/>); returns the next sequence after the input.</summary>
    public static long Read(string path, int payloadKind, Action<ulong, ulong> key, Action<ulong, long> record)
    {
        using var input = new BufferedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), 1 << 20);
        var header = new byte[HeaderSize];
        Fill(input, header, path);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != FormatVersion)
            throw new InvalidDataException($"{path}: not a dedup input segment of version {FormatVersion}");
        var stored = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        if (stored != payloadKind)
            throw new InvalidDataException($"{path}: holds payloads of kind {stored} but this configuration writes kind {payloadKind} (written by an earlier version of the stage or with other dedup settings: run with --force to process every input again, or --rebuild after a settings change)");
        var next = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        var keys = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        var records = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32));
        var pair = new byte[16];
        for (long i = 0; i < keys; i++)
        {
            Fill(input, pair, path);
            key(BinaryPrimitives.ReadUInt64LittleEndian(pair), BinaryPrimitives.ReadUInt64LittleEndian(pair.AsSpan(8)));
        }

        var recordHeader = new byte[RecordHeader];
        var position = HeaderSize + 16L * keys;
        for (long i = 0; i < records; i++)
        {
            Fill(input, recordHeader, path);
            record(BinaryPrimitives.ReadUInt64LittleEndian(recordHeader), position);
            var skip = BinaryPrimitives.ReadUInt16LittleEndian(recordHeader.AsSpan(8)) + (long)BinaryPrimitives.ReadInt32LittleEndian(recordHeader.AsSpan(10));
            input.Seek(skip, SeekOrigin.Current);
            position += RecordHeader + skip;
        }

        if (position != input.Length) throw new InvalidDataException($"{path}: {input.Length} bytes, records end at {position}");
        return next;
    }

    /// <summary>Reads the record at <paramref name="offset"/> of an open segment.</summary>
    public static (string Id, byte[] Payload) ReadRecord(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, string path)
    {
        Span<byte> header = stackalloc byte[RecordHeader];
        if (RandomAccess.Read(file, header, offset) != RecordHeader) throw new InvalidDataException($"{path}: record at {offset} is truncated");
        var id = new byte[BinaryPrimitives.ReadUInt16LittleEndian(header[8..])];
        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(header[10..])];
        if (RandomAccess.Read(file, id, offset + RecordHeader) != id.Length
            || (payload.Length > 0 && RandomAccess.Read(file, payload, offset + RecordHeader + id.Length) != payload.Length))
            throw new InvalidDataException($"{path}: record at {offset} is truncated");
        return (Encoding.UTF8.GetString(id), payload);
    }

    private static void Fill(Stream input, byte[] buffer, string path)
    {
        if (input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
            throw new InvalidDataException($"{path}: truncated dedup input segment");
    }
}
