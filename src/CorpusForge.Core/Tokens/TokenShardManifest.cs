using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Tokens;

/// <summary>The versioned <c>manifest.json</c> of a token-shard folder: tokenizer identity, dtype, layouts, counts, and
/// every file with its size and SHA-256, per split.</summary>
public sealed class TokenShardManifest
{
    /// <summary>File name of the manifest inside a shard folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The format name.</summary>
    public const string FormatName = "corpusforge.token_shards";

    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Serializer settings: snake_case keys, indented.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; set; } = FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Which tokenizer made the ids.</summary>
    public TokenizerIdentity Tokenizer { get; set; } = new();

    /// <summary><c>uint16</c> or <c>uint32</c>.</summary>
    public string Dtype { get; set; } = "uint16";

    /// <summary>Layouts written: <c>llmc</c>, <c>megatron</c>.</summary>
    public List<string> Layouts { get; set; } = [];

    /// <summary>Seed of the global document shuffle.</summary>
    public long Seed { get; set; }

    /// <summary>Share of documents (by id hash) in the validation split.</summary>
    public double ValidationFraction { get; set; }

    /// <summary>Target tokens per shard (documents are never split, so a shard may end a little earlier).</summary>
    public long ShardTokens { get; set; }

    /// <summary>Tokens in all splits.</summary>
    public long Tokens { get; set; }

    /// <summary>Documents in all splits.</summary>
    public long Documents { get; set; }

    /// <summary>Fingerprint of the inputs the shards were assembled from (writer-specific); lets a writer skip
    /// rebuilding shards that are already current.</summary>
    public string? SourceFingerprint { get; set; }

    /// <summary>The corpus snapshot these shards belong to (the run that assembled them), when made by a pipeline run.</summary>
    public int? Snapshot { get; set; }

    /// <summary>Splits by name (<c>train</c>, <c>validation</c>).</summary>
    public Dictionary<string, TokenSplit> Splits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The token type.</summary>
    [JsonIgnore]
    public TokenDType DType => TokenDTypes.Parse(Dtype);

    /// <summary>Writes the manifest atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions) + "\n");

    /// <summary>Loads a manifest from a file or from a shard folder holding <see cref="FileName"/>.</summary>
    /// <exception cref="InvalidDataException">Not a token-shard manifest, or an unsupported version.</exception>
    public static TokenShardManifest Load(string fileOrDirectory)
    {
        var path = Directory.Exists(fileOrDirectory) ? Path.Combine(fileOrDirectory, FileName) : fileOrDirectory;
        TokenShardManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<TokenShardManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }

        if (manifest is null || manifest.Format != FormatName)
            throw new InvalidDataException($"{path}: not a token-shard manifest (format must be {FormatName}).");
        if (manifest.Version != CurrentVersion)
            throw new InvalidDataException($"{path}: manifest version {manifest.Version}; this build reads version {CurrentVersion}.");
        return manifest;
    }
}

/// <summary>Identity of the tokenizer behind a set of shards; two shard sets mix only when these agree.</summary>
public sealed class TokenizerIdentity
{
    /// <summary>Encoding name (<c>cl100k_base</c>) or the path of a vocab.json for byte-level BPE.</summary>
    public string Name { get; set; } = "";

    /// <summary>Number of ids, special tokens included.</summary>
    public int VocabSize { get; set; }

    /// <summary>SHA-256 over the vocabulary (token bytes and ids, then special tokens), hex.</summary>
    public string VocabHash { get; set; } = "";

    /// <summary>The end-of-text token appended to every document.</summary>
    public string EosToken { get; set; } = "";

    /// <summary>Its id.</summary>
    public int EosId { get; set; }

    /// <summary>Special tokens by text.</summary>
    public Dictionary<string, int> SpecialTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How special-token strings inside text were encoded (<c>ordinary</c> or <c>special</c>).</summary>
    public string SpecialTokenText { get; set; } = "ordinary";

    /// <summary>Absolute path of vocab.json for a byte-level BPE; null for built-in encodings.</summary>
    public string? Vocab { get; set; }

    /// <summary>Absolute path of merges.txt for a byte-level BPE; null for built-in encodings.</summary>
    public string? Merges { get; set; }
}

/// <summary>One split: its counts and shards.</summary>
public sealed class TokenSplit
{
    /// <summary>Tokens in the split.</summary>
    public long Tokens { get; set; }

    /// <summary>Documents in the split.</summary>
    public long Documents { get; set; }

    /// <summary>Shards in reading order.</summary>
    public List<TokenShardEntry> Shards { get; set; } = [];
}

/// <summary>One shard and its files.</summary>
public sealed class TokenShardEntry
{
    /// <summary>Shard name (file stem), e.g. <c>train_000000</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Tokens in the shard.</summary>
    public long Tokens { get; set; }

    /// <summary>Documents in the shard.</summary>
    public long Documents { get; set; }

    /// <summary>Its files (relative paths, '/' separated).</summary>
    public List<TokenShardFile> Files { get; set; } = [];

    /// <summary>The file of a kind, or null.</summary>
    public TokenShardFile? File(string kind) => Files.FirstOrDefault(f => f.Kind == kind);
}

/// <summary>One file of a shard.</summary>
public sealed class TokenShardFile
{
    /// <summary>Kind of an llm.c token file.</summary>
    public const string Llmc = "llmc";

    /// <summary>Kind of a Megatron-LM data file.</summary>
    public const string MegatronBin = "megatron_bin";

    /// <summary>Kind of a Megatron-LM index file.</summary>
    public const string MegatronIdx = "megatron_idx";

    /// <summary>Kind of a lineage file.</summary>
    public const string DocumentIndex = "document_index";

    /// <summary>What the file is (see the constants).</summary>
    public string Kind { get; set; } = "";

    /// <summary>Path relative to the manifest's folder, '/' separated.</summary>
    public string Path { get; set; } = "";

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; set; }

    /// <summary>SHA-256 of the contents, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
}
