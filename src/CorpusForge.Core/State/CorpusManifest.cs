using System.Text.Json;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.State;

/// <summary>The corpus folder's <c>manifest.json</c>: a versioned list of snapshots, one per completed run, each
/// describing the corpus as its commit records stood at the end of that run.</summary>
public sealed class CorpusManifest
{
    /// <summary>Format name.</summary>
    public const string FormatName = "corpusforge.corpus";

    /// <summary>Format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>File name in the corpus folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Format name (checked on load).</summary>
    public string Format { get; set; } = FormatName;

    /// <summary>Format version (checked on load).</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Snapshots, oldest first.</summary>
    public List<CorpusSnapshot> Snapshots { get; set; } = [];

    /// <summary>Id the next snapshot will get.</summary>
    public int NextId => Snapshots.Count == 0 ? 1 : Snapshots[^1].Id + 1;

    /// <summary>Loads the manifest of <paramref name="corpus"/> (empty when there is none).</summary>
    public static CorpusManifest Load(string corpus)
    {
        var path = Path.Combine(corpus, FileName);
        if (!File.Exists(path)) return new CorpusManifest();
        var manifest = JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllBytes(path), JsonOptions)
                       ?? throw new InvalidDataException($"{path}: empty corpus manifest");
        if (manifest.Format != FormatName || manifest.Version != CurrentVersion)
            throw new InvalidDataException($"{path}: format '{manifest.Format}' version {manifest.Version} is not {FormatName} version {CurrentVersion}");
        return manifest;
    }

    /// <summary>Adds a snapshot of the committed inputs in <paramref name="stores"/> and writes the manifest atomically.</summary>
    public static CorpusSnapshot Record(string corpus, string pipeline, IReadOnlyDictionary<string, CommitStore> stores, string note, TakedownSummary? takedown = null)
    {
        var manifest = Load(corpus);
        var snapshot = new CorpusSnapshot
        {
            Id = manifest.NextId,
            CreatedAt = DateTimeOffset.UtcNow.ToString("O"),
            Pipeline = pipeline,
            Note = note,
            Takedown = takedown,
        };
        foreach (var (phase, store) in stores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var commits = store.Entries.Values.ToList();
            snapshot.Phases[phase] = new SnapshotPhase
            {
                Inputs = commits.Count,
                InputBytes = commits.Sum(c => c.Length),
                DocumentsIn = commits.Sum(c => c.DocumentsIn),
                Documents = commits.Sum(c => c.DocumentsKept),
                OutputFiles = commits.Sum(c => c.Outputs.Count),
                // The configuration of the most recent commit stands for the phase (a stale mix is refused earlier).
                Components = commits.OrderBy(c => c.Ordinal).LastOrDefault()?.Config ?? new SortedDictionary<string, string>(StringComparer.Ordinal),
            };
        }

        manifest.Snapshots.Add(snapshot);
        AtomicFile.WriteAllText(Path.Combine(corpus, FileName), JsonSerializer.Serialize(manifest, JsonOptions));
        return snapshot;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>One snapshot: what the corpus held when a run completed.</summary>
public sealed class CorpusSnapshot
{
    /// <summary>1, 2, … in order.</summary>
    public int Id { get; set; }

    /// <summary>When it was recorded (UTC, ISO 8601).</summary>
    public string CreatedAt { get; set; } = "";

    /// <summary>Pipeline name.</summary>
    public string Pipeline { get; set; } = "";

    /// <summary>What made it (a run, a takedown).</summary>
    public string Note { get; set; } = "";

    /// <summary>What a takedown removed (null for a run).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TakedownSummary? Takedown { get; set; }

    /// <summary>Per phase: committed inputs and what they hold.</summary>
    public SortedDictionary<string, SnapshotPhase> Phases { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A phase in a snapshot.</summary>
public sealed class SnapshotPhase
{
    /// <summary>Committed inputs.</summary>
    public int Inputs { get; set; }

    /// <summary>Their bytes.</summary>
    public long InputBytes { get; set; }

    /// <summary>Documents read from them.</summary>
    public long DocumentsIn { get; set; }

    /// <summary>Documents in the outputs.</summary>
    public long Documents { get; set; }

    /// <summary>Output files.</summary>
    public int OutputFiles { get; set; }

    /// <summary>Every component's options (its fingerprint), by component.</summary>
    public SortedDictionary<string, string> Components { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What one <c>corpusforge remove</c> did.</summary>
public sealed class TakedownSummary
{
    /// <summary>url, domain or id.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The list file's name.</summary>
    public string ListFile { get; set; } = "";

    /// <summary>SHA-256 of the list file's bytes.</summary>
    public string ListSha256 { get; set; } = "";

    /// <summary>Usable entries in the list.</summary>
    public int Entries { get; set; }

    /// <summary>Documents removed per rewritten file (relative to the corpus folder).</summary>
    public SortedDictionary<string, long> RemovedPerFile { get; set; } = new(StringComparer.Ordinal);
}
