using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CorpusForge.Stages.Dedup;

/// <summary>Persistent records of kept documents addressed by sequence number: the id (for <c>dedup.kept_id</c>) and
/// a payload (a MinHash signature or shingle set for verification, or nothing), so a later run never recomputes them.</summary>
/// <remarks>
/// <c>records.bin</c> is append-only: a 32-byte header (magic <c>CFREC001</c>, version, payload kind), then records of
/// uint64 sequence, uint16 id byte length, int32 payload byte length, UTF-8 id, payload. A <see cref="SegmentedIndex"/> in <c>offsets/</c> maps a
/// sequence to its record's offset and stores the committed file length; bytes past it (an unsaved run) are cut off
/// on open. Not thread-safe.
/// </remarks>
public sealed class DocumentLog : IDisposable
{
    /// <summary>Format version of <c>records.bin</c>.</summary>
    public const int FormatVersion = 1;

    private const int HeaderSize = 32;
    private const int RecordHeader = 14;
    private const string LengthKey = "records_length";
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("CFREC001"u8);

    private readonly SegmentedIndex _offsets;
    private readonly FileStream _data;
    private readonly List<ulong> _lookup = [];
    private byte[] _buffer = new byte[4096];

    private DocumentLog(SegmentedIndex offsets, FileStream data)
    {
        _offsets = offsets;
        _data = data;
    }

    /// <summary>Bytes on disk (records and offsets).</summary>
    public long DiskBytes => _data.Length + _offsets.DiskBytes;

    /// <summary>Opens or creates the log in <paramref name="directory"/>.</summary>
    public static DocumentLog Open(string directory, int payloadKind, long tableLimit)
    {
        Directory.CreateDirectory(directory);
        var offsets = SegmentedIndex.Open(Path.Combine(directory, "offsets"), tableLimit);
        var path = Path.Combine(directory, "records.bin");
        var data = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var header = new byte[HeaderSize];
        if (data.Length == 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), payloadKind);
            data.Write(header);
            data.Flush();
        }
        else
        {
            data.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != FormatVersion)
                throw new InvalidDataException($"{path}: not a record log of version {FormatVersion}");
            var stored = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            if (stored != payloadKind)
                throw new InvalidDataException($"{path}: records hold payloads of kind {stored} but this configuration writes kind {payloadKind} (verification or signature settings changed: use a new state folder)");
        }

        var committed = offsets.Metadata.GetValueOrDefault(LengthKey, HeaderSize);
        if (data.Length > committed) data.SetLength(committed);
        data.Position = data.Length;
        return new DocumentLog(offsets, data);
    }

    /// <summary>Appends a record.</summary>
    public void Append(ulong sequence, string id, ReadOnlySpan<byte> payload)
    {
        var idBytes = Encoding.UTF8.GetByteCount(id);
        if (idBytes > ushort.MaxValue) throw new ArgumentException($"document id longer than {ushort.MaxValue} bytes", nameof(id));
        var size = RecordHeader + idBytes + payload.Length;
        if (_buffer.Length < size) _buffer = new byte[size * 2];
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer, sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(8), (ushort)idBytes);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(10), payload.Length);
        Encoding.UTF8.GetBytes(id, _buffer.AsSpan(RecordHeader));
        payload.CopyTo(_buffer.AsSpan(RecordHeader + idBytes));
        _offsets.Add(sequence, (ulong)_data.Position);
        _data.Write(_buffer, 0, size);
    }

    /// <summary>Reads the record of <paramref name="sequence"/>; false when there is none.</summary>
    public bool TryRead(ulong sequence, out string id, out byte[] payload)
    {
        id = "";
        payload = [];
        _lookup.Clear();
        if (_offsets.Lookup(sequence, _lookup) == 0) return false;
        _data.Flush();
        var offset = (long)_lookup[0];
        SafeFileHandle handle = _data.SafeFileHandle;
        var read = RandomAccess.Read(handle, _buffer, offset);
        if (read < RecordHeader) throw new InvalidDataException($"{_data.Name}: record of sequence {sequence} is truncated");
        var idBytes = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(8));
        var payloadBytes = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(10));
        var size = RecordHeader + idBytes + payloadBytes;
        if (read < size)
        {
            if (_buffer.Length < size) _buffer = new byte[size];
            read = RandomAccess.Read(handle, _buffer.AsSpan(0, size), offset);
            if (read < size) throw new InvalidDataException($"{_data.Name}: record of sequence {sequence} is truncated");
        }

        id = Encoding.UTF8.GetString(_buffer, RecordHeader, idBytes);
        payload = _buffer.AsSpan(RecordHeader + idBytes, payloadBytes).ToArray();
        return true;
    }

    /// <summary>Makes every appended record durable.</summary>
    public void Save()
    {
        _data.Flush(flushToDisk: true);
        _offsets.Metadata[LengthKey] = _data.Length;
        _offsets.Save();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _data.Dispose();
        _offsets.Dispose();
    }
}
