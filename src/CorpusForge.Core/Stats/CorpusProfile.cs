using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Text;
using K4os.Hash.xxHash;

namespace CorpusForge.Core.Stats;

/// <summary>Bounded statistics of what a phase read, kept and dropped, recorded while the run goes so that a report
/// never rescans the outputs: length histograms, languages, domains, duplicate clusters, score samples, redaction
/// counts and a few sample documents.</summary>
/// <remarks>
/// Memory is bounded whatever the corpus size: histograms have fixed bins, counters and samples have caps.
/// Samples are bottom-k by a hash of the document id (the k smallest hashes win), so they are deterministic,
/// independent of worker count and mergeable: the profile of a run is the merge of its committed shards' profiles.
/// Sample texts are cut to <see cref="SampleChars"/> characters when recorded.
/// </remarks>
public sealed class CorpusProfile
{
    /// <summary>Characters of a sample document kept for the report.</summary>
    public const int SampleChars = 600;

    /// <summary>Values kept per score attribute (enough for a smooth histogram).</summary>
    public const int ScoreSampleSize = 2048;

    private const int KeptSampleSize = 6;
    private const int DroppedSampleSize = 3;
    private const int MaxReasons = 200;
    private const int MaxScores = 64;
    private const int MaxLanguages = 400;
    private const int DomainCapacity = 4096;
    private const int MaxClusters = 1_000_000;

    /// <summary>Character length of every document as read, before any stage (log-scale bins).</summary>
    public LengthHistogram ReadChars { get; } = new();

    /// <summary>Character length of every kept document, as written.</summary>
    public LengthHistogram KeptChars { get; } = new();

    /// <summary>Kept documents by <c>language.code</c> (documents without one count as <c>(none)</c>).</summary>
    public Dictionary<string, long> Languages { get; } = new(StringComparer.Ordinal);

    /// <summary>Kept documents by URL host (approximate beyond <see cref="DomainCapacity"/> hosts).</summary>
    public Dictionary<string, long> Domains { get; } = new(StringComparer.Ordinal);

    /// <summary>Kept documents without a URL.</summary>
    public long DocumentsWithoutUrl { get; private set; }

    /// <summary>Documents counted into <see cref="Domains"/> and then pruned (rare hosts) to bound memory.</summary>
    public long DomainsPruned { get; private set; }

    /// <summary>Removed copies per duplicate cluster id (cluster size = copies + the kept one).</summary>
    public Dictionary<long, long> DuplicateClusters { get; } = [];

    /// <summary>True when more clusters appeared than the profile keeps.</summary>
    public bool ClustersTruncated { get; private set; }

    /// <summary>Sampled values of every numeric attribute, over kept and dropped documents.</summary>
    public Dictionary<string, ScoreSample> Scores { get; } = new(StringComparer.Ordinal);

    /// <summary>Sums over kept documents of <c>pii.*</c> and <c>secrets.*</c> counters (what was redacted, by type).</summary>
    public Dictionary<string, long> Redactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Sample of kept documents.</summary>
    public BottomK<DocumentSample> KeptSamples { get; } = new(KeptSampleSize);

    /// <summary>Samples of dropped documents by <c>stage id / reason</c>.</summary>
    public Dictionary<string, BottomK<DocumentSample>> DroppedSamples { get; } = new(StringComparer.Ordinal);

    /// <summary>Records a document as the reader produced it.</summary>
    public void Read(int chars) => ReadChars.Add(chars);

    /// <summary>Records a document that reached the outputs.</summary>
    public void Kept(Document document)
    {
        var hash = Hash(document.Id);
        KeptChars.Add(document.Text.Length);
        var language = document.HasAttributes && document.Attributes.TryGetValue("language.code", out var code) && code is string s ? s : "(none)";
        if (Languages.ContainsKey(language) || Languages.Count < MaxLanguages) Languages[language] = Languages.GetValueOrDefault(language) + 1;
        CountDomain(document.Url);
        if (document.HasAttributes)
        {
            foreach (var (key, value) in document.Attributes)
            {
                if ((key.StartsWith("pii.", StringComparison.Ordinal) || key.StartsWith("secrets.", StringComparison.Ordinal))
                    && !key.EndsWith(".total", StringComparison.Ordinal) && AsNumber(value) is { } n)
                {
                    Redactions[key] = Redactions.GetValueOrDefault(key) + (long)n;
                }
            }
        }

        AddScores(document, hash, kept: true);
        if (KeptSamples.Wants(hash)) KeptSamples.Offer(hash, DocumentSample.Of(document, null, null));
    }

    /// <summary>Records a document a stage dropped, with the stage id and reason.</summary>
    public void Dropped(Document document, string stageId, string reason, string? detail)
    {
        var hash = Hash(document.Id);
        if (document.HasAttributes && document.Attributes.TryGetValue("dedup.cluster_id", out var raw) && ClusterKey(raw) is { } id)
        {
            if (DuplicateClusters.ContainsKey(id) || DuplicateClusters.Count < MaxClusters) DuplicateClusters[id] = DuplicateClusters.GetValueOrDefault(id) + 1;
            else ClustersTruncated = true;
        }

        AddScores(document, hash, kept: false);
        var key = $"{stageId} / {reason}";
        if (!DroppedSamples.TryGetValue(key, out var samples))
        {
            if (DroppedSamples.Count >= MaxReasons) return;
            samples = new BottomK<DocumentSample>(DroppedSampleSize);
            DroppedSamples[key] = samples;
        }

        if (samples.Wants(hash)) samples.Offer(hash, DocumentSample.Of(document, reason, detail));
    }

    /// <summary>Adds another profile (of a committed shard) to this one.</summary>
    public void Merge(CorpusProfile other)
    {
        ReadChars.Merge(other.ReadChars);
        KeptChars.Merge(other.KeptChars);
        foreach (var (k, v) in other.Languages)
        {
            if (Languages.ContainsKey(k) || Languages.Count < MaxLanguages) Languages[k] = Languages.GetValueOrDefault(k) + v;
        }

        foreach (var (k, v) in other.Domains) AddDomain(k, v);
        DocumentsWithoutUrl += other.DocumentsWithoutUrl;
        DomainsPruned += other.DomainsPruned;
        foreach (var (k, v) in other.DuplicateClusters)
        {
            if (DuplicateClusters.ContainsKey(k) || DuplicateClusters.Count < MaxClusters) DuplicateClusters[k] = DuplicateClusters.GetValueOrDefault(k) + v;
            else ClustersTruncated = true;
        }

        ClustersTruncated |= other.ClustersTruncated;
        foreach (var (k, v) in other.Scores)
        {
            if (Scores.TryGetValue(k, out var mine)) mine.Merge(v);
            else if (Scores.Count < MaxScores) Scores[k] = v;
        }

        foreach (var (k, v) in other.Redactions) Redactions[k] = Redactions.GetValueOrDefault(k) + v;
        KeptSamples.Merge(other.KeptSamples);
        foreach (var (k, v) in other.DroppedSamples)
        {
            if (DroppedSamples.TryGetValue(k, out var mine)) mine.Merge(v);
            else if (DroppedSamples.Count < MaxReasons) DroppedSamples[k] = v;
        }
    }

    private void CountDomain(string? url)
    {
        // The same host key as filter.url_v1 and takedown lists (case, trailing dot, IDN as punycode), so a domain
        // read off the report can be pasted into a blocklist or takedown list as it is.
        if (UrlKeys.HostOf(url) is not { } host)
        {
            DocumentsWithoutUrl++;
            return;
        }

        AddDomain(host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host, 1);
    }

    private void AddDomain(string host, long n)
    {
        Domains[host] = Domains.GetValueOrDefault(host) + n;
        if (Domains.Count <= DomainCapacity) return;

        // Keep the busier half (ties by name, so the result is deterministic); what is dropped is counted, so the
        // report can say how approximate the tail is. Hosts with a real share are never near the cut.
        var cut = Domains.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Skip(DomainCapacity / 2).ToList();
        foreach (var (k, v) in cut)
        {
            Domains.Remove(k);
            DomainsPruned += v;
        }
    }

    private void AddScores(Document document, ulong hash, bool kept)
    {
        if (!document.HasAttributes) return;
        foreach (var (key, value) in document.Attributes)
        {
            if (key.StartsWith("pii.", StringComparison.Ordinal) || key.StartsWith("secrets.", StringComparison.Ordinal) ||
                key.StartsWith("dedup.", StringComparison.Ordinal) || AsNumber(value) is not { } number || !double.IsFinite(number))
            {
                continue;
            }

            if (!Scores.TryGetValue(key, out var sample))
            {
                if (Scores.Count >= MaxScores) continue;
                sample = new ScoreSample();
                Scores[key] = sample;
            }

            sample.Add(hash, number, kept);
        }
    }

    private static double? AsNumber(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        float f => f,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        _ => null,
    };

    // Cluster ids are the keeper's document id (a string); numbers are accepted from outputs written before that.
    private static long? ClusterKey(object? value) => value is string text ? (long)Hash(text) : AsNumber(value) is { } n ? (long)n : null;

    private static ulong Hash(string id) => XXH64.DigestOf(Encoding.UTF8.GetBytes(id));

    /// <summary>Writes the profile as a JSON object.</summary>
    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("read_chars");
        ReadChars.Write(w);
        w.WritePropertyName("kept_chars");
        KeptChars.Write(w);
        WriteCounts(w, "languages", Languages.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal));
        w.WriteStartObject("domains");
        w.WriteNumber("without_url", DocumentsWithoutUrl);
        w.WriteNumber("distinct", Domains.Count);
        w.WriteNumber("pruned", DomainsPruned);
        WriteCounts(w, "top", Domains.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(100));
        w.WriteEndObject();
        w.WriteStartObject("duplicate_clusters");
        w.WriteNumber("clusters", DuplicateClusters.Count);
        w.WriteBoolean("truncated", ClustersTruncated);
        w.WriteStartObject("by_size");
        foreach (var g in DuplicateClusters.Values.GroupBy(removed => removed + 1).OrderBy(g => g.Key))
            w.WriteNumber(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.LongCount());
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("scores");
        foreach (var (name, sample) in Scores.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(name);
            sample.Write(w);
        }

        w.WriteEndObject();
        WriteCounts(w, "redactions", Redactions.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        w.WriteStartArray("kept_samples");
        foreach (var s in KeptSamples.Items) s.Write(w);
        w.WriteEndArray();
        w.WriteStartObject("dropped_samples");
        foreach (var (key, samples) in DroppedSamples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteStartArray(key);
            foreach (var s in samples.Items) s.Write(w);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Saves the whole profile (samples with their hashes), so that profiles made by the tasks of a
    /// distributed run can be merged into the run's profile by another process (<see cref="Load"/>).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(1); // format version
        ReadChars.Save(w);
        KeptChars.Save(w);
        SaveCounts(w, Languages);
        SaveCounts(w, Domains);
        w.Write(DocumentsWithoutUrl);
        w.Write(DomainsPruned);
        w.Write(DuplicateClusters.Count);
        foreach (var (k, v) in DuplicateClusters)
        {
            w.Write(k);
            w.Write(v);
        }

        w.Write(ClustersTruncated);
        w.Write(Scores.Count);
        foreach (var (k, v) in Scores)
        {
            w.Write(k);
            v.Save(w);
        }

        SaveCounts(w, Redactions);
        KeptSamples.Save(w, (o, s) => s.Save(o));
        w.Write(DroppedSamples.Count);
        foreach (var (k, v) in DroppedSamples)
        {
            w.Write(k);
            v.Save(w, (o, s) => s.Save(o));
        }
    }

    /// <summary>Reads a profile written by <see cref="Save"/>.</summary>
    public static CorpusProfile Load(BinaryReader r)
    {
        if (r.ReadInt32() != 1) throw new InvalidDataException("not a corpus profile of format 1");
        var profile = new CorpusProfile();
        profile.ReadChars.Load(r);
        profile.KeptChars.Load(r);
        LoadCounts(r, profile.Languages);
        LoadCounts(r, profile.Domains);
        profile.DocumentsWithoutUrl = r.ReadInt64();
        profile.DomainsPruned = r.ReadInt64();
        for (var n = r.ReadInt32(); n > 0; n--) profile.DuplicateClusters[r.ReadInt64()] = r.ReadInt64();
        profile.ClustersTruncated = r.ReadBoolean();
        for (var n = r.ReadInt32(); n > 0; n--) profile.Scores[r.ReadString()] = ScoreSample.Load(r);
        LoadCounts(r, profile.Redactions);
        profile.KeptSamples.Load(r, DocumentSample.Load);
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var key = r.ReadString();
            var samples = new BottomK<DocumentSample>(DroppedSampleSize);
            samples.Load(r, DocumentSample.Load);
            profile.DroppedSamples[key] = samples;
        }

        return profile;
    }

    private static void SaveCounts(BinaryWriter w, Dictionary<string, long> counts)
    {
        w.Write(counts.Count);
        foreach (var (k, v) in counts)
        {
            w.Write(k);
            w.Write(v);
        }
    }

    private static void LoadCounts(BinaryReader r, Dictionary<string, long> counts)
    {
        for (var n = r.ReadInt32(); n > 0; n--) counts[r.ReadString()] = r.ReadInt64();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, long>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}

/// <summary>Counts of lengths in log-scale bins: bin <c>b</c> holds lengths in [2^(b/2), 2^((b+1)/2)), bin 0 also 0.</summary>
public sealed class LengthHistogram
{
    /// <summary>Number of bins (covers lengths up to 2^32).</summary>
    public const int Bins = 64;

    private readonly long[] _counts = new long[Bins];

    /// <summary>Documents counted.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of lengths.</summary>
    public long Sum { get; private set; }

    /// <summary>Counts per bin.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Lower edge of bin <paramref name="bin"/>.</summary>
    public static double LowerEdge(int bin) => bin == 0 ? 0 : Math.Pow(2, bin / 2.0);

    /// <summary>Counts one length.</summary>
    public void Add(long length)
    {
        var bin = length <= 1 ? 0 : Math.Min(Bins - 1, (int)Math.Floor(2 * Math.Log2(length)));
        _counts[bin]++;
        Count++;
        Sum += length;
    }

    /// <summary>Adds another histogram's counts.</summary>
    public void Merge(LengthHistogram other)
    {
        for (var i = 0; i < Bins; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        Sum += other.Sum;
    }

    internal void Save(BinaryWriter w)
    {
        w.Write(Count);
        w.Write(Sum);
        foreach (var c in _counts) w.Write(c);
    }

    internal void Load(BinaryReader r)
    {
        Count = r.ReadInt64();
        Sum = r.ReadInt64();
        for (var i = 0; i < Bins; i++) _counts[i] = r.ReadInt64();
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("bins", "log2: bin b holds lengths in [2^(b/2), 2^((b+1)/2)); bin 0 also holds 0 and 1");
        w.WriteNumber("count", Count);
        w.WriteNumber("sum", Sum);
        w.WriteStartArray("counts");
        var last = Array.FindLastIndex(_counts, c => c > 0);
        for (var i = 0; i <= last; i++) w.WriteNumberValue(_counts[i]);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>Count, range and mean of one numeric attribute, with a bottom-k sample of its values (and whether each
/// document was kept) for drawing its distribution.</summary>
public sealed class ScoreSample
{
    private readonly BottomK<(double Value, bool Kept)> _values = new(CorpusProfile.ScoreSampleSize);

    /// <summary>Documents that carried the attribute.</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest value.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Sum of values.</summary>
    public double Sum { get; private set; }

    /// <summary>The sampled values.</summary>
    public IReadOnlyList<(double Value, bool Kept)> Values => _values.Items;

    /// <summary>Records one value.</summary>
    public void Add(ulong hash, double value, bool kept)
    {
        Count++;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Sum += value;
        _values.Offer(hash, (value, kept));
    }

    /// <summary>Adds another sample.</summary>
    public void Merge(ScoreSample other)
    {
        Count += other.Count;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Sum += other.Sum;
        _values.Merge(other._values);
    }

    internal void Save(BinaryWriter w)
    {
        w.Write(Count);
        w.Write(Min);
        w.Write(Max);
        w.Write(Sum);
        _values.Save(w, (o, v) =>
        {
            o.Write(v.Value);
            o.Write(v.Kept);
        });
    }

    internal static ScoreSample Load(BinaryReader r)
    {
        var sample = new ScoreSample { Count = r.ReadInt64(), Min = r.ReadDouble(), Max = r.ReadDouble(), Sum = r.ReadDouble() };
        sample._values.Load(r, i => (i.ReadDouble(), i.ReadBoolean()));
        return sample;
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("count", Count);
        w.WriteNumber("min", Count > 0 ? Min : 0);
        w.WriteNumber("max", Count > 0 ? Max : 0);
        // Rounded: the sum depends on the order values arrive in, in the last bits.
        w.WriteNumber("mean", Count > 0 ? Math.Round(Sum / Count, 9) : 0);
        w.WriteStartArray("sample");
        foreach (var (value, _) in _values.Items) w.WriteNumberValue(Math.Round(value, 6));
        w.WriteEndArray();
        w.WriteStartArray("sample_kept");
        foreach (var (_, kept) in _values.Items) w.WriteBooleanValue(kept);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>A sample document for a report: id, where it came from, and the start of its text.</summary>
public sealed record DocumentSample(string Id, string? Url, string Provenance, int Chars, string Text, string? Reason, string? Detail)
{
    /// <summary>Takes the sample from a document (text cut to <see cref="CorpusProfile.SampleChars"/>).</summary>
    public static DocumentSample Of(Document document, string? reason, string? detail) => new(
        document.Id, document.Url, document.Provenance.ToString(), document.Text.Length,
        document.Text.Length > CorpusProfile.SampleChars ? document.Text[..CorpusProfile.SampleChars] : document.Text, reason, detail);

    internal void Save(BinaryWriter w)
    {
        w.Write(Id);
        SaveOptional(w, Url);
        w.Write(Provenance);
        w.Write(Chars);
        w.Write(Text);
        SaveOptional(w, Reason);
        SaveOptional(w, Detail);
    }

    internal static DocumentSample Load(BinaryReader r) =>
        new(r.ReadString(), LoadOptional(r), r.ReadString(), r.ReadInt32(), r.ReadString(), LoadOptional(r), LoadOptional(r));

    private static void SaveOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    private static string? LoadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        if (Url is not null) w.WriteString("url", Url);
        w.WriteString("provenance", Provenance);
        w.WriteNumber("chars", Chars);
        if (Reason is not null) w.WriteString("reason", Reason);
        if (Detail is not null) w.WriteString("detail", Detail);
        w.WriteString("text", Text);
        w.WriteEndObject();
    }
}

/// <summary>Keeps the <c>k</c> items with the smallest hashes offered; the hash decides, never arrival order, so
/// samples do not depend on threads and two samples merge into the sample of their union.</summary>
/// <remarks>A max-heap on the hash: an offer costs O(1) when it loses (the usual case) and O(log k) when it wins.</remarks>
public sealed class BottomK<T>(int k)
{
    private readonly (ulong Hash, T Item)[] _heap = new (ulong, T)[k];
    private int _count;

    /// <summary>The kept items, in hash order.</summary>
    public IReadOnlyList<T> Items => _heap.AsSpan(0, _count).ToArray().OrderBy(e => e.Hash).Select(e => e.Item).ToList();

    /// <summary>True when an item with <paramref name="hash"/> would be kept (so it is worth making).</summary>
    public bool Wants(ulong hash) => k > 0 && (_count < k || hash < _heap[0].Hash);

    /// <summary>Offers an item.</summary>
    public void Offer(ulong hash, T item)
    {
        if (_count == k && hash >= _heap[0].Hash) return;
        Add(hash, item);
    }

    internal void Save(BinaryWriter w, Action<BinaryWriter, T> item)
    {
        w.Write(_count);
        for (var i = 0; i < _count; i++)
        {
            w.Write(_heap[i].Hash);
            item(w, _heap[i].Item);
        }
    }

    internal void Load(BinaryReader r, Func<BinaryReader, T> item)
    {
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var hash = r.ReadUInt64();
            Offer(hash, item(r));
        }
    }

    /// <summary>Adds every item of another sample.</summary>
    public void Merge(BottomK<T> other)
    {
        for (var i = 0; i < other._count; i++) Offer(other._heap[i].Hash, other._heap[i].Item);
    }

    private void Add(ulong hash, T item)
    {
        if (k == 0) return;
        if (_count < k)
        {
            // Sift up.
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (_heap[parent].Hash >= hash) break;
                _heap[i] = _heap[parent];
                i = parent;
            }

            _heap[i] = (hash, item);
            return;
        }

        // Replace the largest (the root) and sift down.
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _heap[child + 1].Hash > _heap[child].Hash) child++;
            if (_heap[child].Hash <= hash) break;
            _heap[at] = _heap[child];
            at = child;
        }

        _heap[at] = (hash, item);
    }
}
