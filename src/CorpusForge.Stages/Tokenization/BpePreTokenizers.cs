using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Tokenization;

/// <summary>The pre-tokenizers a trained byte-level BPE can use (<c>gpt2</c>, <c>cl100k</c>, <c>o200k</c>): the one
/// <see cref="BpeTrainer"/> splits training text with is recorded in <c>bpe.json</c>, and the tokenizer built from the
/// vocabulary splits text the same way.</summary>
/// <remarks>
/// .NET's regex classifies text per UTF-16 unit, so a letter beyond U+FFFF (𝒳, U+1D4B3; CJK extension B) is two
/// surrogates and neither <c>\p{L}</c> nor <c>\p{N}</c>. GPT-2 and Hugging Face's tokenizers classify code points, so
/// <c>gpt2</c> here adds every astral letter and number to its classes as surrogate pairs (from
/// <see cref="Rune.GetUnicodeCategory"/>), which makes <c>" 𝒳𝒴"</c> one piece as in GPT-2. <c>cl100k</c> and
/// <c>o200k</c> are tiktoken's patterns exactly as the cl100k_base/o200k_base encodings here run them (per UTF-16
/// unit, as Microsoft.ML.Tokenizers does).
/// </remarks>
public static class BpePreTokenizers
{
    /// <summary>The default, GPT-2's pattern.</summary>
    public const string Default = "gpt2";

    /// <summary>Names, in the order help texts list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["gpt2", "cl100k", "o200k"];

    private static readonly Lazy<string> Gpt2 = new(BuildGpt2CodePointPattern);
    private static readonly Dictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The pattern of <paramref name="name"/>.</summary>
    public static string Pattern(string name) => name switch
    {
        "gpt2" => Gpt2.Value,
        "cl100k" => TokenizerFactory.Cl100kPattern,
        "o200k" => TokenizerFactory.O200kPattern,
        _ => throw new ArgumentException($"unknown pre-tokenizer '{name}' (valid: {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>The compiled regex of <paramref name="name"/> (built once per process).</summary>
    public static Regex Regex(string name)
    {
        lock (Compiled)
        {
            if (!Compiled.TryGetValue(name, out var regex))
                Compiled[name] = regex = new Regex(Pattern(name), RegexOptions.Compiled | RegexOptions.CultureInvariant);
            return regex;
        }
    }

    /// <summary>The pre-tokenizer recorded in the <c>bpe.json</c> beside <paramref name="vocabPath"/>; <see cref="Default"/>
    /// when there is none (vocabularies made elsewhere) or it names none.</summary>
    public static string ForVocabulary(string vocabPath)
    {
        var metadata = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(vocabPath))!, BpeVocabulary.MetadataFile);
        if (!File.Exists(metadata)) return Default;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(metadata));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("pre_tokenizer", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                var value = name.GetString()!;
                return Names.Contains(value) ? value : throw new InvalidDataException($"{metadata}: pre_tokenizer '{value}' is not one of {string.Join(", ", Names)}");
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{metadata}: not valid JSON ({e.Message})", e);
        }

        return Default;
    }

    // GPT-2's pattern ('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+) with the letter and
    // number classes extended by astral code points; the "other" class excludes a pair that is a letter or number.
    private static string BuildGpt2CodePointPattern()
    {
        var letters = AstralClass(c => c is >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter);
        var numbers = AstralClass(c => c is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber);
        var letter = $@"(?:\p{{L}}|{letters})";
        var number = $@"(?:\p{{N}}|{numbers})";
        var other = $@"(?:(?!{letters}|{numbers})[^\s\p{{L}}\p{{N}}])";
        return $@"'s|'t|'re|'ve|'m|'ll|'d| ?{letter}+| ?{number}+| ?{other}+|\s+(?!\S)|\s+";
    }

    // An alternation of surrogate pairs, grouped by high surrogate: \uD835[\uDC00-\uDC54\uDC56-…]|…
    private static string AstralClass(Func<UnicodeCategory, bool> include)
    {
        var groups = new List<string>();
        for (var high = 0xD800; high <= 0xDBFF; high++)
        {
            var ranges = new StringBuilder();
            var start = -1;
            for (var low = 0xDC00; low <= 0xE000; low++)
            {
                var inside = low < 0xE000 && include(Rune.GetUnicodeCategory(new Rune((char)high, (char)low)));
                if (inside && start < 0) start = low;
                if (!inside && start >= 0)
                {
                    ranges.Append(start == low - 1 ? $@"\u{start:X4}" : $@"\u{start:X4}-\u{low - 1:X4}");
                    start = -1;
                }
            }

            if (ranges.Length > 0) groups.Add($@"\u{high:X4}[{ranges}]");
        }

        return "(?:" + string.Join("|", groups) + ")";
    }
}
