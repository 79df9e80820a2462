using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Dedup;

/// <summary>What <see cref="LineDedupStage"/> compares.</summary>
public enum DedupUnit
{
    /// <summary>Each line.</summary>
    Line,
    /// <summary>Each block of lines between blank lines.</summary>
    Paragraph,
}

/// <summary>Options of <see cref="LineDedupStage"/>.</summary>
public sealed class LineDedupOptions : IValidatableOptions
{
    /// <summary>Line or paragraph.</summary>
    [Description("Unit compared: line, or paragraph (lines between blank lines).")]
    public DedupUnit Unit { get; set; } = DedupUnit.Line;

    /// <summary>Documents that may contain a unit before it is removed from later ones.</summary>
    [Description("How many documents may contain a line before it is removed from the following ones (1 = keep only the first copy, as CCNet does).")]
    public int MaxDocuments { get; set; } = 1;

    /// <summary>Shorter units (normalised) are never removed.</summary>
    [Description("Lines shorter than this (after normalisation) are neither counted nor removed.")]
    public int MinChars { get; set; } = 10;

    /// <summary>Counts held in memory.</summary>
    [Description("Distinct lines counted in memory; beyond it, lines seen only once are forgotten first (bounds memory).")]
    public int MaxEntries { get; set; } = 20_000_000;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxDocuments < 1) yield return "max_documents must be at least 1";
        if (MinChars < 0) yield return "min_chars must not be negative";
        if (MaxEntries < 1000) yield return "max_entries must be at least 1000";
    }
}

/// <summary>Removes lines (or paragraphs) that already appeared in other documents, the CCNet approach to boilerplate
/// that survived extraction: each unit is normalised (case, digits, punctuation, white space) and hashed; once
/// <see cref="LineDedupOptions.MaxDocuments"/> documents contained it, later copies are cut. Counts persist across runs.</summary>
/// <remarks>Wenzek et al., CCNet (2019), §3.3: paragraph-level deduplication by normalised SHA-1 over shards. Here
/// the counts are exact until <see cref="LineDedupOptions.MaxEntries"/> distinct units; then units seen once are
/// forgotten, which keeps memory bounded at the cost of missing some rare repeats.</remarks>
[Component("dedup.lines_v1", "Remove lines or paragraphs repeated across documents (CCNet-style boilerplate removal), persistent across runs", Sequential = true)]
public sealed class LineDedupStage : IDocumentStage, IStageLifecycle, IShardAware
{
    /// <summary>Format version of the persisted counts (2: one file per committed input).</summary>
    public const int FormatVersion = 2;

    private const NormalizationFlags Flags = NormalizationFlags.Lowercase | NormalizationFlags.CollapseWhitespace
        | NormalizationFlags.StripPunctuation | NormalizationFlags.NormalizeDigits;

    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("CFLNC002"u8);
    private readonly LineDedupOptions _options;
    private readonly ComponentContext _context;
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<ulong, int>> _pending = new(StringComparer.Ordinal);
    private Dictionary<ulong, int>? _counts;
    private long _removedUnits;
    private long _nextOrder;

    /// <summary>Creates the stage.</summary>
    public LineDedupStage(LineDedupOptions options, ComponentContext context)
    {
        _options = options;
        _context = context;
    }

    // One file per committed input holding the counts it added (the engine publishes it with the input's commit
    // record and deletes it when the input is withdrawn); the counts are their sum, replayed in commit order.
    private string InputsFolder => Path.Combine(_context.StateDirectory, $"inputs-{_options.Unit.ToString().ToLowerInvariant()}");

    /// <inheritdoc />
    public void Open() => EnsureLoaded();

    /// <inheritdoc />
    public void Close()
    {
        lock (_gate)
        {
            if (_counts is null) return;
            // Counts of shards whose fate was never reported are not kept (see PersistentDedupStage.Close).
            _pending.Clear();
            _context.Log($"dedup.lines_v1: removed {_removedUnits} repeated {_options.Unit.ToString().ToLowerInvariant()}s this run; {_counts.Count} distinct counted");
            _counts = null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ShardCommitted(string shardKey)
    {
        lock (_gate)
        {
            var counts = EnsureLoaded();
            if (!_pending.Remove(shardKey, out var delta)) return [];
            var path = Path.Combine(InputsFolder, shardKey + ".counts");
            Save(path, _nextOrder++, delta);
            Merge(counts, delta);
            return [path];
        }
    }

    /// <inheritdoc />
    public void ShardAborted(string shardKey)
    {
        lock (_gate)
        {
            foreach (var shard in _pending.Keys.Where(s => s == shardKey).ToList()) _pending.Remove(shard);
        }
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var text = document.Text;
        var units = Split(text);
        var seen = new HashSet<ulong>();
        var keep = new bool[units.Count];
        var removedChars = 0;
        var removed = 0;
        lock (_gate)
        {
            var counts = EnsureLoaded();
            var identity = document.ShardKey ?? "";
            if (!_pending.TryGetValue(identity, out var delta)) _pending[identity] = delta = [];
            for (var i = 0; i < units.Count; i++)
            {
                keep[i] = true;
                var unit = text.AsSpan(units[i].Start, units[i].Length);
                var normal = NormalizedTextHash.Normalize(unit.ToString(), Flags);
                if (normal.Length < _options.MinChars || normal.Length == 0) continue;
                var hash = Hashing.XxHash64(MemoryMarshal.AsBytes(normal.AsSpan()), 0);
                if (!seen.Add(hash)) continue;
                var count = counts.GetValueOrDefault(hash);
                foreach (var shard in _pending.Values) count += shard.GetValueOrDefault(hash);
                if (count >= _options.MaxDocuments)
                {
                    keep[i] = false;
                    removed++;
                    removedChars += units[i].Length;
                }

                CollectionsMarshal.GetValueRefOrAddDefault(delta, hash, out _)++;
            }
        }

        if (removed == 0) return StageResult.Keep;
        _removedUnits += removed;
        var separator = _options.Unit == DedupUnit.Line ? "\n" : "\n\n";
        var kept = string.Join(separator, units.Where((_, i) => keep[i]).Select(u => text.Substring(u.Start, u.Length)));
        if (string.IsNullOrWhiteSpace(kept)) return StageResult.Drop("only_duplicate_lines", $"{removed} repeated {_options.Unit.ToString().ToLowerInvariant()}s");
        var replacement = document.WithText(kept);
        replacement.Attributes["dedup.lines_removed"] = (long)removed;
        replacement.Attributes["dedup.chars_removed"] = (long)removedChars;
        return StageResult.Replace(replacement);
    }

    private List<(int Start, int Length)> Split(string text)
    {
        var units = new List<(int, int)>();
        if (_options.Unit == DedupUnit.Line)
        {
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '\n') continue;
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                units.Add((start, end - start));
                start = i + 1;
            }

            return units;
        }

        var paragraphStart = 0;
        var index = 0;
        while (index <= text.Length)
        {
            var blank = text.IndexOf("\n\n", index, StringComparison.Ordinal);
            var end = blank < 0 ? text.Length : blank;
            units.Add((paragraphStart, end - paragraphStart));
            if (blank < 0) break;
            index = blank + 2;
            while (index < text.Length && text[index] == '\n') index++;
            paragraphStart = index;
        }

        return units;
    }

    private Dictionary<ulong, int> EnsureLoaded()
    {
        if (_counts is not null) return _counts;
        var counts = new Dictionary<ulong, int>();
        var inputs = new List<(long Order, Dictionary<ulong, int> Delta)>();
        if (Directory.Exists(InputsFolder))
        {
            foreach (var path in Directory.EnumerateFiles(InputsFolder, "*.counts")) inputs.Add(Load(path));
        }

        foreach (var (order, delta) in inputs.OrderBy(i => i.Order))
        {
            Merge(counts, delta);
            _nextOrder = Math.Max(_nextOrder, order + 1);
        }

        return _counts = counts;
    }

    private void Merge(Dictionary<ulong, int> counts, Dictionary<ulong, int> delta)
    {
        foreach (var (hash, n) in delta.OrderBy(p => p.Key)) CollectionsMarshal.GetValueRefOrAddDefault(counts, hash, out _) += n;
        if (counts.Count > _options.MaxEntries) Evict(counts);
    }

    private static (long Order, Dictionary<ulong, int> Delta) Load(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        var header = new byte[32];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != FormatVersion)
            throw new InvalidDataException($"{path}: not a line-count file of version {FormatVersion}");
        var order = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        var n = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        var delta = new Dictionary<ulong, int>((int)Math.Min(n, int.MaxValue));
        var record = new byte[12];
        for (long i = 0; i < n; i++)
        {
            stream.ReadExactly(record);
            delta[BinaryPrimitives.ReadUInt64LittleEndian(record)] = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(8));
        }

        return (order, delta);
    }

    // Layout: magic CFLNC002, int32 version, 4 reserved bytes, int64 commit order, int64 count, then (uint64 hash,
    // int32 count) records sorted by hash.
    private static void Save(string path, long order, Dictionary<ulong, int> delta)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = AtomicFile.Create(path);
        // Not disposed: that would close the file before AtomicFile.Commit could fsync it.
        var stream = new BufferedStream(file.Stream, 1 << 20);
        {
            var header = new byte[32];
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), order);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), delta.Count);
            stream.Write(header);
            var record = new byte[12];
            foreach (var hash in delta.Keys.Order())
            {
                BinaryPrimitives.WriteUInt64LittleEndian(record, hash);
                BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), delta[hash]);
                stream.Write(record);
            }
        }

        stream.Flush();
        file.Commit();
    }

    // Forgets the least repeated units until a quarter of the budget is free again.
    private void Evict(Dictionary<ulong, int> counts)
    {
        var target = _options.MaxEntries * 3L / 4;
        for (var threshold = 1; counts.Count > target; threshold++)
        {
            foreach (var hash in counts.Where(p => p.Value <= threshold).Select(p => p.Key).ToList())
            {
                counts.Remove(hash);
                if (counts.Count <= target) break;
            }
        }
    }
}
