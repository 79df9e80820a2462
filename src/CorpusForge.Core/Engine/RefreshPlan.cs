using System.Text;
using System.Text.Json;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Stages;
using CorpusForge.Core.State;
using K4os.Hash.xxHash;

namespace CorpusForge.Core.Engine;

/// <summary>What a run of one phase will do: which inputs are new, changed, stale (processed with other options) or
/// unchanged, which committed inputs are withdrawn first, and in what order inputs are processed.</summary>
/// <remarks>
/// Order-dependent stages (dedup keeps the first copy it sees) make a corpus depend on the order inputs were
/// committed. New inputs are appended. A changed input is withdrawn and processed again (appended); with
/// <see cref="RunOptions.Rebuild"/> every input committed after it is withdrawn and processed again too, which gives
/// exactly what a fresh run in file order gives. A changed configuration makes every input stale: where a stage keeps
/// state across inputs the run refuses (listing what changed, old → new) unless <see cref="RunOptions.Rebuild"/> or
/// <see cref="RunOptions.Force"/> is set; otherwise stale inputs are simply processed again.
/// </remarks>
public sealed class RefreshPlan
{
    private RefreshPlan()
    {
    }

    /// <summary>Inputs to process, in order.</summary>
    internal List<ShardRun> Shards { get; } = [];

    /// <summary>Identity of every input found, by shard key.</summary>
    internal Dictionary<string, InputIdentity> Identities { get; } = new(StringComparer.Ordinal);

    /// <summary>Committed inputs to withdraw before processing.</summary>
    public List<string> Retract { get; } = [];

    /// <summary>Inputs processed with other options, with what changed.</summary>
    public List<string> Stale { get; } = [];

    /// <summary>Human-readable plan lines.</summary>
    public List<string> Report { get; } = [];

    /// <summary>Options of every component of the phase (component → canonical options).</summary>
    public SortedDictionary<string, string> Config { get; } = new(StringComparer.Ordinal);

    /// <summary>True when a stage of the phase keeps state across inputs (its result depends on input order).</summary>
    public bool Ordered { get; private set; }

    /// <summary>Input files found.</summary>
    public int Total { get; private set; }

    /// <summary>Input files already committed with the same fingerprint.</summary>
    public int Skipped { get; private set; }

    /// <summary>A plan fixed in advance (a distributed run's): identities are added by the caller.</summary>
    internal static RefreshPlan Frozen(IReadOnlyDictionary<string, string> config)
    {
        var plan = new RefreshPlan();
        foreach (var (component, options) in config) plan.Config[component] = options;
        return plan;
    }

    /// <summary>Plans one phase.</summary>
    public static RefreshPlan Make(PipelineSpec spec, PhaseSpec phase, CommitStore store, RunOptions options) => Make(spec, phase, store, options, deferNewHashes: false);

    /// <summary>Plans one phase; with <paramref name="deferNewHashes"/> inputs never committed are not read to hash
    /// their bytes (they are new whatever their content): their identity has an empty content hash and their
    /// fingerprint is made later by whoever reads them (<see cref="Fingerprint"/>), so the planner of a distributed
    /// run does not read terabytes of new inputs alone.</summary>
    internal static RefreshPlan Make(PipelineSpec spec, PhaseSpec phase, CommitStore store, RunOptions options, bool deferNewHashes)
    {
        var plan = new RefreshPlan();
        foreach (var input in phase.Inputs) plan.Config[$"reader {input.Name}"] = input.Reader.OptionsFingerprint;
        foreach (var stage in phase.Stages) plan.Config[$"stage {stage.Id}"] = stage.OptionsFingerprint;
        foreach (var output in phase.Outputs)
            plan.Config[$"writer {Path.GetRelativePath(spec.CorpusDirectory, output.Directory).Replace('\\', '/')}"] = output.Writer.OptionsFingerprint;
        var configHash = ConfigHash(plan.Config);
        var ordered = plan.Ordered = phase.Stages.Any(s => typeof(IShardAware).IsAssignableFrom(s.Descriptor.Type));

        var found = new List<ShardRun>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(ShardRun Run, string Why)>();
        var fresh = new List<ShardRun>();
        var staleReasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in phase.Inputs)
        {
            foreach (var file in InputResolver.Resolve(input.Name, input.Paths).Where(f => !f.FullPath.Contains(".tmp-", StringComparison.Ordinal)))
            {
                var key = PipelineRunner.ShardKey(input.Name, file.RelativePath);
                for (var n = 2; !keys.Add(key); n++) key = $"{PipelineRunner.ShardKey(input.Name, file.RelativePath)}-{n}";
                store.Entries.TryGetValue(key, out var record);
                var identity = deferNewHashes && record is null ? InputIdentity.Unhashed(spec, file) : InputIdentity.Of(spec, file, record);
                plan.Identities[key] = identity;
                var fingerprint = Fingerprint(configHash, identity);
                var run = new ShardRun(input, file, key, fingerprint);
                found.Add(run);
                plan.Total++;
                if (record is null) fresh.Add(run);
                else if (record.Fingerprint == fingerprint) continue;
                else if (record.ContentHash != identity.ContentHash || record.Input != identity.Input) changed.Add((run, "input changed"));
                else
                {
                    var why = Differences(record.Config, plan.Config).ToList();
                    foreach (var reason in why) staleReasons.Add(reason);
                    plan.Stale.Add($"{key}: {(why.Count == 0 ? "configuration changed" : string.Join("; ", why))}");
                    changed.Add((run, "stale"));
                }
            }
        }

        // Which committed inputs are processed again, and from where on in commit order.
        var redo = new HashSet<string>(StringComparer.Ordinal);
        if (options.Force) redo.UnionWith(found.Where(r => store.Entries.ContainsKey(r.Key)).Select(r => r.Key));
        redo.UnionWith(changed.Select(c => c.Run.Key));
        var present = found.ToDictionary(r => r.Key, StringComparer.Ordinal);
        if (options.Rebuild && ordered && redo.Count > 0)
        {
            var first = redo.Min(k => store.Entries[k].Ordinal);
            foreach (var later in store.InOrder.Where(e => e.Ordinal >= first))
            {
                if (present.ContainsKey(later.Shard)) redo.Add(later.Shard);
                else plan.Report.Add($"phase {phase.Name}: {later.Shard} was committed after a changed input but its file {later.Input} is gone; its outputs stay as they are");
            }
        }
        else if (ordered && changed.Count > 0 && !options.Force)
        {
            var first = changed.Min(c => store.Entries[c.Run.Key].Ordinal);
            var after = store.InOrder.Count(e => e.Ordinal > first && !redo.Contains(e.Shard));
            if (after > 0)
                plan.Report.Add($"phase {phase.Name}: {after} input(s) committed after a changed one were deduplicated against its old version; `run --rebuild` recomputes them");
        }

        plan.Retract.AddRange(store.InOrder.Where(e => redo.Contains(e.Shard)).Select(e => e.Shard));
        plan.Shards.AddRange(found.Where(r => redo.Contains(r.Key) || !store.Entries.ContainsKey(r.Key)));
        plan.Skipped = plan.Total - plan.Shards.Count;

        var newBytes = fresh.Sum(r => r.File.Length);
        var redoBytes = plan.Shards.Where(r => store.Entries.ContainsKey(r.Key)).Sum(r => r.File.Length);
        plan.Report.Add($"phase {phase.Name}: {found.Count} input(s): {fresh.Count} new ({Megabytes(newBytes)}), "
                        + $"{changed.Count(c => c.Why == "input changed")} changed, {plan.Stale.Count} stale, {plan.Skipped} unchanged; "
                        + $"{plan.Shards.Count} to process ({Megabytes(newBytes + redoBytes)}), {plan.Retract.Count} to withdraw first");
        foreach (var (run, why) in changed.Where(c => c.Why == "input changed")) plan.Report.Add($"  changed: {run.Key} ({run.File.RelativePath})");
        foreach (var reason in staleReasons) plan.Report.Add($"  stale because {reason}");
        var measured = store.Entries.Values.Where(e => e.Seconds > 0).ToList();
        if (measured.Count > 0 && plan.Shards.Count > 0)
        {
            var rate = measured.Sum(e => e.Length) / Math.Max(1e-3, measured.Sum(e => e.Seconds));
            var keptShare = measured.Sum(e => e.DocumentsKept) / (double)Math.Max(1, measured.Sum(e => e.DocumentsIn));
            plan.Report.Add($"  estimate: about {(newBytes + redoBytes) / rate:F0} s at {rate / 1e6:F1} MB/s and {keptShare:P0} of documents kept, as measured over {measured.Count} committed input(s)");
        }

        return plan;
    }

    /// <summary>Hash of a phase's component configuration (part of every input's fingerprint).</summary>
    internal static string ConfigHash(IReadOnlyDictionary<string, string> config) => PipelineRunner.Hash(string.Join("\n", config.Select(c => $"{c.Key}={c.Value}")));

    /// <summary>An input's fingerprint: its identity under a configuration; a committed input is skipped only when it matches.</summary>
    internal static string Fingerprint(string configHash, InputIdentity identity) =>
        PipelineRunner.Hash($"{configHash}\n{identity.Input}\n{identity.Length}\n{identity.ContentHash}");

    /// <summary>What differs between two component configurations, as "stage X option o: old → new" lines.</summary>
    public static IEnumerable<string> Differences(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> now)
    {
        foreach (var component in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            old.TryGetValue(component, out var before);
            now.TryGetValue(component, out var after);
            if (before == after) continue;
            if (before is null)
            {
                yield return $"{component} was added";
                continue;
            }

            if (after is null)
            {
                yield return $"{component} was removed";
                continue;
            }

            var (oldName, oldJson) = Split(before);
            var (newName, newJson) = Split(after);
            if (oldName != newName)
            {
                yield return $"{component}: {oldName} → {newName}";
                continue;
            }

            var a = Properties(oldJson);
            var b = Properties(newJson);
            var any = false;
            foreach (var name in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            {
                var x = a.GetValueOrDefault(name, "(unset)");
                var y = b.GetValueOrDefault(name, "(unset)");
                if (x == y) continue;
                any = true;
                yield return $"{component} ({newName}) option {JsonNamingPolicy.SnakeCaseLower.ConvertName(name)}: {x} → {y}";
            }

            if (!any) yield return $"{component} ({newName}): options changed";
        }
    }

    private static (string Name, string Json) Split(string fingerprint)
    {
        var space = fingerprint.IndexOf(' ');
        return space < 0 ? (fingerprint, "{}") : (fingerprint[..space], fingerprint[(space + 1)..]);
    }

    private static Dictionary<string, string> Properties(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return new() { ["value"] = json };
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new() { ["value"] = json };
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1e6:F1} MB";
}

/// <summary>What identifies an input across runs and machines: its path relative to the pipeline folder, its size
/// and a hash of its bytes (never an absolute path or a time stamp alone, so a copied corpus resumes and a touched
/// but unchanged file is not reprocessed).</summary>
internal sealed record InputIdentity(string Input, long Length, long Stamp, string ContentHash)
{
    /// <summary>Path, size and time without the content hash (filled in by <see cref="WithContentHash"/>).</summary>
    public static InputIdentity Unhashed(PipelineSpec spec, InputFile file) =>
        Directory.Exists(file.FullPath) ? Of(spec, file, null)
            : new InputIdentity(Path.GetRelativePath(spec.Directory, file.FullPath).Replace('\\', '/'), file.Length, File.GetLastWriteTimeUtc(file.FullPath).Ticks, "");

    /// <summary>This identity with the hash of <paramref name="path"/>'s bytes.</summary>
    public InputIdentity WithContentHash(string path) => this with { ContentHash = ContentHashOf(path) };

    public static InputIdentity Of(PipelineSpec spec, InputFile file, InputCommit? previous)
    {
        var relative = Path.GetRelativePath(spec.Directory, file.FullPath).Replace('\\', '/');
        if (Directory.Exists(file.FullPath))
        {
            var entries = new StringBuilder();
            foreach (var path in Directory.EnumerateFiles(file.FullPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                entries.Append(Path.GetRelativePath(file.FullPath, path)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }

            return new InputIdentity(relative, 0, 0, PipelineRunner.Hash(entries.ToString()));
        }

        var stamp = File.GetLastWriteTimeUtc(file.FullPath).Ticks;
        // Size and time unchanged since the commit: trust its content hash rather than reading the file again.
        if (previous is not null && previous.Input == relative && previous.Length == file.Length && previous.Stamp == stamp && previous.ContentHash.Length > 0)
            return new InputIdentity(relative, file.Length, stamp, previous.ContentHash);
        return new InputIdentity(relative, file.Length, stamp, ContentHashOf(file.FullPath));
    }

    private static string ContentHashOf(string path)
    {
        var hash = new XXH64();
        // Pooled: a fresh 1 MiB array per input was zeroed for every one of a folder's thousands of small pages.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.Update(buffer.AsSpan(0, read));
            return hash.Digest().ToString("x16");
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The corpus was built with other options; reprocessing only some inputs would mix two configurations.</summary>
public sealed class StaleCorpusException(string phase, IReadOnlyList<string> stale)
    : Exception($"phase {phase}: {stale.Count} committed input(s) were processed with other options:\n  "
                + string.Join("\n  ", stale.Take(20)) + (stale.Count > 20 ? $"\n  … and {stale.Count - 20} more" : "")
                + "\nRun again with --rebuild to recompute them (from the first affected input onward), or restore the old options.")
{
    /// <summary>The stale inputs with what changed.</summary>
    public IReadOnlyList<string> Stale { get; } = stale;
}

/// <summary>Writing the corpus failed for a reason outside the data (disk full, read-only or vanished folder,
/// permission denied): the run stopped, the input being written was not committed.</summary>
public sealed class StorageFailureException(string shard, Exception inner)
    : IOException($"{inner.Message} (while writing the outputs of input {shard}; nothing of it was committed, a rerun retries it)", inner);
