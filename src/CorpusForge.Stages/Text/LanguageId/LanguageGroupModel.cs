using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>The second stage for one group of confusable languages (Bosnian/Croatian/Serbian, Malay/Indonesian,
/// Bokmål/Nynorsk, Galician/Spanish/Portuguese, Nepali/Hindi/Marathi): two linear models over hashed features and,
/// for the groups that have them, documented linguistic cues (<see cref="LanguageCues"/>), whose scores add up, trained by <c>bench … language-train</c>. Besides the group's members it may know neighbours
/// (Slovenian beside Bosnian/Croatian/Serbian, Danish and Swedish beside the two Norwegians), the languages the first
/// stage confuses the members with, so that it can hand a text back to them.</summary>
/// <remarks>
/// <para>Word part: the counts of the text's lower-cased words (runs of letters and combining marks, so Devanagari vowel
/// signs stay in their word) hashed into <see cref="WordBuckets"/> buckets, weighted as a word naive Bayes with equal
/// priors. Words carry what separates these languages (Croatian "tko", "tisuća", "kruh", Serbian "ko", "hiljada",
/// "hleb", Malay "tidak dapat", "fail", "kerana" against Indonesian "tidak bisa", "berkas", "karena", Nynorsk "ikkje",
/// "eg", "korleis" against Bokmål "ikke", "jeg", "hvordan"), and the evidence of every word counts.</para>
/// <para>Character part: a multinomial logistic regression over the words and the character 1- to 4-grams of each
/// word with a boundary mark on either side, hashed into <see cref="CharBuckets"/> buckets, the count vector scaled to
/// unit length. It generalises spelling patterns to words the training text lacks (ijekavian "ije" against ekavian
/// "e" in any word, Galician "nh", "x").</para>
/// <para>Cue part: per cue of the group's <see cref="LanguageCueSet"/> (ekavian or ijekavian yat, Croatian or
/// Bosnian/Serbian words, Malay or Indonesian words and spellings) the number of the text's words it matches, times a
/// float weight per language. A cue pools many words, so it carries a documented difference to words the training text
/// lacks; its weights are set by the trainer (the cue's languages get the cue strength, the others nothing).</para>
/// <para>A language's score is its bias plus the parts; the probabilities are their softmax. The file format
/// (Brotli-compressed): magic "CFLG", version 4, group count; per group its language count, its member count (the
/// first languages are members, the rest neighbours), its cue set's name ("" for none) and cue names, and per language
/// its code, the two parts' float scales, a float bias, the two quantised weight rows (int8 × scale) and a float
/// weight per cue. Earlier versions had other features and are refused; a file whose cue names differ from this
/// build's cue set is refused too.</para>
/// </remarks>
public sealed class LanguageGroupModel
{
    /// <summary>Hash buckets of the word part.</summary>
    public const int WordBuckets = 1 << 18;

    /// <summary>Hash buckets of the character part.</summary>
    public const int CharBuckets = 1 << 17;

    private const uint Magic = 0x474C4643; // "CFLG"
    private const int FormatVersion = 4;

    private readonly sbyte[][] _wordWeights;
    private readonly sbyte[][] _charWeights;
    private readonly float[] _wordScales;
    private readonly float[] _charScales;
    private readonly float[] _biases;
    private readonly float[][] _cueWeights;

    /// <summary>Creates a model from full-precision weights (per language one row of <see cref="WordBuckets"/> and one
    /// of <see cref="CharBuckets"/> values, and a bias); the first <paramref name="members"/> languages are the group's
    /// members (all when null), the rest its neighbours. With <paramref name="cues"/>, <paramref name="cueWeights"/> has
    /// per language one weight per cue.</summary>
    public LanguageGroupModel(string[] languages, float[][] wordWeights, float[][] charWeights, float[] biases, int? members = null,
        LanguageCueSet? cues = null, float[][]? cueWeights = null)
    {
        cueWeights ??= languages.Select(_ => new float[cues?.Cues.Count ?? 0]).ToArray();
        if (cueWeights.Length != languages.Length || cueWeights.Any(w => w.Length != (cues?.Cues.Count ?? 0)))
            throw new ArgumentException("per language one weight per cue is needed");
        if (wordWeights.Length != languages.Length || charWeights.Length != languages.Length || biases.Length != languages.Length
            || wordWeights.Any(w => w.Length != WordBuckets) || charWeights.Any(w => w.Length != CharBuckets))
            throw new ArgumentException("per language one word row of WordBuckets values, one character row of CharBuckets values and one bias are needed");
        if (members is < 2 || members > languages.Length) throw new ArgumentException("a group has at least two members, and no more than its languages");
        Languages = languages;
        Members = members ?? languages.Length;
        _biases = biases;
        Cues = cues;
        _cueWeights = cueWeights;
        (_wordWeights, _wordScales) = Quantise(wordWeights);
        (_charWeights, _charScales) = Quantise(charWeights);
    }

    private LanguageGroupModel(string[] languages, int members, sbyte[][] wordWeights, float[] wordScales, sbyte[][] charWeights, float[] charScales,
        float[] biases, LanguageCueSet? cues, float[][] cueWeights)
    {
        Cues = cues;
        _cueWeights = cueWeights;
        Languages = languages;
        Members = members;
        _wordWeights = wordWeights;
        _wordScales = wordScales;
        _charWeights = charWeights;
        _charScales = charScales;
        _biases = biases;
    }

    /// <summary>The group's languages (ISO 639-1): its members, then its neighbours.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>How many of <see cref="Languages"/>, from the first, are members of the group.</summary>
    public int Members { get; }

    /// <summary>The group's linguistic cues, or null.</summary>
    public LanguageCueSet? Cues { get; }

    /// <summary>Probability of each of <see cref="Languages"/> for the text (softmax of the linear scores).</summary>
    public double[] Probabilities(ReadOnlySpan<char> text, int maxChars = 4000)
    {
        if (text.Length > maxChars) text = text[..maxChars];
        var scores = Scores(WordCounts(text), CharFeatures(text), Cues is null ? null : CueCounts(Cues, text));
        var max = scores.Max();
        double total = 0;
        for (var l = 0; l < scores.Length; l++) total += scores[l] = Math.Exp(scores[l] - max);
        for (var l = 0; l < scores.Length; l++) scores[l] /= total;
        return scores;
    }

    /// <summary>The linear score of each language for the features of a text.</summary>
    public double[] Scores(List<(int Bucket, float Value)> wordCounts, List<(int Bucket, float Value)> charFeatures, float[]? cueCounts = null)
    {
        var scores = new double[Languages.Count];
        for (var l = 0; l < scores.Length; l++)
        {
            double words = 0, chars = 0;
            var wordRow = _wordWeights[l];
            foreach (var (bucket, value) in wordCounts) words += wordRow[bucket] * value;
            var charRow = _charWeights[l];
            foreach (var (bucket, value) in charFeatures) chars += charRow[bucket] * value;
            scores[l] = _biases[l] + words * _wordScales[l] + chars * _charScales[l];
            if (cueCounts is null) continue;
            var cueRow = _cueWeights[l];
            for (var c = 0; c < cueCounts.Length; c++) scores[l] += cueRow[c] * cueCounts[c];
        }

        return scores;
    }

    /// <summary>The word part's features: hashed word counts (bucket, count), buckets distinct.</summary>
    public static List<(int Bucket, float Value)> WordCounts(ReadOnlySpan<char> text)
    {
        var counts = new Dictionary<int, int>();
        Span<char> buffer = stackalloc char[64];
        foreach (var word in new WordReader(text, buffer)) Add(counts, Hash(word, 'w') & (WordBuckets - 1));
        var features = new List<(int, float)>(counts.Count);
        foreach (var (bucket, count) in counts) features.Add((bucket, count));
        return features;
    }

    /// <summary>The cue part's features: per cue of <paramref name="cues"/>, how many of the text's words it matches.</summary>
    public static float[] CueCounts(LanguageCueSet cues, ReadOnlySpan<char> text)
    {
        var counts = new float[cues.Cues.Count];
        Span<char> buffer = stackalloc char[64];
        foreach (var word in new WordReader(text, buffer))
        {
            var cue = cues.Match(word);
            if (cue >= 0) counts[cue]++;
        }

        return counts;
    }

    /// <summary>The character part's features: the hashed counts of words and their boundary-marked character 1- to
    /// 4-grams, scaled to unit length (bucket, value), buckets distinct.</summary>
    public static List<(int Bucket, float Value)> CharFeatures(ReadOnlySpan<char> text)
    {
        var counts = new Dictionary<int, int>();
        Span<char> marked = stackalloc char[66];
        foreach (var word in new WordReader(text, marked[1..65]))
        {
            marked[0] = '\u0002';
            marked[word.Length + 1] = '\u0003';
            var w = marked[..(word.Length + 2)];
            Add(counts, Hash(w, 'w') & (CharBuckets - 1));
            for (var n = 1; n <= 4; n++)
            {
                for (var s = 0; s + n <= w.Length; s++)
                {
                    // A lone boundary mark says nothing.
                    if (n == 1 && (s == 0 || s == w.Length - 1)) continue;
                    Add(counts, Hash(w.Slice(s, n), (char)('0' + n)) & (CharBuckets - 1));
                }
            }
        }

        double norm = 0;
        foreach (var count in counts.Values) norm += (double)count * count;
        var scale = norm == 0 ? 0 : 1 / Math.Sqrt(norm);
        var features = new List<(int, float)>(counts.Count);
        foreach (var (bucket, count) in counts) features.Add((bucket, (float)(count * scale)));
        return features;
    }

    /// <summary>Lower-cased words of a text (letters and combining marks, at most the buffer's length of each) written
    /// into one buffer: each word is valid until the next is read.</summary>
    private ref struct WordReader
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly Span<char> _buffer;
        private int _position;
        private int _length;

        public WordReader(ReadOnlySpan<char> text, Span<char> buffer)
        {
            _text = text;
            _buffer = buffer;
        }

        public readonly ReadOnlySpan<char> Current => _buffer[.._length];

        public readonly WordReader GetEnumerator() => this;

        public bool MoveNext()
        {
            _length = 0;
            for (; _position <= _text.Length; _position++)
            {
                var c = _position < _text.Length ? _text[_position] : ' ';
                if (char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                {
                    if (_length < _buffer.Length) _buffer[_length++] = char.ToLowerInvariant(c);
                    continue;
                }

                if (_length > 0)
                {
                    _position++;
                    return true;
                }
            }

            return false;
        }
    }

    private static void Add(Dictionary<int, int> counts, int bucket) =>
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;

    /// <summary>FNV-1a over the characters and a kind tag, folded (the caller masks it to its bucket range).</summary>
    private static int Hash(ReadOnlySpan<char> chars, char kind)
    {
        var hash = 2166136261u;
        hash = (hash ^ kind) * 16777619u;
        foreach (var c in chars) hash = (hash ^ c) * 16777619u;
        hash ^= hash >> 15;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static (sbyte[][] Weights, float[] Scales) Quantise(float[][] weights)
    {
        var scales = new float[weights.Length];
        var quantised = new sbyte[weights.Length][];
        for (var l = 0; l < weights.Length; l++)
        {
            var max = weights[l].Max(Math.Abs);
            scales[l] = max == 0 ? 1 : max / 127f;
            quantised[l] = weights[l].Select(w => (sbyte)Math.Round(w / scales[l])).ToArray();
        }

        return (quantised, scales);
    }

    /// <summary>Writes several group models into one file.</summary>
    public static void Save(Stream stream, IReadOnlyList<LanguageGroupModel> groups)
    {
        using var brotli = new BrotliStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(brotli, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(groups.Count);
        foreach (var group in groups)
        {
            writer.Write(group.Languages.Count);
            writer.Write(group.Members);
            writer.Write(group.Cues?.Name ?? "");
            writer.Write(group.Cues?.Cues.Count ?? 0);
            foreach (var cue in group.Cues?.Cues ?? []) writer.Write(cue);
            for (var l = 0; l < group.Languages.Count; l++)
            {
                writer.Write(group.Languages[l]);
                writer.Write(group._wordScales[l]);
                writer.Write(group._charScales[l]);
                writer.Write(group._biases[l]);
                writer.Write((byte[])(Array)group._wordWeights[l]);
                writer.Write((byte[])(Array)group._charWeights[l]);
                foreach (var weight in group._cueWeights[l]) writer.Write(weight);
            }
        }
    }

    /// <summary>Reads the group models written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a file.</exception>
    public static List<LanguageGroupModel> Load(Stream stream, string name)
    {
        using var brotli = new BrotliStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(brotli, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{name}: not a CorpusForge language group model");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"{name}: language group model version {version}; this build reads version {FormatVersion} (retrain with bench … language-train)");
            var groups = new List<LanguageGroupModel>();
            for (var g = reader.ReadInt32(); g > 0; g--)
            {
                var count = reader.ReadInt32();
                var members = reader.ReadInt32();
                if (count is < 2 or > 64 || members < 2 || members > count) throw new InvalidDataException($"{name}: a group of {count} languages with {members} members");
                var cues = ReadCues(reader, name);
                var languages = new string[count];
                var wordScales = new float[count];
                var charScales = new float[count];
                var biases = new float[count];
                var wordWeights = new sbyte[count][];
                var charWeights = new sbyte[count][];
                var cueWeights = new float[count][];
                for (var l = 0; l < count; l++)
                {
                    languages[l] = reader.ReadString();
                    wordScales[l] = reader.ReadSingle();
                    charScales[l] = reader.ReadSingle();
                    biases[l] = reader.ReadSingle();
                    wordWeights[l] = ReadRow(reader, WordBuckets, name, languages[l]);
                    charWeights[l] = ReadRow(reader, CharBuckets, name, languages[l]);
                    cueWeights[l] = new float[cues?.Cues.Count ?? 0];
                    for (var c = 0; c < cueWeights[l].Length; c++) cueWeights[l][c] = reader.ReadSingle();
                }

                groups.Add(new LanguageGroupModel(languages, members, wordWeights, wordScales, charWeights, charScales, biases, cues, cueWeights));
            }

            return groups;
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            // A truncated or corrupt file: Brotli and the reader report it without naming the file.
            throw new InvalidDataException($"{name}: damaged language group model ({e.Message})", e);
        }
    }

    /// <summary>Reads a group's cue set by name and checks that this build's set has the same cues in the same order
    /// (the weights are per cue).</summary>
    private static LanguageCueSet? ReadCues(BinaryReader reader, string name)
    {
        var setName = reader.ReadString();
        var count = reader.ReadInt32();
        if (count is < 0 or > 256) throw new InvalidDataException($"{name}: {count} cues");
        var names = new string[count];
        for (var c = 0; c < count; c++) names[c] = reader.ReadString();
        if (setName.Length == 0 && count == 0) return null;
        var cues = LanguageCues.For(setName) ?? throw new InvalidDataException($"{name}: unknown cue set '{setName}'");
        if (!cues.Cues.SequenceEqual(names, StringComparer.Ordinal))
            throw new InvalidDataException($"{name}: cue set '{setName}' has cues [{string.Join(", ", names)}]; this build's are [{string.Join(", ", cues.Cues)}] (retrain with bench … language-train)");
        return cues;
    }

    private static sbyte[] ReadRow(BinaryReader reader, int length, string name, string language)
    {
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new InvalidDataException($"{name}: truncated weights for '{language}'");
        return (sbyte[])(Array)bytes;
    }
}
