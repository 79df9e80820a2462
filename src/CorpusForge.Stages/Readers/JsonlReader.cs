using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="JsonlReader"/>.</summary>
public sealed class JsonlReaderOptions : IValidatableOptions
{
    /// <summary>Field holding the document id.</summary>
    [Description("Field holding the document id (string or number); without it the id is '{relative path}#{record}' with the 0-based line number.")]
    public string IdField { get; set; } = "id";

    /// <summary>Field holding the text.</summary>
    [Description("Field holding the document text; it must be a JSON string, or the record is quarantined.")]
    public string TextField { get; set; } = "text";

    /// <summary>Field holding the URL.</summary>
    [Description("Field holding the document URL, when there is one.")]
    public string UrlField { get; set; } = "url";

    /// <summary>Longest line accepted.</summary>
    [Description("Longest record (line) accepted, in uncompressed bytes; a longer line is skipped while streaming, never held whole, and quarantined with its first 4 KB.")]
    public int MaxRecordBytes { get; set; } = 64 << 20;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(IdField)) yield return "id_field must not be empty";
        if (string.IsNullOrEmpty(TextField)) yield return "text_field must not be empty";
        if (string.IsNullOrEmpty(UrlField)) yield return "url_field must not be empty";
        if (MaxRecordBytes < 1024) yield return $"max_record_bytes must be at least 1024 (got {MaxRecordBytes})";
    }
}

/// <summary>Reads JSON Lines files, plain or compressed, one document per line.</summary>
/// <remarks>
/// Fields other than id, text and url become metadata. CorpusForge's own output form is read back too: objects
/// named <c>metadata</c>, <c>attributes</c> and <c>provenance</c>, and string fields <c>source</c> and <c>path</c>,
/// are restored to the document's parts, so one phase reads what another wrote. Blank lines are not records.
/// Lines are split on raw bytes and parsed with <see cref="Utf8JsonReader"/> straight from a pooled buffer; a line
/// with invalid UTF-8 is repaired (U+FFFD per bad sequence, counted in metadata <c>invalid_utf8_sequences</c>) and
/// kept, so the normaliser decides its fate.
/// </remarks>
[Component("reader.jsonl_v1", "JSON Lines files (.jsonl, .jsonl.gz, .jsonl.zst), one document per line; other fields become metadata")]
public sealed class JsonlReader : IDocumentReader
{
    private const int ChunkSize = 1 << 20;
    private const int PooledBufferLimit = 4 << 20;

    private static readonly JsonReaderOptions ParserOptions = new() { MaxDepth = 256 };

    private readonly JsonlReaderOptions _options;
    private readonly byte[] _idField;
    private readonly byte[] _textField;
    private readonly byte[] _urlField;

    /// <summary>Creates the reader.</summary>
    public JsonlReader(JsonlReaderOptions options)
    {
        _options = options;
        _idField = Encoding.UTF8.GetBytes(options.IdField);
        _textField = Encoding.UTF8.GetBytes(options.TextField);
        _urlField = Encoding.UTF8.GetBytes(options.UrlField);
    }

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var codec = Compression.FromPath(input.FullPath);
        var maxRecord = _options.MaxRecordBytes;
        using var stream = Compression.OpenRead(input.FullPath);
        var buffer = RentBuffer(ChunkSize);
        var names = new FieldNames();
        try
        {
            // buffer[start, end) holds unparsed bytes; [start, scanned) is known to hold no newline.
            int start = 0, end = 0, scanned = 0;
            long bufferOffset = 0; // uncompressed offset of buffer[0]
            long line = 0;
            var eof = false;
            while (true)
            {
                var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var lineEnd = scanned + newline;
                    var parsed = lineEnd - start > maxRecord
                        ? Oversized(buffer.AsSpan(start, lineEnd - start), input, line, bufferOffset + start, out var result)
                        : TryParseLine(buffer.AsSpan(start, lineEnd - start), input, line, bufferOffset + start, names, out result);
                    start = scanned = lineEnd + 1;
                    line++;
                    if (parsed) yield return result;
                    continue;
                }

                scanned = end;
                if (eof)
                {
                    var tail = buffer.AsSpan(start, end - start);
                    if (tail.Length > maxRecord ? Oversized(tail, input, line, bufferOffset + start, out var last)
                        : TryParseLine(tail, input, line, bufferOffset + start, names, out last))
                        yield return last;
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (end - start > maxRecord)
                {
                    // Over the limit: keep a preview, then discard bytes up to the next newline without holding them.
                    var recordOffset = bufferOffset + start;
                    var preview = Utf8Text.Preview(buffer.AsSpan(start, end - start));
                    long skipped = end - start;
                    bufferOffset += end;
                    start = end = scanned = 0;
                    string? failure = null;
                    while (true)
                    {
                        var n = ReadSome(stream, buffer, 0, buffer.Length, codec, out failure);
                        if (n == 0)
                        {
                            eof = true;
                            break;
                        }

                        var found = buffer.AsSpan(0, n).IndexOf((byte)'\n');
                        if (found >= 0)
                        {
                            skipped += found;
                            start = scanned = found + 1;
                            end = n;
                            break;
                        }

                        skipped += n;
                        bufferOffset += n;
                    }

                    yield return OversizedResult(input, line, recordOffset, skipped, failure is not null, preview);
                    line++;
                    if (failure is not null)
                    {
                        yield return Truncated(input, codec, line, bufferOffset, failure, ReadOnlySpan<byte>.Empty);
                        yield break;
                    }

                    continue;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    bufferOffset += start;
                    end -= start;
                    scanned -= start;
                    start = 0;
                }

                if (buffer.Length - end < ChunkSize / 4)
                {
                    // Grow for a long line; never beyond what the record limit needs.
                    var size = (int)Math.Min((long)buffer.Length * 2, (long)maxRecord + ChunkSize);
                    var larger = RentBuffer(size);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ReturnBuffer(buffer);
                    buffer = larger;
                }

                var read = ReadSome(stream, buffer, end, buffer.Length - end, codec, out var error);
                if (error is not null)
                {
                    yield return Truncated(input, codec, line, bufferOffset + start, error, buffer.AsSpan(start, end + read - start));
                    yield break;
                }

                if (read == 0) eof = true;
                end += read;
            }
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    // The shared pool hands out power-of-two arrays; a long record would get up to twice the memory it needs, so
    // buffers beyond the pooled sizes are allocated at their exact size and left to the GC.
    private static byte[] RentBuffer(int size) =>
        size <= PooledBufferLimit ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length <= PooledBufferLimit) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Reads from the (decompressing) stream; a truncated or corrupt stream ends reading with a message.</summary>
    private static int ReadSome(Stream stream, byte[] buffer, int offset, int count, CompressionKind codec, out string? failure)
    {
        failure = null;
        try
        {
            return stream.Read(buffer, offset, count);
        }
        catch (Exception e) when (codec != CompressionKind.None && Compression.IsCorruption(e))
        {
            failure = e.Message;
            return 0;
        }
    }

    private bool Oversized(ReadOnlySpan<byte> line, InputFile input, long record, long offset, out ReadResult result)
    {
        result = OversizedResult(input, record, offset, line.Length, atLeast: false, Utf8Text.Preview(line));
        return true;
    }

    private ReadResult OversizedResult(InputFile input, long record, long offset, long length, bool atLeast, string preview) =>
        ReadResult.Failed(new Provenance(input.RelativePath, record, offset),
            $"{input.RelativePath} line {record + 1}: record of {(atLeast ? "at least " : "")}{length} bytes exceeds max_record_bytes ({_options.MaxRecordBytes})",
            preview);

    private static ReadResult Truncated(InputFile input, CompressionKind codec, long linesRead, long offset, string message, ReadOnlySpan<byte> partial) =>
        ReadResult.Failed(new Provenance(input.RelativePath, linesRead, offset),
            $"{input.RelativePath}: truncated {CodecName(codec)} stream after line {linesRead} ({message}); the records before it were kept",
            partial.IsEmpty ? null : Utf8Text.Preview(partial));

    private static string CodecName(CompressionKind codec) => codec switch
    {
        CompressionKind.Gzip => "gzip",
        CompressionKind.Zstd => "zstd",
        _ => "input",
    };

    /// <summary>Parses one line; false for blank lines, which are not records.</summary>
    private bool TryParseLine(ReadOnlySpan<byte> raw, InputFile input, long line, long offset, FieldNames names, out ReadResult result)
    {
        if (raw.Trim(" \t\r"u8).IsEmpty)
        {
            result = default;
            return false;
        }

        if (offset == 0) raw = Utf8Text.StripBom(raw);
        var where = new Provenance(input.RelativePath, line, offset);
        var invalid = 0;
        if (!Utf8.IsValid(raw)) raw = Utf8Text.Repair(raw, out invalid);
        try
        {
            result = Parse(raw, input, where, invalid, names);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            result = ReadResult.Failed(where, $"{input.RelativePath} line {line + 1}: malformed JSON: {e.Message}", Utf8Text.Preview(raw));
        }

        return true;
    }

    private ReadResult Parse(ReadOnlySpan<byte> json, InputFile input, Provenance where, int invalidUtf8, FieldNames names)
    {
        var reader = new Utf8JsonReader(json, ParserOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Bad(where, input, $"record is a JSON {reader.TokenType.ToString().ToLowerInvariant()}, not an object", json);

        var document = new Document { Id = "", Text = "", Source = input.InputName, Provenance = where };
        string? id = null;
        string? text = null;
        var textToken = JsonTokenType.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(_textField))
            {
                reader.Read();
                textToken = reader.TokenType;
                if (textToken == JsonTokenType.String)
                {
                    text = JsonValues.ReadString(ref reader, out var replaced);
                    invalidUtf8 += replaced;
                }
                else reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals(_idField))
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String: id = JsonValues.ReadString(ref reader, out _); break;
                    case JsonTokenType.Number: id = Encoding.UTF8.GetString(reader.ValueSpan); break;
                    case JsonTokenType.Null: break;
                    default: document.Metadata[_options.IdField] = JsonValues.Read(ref reader); break;
                }

                continue;
            }

            if (reader.ValueTextEquals(_urlField))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) document.Url = JsonValues.ReadString(ref reader, out _);
                else if (reader.TokenType != JsonTokenType.Null) document.Metadata[_options.UrlField] = JsonValues.Read(ref reader);
                continue;
            }

            var name = names.Get(ref reader);
            reader.Read();
            switch (name)
            {
                case "metadata" when reader.TokenType == JsonTokenType.StartObject:
                    JsonValues.ReadMap(ref reader, document.Metadata);
                    break;
                case "attributes" when reader.TokenType == JsonTokenType.StartObject:
                    JsonValues.ReadMap(ref reader, document.Attributes);
                    break;
                case "provenance" when reader.TokenType == JsonTokenType.StartObject:
                    document.Provenance = ReadProvenance(ref reader, where);
                    break;
                case "source" when reader.TokenType == JsonTokenType.String:
                    document.Source = JsonValues.ReadString(ref reader, out _);
                    break;
                case "path" when reader.TokenType == JsonTokenType.String:
                    document.Path = JsonValues.ReadString(ref reader, out _);
                    break;
                default:
                    document.Metadata[name] = JsonValues.Read(ref reader);
                    break;
            }
        }

        // Anything after the object other than whitespace makes Read throw (a single JSON value per line).
        if (reader.Read()) throw new JsonException($"unexpected {reader.TokenType} after the record's object");

        if (text is null)
        {
            var problem = textToken switch
            {
                JsonTokenType.None => $"missing text field '{_options.TextField}'",
                JsonTokenType.Null => $"text field '{_options.TextField}' is null",
                _ => $"text field '{_options.TextField}' is a JSON {TokenKind(textToken)}, not a string",
            };
            return Bad(where, input, problem, json);
        }

        document.Id = id ?? $"{input.RelativePath}#{where.Record}";
        document.Text = text;
        if (invalidUtf8 > 0) document.Metadata[Utf8Text.InvalidSequencesKey] = (long)invalidUtf8;
        return ReadResult.Ok(document);
    }

    private static ReadResult Bad(Provenance where, InputFile input, string problem, ReadOnlySpan<byte> json) =>
        ReadResult.Failed(where, $"{input.RelativePath} line {where.Record + 1}: {problem}", Utf8Text.Preview(json));

    private static string TokenKind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static Provenance ReadProvenance(ref Utf8JsonReader reader, Provenance fallback)
    {
        var file = fallback.File;
        var record = fallback.Record;
        long offset = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString();
            reader.Read();
            switch (key)
            {
                case "file" when reader.TokenType == JsonTokenType.String: file = reader.GetString()!; break;
                case "record" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var r): record = r; break;
                case "offset" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var o): offset = o; break;
                default: reader.Skip(); break;
            }
        }

        return new Provenance(file, record, offset);
    }

    /// <summary>The field names of one file, kept so that records sharing a schema do not allocate a string per
    /// field name (JSONL files nearly always repeat the same few names).</summary>
    private sealed class FieldNames
    {
        private const int Capacity = 64;
        private readonly List<(byte[] Utf8, string Name)> _seen = [];

        public string Get(ref Utf8JsonReader reader)
        {
            foreach (var (utf8, name) in _seen)
            {
                if (reader.ValueTextEquals(utf8)) return name;
            }

            var value = reader.GetString()!;
            if (_seen.Count < Capacity) _seen.Add((Encoding.UTF8.GetBytes(value), value));
            return value;
        }
    }
}
