using Microsoft.Win32.SafeHandles;

namespace CorpusForge.Stages.Dedup;

/// <summary>The records (id + payload) that one shard in flight added to a <see cref="DedupIndex"/>, encoded as its
/// <see cref="InputSegment"/> will store them and appended to a scratch file, so that a shard's payloads (a shingle
/// set is about 1.2 KB per document) are not held in memory until the shard commits, however large the shard.</summary>
/// <remarks>In memory: the offset of each record (a <see cref="KeyTable"/> from sequence, about 24 bytes per
/// record) and a write buffer of <see cref="BufferBytes"/>. The scratch file lives in the index's derived
/// <c>cache/</c> folder, which every open deletes, so a killed run leaves nothing behind that matters; it is deleted
/// when the shard commits or is aborted. Thread-safety as <see cref="KeyTable"/>: one writer; after
/// <see cref="Seal"/>, any number of readers.</remarks>
internal sealed class RecordSpool : IDisposable
{
    /// <summary>Bytes of encoded records buffered before they are written to the scratch file.</summary>
    public const int BufferBytes = 256 * 1024;

    private readonly string _path;
    private readonly SafeFileHandle _file;
    private readonly KeyTable _offsets = new();
    private byte[] _buffer = new byte[BufferBytes];
    private int _buffered;
    private long _written;

    /// <summary>Creates the scratch file <paramref name="path"/>.</summary>
    public RecordSpool(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
    }

    /// <summary>Records stored.</summary>
    public int Count => _offsets.Count;

    /// <summary>Adds the record of <paramref name="sequence"/> (one per sequence).</summary>
    public void Add(ulong sequence, string id, ReadOnlySpan<byte> payload)
    {
        if (_offsets.TryGetFirst(sequence, out _)) throw new InvalidOperationException($"{_path}: sequence {sequence} already has a record");
        var idBytes = System.Text.Encoding.UTF8.GetByteCount(id);
        var size = InputSegment.RecordSize(idBytes, payload.Length);
        if (_buffered + size > _buffer.Length)
        {
            Flush();
            if (size > _buffer.Length) _buffer = new byte[size];
        }

        InputSegment.EncodeRecord(_buffer.AsSpan(_buffered, size), sequence, id, idBytes, payload);
        _offsets.Add(sequence, (ulong)(_written + _buffered));
        _buffered += size;
    }

    /// <summary>Reads the record of <paramref name="sequence"/>; false when it has none here.</summary>
    public bool TryRead(ulong sequence, out string id, out byte[] payload)
    {
        if (!_offsets.TryGetFirst(sequence, out var stored))
        {
            id = "";
            payload = [];
            return false;
        }

        var offset = (long)stored;
        if (offset >= _written) (id, payload) = InputSegment.DecodeRecord(_buffer.AsSpan((int)(offset - _written)));
        else (id, payload) = InputSegment.ReadRecord(_file, offset, _path);
        return true;
    }

    /// <summary>Writes what is buffered; after this no record may be added, and readers may share the spool.</summary>
    public void Seal()
    {
        Flush();
        _buffer = [];
    }

    /// <summary>(sequence, offset) of every record, in sequence order.</summary>
    public KeyValue[] SortedOffsets() => _offsets.ToSortedArray();

    /// <summary>The records at <paramref name="sorted"/> (from <see cref="SortedOffsets"/>), each encoded as the segment
    /// stores it, read back from the scratch file (after <see cref="Seal"/>); the memory returned is reused by the next one.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Read(KeyValue[] sorted)
    {
        var record = new byte[4096];
        foreach (var (_, offset) in sorted)
        {
            Read(record.AsSpan(0, InputSegment.RecordHeader), (long)offset);
            var size = InputSegment.EncodedSize(record);
            if (size > record.Length)
            {
                var larger = new byte[size];
                record.AsSpan(0, InputSegment.RecordHeader).CopyTo(larger);
                record = larger;
            }

            Read(record.AsSpan(InputSegment.RecordHeader, size - InputSegment.RecordHeader), (long)offset + InputSegment.RecordHeader);
            yield return record.AsMemory(0, size);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file.Dispose();
        File.Delete(_path);
    }

    private void Read(Span<byte> destination, long offset)
    {
        if (RandomAccess.Read(_file, destination, offset) != destination.Length)
            throw new InvalidDataException($"{_path}: record at {offset} is truncated");
    }

    private void Flush()
    {
        if (_buffered == 0) return;
        RandomAccess.Write(_file, _buffer.AsSpan(0, _buffered), _written);
        _written += _buffered;
        _buffered = 0;
    }
}
