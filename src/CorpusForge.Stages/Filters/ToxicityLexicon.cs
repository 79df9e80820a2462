using System.Collections.Concurrent;
using System.Globalization;
using CorpusForge.Core.Text;

namespace CorpusForge.Stages.Filters;

/// <summary>What <see cref="ToxicityLexicon.Scan"/> counted in one text.</summary>
/// <param name="Matches">Flagged terms found (every occurrence).</param>
/// <param name="Words">Words in the text (runs of letters and digits; each Han/kana/Thai character counts as one).</param>
/// <param name="ByCategory">Matches per category, indexed like <see cref="ToxicityLexicon.Categories"/>.</param>
/// <param name="FirstTerms">Distinct matched terms in order of appearance, as many as asked for (three for drop
/// details).</param>
/// <param name="Score">Matches weighted by their term's weight (the category's, e.g. 0.5 for a weak term, unless the
/// list gives the term its own); a term mentioned rather than used (a hashtag, a short quotation) counts
/// <see cref="ToxicityLexicon.MentionWeight"/> of that.</param>
public sealed record ToxicityCounts(int Matches, int Words, int[] ByCategory, IReadOnlyList<string> FirstTerms, double Score)
{
    /// <summary>Flagged terms per word; 0 for a text without words.</summary>
    public double Density => Words == 0 ? 0 : (double)Matches / Words;
}

/// <summary>Word and phrase lists compiled into one Aho–Corasick automaton over case-folded text.</summary>
/// <remarks>
/// Text is read through a 64K-entry table that folds case and maps every character that is not a letter, digit or
/// mark to one separator class, with runs of separators collapsed. Terms of spaced scripts are compiled with a
/// separator on each side and the text is scanned between virtual separators, so whole-word matching costs
/// nothing extra; terms of scripts written without spaces (Han, kana, Thai...) match anywhere. The automaton is a
/// dense transition table (states × character classes), so scanning is two array reads per character.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class ToxicityLexicon
{
    private const ushort OtherWordChar = 0;
    private const ushort Separator = 1;
    // Combining marks: part of the word they sit in, but invisible to matching ("fu\u0301ck" reads "fuck").
    private const ushort Mark = ushort.MaxValue;
    private const int MaxTermsInDetail = 3;

    private static readonly ConcurrentDictionary<string, Lazy<ToxicityLexicon>> Cache = new(StringComparer.Ordinal);

    private readonly ushort[] _classOf;
    private readonly int _classCount;
    private readonly int[] _delta;
    private readonly int[] _outCount;
    private readonly int[] _outByCategory;
    private readonly int[] _outTerm;
    private readonly double[] _outScore;
    private readonly bool[] _hasOutput;
    private readonly string[] _terms;
    private readonly double[] _weights;
    private readonly double[] _termWeights;
    // Digits and symbols written for letters inside a word ("sh1t", "b!tch", "a$$"), mapped to the letter's class;
    // only applied between letters, so numbers, prices and @mentions are untouched.
    private readonly ushort[] _leetClass = new ushort[128];

    /// <summary>Category names, in the order of <see cref="ToxicityCounts.ByCategory"/>.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Number of distinct terms compiled.</summary>
    public int TermCount => _terms.Length;

    /// <summary>Languages of the lists shipped with CorpusForge (ISO 639-1 codes).</summary>
    public static IReadOnlyList<string> BuiltInLanguages { get; } = typeof(ToxicityLexicon).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("toxicity/", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
        .Select(n => n["toxicity/".Length..^4])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Weight of each category, in the order of <see cref="Categories"/> (1 unless a list header says
    /// otherwise, as in <c>[insult:0.5]</c>).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The category of phrases in which a listed term has an innocent sense ("maine coon", "chinks in the
    /// armor"): a match of such a phrase takes back the matches of the terms inside it.</summary>
    public const string SafeCategory = "safe";

    /// <summary>What a term that is mentioned rather than used counts, as a share of its weight: written as a hashtag
    /// (<c>#faggots</c>, <c>#porn #xxx</c>: filing a post under a topic, not calling someone the word), or quoted alone
    /// or with one other word (<c>what we call "wiggers"</c>, <c>"ratchet" and "ghetto"</c>; <c>"Never go full
    /// retard"</c> is longer and still counts in full). Two mentions, or one with a plain use, still drop a short
    /// text. Measured on the dev part of toxicity-dev in docs/filters-safety.md.</summary>
    public const double MentionWeight = 0.5;

    /// <summary>Longest quotation, in words, whose terms are read as mentioned.</summary>
    public const int MaxMentionQuoteWords = 2;

    private ToxicityLexicon(IReadOnlyList<(string Term, string Category, double? Weight)> entries)
    {
        var categories = entries.Select(e => CategoryName(e.Category)).Where(c => c != SafeCategory).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Categories = categories;
        _weights = categories.Select(c => entries.Where(e => CategoryName(e.Category) == c).Select(e => CategoryWeight(e.Category)).Min()).ToArray();
        var patterns = new List<(string Pattern, int Category, string Term, double Weight)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (term, category, weight) in entries.OrderBy(e => CategoryName(e.Category) == SafeCategory))
        {
            var normalized = Normalize(term);
            if (normalized.Length == 0) continue;
            var pattern = normalized.Any(c => WordSplitter.IsUnspacedScript(c)) ? normalized : $" {normalized} ";
            var index = CategoryName(category) == SafeCategory ? -1 : categories.IndexOf(CategoryName(category));
            if (seen.Add(pattern)) patterns.Add((pattern, index, normalized, index < 0 ? 0 : weight ?? _weights[index]));
        }

        // What each pattern adds per category when it matches: one in its own category; a safe phrase takes back
        // every listed term inside it, which matched within the phrase's span before or as the phrase ended.
        var contribution = new int[patterns.Count][];
        var scoreContribution = new double[patterns.Count];
        for (var p = 0; p < patterns.Count; p++)
        {
            contribution[p] = new int[Math.Max(1, categories.Count)];
            if (patterns[p].Category >= 0)
            {
                contribution[p][patterns[p].Category] = 1;
                scoreContribution[p] = patterns[p].Weight;
                continue;
            }

            foreach (var (inner, category, _, weight) in patterns)
            {
                if (category < 0) continue;
                for (var at = patterns[p].Pattern.IndexOf(inner, StringComparison.Ordinal); at >= 0;
                     at = patterns[p].Pattern.IndexOf(inner, at + 1, StringComparison.Ordinal))
                {
                    contribution[p][category]--;
                    scoreContribution[p] -= weight;
                }
            }
        }

        _terms = patterns.Select(p => p.Term).ToArray();
        _termWeights = patterns.Select(p => p.Weight).ToArray();

        // Character classes: 0 = a word character no term uses, 1 = separator, 2.. = characters used by terms.
        var classOfPatternChar = new Dictionary<char, ushort>();
        foreach (var (pattern, _, _, _) in patterns)
            foreach (var c in pattern)
                if (c != ' ' && !classOfPatternChar.ContainsKey(c)) classOfPatternChar[c] = (ushort)(classOfPatternChar.Count + 2);
        _classCount = classOfPatternChar.Count + 2;
        _classOf = new ushort[65536];
        for (var code = 0; code < 65536; code++)
        {
            var c = (char)code;
            if (char.IsSurrogate(c))
            {
                _classOf[code] = Separator;
                continue;
            }

            var folded = Fold(c);
            if (folded == '\0') _classOf[code] = Mark;
            else if (classOfPatternChar.TryGetValue(folded, out var cls)) _classOf[code] = cls;
            else if (BaseLetter.TryGetValue(folded, out var plain) && classOfPatternChar.TryGetValue(plain, out var baseClass)) _classOf[code] = baseClass;
            else _classOf[code] = IsWordChar(c) ? OtherWordChar : Separator;
        }

        foreach (var (symbol, letter) in LeetLetters)
            _leetClass[symbol] = classOfPatternChar.TryGetValue(letter, out var cls) ? cls : OtherWordChar;

        // Trie.
        var children = new List<Dictionary<int, int>> { new() };
        var ends = new List<List<int>> { new() };
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p].Pattern)
            {
                var cls = c == ' ' ? Separator : classOfPatternChar[c];
                if (!children[state].TryGetValue(cls, out var next))
                {
                    next = children.Count;
                    children.Add(new Dictionary<int, int>());
                    ends.Add(new List<int>());
                    children[state][cls] = next;
                }

                state = next;
            }

            ends[state].Add(p);
        }

        // Breadth-first: failure links, then the complete transition table and the outputs along failure chains.
        var states = children.Count;
        _delta = new int[states * _classCount];
        _outCount = new int[states];
        _outByCategory = new int[states * Math.Max(1, categories.Count)];
        _outTerm = new int[states];
        _outScore = new double[states];
        _hasOutput = new bool[states];
        var fail = new int[states];
        var queue = new Queue<int>();
        for (var cls = 0; cls < _classCount; cls++)
        {
            if (children[0].TryGetValue(cls, out var next))
            {
                _delta[cls] = next;
                fail[next] = 0;
                queue.Enqueue(next);
            }
        }

        _outTerm[0] = -1;
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            var f = fail[s];
            _outCount[s] = _outCount[f];
            _outScore[s] = _outScore[f];
            _hasOutput[s] = ends[s].Count > 0 || _hasOutput[f];
            for (var k = 0; k < categories.Count; k++) _outByCategory[s * categories.Count + k] = _outByCategory[f * categories.Count + k];
            foreach (var p in ends[s])
            {
                _outScore[s] += scoreContribution[p];
                for (var k = 0; k < categories.Count; k++)
                {
                    _outByCategory[s * categories.Count + k] += contribution[p][k];
                    _outCount[s] += contribution[p][k];
                }
            }

            var own = ends[s].FirstOrDefault(p => patterns[p].Category >= 0, -1);
            _outTerm[s] = own >= 0 ? own : _outTerm[f];
            for (var cls = 0; cls < _classCount; cls++)
            {
                if (children[s].TryGetValue(cls, out var next))
                {
                    fail[next] = _delta[f * _classCount + cls];
                    _delta[s * _classCount + cls] = next;
                    queue.Enqueue(next);
                }
                else
                {
                    _delta[s * _classCount + cls] = _delta[f * _classCount + cls];
                }
            }
        }
    }

    /// <summary>The lexicon for the given built-in languages (empty = all) plus extra list files, compiled once per
    /// process for each distinct configuration.</summary>
    /// <exception cref="ArgumentException">An unknown language, or a malformed list file (named with its line).</exception>
    public static ToxicityLexicon Get(IReadOnlyCollection<string> languages, IReadOnlyCollection<string> categories, IReadOnlyCollection<string> extraFiles)
    {
        var key = string.Join('|', languages.Order(StringComparer.Ordinal)) + "#" + string.Join('|', categories.Order(StringComparer.Ordinal)) +
                  "#" + string.Join('|', extraFiles.Select(f => $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}"));
        return Cache.GetOrAdd(key, _ => new Lazy<ToxicityLexicon>(() => Build(languages, categories, extraFiles))).Value;
    }

    private static ToxicityLexicon Build(IReadOnlyCollection<string> languages, IReadOnlyCollection<string> categories, IReadOnlyCollection<string> extraFiles)
    {
        var unknown = languages.Where(l => !BuiltInLanguages.Contains(l)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"no built-in toxicity list for {string.Join(", ", unknown)}; available: {string.Join(", ", BuiltInLanguages)}");
        var entries = new List<(string Term, string Category, double? Weight)>();
        foreach (var language in languages.Count == 0 ? BuiltInLanguages : languages) entries.AddRange(ReadBuiltIn(language));

        foreach (var file in extraFiles)
        {
            using var reader = new StreamReader(file);
            entries.AddRange(Parse(reader, file));
        }

        if (categories.Count > 0) entries.RemoveAll(e => CategoryName(e.Category) != SafeCategory && !categories.Contains(CategoryName(e.Category)));
        return new ToxicityLexicon(entries);
    }

    /// <summary>The entries of a built-in list (ISO 639-1 code), as <see cref="Parse"/> reads them.</summary>
    public static IReadOnlyList<(string Term, string Category, double? Weight)> ReadBuiltIn(string language)
    {
        using var stream = typeof(ToxicityLexicon).Assembly.GetManifestResourceStream($"toxicity/{language}.txt")
                           ?? throw new ArgumentException($"no built-in toxicity list for {language}; available: {string.Join(", ", BuiltInLanguages)}");
        using var reader = new StreamReader(stream);
        return Parse(reader, $"built-in list {language}.txt").ToList();
    }

    /// <summary>A lexicon from explicit entries, each weighted by its category (tests, tools).</summary>
    public static ToxicityLexicon FromEntries(IEnumerable<(string Term, string Category)> entries) =>
        new(entries.Select(e => (e.Term, e.Category, (double?)null)).ToList());

    /// <summary>A lexicon from explicit entries; a non-null weight replaces the category's for that term.</summary>
    public static ToxicityLexicon FromEntries(IEnumerable<(string Term, string Category, double? Weight)> entries) => new(entries.ToList());

    /// <summary>The weight a term counts (its own or its category's); null when the term is not listed.</summary>
    public double? WeightOf(string term) => Array.IndexOf(_terms, Normalize(term)) is var i and >= 0 ? _termWeights[i] : null;

    /// <summary>Reads a list: <c>#</c> comments, <c>[category]</c> or <c>[category:weight]</c> headers, then one term or
    /// phrase per line, optionally with its own weight after <c>=</c> (<c>coon = 0.25</c>).</summary>
    public static IEnumerable<(string Term, string Category, double? Weight)> Parse(TextReader reader, string name)
    {
        string? category = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '[')
            {
                if (line[^1] != ']' || line.Length < 3)
                    throw new ArgumentException($"{name}:{lineNumber}: malformed category header '{line}' (expected [name])");
                category = line[1..^1].Trim();
                var colon = category.IndexOf(':');
                if (colon >= 0 && (!double.TryParse(category[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight is <= 0 or > 1 || colon == 0))
                    throw new ArgumentException($"{name}:{lineNumber}: malformed category header '{line}' (expected [name] or [name:weight] with 0 < weight <= 1)");
                continue;
            }

            if (category is null) throw new ArgumentException($"{name}:{lineNumber}: term '{line}' before any [category] header");
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                yield return (line, category, null);
                continue;
            }

            if (!double.TryParse(line[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var termWeight) || termWeight is <= 0 or > 1 ||
                line[..equals].Trim().Length == 0 || CategoryName(category) == SafeCategory)
                throw new ArgumentException($"{name}:{lineNumber}: malformed weighted term '{line}' (expected 'term = weight' with 0 < weight <= 1, not in [{SafeCategory}])");
            yield return (line[..equals].Trim(), category, termWeight);
        }
    }

    /// <summary>Counts flagged terms and words in <paramref name="text"/>; up to three matched terms are named.</summary>
    public ToxicityCounts Scan(string text) => Scan(text, MaxTermsInDetail);

    /// <summary>Counts flagged terms and words in <paramref name="text"/>, naming up to <paramref name="maxTerms"/>
    /// distinct matched terms (after safe phrases; at each place the longest term that ends there).</summary>
    public ToxicityCounts Scan(string text, int maxTerms)
    {
        var byCategory = new int[Categories.Count];
        List<string>? terms = null;
        var classOf = _classOf;
        var delta = _delta;
        var classes = _classCount;
        var state = delta[Separator];
        var matches = 0;
        var words = 0;
        var inWord = false;
        var afterSeparator = true;
        double score = 0;
        // Whether the word being read, or the one a separator just ended, was written as a hashtag.
        var hashtag = false;
        // Where the short quotation being read closes (its closing mark); -1 outside one.
        var quoteEnd = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A separator that opens a quotation still ends the word before it, which is not quoted.
            var quoted = i <= quoteEnd;
            if (i > quoteEnd && c is '"' or '\u201C' or '\u201E' or '\u00AB') quoteEnd = ShortQuotationEnd(text, i);
            // An @handle or a link names an account or a page; its letters are not the text's words ("RT @hoes:",
            // "t.co/…"), so it is read as one separator.
            if (!inWord && c is '@' or 'h' or 'H' or 'w' or 'W' && NameOrLinkEnd(text, i) is var skipTo && skipTo > i)
            {
                i = skipTo - 1;
                c = ' ';
            }

            int cls = classOf[c];
            if (cls == Mark)
            {
                if (inWord) continue;
                cls = OtherWordChar;
            }

            if (c < 128 && inWord && _leetClass[c] != 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                cls = _leetClass[c];
            if (cls == Separator)
            {
                if (afterSeparator) continue;
                afterSeparator = true;
                inWord = false;
            }
            else
            {
                afterSeparator = false;
                if (c >= '\u0E00' && WordSplitter.IsUnspacedScript(c))
                {
                    words++;
                    inWord = false;
                    hashtag = false;
                }
                else if (!inWord)
                {
                    words++;
                    inWord = true;
                    hashtag = i > 0 && text[i - 1] == '#';
                }
            }

            state = delta[state * classes + cls];
            if (_hasOutput[state]) score += Record(state, hashtag || quoted, ref matches, byCategory, ref terms, maxTerms);
        }

        if (!afterSeparator)
        {
            state = delta[state * classes + Separator];
            if (_hasOutput[state]) score += Record(state, hashtag, ref matches, byCategory, ref terms, maxTerms);
        }

        // A safe phrase takes back its inner terms at the mention weight of its last word; when a mention boundary
        // falls inside the phrase ("#coon dog") that can exceed what they added, so the score is floored at zero.
        return new ToxicityCounts(matches, words, byCategory, (IReadOnlyList<string>?)terms ?? [], Math.Max(0, Math.Round(score, 9)));
    }



    // The closing mark of a quotation of 1 to MaxMentionQuoteWords words (@handles not counted) that opens at i, on
    // the same line and within 80 characters; -1 when there is none.
    private static int ShortQuotationEnd(string text, int open)
    {
        var words = 0;
        var inWord = false;
        for (var j = open + 1; j < text.Length && j <= open + 80; j++)
        {
            var c = text[j];
            if (c is '"' or '\u201D' or '\u201C' or '\u00BB') return words is >= 1 and <= MaxMentionQuoteWords ? j : -1;
            if (c is '\n' or '\r') return -1;
            var wordChar = char.IsLetterOrDigit(c) || (inWord && c is '\'' or '\u2019' or '_');
            if (wordChar && !inWord && text[j - 1] != '@' && ++words > MaxMentionQuoteWords) return -1;
            inWord = wordChar;
        }

        return -1;
    }

    // Where an @handle ("@user_1") or a link ("http://…", "https://…", "www.…") that starts at i ends; i when none does.
    private static int NameOrLinkEnd(string text, int i)
    {
        var j = i;
        if (text[i] == '@')
        {
            j++;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')) j++;
            return j - i >= 2 ? j : i;
        }

        var rest = text.AsSpan(i);
        if (!rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) &&
            !rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            return i;
        while (j < text.Length && !char.IsWhiteSpace(text[j])) j++;
        return j;
    }

    // Adds the outputs of a state to the counts and returns what they add to the score.
    private double Record(int state, bool mentioned, ref int matches, int[] byCategory, ref List<string>? terms, int maxTerms)
    {
        matches += _outCount[state];
        for (var k = 0; k < byCategory.Length; k++) byCategory[k] += _outByCategory[state * byCategory.Length + k];
        var score = mentioned ? MentionWeight * _outScore[state] : _outScore[state];
        if (_outCount[state] <= 0 || _outTerm[state] < 0) return score;
        terms ??= new List<string>(MaxTermsInDetail);
        var term = _terms[_outTerm[state]];
        if (terms.Count < maxTerms && !terms.Contains(term)) terms.Add(term);
        return score;
    }

    /// <summary>A term as the lexicon stores and reports it: case and look-alikes folded, every run of non-word
    /// characters turned into one space.</summary>
    public static string Normalize(string term)
    {
        var chars = new List<char>(term.Length);
        foreach (var c in term)
        {
            var folded = Fold(c);
            if (folded == '\0') continue;
            if (IsWordChar(c)) chars.Add(folded);
            else if (chars.Count > 0 && chars[^1] != ' ') chars.Add(' ');
        }

        return new string(chars.ToArray()).Trim();
    }

    private static string CategoryName(string header) => header.IndexOf(':') is var colon and >= 0 ? header[..colon] : header;

    private static double CategoryWeight(string header) =>
        header.IndexOf(':') is var colon and >= 0 ? double.Parse(header[(colon + 1)..], CultureInfo.InvariantCulture) : 1.0;

    private static readonly (char Symbol, char Letter)[] LeetLetters =
        [('0', 'o'), ('1', 'i'), ('3', 'e'), ('4', 'a'), ('5', 's'), ('7', 't'), ('@', 'a'), ('$', 's'), ('!', 'i'), ('|', 'i')];

    // Latin look-alikes in other scripts (the Unicode confusables data, confusables.txt of UTS #39, for the letters
    // that spell listed words): Cyrillic and Greek letters that render as Latin ones.
    private static readonly Dictionary<char, char> Confusables = new()
    {
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p',
        ['с'] = 'c', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd',
        ['ԛ'] = 'q', ['ԝ'] = 'w', ['ɡ'] = 'g', ['α'] = 'a', ['ε'] = 'e', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o',
        ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x', ['ı'] = 'i', ['ſ'] = 's',
    };

    // Accented Latin letters by their base letter: the canonical decompositions (NFKD) of Latin-1 Supplement, Latin
    // Extended-A/B and Latin Extended Additional, from the Unicode Character Database. Kept as data because the
    // runtime runs in invariant globalization mode, where string.Normalize does nothing.
    private static readonly Dictionary<string, string> AccentedLetters = new()
    {
        ["a"] = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ",
        ["b"] = "ḂḃḄḅḆḇ",
        ["c"] = "ÇçĆćĈĉĊċČčḈḉ",
        ["d"] = "ĎďḊḋḌḍḎḏḐḑḒḓ",
        ["e"] = "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ",
        ["f"] = "Ḟḟ",
        ["g"] = "ĜĝĞğĠġĢģǦǧǴǵḠḡ",
        ["h"] = "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ",
        ["i"] = "ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị",
        ["j"] = "Ĵĵǰ",
        ["k"] = "ĶķǨǩḰḱḲḳḴḵ",
        ["l"] = "ĹĺĻļĽľḶḷḸḹḺḻḼḽ",
        ["m"] = "ḾḿṀṁṂṃ",
        ["n"] = "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ",
        ["o"] = "ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ",
        ["p"] = "ṔṕṖṗ",
        ["r"] = "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ",
        ["s"] = "ŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩẛ",
        ["t"] = "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ",
        ["u"] = "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự",
        ["v"] = "ṼṽṾṿ",
        ["w"] = "ŴŵẀẁẂẃẄẅẆẇẈẉẘ",
        ["x"] = "ẊẋẌẍ",
        ["y"] = "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ",
        ["z"] = "ŹźŻżŽžẐẑẒẓẔẕ",
    };

    private static readonly Dictionary<char, char> BaseLetter = AccentedLetters
        .SelectMany(kv => kv.Value.Select(c => (c, kv.Key[0]))).ToDictionary(p => p.c, p => p.Item2);

    /// <summary>The character matching sees: lower-cased, with compatibility forms folded the way NFKD folds them
    /// (fullwidth and circled letters become plain ones) and Latin look-alikes from Cyrillic and Greek read as
    /// Latin; '\0' for a combining mark. List terms are folded the same way, so Russian or Greek terms still match
    /// Russian or Greek text. Accents are handled by the class table: an accented letter no list term uses reads
    /// as its base letter ("fück" matches "fuck"), one a term uses keeps its own class (Turkish "piç" must not
    /// match English "pic").</summary>
    private static char Fold(char c)
    {
        if (c < 128) return char.ToLowerInvariant(c);
        if (char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) return '\0';
        if (c is >= '\uFF01' and <= '\uFF5E') return char.ToLowerInvariant((char)(c - 0xFEE0)); // fullwidth ASCII
        if (c is >= '\u24B6' and <= '\u24CF') return (char)('a' + (c - 0x24B6));                  // circled capitals
        if (c is >= '\u24D0' and <= '\u24E9') return (char)('a' + (c - 0x24D0));                  // circled small letters
        var folded = char.ToLowerInvariant(c);
        return Confusables.TryGetValue(folded, out var latin) ? latin : folded;
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
        or UnicodeCategory.OtherNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;
}
