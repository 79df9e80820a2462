using System.Collections.Frozen;

namespace CorpusForge.Stages.Text;

/// <summary>Short lists of very frequent function words per language, used by the Gopher "at least N stop words"
/// rule (a text in the language almost always contains some of them; machine-generated lists and boilerplate often
/// do not).</summary>
/// <remarks>
/// English is the list published with Gopher (Rae et al. 2021, "Scaling Language Models", appendix A: the, be, to,
/// of, and, that, have, with). The other lists were written for CorpusForge (same idea: about a dozen of the most
/// frequent function words of each language) and are part of this project under its licence. Words are matched
/// lower-cased, as whole words from <see cref="Core.Text.WordSplitter"/>; for Chinese and Japanese, where that
/// splitter yields single characters, the lists hold single-character particles.
/// </remarks>
public static class StopWords
{
    private static readonly FrozenDictionary<string, StopWordList> Lists = new Dictionary<string, string>
    {
        ["en"] = "the be to of and that have with",
        ["de"] = "der die das und ist zu den mit von nicht ein sich",
        ["fr"] = "le la les de et un une est que des du pour",
        ["es"] = "el la los las de y que en un una es por",
        ["it"] = "il la di che e un una per non sono del della",
        ["pt"] = "o a os as de e que um uma para com não",
        ["nl"] = "de het een en van is dat op te met niet zijn",
        ["sv"] = "och att det som en är på av för med inte den",
        ["da"] = "og at det som en er på af for med ikke den",
        ["nb"] = "og at det som en er på av for med ikke til",
        ["nn"] = "og at det som ein er på av for med ikkje til",
        ["pl"] = "i w nie na się z że do jest to jak o",
        ["cs"] = "a se na je že v to s z do jak pro",
        ["sk"] = "a sa na je že v to s z do ako pre",
        ["ru"] = "и в не на что с по это как он к из",
        ["uk"] = "і в не на що з до це як та у за",
        ["bg"] = "и в на не за се от да че е с това",
        ["tr"] = "ve bir bu da de için ile ne çok olarak gibi daha",
        ["fi"] = "ja on ei se että oli ovat kun mutta myös tai hän",
        ["hu"] = "a az és hogy nem is egy van meg de csak már",
        ["ro"] = "și de în a la cu nu pe că este o din",
        ["id"] = "yang dan di ini itu dengan untuk dari dalam tidak akan ke",
        ["ms"] = "yang dan di ini itu dengan untuk dari dalam tidak akan ke",
        ["vi"] = "và của là có không được cho những trong một các với",
        ["el"] = "και το να η της του σε με ο για τα είναι",
        ["ar"] = "في من على أن إلى و هذا التي عن ما مع كان",
        ["fa"] = "و در به از که این را با است برای آن می",
        ["he"] = "של את על הוא לא זה עם גם כי אני היא מה",
        ["hi"] = "के है में की और से का को एक यह पर हैं",
        ["zh"] = "的 是 了 在 和 有 我 这 不 也 就 都",
        ["ja"] = "の に は を た が で て と し も な",
        ["ko"] = "그 이 수 것 및 더 그리고 하는 등 또는 있는 있다",
    }.ToFrozenDictionary(kv => kv.Key, kv => new StopWordList(kv.Value.Split(' ')), StringComparer.Ordinal);

    /// <summary>Language codes (ISO 639-1) that have a list.</summary>
    public static IReadOnlyCollection<string> Languages => Lists.Keys;

    /// <summary>The list for <paramref name="language"/> (ISO 639-1), or null when there is none.</summary>
    public static StopWordList? For(string language) => Lists.GetValueOrDefault(language);
}

/// <summary>One language's stop words (lower-case) and the length of its longest.</summary>
public sealed class StopWordList
{
    /// <summary>No list may hold a word longer than this.</summary>
    public const int MaxWordLength = 16;

    internal StopWordList(string[] words)
    {
        if (words.Any(w => w.Length > MaxWordLength)) throw new ArgumentException($"stop words are at most {MaxWordLength} characters", nameof(words));
        Words = words.ToFrozenSet(StringComparer.Ordinal);
        LongestWord = words.Max(w => w.Length);
    }

    /// <summary>The words.</summary>
    public FrozenSet<string> Words { get; }

    /// <summary>Length of the longest word, in UTF-16 units.</summary>
    public int LongestWord { get; }
}
