using System.Buffers.Binary;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;

namespace CorpusForge.Core.Tokens;

/// <summary>One tokenized fine-tuning example: the document id it came from, its token ids, and per id whether it is
/// a training target (scored by the loss) or context.</summary>
public sealed record SftShardExample(string Id, int[] Ids, bool[] Targets);

/// <summary>The JSON header of an SFT shard.</summary>
public sealed class SftShardHeader
{
    /// <summary>Always <see cref="SftShardFormat.FormatName"/>.</summary>
    public string Format { get; set; } = SftShardFormat.FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; set; } = SftShardFormat.CurrentVersion;

    /// <summary>The chat template that rendered the conversations (which tokens are markup, which are targets).</summary>
    public string Template { get; set; } = "";

    /// <summary>The tokenizer, chat special tokens included.</summary>
    public TokenizerIdentity Tokenizer { get; set; } = new();

    /// <summary><c>uint16</c> or <c>uint32</c>.</summary>
    public string Dtype { get; set; } = "uint16";

    /// <summary>Examples in the shard.</summary>
    public long Examples { get; set; }

    /// <summary>Tokens in the shard.</summary>
    public long Tokens { get; set; }

    /// <summary>Target (scored) tokens in the shard.</summary>
    public long Targets { get; set; }
}

/// <summary>CorpusForge's packed, masked SFT shard (<c>.sftbin</c>): examples laid end to end with a loss mask per
/// token, readable without CorpusForge (e.g. with numpy).</summary>
/// <remarks>
/// Layout, little-endian: the 8-byte magic <c>CFSFTSHD</c>; int32 version (1); int32 length H of the JSON header
/// (<see cref="SftShardHeader"/>, UTF-8); the header; zero padding to a multiple of 8 bytes; int64 offsets[N + 1]
/// (token index where example i starts; offsets[N] = token count T); T token ids as <c>dtype</c>; T mask bytes
/// (1 = target, 0 = context); then N document ids, each UTF-8 ended by a newline (ids must not hold one).
/// </remarks>
public static class SftShardFormat
{
    /// <summary>The header's format name.</summary>
    public const string FormatName = "corpusforge.sft_shard";

    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>File extension of a shard.</summary>
    public const string Extension = ".sftbin";

    private static readonly byte[] Magic = "CFSFTSHD"u8.ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="examples"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, string template, TokenizerIdentity tokenizer, IReadOnlyList<SftShardExample> examples)
    {
        var dtype = TokenDTypes.ForVocabulary(tokenizer.VocabSize);
        long tokens = 0, targets = 0;
        foreach (var example in examples)
        {
            if (example.Ids.Length != example.Targets.Length) throw new ArgumentException($"example {example.Id}: {example.Ids.Length} ids but {example.Targets.Length} mask entries");
            if (example.Id.Contains('\n')) throw new ArgumentException($"example id '{example.Id}' holds a newline");
            tokens += example.Ids.Length;
            targets += example.Targets.Count(t => t);
        }

        var header = new SftShardHeader
        {
            Template = template, Tokenizer = tokenizer, Dtype = dtype.Name(), Examples = examples.Count, Tokens = tokens, Targets = targets,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
        using var output = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(CurrentVersion);
        output.Write(json.Length);
        output.Write(json);
        output.Write(new byte[Padding(16 + json.Length)]);
        long offset = 0;
        output.Write(offset);
        foreach (var example in examples) output.Write(offset += example.Ids.Length);
        foreach (var example in examples)
        {
            foreach (var id in example.Ids)
            {
                if (id < 0 || id >= tokenizer.VocabSize) throw new ArgumentException($"example {example.Id}: token id {id} is outside the vocabulary of {tokenizer.VocabSize}");
                if (dtype == TokenDType.UInt16) output.Write((ushort)id);
                else output.Write(id);
            }
        }

        foreach (var example in examples)
            foreach (var target in example.Targets) output.Write(target ? (byte)1 : (byte)0);
        foreach (var example in examples) output.Write(Encoding.UTF8.GetBytes(example.Id + "\n"));
    }

    /// <summary>Reads the shard at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not an SFT shard, another version, or damaged (the message names the file).</exception>
    public static (SftShardHeader Header, List<SftShardExample> Examples) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"{path}: damaged SFT shard ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static (SftShardHeader, List<SftShardExample>) Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || !bytes[..8].SequenceEqual(Magic)) throw new InvalidDataException("not an SFT shard (no CFSFTSHD magic)");
        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (version != CurrentVersion) throw new InvalidDataException($"SFT shard version {version} is not supported (this build reads {CurrentVersion})");
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var header = JsonSerializer.Deserialize<SftShardHeader>(bytes.Slice(16, length), JsonOptions)
            ?? throw new InvalidDataException("empty header");
        if (header.Format != FormatName) throw new InvalidDataException($"format '{header.Format}' is not {FormatName}");
        var dtype = TokenDTypes.Parse(header.Dtype);
        var at = 16 + length + Padding(16 + length);
        var count = checked((int)header.Examples);
        var offsets = new long[count + 1];
        for (var i = 0; i <= count; i++, at += 8) offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
        if (offsets[0] != 0 || offsets[count] != header.Tokens) throw new InvalidDataException($"offsets end at {offsets[count]}, the header counts {header.Tokens} tokens");
        var tokens = checked((int)header.Tokens);
        var idsAt = at;
        var maskAt = idsAt + tokens * dtype.Size();
        var namesAt = maskAt + tokens;
        var names = Encoding.UTF8.GetString(bytes[namesAt..]).Split('\n');
        if (names.Length != count + 1 || names[^1].Length != 0) throw new InvalidDataException($"{names.Length - 1} document ids for {count} examples");
        var examples = new List<SftShardExample>(count);
        for (var e = 0; e < count; e++)
        {
            var start = checked((int)offsets[e]);
            var size = checked((int)(offsets[e + 1] - offsets[e]));
            var ids = new int[size];
            var targets = new bool[size];
            for (var i = 0; i < size; i++)
            {
                ids[i] = dtype == TokenDType.UInt16
                    ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(idsAt + 2 * (start + i))..])
                    : BinaryPrimitives.ReadInt32LittleEndian(bytes[(idsAt + 4 * (start + i))..]);
                targets[i] = bytes[maskAt + start + i] switch
                {
                    0 => false,
                    1 => true,
                    var b => throw new InvalidDataException($"mask byte {b} of example {e} is neither 0 nor 1"),
                };
            }

            examples.Add(new SftShardExample(names[e], ids, targets));
        }

        return (header, examples);
    }

    private static int Padding(int length) => (8 - length % 8) % 8;
}
