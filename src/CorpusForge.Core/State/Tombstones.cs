using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Text;

namespace CorpusForge.Core.State;

/// <summary>What a takedown list names: URLs, domains (with their subdomains) or document ids.</summary>
public enum TakedownKind
{
    /// <summary>Exact URLs, compared in <see cref="UrlKeys.NormalizeUrl(string)"/> form.</summary>
    Url,
    /// <summary>Domains; a document matches when its URL's host is the domain or a subdomain of it.</summary>
    Domain,
    /// <summary>Document ids, compared exactly.</summary>
    Id,
}

/// <summary>The corpus's tombstones (<c>state/takedowns/tombstones.json</c>): every URL, domain and id ever taken
/// down. The engine drops matching documents before the stages of every later run (reason
/// <c>takedown:url|domain|id</c>), so a refresh never brings them back.</summary>
public sealed class Tombstones
{
    /// <summary>File format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version (checked on load).</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Normalised URLs.</summary>
    public SortedSet<string> Urls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Domain keys (<see cref="UrlKeys.DomainKey"/>).</summary>
    public HashSet<string> Domains { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Document ids.</summary>
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when nothing has been taken down.</summary>
    public bool IsEmpty => Urls.Count == 0 && Domains.Count == 0 && Ids.Count == 0;

    /// <summary>Path of the tombstone file in <paramref name="corpus"/>.</summary>
    public static string PathIn(string corpus) => Path.Combine(corpus, "state", "takedowns", "tombstones.json");

    /// <summary>Loads the tombstones of <paramref name="corpus"/> (empty when there are none).</summary>
    public static Tombstones Load(string corpus)
    {
        var path = PathIn(corpus);
        if (!File.Exists(path)) return new Tombstones();
        try
        {
            var loaded = JsonSerializer.Deserialize<Tombstones>(File.ReadAllBytes(path), JsonOptions) ?? throw new InvalidDataException($"{path}: empty tombstone list");
            if (loaded.Version != CurrentVersion) throw new InvalidDataException($"{path}: tombstone list version {loaded.Version} is not {CurrentVersion}");
            loaded.Domains = new HashSet<string>(loaded.Domains, StringComparer.Ordinal);
            return loaded;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable tombstone list ({e.Message})", e);
        }
    }

    /// <summary>Normalises list entries of <paramref name="kind"/> into keys (entries that give no key are returned in
    /// <paramref name="invalid"/>).</summary>
    public static List<string> Keys(TakedownKind kind, IEnumerable<string> entries, List<string> invalid)
    {
        var keys = new List<string>();
        foreach (var entry in entries)
        {
            var key = kind switch
            {
                TakedownKind.Url => UrlKeys.NormalizeUrl(entry),
                TakedownKind.Domain => UrlKeys.DomainKey(entry) is { Length: > 0 } d ? d : null,
                _ => entry,
            };
            if (key is null) invalid.Add(entry);
            else keys.Add(key);
        }

        return keys;
    }

    /// <summary>Adds keys (already normalised by <see cref="Keys"/>).</summary>
    public void Add(TakedownKind kind, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _ = kind switch
            {
                TakedownKind.Url => Urls.Add(key),
                TakedownKind.Domain => Domains.Add(key),
                _ => Ids.Add(key),
            };
        }
    }

    /// <summary>The takedown reason for a document with this id and URL, or null when it is not taken down.</summary>
    public string? Match(string id, string? url)
    {
        if (Ids.Count > 0 && Ids.Contains(id)) return "takedown:id";
        if (Urls.Count == 0 && Domains.Count == 0) return null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
        if (Urls.Count > 0 && Urls.Contains(UrlKeys.NormalizeUrl(uri))) return "takedown:url";
        if (Domains.Count > 0 && UrlKeys.MatchDomain(Domains, UrlKeys.NormalizeHost(uri.IdnHost)) is not null) return "takedown:domain";
        return null;
    }

    /// <summary>The takedown reason for <paramref name="document"/>, or null.</summary>
    public string? Match(Document document) => Match(document.Id, document.Url);

    /// <summary>The file's bytes (domains sorted, so the same list gives the same file).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            foreach (var (name, values) in new[] { ("urls", Urls.AsEnumerable()), ("domains", Domains.Order(StringComparer.Ordinal)), ("ids", Ids.AsEnumerable()) })
            {
                w.WriteStartArray(name);
                foreach (var v in values) w.WriteStringValue(v);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>The redo log of a takedown (<c>state/takedowns/pending.json</c>): every rewritten file is finished and
/// fsync'd under a temporary name, then this journal naming the renames is made durable (the commit point), then the
/// renames are done and the journal deleted. A kill before the commit point leaves the old corpus (temporary names are
/// removed by the next run); after it, <see cref="Recover"/> (called by <c>remove</c> and by every run before it
/// cleans temporaries) finishes the renames.</summary>
public static class TakedownJournal
{
    /// <summary>Path of the journal in <paramref name="corpus"/>.</summary>
    public static string PathIn(string corpus) => Path.Combine(corpus, "state", "takedowns", "pending.json");

    /// <summary>Commits the staged files: journal, then renames. Paths are stored relative to the corpus.</summary>
    public static void Commit(string corpus, IReadOnlyList<StagedFile> staged)
    {
        var path = PathIn(corpus);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var moves = staged.Select(f => new[] { Relative(corpus, f.TempPath), Relative(corpus, f.FinalPath) }).ToList();
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(moves));
            stream.Flush(flushToDisk: true);
        }

        Durability.MoveDurably(temp, path);
        Recover(corpus);
    }

    /// <summary>Finishes a committed takedown a kill interrupted; returns the number of renames redone.</summary>
    public static int Recover(string corpus)
    {
        var path = PathIn(corpus);
        if (!File.Exists(path)) return 0;
        List<string[]> moves;
        try
        {
            moves = JsonSerializer.Deserialize<List<string[]>>(File.ReadAllBytes(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable takedown journal ({e.Message}); it is written atomically, so something else changed it", e);
        }

        var done = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var move in moves)
        {
            var from = Path.GetFullPath(Path.Combine(corpus, move[0]));
            if (!File.Exists(from)) continue;
            var to = Path.GetFullPath(Path.Combine(corpus, move[1]));
            File.Move(from, to, overwrite: true);
            touched.Add(Path.GetDirectoryName(to)!);
            done++;
        }

        foreach (var directory in touched) Durability.SyncDirectory(directory);
        File.Delete(path);
        Durability.SyncDirectory(Path.GetDirectoryName(path)!);
        return done;
    }

    private static string Relative(string corpus, string path) => Path.GetRelativePath(corpus, path).Replace('\\', '/');
}
