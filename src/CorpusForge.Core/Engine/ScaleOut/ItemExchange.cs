using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Engine.ScaleOut;

/// <summary>The file one input's documents travel in from one phase of a distributed run to the next: every item
/// (kept, dropped or quarantined, with the stage and reason that removed it), grouped in the batches the reader
/// formed, so the next phase sees exactly the batches and documents a single process would have.</summary>
/// <remarks>
/// Layout: zstd (level 1: the file is read once, so speed beats size) of magic <c>CFXCH001</c>, then batches (int32
/// item count, items), then int32 0. Strings are strict UTF-8, or UTF-16 when the text holds a lone surrogate (which
/// UTF-8 cannot carry), so text comes back bit for bit. After a kept document come the values its dedup stages
/// prepared in the map phase (<see cref="Stages.IPreparedStage"/>), if any. Attribute and metadata values keep their .NET type (long
/// stays long, 1.0 stays double), so typed writers (Parquet) write the same columns.
/// </remarks>
internal static class ItemExchange
{
    /// <summary>File name suffix of an exchange file.</summary>
    public const string Extension = ".items.zst";

    private static readonly byte[] Magic = "CFXCH001"u8.ToArray();
    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>Writes batches of one input to an exchange file under a temporary name (published by the caller's commit).</summary>
    public sealed class Writer : IDisposable
    {
        private readonly AtomicFile _file;
        private readonly Stream _zstd;
        private readonly BinaryWriter _out;

        public Writer(string path)
        {
            _file = AtomicFile.Create(path);
            _zstd = Compression.WrapWrite(_file.Stream, CompressionKind.Zstd, level: 1, leaveOpen: true);
            _out = new BinaryWriter(new BufferedStream(_zstd, 1 << 16), Encoding.UTF8, leaveOpen: true);
            _out.Write(Magic);
        }

        /// <summary>Bytes written so far (compressed), once committed.</summary>
        public long Length { get; private set; }

        public string FinalPath => _file.FinalPath;

        public void WriteBatch(Item[] items, int count)
        {
            if (count == 0) return;
            _out.Write(count);
            for (var i = 0; i < count; i++) WriteItem(_out, items[i]);
        }

        public void Commit()
        {
            _out.Write(0);
            _out.Flush();
            _out.BaseStream.Flush();
            _zstd.Dispose();
            Length = _file.Stream.Length;
            _file.Commit();
        }

        public void Abort()
        {
            try
            {
                _zstd.Dispose();
            }
            catch (IOException)
            {
                // The file is thrown away anyway.
            }

            _file.Abort();
        }

        public void Dispose() => _file.Dispose();
    }

    /// <summary>Reads the batches of an exchange file in order.</summary>
    public static IEnumerable<(Item[] Items, int Count)> Read(string path)
    {
        using var stream = Compression.WrapRead(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), CompressionKind.Zstd);
        using var input = new BinaryReader(new BufferedStream(stream, 1 << 16), Encoding.UTF8);
        var magic = input.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path}: not a CorpusForge exchange file (magic {Convert.ToHexString(magic)})");
        while (true)
        {
            int count;
            try
            {
                count = input.ReadInt32();
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{path}: exchange file is truncated (no end marker)");
            }

            if (count == 0) yield break;
            if (count < 0) throw new InvalidDataException($"{path}: negative batch size {count}");
            var items = new Item[count];
            for (var i = 0; i < count; i++)
            {
                try
                {
                    items[i] = ReadItem(input);
                }
                catch (Exception e) when (e is EndOfStreamException or DecoderFallbackException or JsonException)
                {
                    throw new InvalidDataException($"{path}: unreadable item ({e.Message})", e);
                }
            }

            yield return (items, count);
        }
    }

    private static void WriteItem(BinaryWriter w, in Item item)
    {
        w.Write((byte)item.State);
        w.Write(item.Stage);
        WriteString(w, item.Reason);
        WriteString(w, item.Detail);
        w.Write(item.ReadChars);
        var d = item.Document;
        WriteString(w, d.Id);
        WriteString(w, d.Text);
        WriteString(w, d.Source);
        WriteString(w, d.Url);
        WriteString(w, d.Path);
        WriteString(w, d.Provenance.File);
        w.Write(d.Provenance.Record);
        w.Write(d.Provenance.ByteOffset);
        WriteString(w, d.ShardKey);
        WriteMap(w, d.HasMetadata ? d.Metadata : null, d.Id);
        WriteMap(w, d.HasAttributes ? d.Attributes : null, d.Id);
        var prepared = item.Prepared ?? [];
        w.Write(prepared.Length);
        foreach (var value in prepared)
        {
            w.Write(value is null ? -1 : value.Length);
            if (value is not null) w.Write(value);
        }
    }

    private static Item ReadItem(BinaryReader r)
    {
        var item = new Item
        {
            State = (ItemState)r.ReadByte(),
            Stage = r.ReadInt32(),
            Reason = ReadString(r),
            Detail = ReadString(r),
            ReadChars = r.ReadInt32(),
        };
        var document = new Document { Id = ReadString(r)!, Text = ReadString(r)! };
        document.Source = ReadString(r);
        document.Url = ReadString(r);
        document.Path = ReadString(r);
        var file = ReadString(r)!;
        var record = r.ReadInt64();
        document.Provenance = new Provenance(file, record, r.ReadInt64());
        document.ShardKey = ReadString(r);
        ReadMap(r, document, metadata: true);
        ReadMap(r, document, metadata: false);
        var prepared = r.ReadInt32();
        if (prepared > 0)
        {
            item.Prepared = new byte[]?[prepared];
            for (var i = 0; i < prepared; i++)
            {
                var length = r.ReadInt32();
                if (length < 0) continue;
                item.Prepared[i] = r.ReadBytes(length);
                if (item.Prepared[i]!.Length != length) throw new EndOfStreamException();
            }
        }

        item.Document = document;
        return item;
    }

    private static void WriteMap(BinaryWriter w, Dictionary<string, object?>? map, string id)
    {
        if (map is null)
        {
            w.Write(0);
            return;
        }

        w.Write(map.Count);
        foreach (var (key, value) in map)
        {
            WriteString(w, key);
            WriteValue(w, value, id, key);
        }
    }

    private static void ReadMap(BinaryReader r, Document document, bool metadata)
    {
        var count = r.ReadInt32();
        if (count == 0) return;
        var map = metadata ? document.Metadata : document.Attributes;
        for (var i = 0; i < count; i++)
        {
            var key = ReadString(r)!;
            map[key] = ReadValue(r);
        }
    }

    private enum Tag : byte
    {
        Null,
        String,
        Bool,
        Long,
        Int,
        Double,
        Strings,
        Json,
        Float,
    }

    private static void WriteValue(BinaryWriter w, object? value, string id, string key)
    {
        switch (value)
        {
            case null:
                w.Write((byte)Tag.Null);
                break;
            case string s:
                w.Write((byte)Tag.String);
                WriteString(w, s);
                break;
            case bool b:
                w.Write((byte)Tag.Bool);
                w.Write(b);
                break;
            case long l:
                w.Write((byte)Tag.Long);
                w.Write(l);
                break;
            case int n:
                w.Write((byte)Tag.Int);
                w.Write(n);
                break;
            case double x:
                w.Write((byte)Tag.Double);
                w.Write(x);
                break;
            case float f:
                w.Write((byte)Tag.Float);
                w.Write(f);
                break;
            case string[] strings:
                w.Write((byte)Tag.Strings);
                w.Write(strings.Length);
                foreach (var s in strings) WriteString(w, s);
                break;
            case JsonElement element:
                w.Write((byte)Tag.Json);
                WriteString(w, element.GetRawText());
                break;
            default:
                throw new InvalidDataException($"document {id}: field {key} holds a {value.GetType().Name}, which no writer can store (allowed: string, bool, long, int, double, string[], JSON)");
        }
    }

    private static object? ReadValue(BinaryReader r) => (Tag)r.ReadByte() switch
    {
        Tag.Null => null,
        Tag.String => ReadString(r),
        Tag.Bool => r.ReadBoolean(),
        Tag.Long => r.ReadInt64(),
        Tag.Int => r.ReadInt32(),
        Tag.Double => r.ReadDouble(),
        Tag.Float => r.ReadSingle(),
        Tag.Strings => ReadStrings(r),
        Tag.Json => ParseJson(ReadString(r)!),
        var tag => throw new InvalidDataException($"unknown value tag {(byte)tag}"),
    };

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = ReadString(r)!;
        return values;
    }

    private static JsonElement ParseJson(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        return document.RootElement.Clone();
    }

    // 0 = null, 1 = UTF-8, 2 = UTF-16 (lone surrogates); then int32 byte count and the bytes.
    private static void WriteString(BinaryWriter w, string? s)
    {
        if (s is null)
        {
            w.Write((byte)0);
            return;
        }

        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(s);
            w.Write((byte)1);
        }
        catch (EncoderFallbackException)
        {
            bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.AsSpan()).ToArray();
            w.Write((byte)2);
        }

        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static string? ReadString(BinaryReader r)
    {
        var kind = r.ReadByte();
        if (kind == 0) return null;
        var length = r.ReadInt32();
        var bytes = r.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return kind switch
        {
            1 => Strict.GetString(bytes),
            2 => new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(bytes)),
            _ => throw new InvalidDataException($"unknown string kind {kind}"),
        };
    }
}
