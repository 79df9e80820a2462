using System.IO.Compression;
using System.Text;

namespace CorpusForge.Stages.Text.LanguageId;

/// <summary>A discriminative second stage for one group of confusable languages (Bosnian/Croatian/Serbian,
/// Malay/Indonesian, Bokmål/Nynorsk, Galician/Spanish/Portuguese, Nepali/Hindi/Marathi): a multinomial logistic
/// regression over hashed word and character features, trained by <c>bench … language-train</c>.</summary>
/// <remarks>
/// Features of a text: its lower-cased words (runs of letters and combining marks, so Devanagari vowel signs stay in
/// their word) and the character 1- to 4-grams of each word with a boundary mark on either side, each hashed into
/// <see cref="Buckets"/> buckets; the vector of counts is scaled to unit length. Words carry what separates these
/// pairs (Croatian "tko", "tisuća", Serbian "ko", "hiljada", Malay "boleh", "sahaja", Nynorsk "ikkje", "eg"), the
/// character n-grams spelling patterns (ijekavian "ije" against ekavian "e", Galician "ñ"-less "nh", "x").
/// The file format (Brotli-compressed): magic "CFLG", version 1, group count; per group its language codes and one
/// quantised weight row per language (int8 with a float scale per language) plus a float bias per language.
/// </remarks>
public sealed class LanguageGroupModel
{
    /// <summary>Hash buckets of the feature space.</summary>
    public const int Buckets = 1 << 17;

    private const uint Magic = 0x474C4643; // "CFLG"

    private readonly sbyte[][] _weights;
    private readonly float[] _scales;
    private readonly float[] _biases;

    /// <summary>Creates a model from full-precision weights (one row of <see cref="Buckets"/> per language).</summary>
    public LanguageGroupModel(string[] languages, float[][] weights, float[] biases)
    {
        if (weights.Length != languages.Length || biases.Length != languages.Length || weights.Any(w => w.Length != Buckets))
            throw new ArgumentException("one weight row of Buckets values and one bias per language are needed");
        Languages = languages;
        _biases = biases;
        _scales = new float[languages.Length];
        _weights = new sbyte[languages.Length][];
        for (var l = 0; l < languages.Length; l++)
        {
            var max = weights[l].Max(Math.Abs);
            _scales[l] = max == 0 ? 1 : max / 127f;
            _weights[l] = weights[l].Select(w => (sbyte)Math.Round(w / _scales[l])).ToArray();
        }
    }

    private LanguageGroupModel(string[] languages, sbyte[][] weights, float[] scales, float[] biases)
    {
        Languages = languages;
        _weights = weights;
        _scales = scales;
        _biases = biases;
    }

    /// <summary>The group's languages (ISO 639-1).</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Probability of each of <see cref="Languages"/> for the text (softmax of the linear scores).</summary>
    public double[] Probabilities(ReadOnlySpan<char> text, int maxChars = 4000)
    {
        var features = Features(text.Length > maxChars ? text[..maxChars] : text);
        var scores = new double[Languages.Count];
        for (var l = 0; l < scores.Length; l++)
        {
            double sum = 0;
            var row = _weights[l];
            foreach (var (bucket, value) in features) sum += row[bucket] * value;
            scores[l] = sum * _scales[l] + _biases[l];
        }

        var max = scores.Max();
        double total = 0;
        for (var l = 0; l < scores.Length; l++) total += scores[l] = Math.Exp(scores[l] - max);
        for (var l = 0; l < scores.Length; l++) scores[l] /= total;
        return scores;
    }

    /// <summary>The hashed, unit-length feature vector of a text (bucket, value), buckets distinct.</summary>
    public static List<(int Bucket, float Value)> Features(ReadOnlySpan<char> text)
    {
        var counts = new Dictionary<int, int>();
        Span<char> word = stackalloc char[66];
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var inWord = char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark;
            if (inWord)
            {
                if (length < 64) word[1 + length++] = char.ToLowerInvariant(c);
                continue;
            }

            if (length == 0) continue;
            word[0] = '\u0002';
            word[length + 1] = '\u0003';
            var w = word[..(length + 2)];
            Add(counts, Hash(w, 'w'));
            for (var n = 1; n <= 4; n++)
            {
                for (var s = 0; s + n <= w.Length; s++)
                {
                    // A lone boundary mark says nothing.
                    if (n == 1 && (s == 0 || s == w.Length - 1)) continue;
                    Add(counts, Hash(w.Slice(s, n), (char)('0' + n)));
                }
            }

            length = 0;
        }

        double norm = 0;
        foreach (var count in counts.Values) norm += (double)count * count;
        var scale = norm == 0 ? 0 : 1 / Math.Sqrt(norm);
        var features = new List<(int, float)>(counts.Count);
        foreach (var (bucket, count) in counts) features.Add((bucket, (float)(count * scale)));
        return features;
    }

    private static void Add(Dictionary<int, int> counts, int bucket) =>
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;

    /// <summary>FNV-1a over the characters and a kind tag, folded into the bucket range.</summary>
    private static int Hash(ReadOnlySpan<char> chars, char kind)
    {
        var hash = 2166136261u;
        hash = (hash ^ kind) * 16777619u;
        foreach (var c in chars) hash = (hash ^ c) * 16777619u;
        hash ^= hash >> 15;
        return (int)(hash & (Buckets - 1));
    }

    /// <summary>Writes several group models into one file.</summary>
    public static void Save(Stream stream, IReadOnlyList<LanguageGroupModel> groups)
    {
        using var brotli = new BrotliStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(brotli, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(1);
        writer.Write(groups.Count);
        foreach (var group in groups)
        {
            writer.Write(group.Languages.Count);
            for (var l = 0; l < group.Languages.Count; l++)
            {
                writer.Write(group.Languages[l]);
                writer.Write(group._scales[l]);
                writer.Write(group._biases[l]);
                writer.Write(MemoryMarshalBytes(group._weights[l]));
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
            if (version != 1) throw new InvalidDataException($"{name}: unsupported language group model version {version}");
            var groups = new List<LanguageGroupModel>();
            for (var g = reader.ReadInt32(); g > 0; g--)
            {
                var count = reader.ReadInt32();
                var languages = new string[count];
                var scales = new float[count];
                var biases = new float[count];
                var weights = new sbyte[count][];
                for (var l = 0; l < count; l++)
                {
                    languages[l] = reader.ReadString();
                    scales[l] = reader.ReadSingle();
                    biases[l] = reader.ReadSingle();
                    var bytes = reader.ReadBytes(Buckets);
                    if (bytes.Length != Buckets) throw new InvalidDataException($"{name}: truncated weights for '{languages[l]}'");
                    weights[l] = (sbyte[])(Array)bytes;
                }

                groups.Add(new LanguageGroupModel(languages, weights, scales, biases));
            }

            return groups;
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            // A truncated or corrupt file: Brotli and the reader report it without naming the file.
            throw new InvalidDataException($"{name}: damaged language group model ({e.Message})", e);
        }
    }

    private static byte[] MemoryMarshalBytes(sbyte[] values) => (byte[])(Array)values;
}
