using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Engine;
using CorpusForge.Core.IO;
using CorpusForge.Core.State;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Writers;

namespace CorpusForge.Stages.Takedown;

/// <summary>A takedown that cannot start: no such corpus, a missing or empty list, a list with no usable entry.</summary>
public sealed class TakedownException(string message) : Exception(message);

/// <summary>What one takedown removed.</summary>
/// <param name="Snapshot">The snapshot recorded for it (0 when it was already applied).</param>
/// <param name="Removed">Documents removed per rewritten file (relative to the corpus folder).</param>
/// <param name="Entries">Usable list entries.</param>
/// <param name="Invalid">List entries that name nothing (not a URL, an empty domain).</param>
public sealed record TakedownResult(int Snapshot, SortedDictionary<string, long> Removed, int Entries, IReadOnlyList<string> Invalid);

/// <summary>Removes documents named by URL, domain or id from a finished corpus: its JSONL and Parquet outputs, its
/// token shards (final shards and the per-input parts they are assembled from) and its counts, and adds them to the
/// tombstones every later run applies before the stages.</summary>
/// <remarks>
/// Only files holding a match are rewritten; the others stay byte-identical. Token shards keep only ids and
/// provenance, so URL and domain matches reach them through the ids of the documents removed from the document
/// outputs (plus every id ever taken down). Crash safety: every new file is finished under a temporary name inside a
/// <see cref="PublishScope"/>, then <see cref="TakedownJournal"/> makes the list of renames durable (the commit
/// point) and performs them; a kill before leaves the old corpus, after it the next <c>remove</c> or <c>run</c>
/// finishes the renames.
/// </remarks>
public static class CorpusTakedown
{
    /// <summary>Applies the list in <paramref name="listFile"/> to <paramref name="corpus"/>.</summary>
    public static TakedownResult Remove(string corpus, TakedownKind kind, string listFile, Action<string> log)
    {
        corpus = Path.GetFullPath(corpus);
        if (!Directory.Exists(corpus)) throw new TakedownException($"no such corpus folder: {corpus}");
        var stateFolder = Path.Combine(corpus, "state");
        var phaseFolders = Directory.Exists(stateFolder)
            ? Directory.GetDirectories(stateFolder).Where(d => Directory.Exists(Path.Combine(d, "commits"))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (phaseFolders.Count == 0 && !File.Exists(Path.Combine(corpus, CorpusManifest.FileName)))
            throw new TakedownException($"{corpus} is not a corpus folder (no {CorpusManifest.FileName} and no state/PHASE/commits/; give the folder a pipeline's `corpus:` names)");
        if (!File.Exists(listFile)) throw new TakedownException($"list file '{listFile}' does not exist");
        var listBytes = File.ReadAllBytes(listFile);
        var entries = Core.Text.UrlKeys.ReadList(listFile, "remove").ToList();
        if (entries.Count == 0) throw new TakedownException($"list file '{listFile}' is empty (one {kind.ToString().ToLowerInvariant()} a line; # starts a comment)");
        var invalid = new List<string>();
        var keys = Tombstones.Keys(kind, entries, invalid);
        if (keys.Count == 0) throw new TakedownException($"list file '{listFile}': none of its {entries.Count} line(s) is a usable {kind.ToString().ToLowerInvariant()} (first: '{invalid[0]}')");
        foreach (var bad in invalid.Take(5)) log($"warning: {listFile}: '{bad}' is not a {kind.ToString().ToLowerInvariant()}; ignored");

        // As at the start of a run: a committed takedown is finished first, then every temporary name left is the
        // garbage of an uncommitted one (or of a killed run); `remove` must not run while a run writes the corpus.
        if (TakedownJournal.Recover(corpus) > 0) log("finished an interrupted takedown first");
        if (AtomicFile.CleanTemporaries(corpus, skip: [PipelineRunner.SubmissionsFolder]) is var cleaned and > 0) log($"removed {cleaned} temporary file(s) left by an interrupted run or takedown");
        var listHash = Convert.ToHexStringLower(SHA256.HashData(listBytes));
        var tombstones = Tombstones.Load(corpus);
        tombstones.Add(kind, keys);
        var stores = phaseFolders.ToDictionary(d => Path.GetFileName(d), d => CommitStore.Open(Path.Combine(d, "commits"), corpus), StringComparer.Ordinal);

        var removed = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var removedIds = new HashSet<string>(tombstones.Ids, StringComparer.Ordinal);
        var tokenFolders = TokenFolders(corpus);
        var perInput = new Dictionary<InputCommit, Dictionary<string, long>>();
        using var scope = PublishScope.Begin();
        try
        {
            foreach (var record in stores.Values.SelectMany(s => s.Entries.Values))
            {
                foreach (var relative in record.Outputs)
                {
                    var full = Path.GetFullPath(Path.Combine(corpus, relative));
                    if (!File.Exists(full) || IsRemovedDocuments(relative) || tokenFolders.Any(t => full.StartsWith(t + Path.DirectorySeparatorChar, StringComparison.Ordinal))) continue;
                    List<string> ids;
                    if (full.EndsWith(".parquet", StringComparison.Ordinal)) ids = ParquetWriter.RemoveRows(full, (id, url) => tombstones.Match(id, url) is not null);
                    else if (IsJsonl(full)) ids = RemoveJsonlLines(full, tombstones);
                    else continue;
                    if (ids.Count == 0) continue;
                    removed[relative] = ids.Count;
                    removedIds.UnionWith(ids);
                    Count(perInput, record, Path.GetDirectoryName(relative)!, ids.Count);
                }
            }

            if (kind != TakedownKind.Id && tokenFolders.Count > 0 && removed.Count == 0 && !stores.Values.SelectMany(s => s.Entries.Values).SelectMany(r => r.Outputs).Any(o => IsDocumentOutput(corpus, o, tokenFolders)))
                throw new TakedownException($"{corpus}: token shards keep document ids, not URLs, and this corpus has no JSONL or Parquet output to find the ids of matching URLs; remove by --ids instead");

            var partOwners = stores.Values.SelectMany(s => s.Entries.Values).SelectMany(r => r.Outputs.Concat(r.State).Select(f => (Path: Path.GetFullPath(Path.Combine(corpus, f)), Record: r)))
                .GroupBy(x => x.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Record, StringComparer.Ordinal);
            foreach (var folder in tokenFolders) RemoveFromTokens(corpus, folder, removedIds, removed, perInput, partOwners);

            // The commit records' kept counts follow the outputs (each output holds each kept document once, so an
            // input lost the most documents any one of its output folders lost).
            foreach (var (record, folders) in perInput)
            {
                record.DocumentsKept -= folders.Values.Max();
                var phase = stores.First(s => s.Value.Entries.Values.Contains(record)).Key;
                var path = Path.Combine(stateFolder, phase, "commits", record.Shard + ".json");
                using var file = AtomicFile.Create(path);
                file.Stream.Write(CommitStore.ToBytes(record));
                file.Commit();
            }

            var manifest = CorpusManifest.Load(corpus);
            var last = manifest.Snapshots.Count > 0 ? manifest.Snapshots[^1] : null;
            if (removed.Count == 0 && manifest.Snapshots.Any(s => s.Takedown is { } t && t.ListSha256 == listHash && t.Kind == Name(kind)))
            {
                scope.Discard();
                log($"{listFile}: already applied (snapshot {manifest.Snapshots.Last(s => s.Takedown?.ListSha256 == listHash).Id}); nothing left to remove");
                return new TakedownResult(0, removed, keys.Count, invalid);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Tombstones.PathIn(corpus))!);
            using (var file = AtomicFile.Create(Tombstones.PathIn(corpus)))
            {
                file.Stream.Write(tombstones.ToBytes());
                file.Commit();
            }

            var total = removed.Where(r => !IsTokenFile(r.Key)).GroupBy(r => Path.GetDirectoryName(r.Key)).Select(g => g.Sum(r => r.Value)).DefaultIfEmpty(0).Max();
            var snapshot = CorpusManifest.Record(corpus, last?.Pipeline ?? "", stores,
                $"takedown: {Name(kind)} list {Path.GetFileName(listFile)} ({keys.Count} entries), {total} document(s) removed from {removed.Count} file(s)",
                new TakedownSummary { Kind = Name(kind), ListFile = Path.GetFileName(listFile), ListSha256 = listHash, Entries = keys.Count, RemovedPerFile = removed });
            TakedownJournal.Commit(corpus, scope.Files);
            return new TakedownResult(snapshot.Id, removed, keys.Count, invalid);
        }
        catch
        {
            scope.Discard();
            throw;
        }
    }

    private static string Name(TakedownKind kind) => kind.ToString().ToLowerInvariant();

    private static void Count(Dictionary<InputCommit, Dictionary<string, long>> perInput, InputCommit record, string folder, long count)
    {
        if (!perInput.TryGetValue(record, out var folders)) perInput[record] = folders = new Dictionary<string, long>(StringComparer.Ordinal);
        folders[folder] = folders.GetValueOrDefault(folder) + count;
    }

    private static bool IsRemovedDocuments(string relative) =>
        relative.StartsWith("rejected/", StringComparison.Ordinal) || relative.StartsWith("quarantine/", StringComparison.Ordinal);

    private static bool IsJsonl(string path) =>
        path.EndsWith(".jsonl", StringComparison.Ordinal) || path.EndsWith(".jsonl.gz", StringComparison.Ordinal) || path.EndsWith(".jsonl.zst", StringComparison.Ordinal);

    private static bool IsTokenFile(string relative) => relative.EndsWith(".bin", StringComparison.Ordinal) || relative.EndsWith(".idx", StringComparison.Ordinal) || relative.EndsWith(".docs.jsonl", StringComparison.Ordinal);

    private static bool IsDocumentOutput(string corpus, string relative, List<string> tokenFolders)
    {
        var full = Path.GetFullPath(Path.Combine(corpus, relative));
        return !IsRemovedDocuments(relative) && (full.EndsWith(".parquet", StringComparison.Ordinal) || IsJsonl(full))
               && !tokenFolders.Any(t => full.StartsWith(t + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>Folders holding a token-shard manifest.</summary>
    private static List<string> TokenFolders(string corpus) =>
    [
        .. Directory.EnumerateFiles(corpus, TokenShardManifest.FileName, SearchOption.AllDirectories)
            .Where(p => Path.GetDirectoryName(p) != corpus && File.ReadAllText(p).Contains(TokenShardManifest.FormatName, StringComparison.Ordinal))
            .Select(p => Path.GetDirectoryName(p)!)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Filters a JSONL file line by line; kept lines are copied byte for byte.</summary>
    private static List<string> RemoveJsonlLines(string path, Tombstones tombstones)
    {
        var removed = new List<string>();
        var lines = new List<byte[]>();
        using (var input = Compression.OpenRead(path))
        {
            using var memory = new MemoryStream();
            input.CopyTo(memory);
            var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
            var lineNumber = 0;
            while (bytes.Length > 0)
            {
                lineNumber++;
                var end = bytes.IndexOf((byte)'\n');
                var line = end < 0 ? bytes : bytes[..end];
                bytes = end < 0 ? [] : bytes[(end + 1)..];
                if (line.Trim((byte)' ').Length == 0)
                {
                    lines.Add([.. line]);
                    continue;
                }

                string id;
                string? url;
                try
                {
                    using var json = JsonDocument.Parse(line.ToArray());
                    var root = json.RootElement;
                    id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
                    url = root.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: not a JSON document ({e.Message}); the file cannot be filtered safely", e);
                }

                if (tombstones.Match(id, url) is not null) removed.Add(id);
                else lines.Add([.. line]);
            }
        }

        if (removed.Count == 0) return removed;
        using var file = AtomicFile.Create(path);
        using (var output = Compression.WrapWrite(file.Stream, Compression.FromPath(path), leaveOpen: true))
        {
            foreach (var line in lines)
            {
                output.Write(line);
                output.WriteByte((byte)'\n');
            }
        }

        file.Commit();
        return removed;
    }

    /// <summary>Rewrites every final shard and every part of a token folder that holds a removed id; updates the
    /// token manifest's counts, sizes, checksums and source fingerprint.</summary>
    private static void RemoveFromTokens(string corpus, string folder, HashSet<string> ids, SortedDictionary<string, long> removed,
        Dictionary<InputCommit, Dictionary<string, long>> perInput, Dictionary<string, InputCommit> partOwners)
    {
        if (ids.Count == 0) return;
        var manifest = TokenShardManifest.Load(folder);
        var dtype = manifest.DType;
        var changed = false;
        foreach (var split in manifest.Splits.Values)
        {
            for (var s = 0; s < split.Shards.Count; s++)
            {
                var shard = split.Shards[s];
                var index = Path.Combine(folder, shard.File(TokenShardFile.DocumentIndex)!.Path);
                var layouts = (shard.File(TokenShardFile.Llmc) is null ? TokenLayouts.None : TokenLayouts.Llmc)
                              | (shard.File(TokenShardFile.MegatronBin) is null ? TokenLayouts.None : TokenLayouts.Megatron);
                var tokens = shard.File(TokenShardFile.Llmc) is { } llmc ? (Path.Combine(folder, llmc.Path), LlmcShardFormat.HeaderBytes) : (Path.Combine(folder, shard.File(TokenShardFile.MegatronBin)!.Path), 0);
                var (entry, count) = Rewrite(index, tokens.Item1, tokens.Item2, folder, shard.Name, dtype, layouts, ids);
                if (entry is null) continue;
                foreach (var file in shard.Files) removed[Relative(corpus, Path.Combine(folder, file.Path))] = count;
                split.Tokens += entry.Tokens - shard.Tokens;
                split.Documents += entry.Documents - shard.Documents;
                manifest.Tokens += entry.Tokens - shard.Tokens;
                manifest.Documents += entry.Documents - shard.Documents;
                split.Shards[s] = entry;
                changed = true;
            }
        }

        var parts = Directory.Exists(Path.Combine(folder, "parts"))
            ? Directory.GetDirectories(Path.Combine(folder, "parts")).Order(StringComparer.Ordinal).ToList()
            : [];
        var partsChanged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in parts)
        {
            if (!Directory.Exists(Path.Combine(root, "index"))) continue;
            foreach (var index in Directory.GetFiles(Path.Combine(root, "index"), "*.docs.jsonl").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(index)[..^".docs.jsonl".Length];
                var bin = Path.Combine(root, "llmc", name + ".bin");
                var (entry, count) = Rewrite(index, bin, LlmcShardFormat.HeaderBytes, root, name, dtype, TokenLayouts.Llmc, ids);
                if (entry is null) continue;
                removed[Relative(corpus, index)] = count;
                removed[Relative(corpus, bin)] = count;
                partsChanged.Add(root);
                if (partOwners.TryGetValue(Path.GetFullPath(index), out var owner)) Count(perInput, owner, Relative(corpus, Path.GetDirectoryName(index)!), count);
            }
        }

        if (!changed && partsChanged.Count == 0) return;
        // The writer skips assembly when its fingerprint of the parts is unchanged; it cannot be recomputed here
        // without the tokenizer, so it is cleared and the next run re-assembles from the (filtered) parts.
        manifest.SourceFingerprint = null;
        manifest.Save(Path.Combine(folder, TokenShardManifest.FileName));
    }

    /// <summary>Writes a copy of one shard (or part) without the documents in <paramref name="ids"/>; null when it
    /// holds none.</summary>
    private static (TokenShardEntry? Entry, long Removed) Rewrite(string indexPath, string tokenPath, int headerBytes, string root, string name,
        TokenDType dtype, TokenLayouts layouts, HashSet<string> ids)
    {
        var documents = new List<IndexedDocument>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(indexPath))
        {
            if (lineNumber++ == 0 || line.Length == 0) continue;
            documents.Add(DocumentIndexFile.ParseRecord(Encoding.UTF8.GetBytes(line)));
        }

        var removed = documents.Count(d => ids.Contains(d.Id));
        if (removed == 0) return (null, 0);
        var size = dtype.Size();
        using var handle = File.OpenHandle(tokenPath);
        using var writer = new TokenShardFileWriter(root, name, dtype, layouts);
        var bytes = Array.Empty<byte>();
        var tokens = Array.Empty<int>();
        foreach (var document in documents)
        {
            if (ids.Contains(document.Id)) continue;
            var length = document.Tokens * size;
            if (bytes.Length < length) bytes = new byte[length];
            if (tokens.Length < document.Tokens) tokens = new int[document.Tokens];
            var read = RandomAccess.Read(handle, bytes.AsSpan(0, length), headerBytes + document.Start * size);
            if (read != length) throw new InvalidDataException($"{tokenPath}: document {document.Id} ends past the end of the file");
            for (var t = 0; t < document.Tokens; t++)
                tokens[t] = size == 2 ? BitConverter.ToUInt16(bytes, 2 * t) : BitConverter.ToInt32(bytes, 4 * t);
            writer.Add(tokens.AsSpan(0, document.Tokens), document.Id, document.Source, document.Provenance);
        }

        return (writer.Commit(), removed);
    }

    private static string Relative(string corpus, string path) => Path.GetRelativePath(corpus, path).Replace('\\', '/');
}
