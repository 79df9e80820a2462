using System.Text.Json;

namespace CorpusForge.Core.State;

/// <summary>The record of input shards a corpus has fully processed: one JSON line per completed shard, appended
/// after its outputs were published. A shard is skipped by a later run only when its fingerprint (input identity +
/// configuration of every component that touched it) is unchanged.</summary>
public sealed class ShardLedger
{
    /// <summary>Ledger format version, stored in every line.</summary>
    public const int Version = 1;

    private readonly string _path;
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);

    private ShardLedger(string path) => _path = path;

    /// <summary>Completed shards by shard key (the latest entry of each).</summary>
    public IReadOnlyDictionary<string, LedgerEntry> Entries => _entries;

    /// <summary>Opens (or starts) the ledger at <paramref name="path"/>. A torn last line from a killed run is ignored.</summary>
    public static ShardLedger Open(string path)
    {
        var ledger = new ShardLedger(path);
        if (!File.Exists(path)) return ledger;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var entry = JsonSerializer.Deserialize<LedgerEntry>(line, JsonOptions);
                if (entry is not null) ledger._entries[entry.Shard] = entry;
            }
            catch (JsonException)
            {
                // A line cut short by a kill: its shard was not recorded, so it is simply processed again.
            }
        }

        return ledger;
    }

    /// <summary>True when the shard was completed with this exact fingerprint.</summary>
    public bool IsComplete(string shard, string fingerprint) =>
        _entries.TryGetValue(shard, out var e) && e.Fingerprint == fingerprint;

    /// <summary>Records a completed shard durably (flushed to disk before returning).</summary>
    public void Append(LedgerEntry entry)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var line = JsonSerializer.Serialize(entry, JsonOptions) + "\n";
        using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        _entries[entry.Shard] = entry;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };
}

/// <summary>One completed shard.</summary>
/// <param name="Shard">Stable shard key (also the base name of its output files).</param>
/// <param name="Input">The input file, as given to the reader.</param>
/// <param name="Fingerprint">Input identity + component configuration hash.</param>
/// <param name="Outputs">Files published for the shard, relative to the corpus folder.</param>
/// <param name="DocumentsIn">Documents and bad records read.</param>
/// <param name="DocumentsKept">Documents written.</param>
/// <param name="CompletedAt">When it was committed (UTC, ISO 8601).</param>
/// <param name="V">Ledger format version.</param>
public sealed record LedgerEntry(
    string Shard,
    string Input,
    string Fingerprint,
    IReadOnlyList<string> Outputs,
    long DocumentsIn,
    long DocumentsKept,
    string CompletedAt,
    int V = ShardLedger.Version);
