using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Tokenization;

/// <summary>Options of <see cref="BpeTrainer"/>.</summary>
public sealed class BpeTrainerOptions : IValidatableOptions
{
    /// <summary>Vocabulary size, special tokens included.</summary>
    [Description("vocabulary size including the 256 byte tokens and the special tokens (1,000 to 200,000)")]
    public int VocabSize { get; set; } = 32_000;

    /// <summary>A pair seen fewer times than this is never merged.</summary>
    [Description("a pair seen fewer times than this is never merged")]
    public int MinFrequency { get; set; } = 2;

    /// <summary>Special tokens, given ids after every learned token in this order.</summary>
    [Description("special tokens reserved at the end of the vocabulary")]
    public List<string> SpecialTokens { get; set; } = ["<|endoftext|>"];

    /// <summary>How text is split into words before merging.</summary>
    [Description("pre-tokenizer: gpt2 (GPT-2's pattern, letters beyond U+FFFF included), cl100k or o200k (tiktoken's patterns)")]
    public string PreTokenizer { get; set; } = BpePreTokenizers.Default;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (!BpePreTokenizers.Names.Contains(PreTokenizer)) yield return $"pre_tokenizer must be one of {string.Join(", ", BpePreTokenizers.Names)} (got '{PreTokenizer}')";
        if (VocabSize is < 256 + 1 or > 1_000_000) yield return "vocab_size must be between 257 and 1,000,000";
        if (MinFrequency < 1) yield return "min_frequency must be at least 1";
        if (SpecialTokens.Distinct(StringComparer.Ordinal).Count() != SpecialTokens.Count) yield return "special_tokens has duplicates";
        if (VocabSize <= 256 + SpecialTokens.Count) yield return "vocab_size leaves no room for merges";
    }
}

/// <summary>Learns a byte-level BPE vocabulary (GPT-2 style: a pre-tokenization pattern, GPT-2's by default, 256 byte tokens,
/// then merges) from text, deterministically, and writes <c>vocab.json</c>, <c>merges.txt</c> and <c>bpe.json</c>
/// (metadata) in the files Microsoft.ML.Tokenizers' <see cref="Microsoft.ML.Tokenizers.BpeTokenizer"/> and Hugging Face
/// tokenizers' byte-level BPE load.</summary>
/// <remarks>
/// Ids: the 256 bytes in byte order, then one token per merge in merge order, then the special tokens. Words (the
/// pre-tokenized pieces) are counted once; the merge loop keeps pair counts and, per pair, the words containing it,
/// and a priority queue of pairs (highest count first, ties by lower ids) with lazy re-checks, so a merge touches only
/// the words that contain its pair. Same text and options give the same files.
/// </remarks>
public sealed class BpeTrainer
{
    private readonly BpeTrainerOptions _options;
    private readonly Regex _split;
    private readonly Dictionary<string, long> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;

    /// <summary>Creates a trainer.</summary>
    public BpeTrainer(BpeTrainerOptions options)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        _options = options;
        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _split = BpePreTokenizers.Regex(options.PreTokenizer);
    }

    /// <summary>Bytes of text seen so far.</summary>
    public long TextBytes { get; private set; }

    /// <summary>Documents seen so far.</summary>
    public long Documents { get; private set; }

    /// <summary>Counts the pre-tokenized pieces of one document.</summary>
    public void Add(string text)
    {
        Documents++;
        TextBytes += Encoding.UTF8.GetByteCount(text);
        foreach (var match in _split.EnumerateMatches(text))
        {
            var piece = text.AsSpan(match.Index, match.Length);
            _wordLookup[piece] = _wordLookup.TryGetValue(piece, out var count) ? count + 1 : 1;
        }
    }

    /// <summary>Runs the merges and returns the vocabulary.</summary>
    public BpeVocabulary Train()
    {
        var clock = Stopwatch.StartNew();
        var target = _options.VocabSize - _options.SpecialTokens.Count;
        var tokens = new List<byte[]>(target);
        for (var b = 0; b < 256; b++) tokens.Add([(byte)b]);

        // Words in ordinal order so ids and tie-breaks never depend on hash order.
        var words = _words.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var symbols = new int[words.Length][];
        var lengths = new int[words.Length];
        var counts = new long[words.Length];
        var pairCounts = new Dictionary<long, long>();
        var where = new Dictionary<long, List<int>>();
        for (var w = 0; w < words.Length; w++)
        {
            var bytes = Encoding.UTF8.GetBytes(words[w].Key);
            symbols[w] = Array.ConvertAll(bytes, b => (int)b);
            lengths[w] = bytes.Length;
            counts[w] = words[w].Value;
            for (var i = 0; i + 1 < bytes.Length; i++)
            {
                var pair = Pair(bytes[i], bytes[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + counts[w];
                if (!where.TryGetValue(pair, out var list)) where[pair] = list = [];
                if (list.Count == 0 || list[^1] != w) list.Add(w);
            }
        }

        var queue = new PriorityQueue<long, (long Count, long Pair)>(pairCounts.Count, QueueOrder.Instance);
        foreach (var (pair, count) in pairCounts) queue.Enqueue(pair, (count, pair));

        var merges = new List<(int Left, int Right)>();
        var stamp = new int[words.Length];
        var delta = new Dictionary<long, long>();
        while (tokens.Count < target && queue.TryDequeue(out var best, out var priority))
        {
            if (!pairCounts.TryGetValue(best, out var current) || current != priority.Count) continue;
            if (current < _options.MinFrequency) break;
            var (left, right) = ((int)(best >> 32), (int)best);
            var merged = tokens.Count;
            tokens.Add([.. tokens[left], .. tokens[right]]);
            merges.Add((left, right));
            delta.Clear();
            foreach (var w in where[best])
            {
                if (stamp[w] == merged) continue;
                stamp[w] = merged;
                MergeWord(symbols[w], ref lengths[w], left, right, merged, counts[w], delta, where, w);
            }

            where.Remove(best);
            foreach (var (pair, change) in delta)
            {
                if (change == 0) continue;
                var updated = pairCounts.GetValueOrDefault(pair) + change;
                if (updated <= 0)
                {
                    pairCounts.Remove(pair);
                    continue;
                }

                pairCounts[pair] = updated;
                queue.Enqueue(pair, (updated, pair));
            }
        }

        return new BpeVocabulary(tokens, merges, _options.SpecialTokens, new BpeTrainingInfo(
            Documents, TextBytes, _words.Count, _options.MinFrequency, clock.Elapsed.TotalSeconds, _options.PreTokenizer));
    }

    private static void MergeWord(int[] word, ref int length, int left, int right, int merged, long count,
        Dictionary<long, long> delta, Dictionary<long, List<int>> where, int wordIndex)
    {
        var found = false;
        for (var i = 0; i + 1 < length; i++)
        {
            if (word[i] == left && word[i + 1] == right)
            {
                found = true;
                break;
            }
        }

        if (!found) return;
        for (var i = 0; i + 1 < length; i++) Add(delta, Pair(word[i], word[i + 1]), -count);
        var write = 0;
        for (var read = 0; read < length; write++)
        {
            if (read + 1 < length && word[read] == left && word[read + 1] == right)
            {
                word[write] = merged;
                read += 2;
            }
            else
            {
                word[write] = word[read++];
            }
        }

        length = write;
        for (var i = 0; i + 1 < length; i++)
        {
            var pair = Pair(word[i], word[i + 1]);
            Add(delta, pair, count);
            if (word[i] == merged || word[i + 1] == merged)
            {
                if (!where.TryGetValue(pair, out var list)) where[pair] = list = [];
                if (list.Count == 0 || list[^1] != wordIndex) list.Add(wordIndex);
            }
        }
    }

    private static void Add(Dictionary<long, long> delta, long pair, long change) =>
        delta[pair] = delta.GetValueOrDefault(pair) + change;

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Highest count first; equal counts by the lower (left, right) ids, so merges are deterministic.</summary>
    private sealed class QueueOrder : IComparer<(long Count, long Pair)>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare((long Count, long Pair) x, (long Count, long Pair) y) =>
            x.Count != y.Count ? y.Count.CompareTo(x.Count) : x.Pair.CompareTo(y.Pair);
    }
}

/// <summary>What a training run saw and how long the merges took.</summary>
/// <param name="Documents">Documents counted.</param>
/// <param name="TextBytes">UTF-8 bytes of text counted.</param>
/// <param name="UniqueWords">Distinct pre-tokenized pieces.</param>
/// <param name="MinFrequency">The minimum pair count used.</param>
/// <param name="MergeSeconds">Wall time of the merge loop.</param>
public sealed record BpeTrainingInfo(long Documents, long TextBytes, long UniqueWords, int MinFrequency, double MergeSeconds, string PreTokenizer = BpePreTokenizers.Default);

/// <summary>A trained byte-level BPE vocabulary: token bytes by id, merges in order, special tokens.</summary>
public sealed class BpeVocabulary(List<byte[]> tokens, List<(int Left, int Right)> merges, List<string> specialTokens, BpeTrainingInfo info)
{
    /// <summary>File name of the vocabulary.</summary>
    public const string VocabFile = "vocab.json";

    /// <summary>File name of the merges.</summary>
    public const string MergesFile = "merges.txt";

    /// <summary>File name of the metadata.</summary>
    public const string MetadataFile = "bpe.json";

    private static readonly string[] ByteToUnicode = BuildByteToUnicode();

    /// <summary>Token bytes by id (bytes and merges; special tokens excluded).</summary>
    public IReadOnlyList<byte[]> Tokens => tokens;

    /// <summary>Merges in learning order, as token ids.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => merges;

    /// <summary>Special tokens, with ids after the learned tokens.</summary>
    public IReadOnlyList<string> SpecialTokens => specialTokens;

    /// <summary>Ids in all.</summary>
    public int Count => tokens.Count + specialTokens.Count;

    /// <summary>Training statistics.</summary>
    public BpeTrainingInfo Info => info;

    /// <summary>GPT-2's printable form of token bytes (each byte as one character, <c>bytes_to_unicode</c>).</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes) text.Append(ByteToUnicode[b]);
        return text.ToString();
    }

    /// <summary>Writes vocab.json, merges.txt and bpe.json into <paramref name="directory"/> (atomically each).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var vocab = new StringBuilder("{");
        var json = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        for (var id = 0; id < Count; id++)
        {
            var token = id < tokens.Count ? Printable(tokens[id]) : specialTokens[id - tokens.Count];
            vocab.Append(id == 0 ? "" : ",").Append("\n  \"").Append(json.Encode(token)).Append("\": ").Append(id);
        }

        vocab.Append("\n}\n");
        var mergeLines = new StringBuilder("#version: 0.2\n");
        foreach (var (left, right) in merges) mergeLines.Append(Printable(tokens[left])).Append(' ').Append(Printable(tokens[right])).Append('\n');
        var vocabPath = Path.Combine(directory, VocabFile);
        var mergesPath = Path.Combine(directory, MergesFile);
        AtomicFile.WriteAllText(vocabPath, vocab.ToString());
        AtomicFile.WriteAllText(mergesPath, mergeLines.ToString());

        var metadata = new Dictionary<string, object>
        {
            ["format"] = "corpusforge.bpe",
            ["version"] = 1,
            ["algorithm"] = $"byte-level BPE, {info.PreTokenizer} pre-tokenization",
            ["pre_tokenizer"] = info.PreTokenizer,
            ["pre_tokenizer_pattern"] = BpePreTokenizers.Pattern(info.PreTokenizer),
            ["vocab_size"] = Count,
            ["merges"] = merges.Count,
            ["special_tokens"] = specialTokens.Select((t, i) => new { token = t, id = tokens.Count + i }).ToArray(),
            ["documents"] = info.Documents,
            ["text_bytes"] = info.TextBytes,
            ["unique_words"] = info.UniqueWords,
            ["min_frequency"] = info.MinFrequency,
            ["vocab_sha256"] = TokenSha(vocabPath),
            ["merges_sha256"] = TokenSha(mergesPath),
        };
        AtomicFile.WriteAllText(Path.Combine(directory, MetadataFile), JsonSerializer.Serialize(metadata, new JsonSerializerOptions { WriteIndented = true, Encoder = json }) + "\n");
    }

    private static string TokenSha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>GPT-2's <c>bytes_to_unicode</c>: printable Latin-1 bytes stand for themselves, the other 68 bytes map
    /// to U+0100 onwards in byte order, so every token is a visible, whitespace-free string.</summary>
    private static string[] BuildByteToUnicode()
    {
        var map = new string[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = ((char)(printable ? b : next++)).ToString();
        }

        return map;
    }
}
