using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Text;

namespace CorpusForge.Stages.Filters;

/// <summary>What <see cref="DecontaminationFilter"/> does with a document that overlaps an evaluation set.</summary>
public enum DecontaminationAction
{
    /// <summary>Remove it (reason <c>benchmark_overlap</c>).</summary>
    Drop,
    /// <summary>Keep it and record the overlap in attributes only.</summary>
    Flag,
}

/// <summary>Options of <see cref="DecontaminationFilter"/>.</summary>
public sealed class DecontaminationFilterOptions : IValidatableOptions
{
    /// <summary>Evaluation sets.</summary>
    [Description("Evaluation set files (.jsonl, .txt, optionally .gz/.zst) or folders of them, relative to the pipeline file. The file name is the benchmark name.")]
    public List<string> Benchmarks { get; set; } = [];

    /// <summary>JSONL fields to index.</summary>
    [Description("JSONL fields whose strings are indexed (nested arrays and objects included); empty = every string value.")]
    public List<string> Fields { get; set; } = [];

    /// <summary>Words per n-gram.</summary>
    [Description("Words per n-gram; 13 follows the GPT-3 contamination analysis.")]
    public int NGram { get; set; } = 13;

    /// <summary>Drop or flag.</summary>
    [Description("drop the document, or flag it (attributes only).")]
    public DecontaminationAction Action { get; set; } = DecontaminationAction.Drop;

    /// <summary>Matching n-grams needed to act.</summary>
    [Description("Matching n-gram positions a document needs before it is dropped or flagged.")]
    public int MinMatches { get; set; } = 1;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (Benchmarks.Count == 0) yield return "benchmarks must name at least one evaluation file or folder";
        if (NGram is < 3 or > 64) yield return "n_gram must be between 3 and 64";
        if (MinMatches < 1) yield return "min_matches must be at least 1";
    }
}

/// <summary>Finds documents that share a word n-gram (13 words by default) with evaluation sets and drops or flags them,
/// recording which benchmark and which n-gram matched.</summary>
/// <remarks>Writes <c>decontam.matches</c> on every document and, when it is above zero, <c>decontam.benchmarks</c>
/// (sorted names), <c>decontam.ngram</c> (the first matching n-gram as it appears in the document) and
/// <c>decontam.flagged</c>. The evaluation n-grams are read once per process and shared by every instance.</remarks>
[Component("filter.decontaminate_v1", "Drops or flags documents sharing a word n-gram (default 13) with evaluation sets")]
public sealed class DecontaminationFilter : DocumentFilter
{
    private const int MaxNGramChars = 400;

    private readonly DecontaminationFilterOptions _options;
    private readonly BenchmarkNGramIndex _index;

    [ThreadStatic] private static List<WordSpan>? t_words;
    [ThreadStatic] private static List<NGramMatch>? t_matches;

    /// <summary>Creates the filter, reading the evaluation sets unless this process already has.</summary>
    /// <exception cref="FileNotFoundException">A benchmark path that does not exist.</exception>
    public DecontaminationFilter(DecontaminationFilterOptions options, ComponentContext context)
    {
        _options = options;
        var files = new List<string>();
        foreach (var entry in options.Benchmarks)
        {
            var path = context.ResolvePath(entry);
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => BenchmarkNGramIndex.BenchmarkName(f) != Path.GetFileName(f))
                    .ToList();
                if (found.Count == 0) throw new FileNotFoundException($"filter.decontaminate_v1: folder {path} has no .jsonl or .txt evaluation files");
                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"filter.decontaminate_v1: evaluation set {path} does not exist", path);
            }
        }

        _index = BenchmarkNGramIndex.Get(files, options.NGram, options.Fields);
        context.Log($"filter.decontaminate_v1: {_index.Count} distinct {_index.N}-grams from {_index.Benchmarks.Count} evaluation sets " +
                    $"({_index.ItemsPerBenchmark.Sum()} items, {_index.ShortItems} shorter than {_index.N} words not indexed)");
    }

    /// <summary>The n-gram index in use.</summary>
    public BenchmarkNGramIndex Index => _index;

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var words = t_words ??= new List<WordSpan>();
        var matches = t_matches ??= new List<NGramMatch>();
        _index.Match(document.Text, words, matches);
        document.Attributes["decontam.matches"] = (long)matches.Count;
        if (matches.Count == 0) return FilterDecision.Keep;

        var benchmarks = matches.Select(m => _index.Benchmarks[m.Benchmark]).Distinct().Order(StringComparer.Ordinal).ToArray();
        var first = matches[0];
        var start = words[first.FirstWord].Start;
        var last = words[first.FirstWord + _index.N - 1];
        var ngram = document.Text.Substring(start, Math.Min(last.Start + last.Length - start, MaxNGramChars));
        document.Attributes["decontam.benchmarks"] = benchmarks;
        document.Attributes["decontam.ngram"] = ngram;
        if (matches.Count < _options.MinMatches) return FilterDecision.Keep;
        document.Attributes["decontam.flagged"] = true;
        return _options.Action == DecontaminationAction.Drop
            ? FilterDecision.Drop("benchmark_overlap", $"{_index.Benchmarks[first.Benchmark]}: \"{ngram}\" ({matches.Count} matching {_index.N}-grams)")
            : FilterDecision.Keep;
    }
}
