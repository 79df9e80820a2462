using System.Security.Cryptography;
using System.Text;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Stages.Tokenization;

/// <summary>What fine-tuning needs from a tokenizer: ordinary text to ids (special-token strings in text stay text),
/// ids to text, the identity recorded in checkpoints, and a copy with extra special tokens (chat markup).</summary>
public abstract class TokenCodec
{
    /// <summary>Name, vocabulary size and hash, special tokens.</summary>
    public abstract TokenizerIdentity Identity { get; }

    /// <summary>Appends the ids of <paramref name="text"/>, encoded as ordinary text.</summary>
    public abstract void EncodeOrdinary(string text, List<int> ids);

    /// <summary>Text of <paramref name="ids"/>, special tokens as their strings.</summary>
    public abstract string Decode(IEnumerable<int> ids);

    /// <summary>This codec with <paramref name="tokens"/> added as special tokens (ones it has keep their ids; new
    /// ones get ids after the last).</summary>
    public abstract TokenCodec WithSpecialTokens(IReadOnlyList<string> tokens);

    /// <summary>Ids of ordinary <paramref name="text"/>.</summary>
    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        EncodeOrdinary(text, ids);
        return ids;
    }

    /// <summary>The codec an identity names: <see cref="ByteCodec.Name"/>, or a tokenizer <see cref="TokenizerFactory"/> builds.</summary>
    public static TokenCodec FromIdentity(TokenizerIdentity identity) =>
        identity.Name == ByteCodec.Name ? ByteCodec.FromBytesIdentity(identity) : new TextTokenizerCodec(TokenizerFactory.FromIdentity(identity));

    /// <summary>The codec pipeline settings name: <c>tokenizer: bytes</c> (<see cref="ByteCodec"/>, with the settings'
    /// special tokens) or any tokenizer <see cref="TokenizerFactory"/> builds.</summary>
    public static TokenCodec FromSettings(TokenizerSettings settings, Func<string, string>? resolvePath = null) =>
        settings.Tokenizer == ByteCodec.Name ? ByteCodec.Plain.WithSpecialTokens(settings.SpecialTokens) : new TextTokenizerCodec(TokenizerFactory.Create(settings, resolvePath));
}

/// <summary>A <see cref="TokenCodec"/> over CorpusForge's <see cref="TextTokenizer"/>.</summary>
public sealed class TextTokenizerCodec(TextTokenizer tokenizer) : TokenCodec
{
    /// <inheritdoc />
    public override TokenizerIdentity Identity => tokenizer.Identity;

    /// <inheritdoc />
    public override void EncodeOrdinary(string text, List<int> ids) => tokenizer.EncodeOrdinary(text, ids);

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids);

    /// <inheritdoc />
    public override TokenCodec WithSpecialTokens(IReadOnlyList<string> tokens)
    {
        var missing = tokens.Where(t => !Identity.SpecialTokens.ContainsKey(t)).ToList();
        if (missing.Count == 0) return this;
        // Existing special tokens in id order, then the new ones: the factory keeps built-in ids and numbers the rest
        // after the vocabulary in this order, so every existing id stays where it was.
        var settings = new TokenizerSettings
        {
            Tokenizer = Identity.Name, Vocab = Identity.Vocab ?? "", Merges = Identity.Merges ?? "", EosToken = Identity.EosToken,
            SpecialTokens = [.. Identity.SpecialTokens.OrderBy(kv => kv.Value).Select(kv => kv.Key), .. missing],
        };
        return new TextTokenizerCodec(TokenizerFactory.Create(settings));
    }
}

/// <summary>Byte-level ids (id = UTF-8 byte, 256 = end of text, special tokens after): the tokenizer of the
/// trainer's own tests and of byte-level models; needs no vocabulary file.</summary>
public sealed class ByteCodec : TokenCodec
{
    /// <summary>The identity name of byte-level shards.</summary>
    public const string Name = "bytes";

    private readonly TokenizerIdentity _identity;

    private ByteCodec(TokenizerIdentity identity) => _identity = identity;

    /// <summary>The plain byte codec: 256 bytes and <c>&lt;eos&gt;</c> (id 256).</summary>
    public static ByteCodec Plain { get; } = Build(new Dictionary<string, int>(StringComparer.Ordinal) { ["<eos>"] = 256 }, "<eos>");

    /// <inheritdoc />
    public override TokenizerIdentity Identity => _identity;

    /// <summary>Rebuilds the codec an identity records (special tokens and all).</summary>
    public static ByteCodec FromBytesIdentity(TokenizerIdentity identity) =>
        Build(new Dictionary<string, int>(identity.SpecialTokens.Count > 0 ? identity.SpecialTokens : new() { [identity.EosToken] = identity.EosId }, StringComparer.Ordinal), identity.EosToken,
            identity.SpecialTokens.Count <= 1 ? identity.VocabHash : null);

    /// <inheritdoc />
    public override void EncodeOrdinary(string text, List<int> ids)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text)) ids.Add(b);
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids)
    {
        var names = _identity.SpecialTokens.ToDictionary(kv => kv.Value, kv => kv.Key);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id < 256)
            {
                bytes.Add((byte)id);
                continue;
            }

            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
            if (names.TryGetValue(id, out var name)) text.Append(name);
        }

        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }

    /// <inheritdoc />
    public override TokenCodec WithSpecialTokens(IReadOnlyList<string> tokens)
    {
        var special = new Dictionary<string, int>(_identity.SpecialTokens, StringComparer.Ordinal);
        var next = _identity.VocabSize;
        foreach (var token in tokens)
        {
            if (!special.ContainsKey(token)) special[token] = next++;
        }

        return special.Count == _identity.SpecialTokens.Count ? this : Build(special, _identity.EosToken);
    }

    private static ByteCodec Build(Dictionary<string, int> special, string eos, string? hash = null)
    {
        var text = string.Join("\n", special.OrderBy(kv => kv.Value).Select(kv => $"{kv.Value}\t{kv.Key}"));
        return new ByteCodec(new TokenizerIdentity
        {
            Name = Name,
            VocabSize = Math.Max(257, special.Values.Max() + 1),
            VocabHash = hash ?? (special.Count == 1 ? "bytes-v1" : "bytes-v1-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16]),
            EosToken = eos,
            EosId = special[eos],
            SpecialTokens = new Dictionary<string, int>(special.OrderBy(kv => kv.Value), StringComparer.Ordinal),
        });
    }
}
