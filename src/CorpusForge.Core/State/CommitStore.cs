using System.Text.Json;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.State;

/// <summary>The commit records of one phase: one file per committed input, <c>commits/KEY.json</c>, the only thing
/// that makes an input's contributions (published outputs, removed-document files, every stateful stage's segment
/// files) part of the corpus.</summary>
/// <remarks>
/// Protocol, per input: every file the input produced is finished under a temporary name and fsync'd; the record
/// naming them (with the renames still to do) is written to a temporary name, fsync'd, renamed to <c>KEY.json</c>
/// and its folder fsync'd: that rename is the commit point. Then the renames are done. On open, renames a record
/// names whose temporary file still exists are redone (a kill after the commit point), so the caller may then delete
/// every other temporary name. Retraction (reprocessing an input) renames the record to <c>KEY.retracting</c>
/// first, then deletes the files it names, then the record; a kill in between is finished on open. One file per
/// input means that several processes committing different inputs never write the same file.
/// </remarks>
public sealed class CommitStore
{
    /// <summary>Commit record format version.</summary>
    public const int Version = 1;

    private const string RecordExtension = ".json";
    private const string RetractingExtension = ".retracting";
    private readonly string _folder;
    private readonly string _corpus;
    private readonly Dictionary<string, InputCommit> _entries = new(StringComparer.Ordinal);

    private CommitStore(string folder, string corpus)
    {
        _folder = folder;
        _corpus = corpus;
    }

    /// <summary>Committed inputs by shard key.</summary>
    public IReadOnlyDictionary<string, InputCommit> Entries => _entries;

    /// <summary>Committed inputs in the order they were committed.</summary>
    public IReadOnlyList<InputCommit> InOrder => [.. _entries.Values.OrderBy(e => e.Ordinal).ThenBy(e => e.Shard, StringComparer.Ordinal)];

    /// <summary>The next commit ordinal (one more than any committed).</summary>
    public long NextOrdinal => _entries.Count == 0 ? 0 : _entries.Values.Max(e => e.Ordinal) + 1;

    /// <summary>Opens the records in <paramref name="folder"/>, finishing what a killed run left half done
    /// (retractions, renames after a commit point). Paths in records are relative to <paramref name="corpus"/>.</summary>
    public static CommitStore Open(string folder, string corpus) => Open(folder, corpus, null);

    /// <summary>Opens the records in <paramref name="folder"/> while other processes may be committing other inputs
    /// to it (tasks of a distributed run): only the inputs <paramref name="mine"/> accepts are recovered, so this
    /// process never finishes renames another process is doing. Null recovers every input.</summary>
    public static CommitStore Open(string folder, string corpus, Func<string, bool>? mine)
    {
        var store = new CommitStore(folder, corpus);
        if (!Directory.Exists(folder)) return store;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + RetractingExtension).Order(StringComparer.Ordinal))
        {
            if (mine is null || mine(Path.GetFileNameWithoutExtension(path))) store.FinishRetraction(path);
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*" + RecordExtension).Order(StringComparer.Ordinal))
        {
            var record = Read(path);
            if (mine is null || mine(record.Shard)) store.FinishRenames(record, touched);
            store._entries[record.Shard] = record;
        }

        foreach (var directory in touched) Durability.SyncDirectory(directory);
        return store;
    }

    /// <summary>Opens only the records of <paramref name="shards"/> (a task of a distributed run, which owns them):
    /// with thousands of tasks over hundreds of thousands of inputs, each reads its own few records, not all of them.
    /// Their interrupted retractions and renames are finished; nothing else in the folder is touched.</summary>
    public static CommitStore OpenSome(string folder, string corpus, IEnumerable<string> shards)
    {
        var store = new CommitStore(folder, corpus);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            var path = store.RecordPath(shard);
            var retracting = Path.ChangeExtension(path, RetractingExtension);
            if (File.Exists(retracting)) store.FinishRetraction(retracting);
            if (!File.Exists(path)) continue;
            var record = Read(path);
            store.FinishRenames(record, touched);
            store._entries[record.Shard] = record;
        }

        foreach (var directory in touched) Durability.SyncDirectory(directory);
        return store;
    }

    // A retraction record written before a kill: its files are deleted, then the record (the withdrawal completes).
    private void FinishRetraction(string retractingPath)
    {
        DeleteFiles(Read(retractingPath));
        File.Delete(retractingPath);
    }

    // A commit record is the commit point: renames it lists that a kill interrupted are done now; the folders of the
    // renamed files are collected in touched, to be synced once.
    private void FinishRenames(InputCommit record, HashSet<string> touched)
    {
        foreach (var move in record.Moves)
        {
            var temp = Full(move[0]);
            if (!File.Exists(temp)) continue;
            var final = Full(move[1]);
            File.Move(temp, final, overwrite: true);
            touched.Add(Path.GetDirectoryName(final)!);
        }
    }

    /// <summary>Makes <paramref name="record"/> durable, then publishes <paramref name="staged"/> (the files its
    /// input produced, still under temporary names) by rename.</summary>
    public void Commit(InputCommit record, IReadOnlyList<StagedFile> staged)
    {
        Directory.CreateDirectory(_folder);
        record.Moves = [.. staged.Select(f => new[] { Relative(f.TempPath), Relative(f.FinalPath) })];
        var path = RecordPath(record.Shard);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions));
                stream.Flush(flushToDisk: true);
            }

            Durability.MoveDurably(temp, path);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in staged)
        {
            File.Move(file.TempPath, file.FinalPath, overwrite: true);
            touched.Add(Path.GetDirectoryName(file.FinalPath)!);
        }

        foreach (var directory in touched) Durability.SyncDirectory(directory);
        _entries[record.Shard] = record;
    }

    /// <summary>Withdraws an input: afterwards its outputs and state files are gone and it counts as never processed.</summary>
    public void Retract(string shard)
    {
        if (!_entries.Remove(shard, out var record)) return;
        var path = RecordPath(shard);
        var retracting = Path.ChangeExtension(path, RetractingExtension);
        Durability.MoveDurably(path, retracting);
        DeleteFiles(record);
        File.Delete(retracting);
    }

    /// <summary>Every file an input contributed, relative to the corpus folder.</summary>
    public static IEnumerable<string> FilesOf(InputCommit record) => record.Outputs.Concat(record.State);

    private void DeleteFiles(InputCommit record)
    {
        foreach (var file in FilesOf(record))
        {
            var full = Full(file);
            if (File.Exists(full)) File.Delete(full);
        }
    }

    private string RecordPath(string shard) => Path.Combine(_folder, shard + RecordExtension);

    private string Full(string relative) => Path.GetFullPath(Path.Combine(_corpus, relative));

    private string Relative(string path) => Path.GetRelativePath(_corpus, path).Replace('\\', '/');

    /// <summary>A record's bytes as the store writes them (for rewriting a record through another redo log).</summary>
    public static byte[] ToBytes(InputCommit record) => JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions);

    private static InputCommit Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<InputCommit>(File.ReadAllBytes(path), JsonOptions)
                   ?? throw new InvalidDataException($"{path}: empty commit record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable commit record ({e.Message}); records are written atomically, so something else changed the file", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The commit record of one input: what it is, the configuration that processed it, and every file it
/// contributed. Paths are relative (the input to the pipeline folder, files to the corpus folder), so a copied
/// corpus folder resumes.</summary>
public sealed class InputCommit
{
    /// <summary>Record format version.</summary>
    public int V { get; set; } = CommitStore.Version;

    /// <summary>Stable shard key (also the base name of its output files).</summary>
    public string Shard { get; set; } = "";

    /// <summary>The input file, relative to the pipeline file's folder.</summary>
    public string Input { get; set; } = "";

    /// <summary>Input identity + configuration hash; an input is skipped only when it is unchanged.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Input size in bytes.</summary>
    public long Length { get; set; }

    /// <summary>Last write time (UTC ticks): while size and time are unchanged the content hash is not recomputed.</summary>
    public long Stamp { get; set; }

    /// <summary>xxHash64 of the input's bytes (hex).</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Position in commit order.</summary>
    public long Ordinal { get; set; }

    /// <summary>Options of every component that processed the input (component → canonical options).</summary>
    public SortedDictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Published output and removed-document files.</summary>
    public List<string> Outputs { get; set; } = [];

    /// <summary>State files of stateful stages (segments named by the input).</summary>
    public List<string> State { get; set; } = [];

    /// <summary>Renames (temporary, final) done after the commit point; redone on open when interrupted.</summary>
    public List<string[]> Moves { get; set; } = [];

    /// <summary>Documents and bad records read.</summary>
    public long DocumentsIn { get; set; }

    /// <summary>Documents written.</summary>
    public long DocumentsKept { get; set; }

    /// <summary>Seconds the input took from its first document to its commit (for refresh estimates).</summary>
    public double Seconds { get; set; }

    /// <summary>When it was committed (UTC, ISO 8601).</summary>
    public string CompletedAt { get; set; } = "";
}
