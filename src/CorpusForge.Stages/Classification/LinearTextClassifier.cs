using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.IO;

namespace CorpusForge.Stages.Classification;

/// <summary>A text with its label, for training and evaluation.</summary>
public sealed record LabelledText(string Text, string Label);

/// <summary>How <see cref="LinearTextClassifier.Train"/> fits a model.</summary>
/// <param name="Features">Featurisation (stored with the model).</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="LearningRate">AdaGrad base learning rate.</param>
/// <param name="L2">L2 penalty on the weights a step touches.</param>
/// <param name="Seed">Seed of the example shuffling (training is single-threaded and deterministic).</param>
public sealed record TrainingSettings(FeatureSettings Features, int Epochs = 10, double LearningRate = 0.2, double L2 = 1e-6, int Seed = 1)
{
    /// <summary>Default settings.</summary>
    public static TrainingSettings Default { get; } = new(new FeatureSettings());
}

/// <summary>Multinomial logistic regression over hashed word and character n-grams: train, save, load, predict.</summary>
/// <remarks>
/// Users train it for toxicity, for topic or for learned quality scores in the FineWeb-Edu style (labels 0–5, scored
/// by the expected label). Training minimises cross-entropy with AdaGrad steps (per-feature learning rates suit
/// sparse text features). Prediction is thread-safe. The model file is binary, little-endian:
/// magic <c>CFLTXCLS</c>, format version, feature settings, labels, biases, weights (feature-major), then an FNV-1a
/// checksum of the weights.
/// </remarks>
public sealed class LinearTextClassifier
{
    /// <summary>Version of the model file format this build writes and reads.</summary>
    public const int FormatVersion = 2;

    private static readonly byte[] Magic = "CFLTXCLS"u8.ToArray();
    private static readonly ConcurrentDictionary<string, Lazy<LinearTextClassifier>> Cache = new(StringComparer.Ordinal);

    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly double[]? _labelValues;

    private LinearTextClassifier(FeatureSettings features, string[] labels, float[] weights, float[] bias)
    {
        Featurizer = new HashedTextFeatures(features);
        Labels = labels;
        _weights = weights;
        _bias = bias;
        var values = new double[labels.Length];
        var numeric = true;
        for (var k = 0; k < labels.Length; k++)
            numeric &= double.TryParse(labels[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]);
        _labelValues = numeric ? values : null;
    }

    /// <summary>The class labels, in the order of probability vectors.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>True when every label is a number, so <see cref="ExpectedValue"/> is defined.</summary>
    public bool HasNumericLabels => _labelValues is not null;

    /// <summary>The featuriser, with the settings the model was trained with.</summary>
    public HashedTextFeatures Featurizer { get; }

    /// <summary>Fits a model on <paramref name="examples"/> (at least two distinct labels).</summary>
    public static LinearTextClassifier Train(IReadOnlyList<LabelledText> examples, TrainingSettings settings)
    {
        var problems = settings.Features.Validate().ToList();
        if (settings.Epochs < 1) problems.Add("epochs must be at least 1");
        if (settings.LearningRate <= 0) problems.Add("learning rate must be positive");
        if (settings.L2 < 0) problems.Add("l2 must be 0 or more");
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        var labels = OrderLabels(examples.Select(e => e.Label).Distinct(StringComparer.Ordinal));
        if (labels.Length < 2) throw new ArgumentException($"training needs at least two distinct labels; found {labels.Length}");

        var featurizer = new HashedTextFeatures(settings.Features);
        var classes = labels.Length;
        var index = labels.Select((l, k) => (l, k)).ToDictionary(p => p.l, p => p.k, StringComparer.Ordinal);
        var vectors = examples.Select(e => featurizer.Extract(e.Text)).ToArray();
        var targets = examples.Select(e => index[e.Label]).ToArray();

        var weights = new float[featurizer.Dimensions * classes];
        var squared = new float[weights.Length];
        var bias = new float[classes];
        var biasSquared = new float[classes];
        var model = new LinearTextClassifier(settings.Features, labels, weights, bias);
        var order = Enumerable.Range(0, vectors.Length).ToArray();
        var random = new Random(settings.Seed);
        var probabilities = new float[classes];
        var lr = (float)settings.LearningRate;
        var l2 = (float)settings.L2;
        const float epsilon = 1e-8f;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var e in order)
            {
                var x = vectors[e];
                model.Probabilities(x, probabilities);
                for (var k = 0; k < classes; k++)
                {
                    var g = probabilities[k] - (k == targets[e] ? 1f : 0f);
                    biasSquared[k] += g * g;
                    bias[k] -= lr * g / MathF.Sqrt(biasSquared[k] + epsilon);
                    for (var j = 0; j < x.Indices.Length; j++)
                    {
                        var slot = x.Indices[j] * classes + k;
                        var grad = g * x.Values[j] + l2 * weights[slot];
                        squared[slot] += grad * grad;
                        weights[slot] -= lr * grad / MathF.Sqrt(squared[slot] + epsilon);
                    }
                }
            }
        }

        return model;
    }

    // Numeric labels in numeric order (0, 1, 2 ... 10), others in ordinal order: stable across runs.
    private static string[] OrderLabels(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        var allNumeric = list.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return allNumeric
            ? list.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture)).ThenBy(l => l, StringComparer.Ordinal).ToArray()
            : list.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Class probabilities of a feature vector into <paramref name="probabilities"/> (length = labels).</summary>
    public void Probabilities(SparseVector x, Span<float> probabilities)
    {
        var classes = _bias.Length;
        for (var k = 0; k < classes; k++) probabilities[k] = _bias[k];
        for (var j = 0; j < x.Indices.Length; j++)
        {
            var row = _weights.AsSpan(x.Indices[j] * classes, classes);
            var v = x.Values[j];
            for (var k = 0; k < classes; k++) probabilities[k] += row[k] * v;
        }

        var max = float.NegativeInfinity;
        for (var k = 0; k < classes; k++) max = MathF.Max(max, probabilities[k]);
        var sum = 0f;
        for (var k = 0; k < classes; k++)
        {
            probabilities[k] = MathF.Exp(probabilities[k] - max);
            sum += probabilities[k];
        }

        for (var k = 0; k < classes; k++) probabilities[k] /= sum;
    }

    /// <summary>Class probabilities of <paramref name="text"/>, in the order of <see cref="Labels"/>.</summary>
    public float[] Predict(string text)
    {
        var probabilities = new float[Labels.Count];
        Probabilities(Featurizer.Extract(text), probabilities);
        return probabilities;
    }

    /// <summary>The most probable label of <paramref name="text"/> (the first label on ties).</summary>
    public string PredictLabel(string text)
    {
        var p = Predict(text);
        var best = 0;
        for (var k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return Labels[best];
    }

    /// <summary>Σ probability × label value, for numeric labels (e.g. an educational score 0–5).</summary>
    public double ExpectedValue(ReadOnlySpan<float> probabilities)
    {
        if (_labelValues is null) throw new InvalidOperationException("the model's labels are not all numbers");
        var value = 0.0;
        for (var k = 0; k < probabilities.Length; k++) value += probabilities[k] * _labelValues[k];
        return value;
    }

    /// <summary>Accuracy and per-label precision and recall on labelled texts.</summary>
    public ClassifierEvaluation Evaluate(IReadOnlyList<LabelledText> examples)
    {
        var classes = Labels.Count;
        var confusion = new int[classes, classes];
        var unknown = 0;
        foreach (var example in examples)
        {
            var actual = IndexOf(example.Label);
            if (actual < 0)
            {
                unknown++;
                continue;
            }

            confusion[actual, IndexOf(PredictLabel(example.Text))]++;
        }

        return new ClassifierEvaluation(Labels.ToArray(), confusion, unknown);
    }

    private int IndexOf(string label)
    {
        for (var k = 0; k < Labels.Count; k++) if (Labels[k] == label) return k;
        return -1;
    }

    /// <summary>Writes the model file atomically.</summary>
    public void Save(string path)
    {
        using var file = AtomicFile.Create(Path.GetFullPath(path));
        using (var writer = new BinaryWriter(file.Stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            var f = Featurizer.Settings;
            writer.Write(f.DimensionBits);
            writer.Write(f.WordNgrams);
            writer.Write(f.CharNgramMin);
            writer.Write(f.CharNgramMax);
            writer.Write(f.MaxChars);
            writer.Write(f.WordListFeatures ? 1 : 0);
            writer.Write(Labels.Count);
            foreach (var label in Labels) writer.Write(label);
            writer.Write(MemoryMarshal.AsBytes(_bias.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(_weights.AsSpan()));
            writer.Write(Checksum(_weights));
        }

        file.Commit();
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="InvalidDataException">Not a model file, a newer format, truncated, or corrupted (named with the path).</exception>
    public static LinearTextClassifier Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{path}: not a CorpusForge linear classifier (bad magic)");
            var version = reader.ReadInt32();
            if (version is < 1 or > FormatVersion)
                throw new InvalidDataException($"{path}: model format version {version}; this build reads versions 1 to {FormatVersion}");
            var features = new FeatureSettings(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            // Version 2 added a flags word after the settings (bit 0: word-list features).
            var flags = version >= 2 ? reader.ReadInt32() : 0;
            if ((flags & ~1) != 0) throw new InvalidDataException($"{path}: unknown feature flags {flags}");
            features = features with { WordListFeatures = (flags & 1) != 0 };
            var problems = features.Validate().ToList();
            if (problems.Count > 0) throw new InvalidDataException($"{path}: bad feature settings: {string.Join("; ", problems)}");
            var classes = reader.ReadInt32();
            if (classes is < 2 or > 10_000) throw new InvalidDataException($"{path}: bad label count {classes}");
            var labels = new string[classes];
            for (var k = 0; k < classes; k++) labels[k] = reader.ReadString();
            var bias = new float[classes];
            var weights = new float[(1L << features.DimensionBits) * classes];
            stream.ReadExactly(MemoryMarshal.AsBytes(bias.AsSpan()));
            stream.ReadExactly(MemoryMarshal.AsBytes(weights.AsSpan()));
            if (reader.ReadUInt64() != Checksum(weights)) throw new InvalidDataException($"{path}: checksum mismatch (file corrupted)");
            if (stream.Position != stream.Length) throw new InvalidDataException($"{path}: unexpected bytes after the model");
            return new LinearTextClassifier(features, labels, weights, bias);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: truncated model file");
        }
    }

    /// <summary>Loads a model once per process per file version (stages share it across instances and threads).</summary>
    public static LinearTextClassifier LoadShared(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"classifier model {full} does not exist", full);
        var key = $"{full}@{File.GetLastWriteTimeUtc(full).Ticks}";
        return Cache.GetOrAdd(key, _ => new Lazy<LinearTextClassifier>(() => Load(full))).Value;
    }

    private static ulong Checksum(float[] weights)
    {
        var h = 14695981039346656037UL;
        foreach (var word in MemoryMarshal.Cast<float, uint>(weights.AsSpan())) h = (h ^ word) * 1099511628211UL;
        return h;
    }

    /// <summary>Area under the ROC curve: the probability that a random positive scores above a random negative
    /// (ties count half), computed from ranks (Mann–Whitney U); NaN when either class is empty.</summary>
    public static double RocAuc(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        if (positive.Count != scores.Count) throw new ArgumentException($"{positive.Count} labels but {scores.Count} scores");
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[k]]) end++;
            var rank = (k + end) / 2.0 + 1;
            for (var m = k; m <= end; m++)
                if (positive[order[m]])
                {
                    rankSum += rank;
                    positives++;
                }

            k = end + 1;
        }

        var negatives = scores.Count - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Reads labelled JSONL (optionally .gz/.zst): one object per line with a text and a label field.
    /// Labels may be strings, numbers or booleans.</summary>
    /// <exception cref="InvalidDataException">A malformed line, named by file and line number.</exception>
    public static List<LabelledText> ReadLabelled(string path, string textField = "text", string labelField = "label")
    {
        var examples = new List<LabelledText>();
        using var reader = new StreamReader(Compression.OpenRead(path), Encoding.UTF8);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("not a JSON object");
                if (!root.TryGetProperty(textField, out var text) || text.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"no string field '{textField}'");
                if (!root.TryGetProperty(labelField, out var label)) throw new InvalidDataException($"no field '{labelField}'");
                var labelText = label.ValueKind switch
                {
                    JsonValueKind.String => label.GetString()!,
                    JsonValueKind.Number => label.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new InvalidDataException($"field '{labelField}' must be a string, number or boolean"),
                };
                examples.Add(new LabelledText(text.GetString()!, labelText));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: invalid JSON: {e.Message}");
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}");
            }
        }

        return examples;
    }
}

/// <summary>Results of <see cref="LinearTextClassifier.Evaluate"/>.</summary>
/// <param name="Labels">Labels, indexing the confusion matrix.</param>
/// <param name="Confusion">[actual, predicted] counts.</param>
/// <param name="UnknownLabels">Examples whose label the model does not know (not counted).</param>
public sealed record ClassifierEvaluation(string[] Labels, int[,] Confusion, int UnknownLabels)
{
    /// <summary>Examples counted.</summary>
    public int Count => Confusion.Cast<int>().Sum();

    /// <summary>Fraction predicted correctly.</summary>
    public double Accuracy
    {
        get
        {
            var correct = 0;
            for (var k = 0; k < Labels.Length; k++) correct += Confusion[k, k];
            return Count == 0 ? 0 : (double)correct / Count;
        }
    }

    /// <summary>Precision of a label (1 when it was never predicted).</summary>
    public double Precision(int label)
    {
        var predicted = 0;
        for (var a = 0; a < Labels.Length; a++) predicted += Confusion[a, label];
        return predicted == 0 ? 1 : (double)Confusion[label, label] / predicted;
    }

    /// <summary>Recall of a label (1 when it never occurs).</summary>
    public double Recall(int label)
    {
        var actual = 0;
        for (var p = 0; p < Labels.Length; p++) actual += Confusion[label, p];
        return actual == 0 ? 1 : (double)Confusion[label, label] / actual;
    }

    /// <summary>Mean F1 over labels.</summary>
    public double MacroF1 => Enumerable.Range(0, Labels.Length).Average(k =>
    {
        var p = Precision(k);
        var r = Recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    });
}
