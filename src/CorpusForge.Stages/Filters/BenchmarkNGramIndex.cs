using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.IO;
using CorpusForge.Core.Text;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Stages.Filters;

/// <summary>The word n-grams of evaluation sets, hashed, with the benchmark each came from.</summary>
/// <remarks>
/// Words come from <see cref="WordSplitter"/> and are compared case-insensitively (typographic and straight
/// apostrophes alike); punctuation and spacing do not matter. An n-gram is a 64-bit polynomial hash of its words' 64-bit hashes, so a document is checked with one
/// rolling hash and one table lookup per word. Items shorter than n words add nothing (as in the GPT-3 and Llama
/// contamination studies, which use long n-grams to avoid matching common phrases). Immutable and thread-safe.
/// </remarks>
public sealed class BenchmarkNGramIndex
{
    private const ulong Base = 0x100000001B3UL * 31 + 7;
    private static readonly ConcurrentDictionary<string, Lazy<BenchmarkNGramIndex>> Cache = new(StringComparer.Ordinal);

    private readonly Dictionary<ulong, int> _ngrams;
    private readonly ulong _basePower;

    private BenchmarkNGramIndex(int n, string[] names, Dictionary<ulong, int> ngrams, int[] itemsPerBenchmark, int shortItems)
    {
        N = n;
        Benchmarks = names;
        _ngrams = ngrams;
        ItemsPerBenchmark = itemsPerBenchmark;
        ShortItems = shortItems;
        _basePower = 1;
        for (var k = 1; k < n; k++) _basePower *= Base;
    }

    /// <summary>Words per n-gram.</summary>
    public int N { get; }

    /// <summary>Benchmark names (file names without extensions), indexing <see cref="NGramMatch.Benchmark"/>.</summary>
    public IReadOnlyList<string> Benchmarks { get; }

    /// <summary>Items read per benchmark.</summary>
    public IReadOnlyList<int> ItemsPerBenchmark { get; }

    /// <summary>Items shorter than <see cref="N"/> words (not indexed).</summary>
    public int ShortItems { get; }

    /// <summary>Distinct n-grams indexed.</summary>
    public int Count => _ngrams.Count;

    /// <summary>The index for these files, built once per process per configuration (and file version).</summary>
    public static BenchmarkNGramIndex Get(IReadOnlyList<string> files, int n, IReadOnlyList<string> fields)
    {
        var ordered = files.Order(StringComparer.Ordinal).ToList();
        var key = $"{n}#{string.Join('|', fields)}#" + string.Join('|', ordered.Select(f => $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}"));
        return Cache.GetOrAdd(key, _ => new Lazy<BenchmarkNGramIndex>(() => Build(ordered, n, fields))).Value;
    }

    /// <summary>Builds an index from in-memory items (tests, tools).</summary>
    public static BenchmarkNGramIndex FromItems(int n, IEnumerable<(string Benchmark, string Text)> items)
    {
        var builder = new Builder(n);
        foreach (var (benchmark, text) in items) builder.Add(benchmark, text);
        return builder.Finish();
    }

    private static BenchmarkNGramIndex Build(IReadOnlyList<string> files, int n, IReadOnlyList<string> fields)
    {
        var builder = new Builder(n);
        foreach (var file in files)
        {
            var name = BenchmarkName(file);
            foreach (var item in ReadItems(file, fields)) builder.Add(name, item);
        }

        return builder.Finish();
    }

    /// <summary>The benchmark name of a file: its name without <c>.jsonl</c>, <c>.json</c>, <c>.txt</c> and compression extensions.</summary>
    public static string BenchmarkName(string file)
    {
        var name = Path.GetFileName(file);
        foreach (var extension in new[] { ".gz", ".zst", ".jsonl", ".json", ".txt" })
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) name = name[..^extension.Length];
        return name;
    }

    /// <summary>Items of an evaluation file: for JSONL, the string values of the given fields (all string values,
    /// nested ones included, when none are given); for text files, each paragraph (blank-line separated).</summary>
    /// <exception cref="InvalidDataException">A malformed JSONL line, named by file and line.</exception>
    public static IEnumerable<string> ReadItems(string file, IReadOnlyList<string> fields)
    {
        using var reader = new StreamReader(Compression.OpenRead(file), Encoding.UTF8);
        var name = BenchmarkName(file);
        var isText = Path.GetFileName(file).Replace(".gz", "", StringComparison.OrdinalIgnoreCase)
            .Replace(".zst", "", StringComparison.OrdinalIgnoreCase).EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
        if (isText)
        {
            var paragraph = new StringBuilder();
            while (reader.ReadLine() is { } line)
            {
                if (line.Trim().Length == 0)
                {
                    if (paragraph.Length > 0) yield return paragraph.ToString();
                    paragraph.Clear();
                }
                else
                {
                    paragraph.Append(line).Append('\n');
                }
            }

            if (paragraph.Length > 0) yield return paragraph.ToString();
            yield break;
        }

        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var values = new List<string>();
            try
            {
                using var json = JsonDocument.Parse(line);
                if (fields.Count == 0) CollectStrings(json.RootElement, values);
                else
                {
                    if (json.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("not a JSON object");
                    foreach (var field in fields)
                        if (json.RootElement.TryGetProperty(field, out var value)) CollectStrings(value, values);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new InvalidDataException($"{file}:{lineNumber}: evaluation set {name}: {e.Message}");
            }

            foreach (var value in values) yield return value;
        }
    }

    private static void CollectStrings(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CollectStrings(item, values);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) CollectStrings(property.Value, values);
                break;
        }
    }

    /// <summary>Every n-gram of <paramref name="text"/> found in the index, in text order.</summary>
    public void Match(string text, List<WordSpan> words, List<NGramMatch> matches)
    {
        matches.Clear();
        WordSplitter.Split(text, words);
        if (words.Count < N) return;
        Span<ulong> hashes = words.Count <= 4096 ? stackalloc ulong[words.Count] : new ulong[words.Count];
        for (var w = 0; w < words.Count; w++) hashes[w] = WordHash(words[w].Of(text));
        var h = 0UL;
        for (var w = 0; w < N; w++) h = h * Base + hashes[w];
        for (var start = 0; ; start++)
        {
            if (_ngrams.TryGetValue(h, out var benchmark)) matches.Add(new NGramMatch(start, benchmark));
            var next = start + N;
            if (next >= words.Count) break;
            h = (h - hashes[start] * _basePower) * Base + hashes[next];
        }
    }

    private static ulong WordHash(ReadOnlySpan<char> word)
    {
        var h = 14695981039346656037UL;
        foreach (var c in word) h = (h ^ (c == '\u2019' ? '\'' : char.ToLowerInvariant(c))) * 1099511628211UL;
        // Finaliser from SplitMix64, so that similar words give unrelated hashes before they are combined.
        return SplitMix64.Mix(h);
    }

    private sealed class Builder(int n)
    {
        private readonly Dictionary<ulong, int> _ngrams = new();
        private readonly List<string> _names = [];
        private readonly List<int> _items = [];
        private readonly List<WordSpan> _words = [];
        private int _short;

        public void Add(string benchmark, string text)
        {
            var id = _names.IndexOf(benchmark);
            if (id < 0)
            {
                id = _names.Count;
                _names.Add(benchmark);
                _items.Add(0);
            }

            _items[id]++;
            WordSplitter.Split(text, _words);
            if (_words.Count < n)
            {
                _short++;
                return;
            }

            var hashes = new ulong[_words.Count];
            for (var w = 0; w < _words.Count; w++) hashes[w] = WordHash(_words[w].Of(text));
            for (var start = 0; start + n <= hashes.Length; start++)
            {
                var h = 0UL;
                for (var k = 0; k < n; k++) h = h * Base + hashes[start + k];
                _ngrams.TryAdd(h, id);
            }
        }

        public BenchmarkNGramIndex Finish() => new(n, _names.ToArray(), _ngrams, _items.ToArray(), _short);
    }
}

/// <summary>An n-gram of a document found in an evaluation set.</summary>
/// <param name="FirstWord">Index of its first word in the document's word list.</param>
/// <param name="Benchmark">Index into <see cref="BenchmarkNGramIndex.Benchmarks"/>.</param>
public readonly record struct NGramMatch(int FirstWord, int Benchmark);
