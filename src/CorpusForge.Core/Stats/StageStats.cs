using System.Diagnostics;

namespace CorpusForge.Core.Stats;

/// <summary>Live counters of one stage (or reader, or writer), updated once per batch from any thread.</summary>
public sealed class StageStats(string id, string component)
{
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private long _in;
    private long _out;
    private long _quarantined;
    private long _charsIn;
    private long _charsOut;
    private long _ticks;

    /// <summary>Instance id in the pipeline.</summary>
    public string Id { get; } = id;

    /// <summary>Registry name of the component.</summary>
    public string Component { get; } = component;

    /// <summary>Documents that entered.</summary>
    public long In => Interlocked.Read(ref _in);

    /// <summary>Documents that left (kept or replaced).</summary>
    public long Out => Interlocked.Read(ref _out);

    /// <summary>Documents removed by the stage's decision, all reasons.</summary>
    public long Dropped
    {
        get
        {
            lock (_dropped) return _dropped.Values.Sum();
        }
    }

    /// <summary>Documents whose processing threw (quarantined with an <c>error:</c> reason) or records that could not be read.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    /// <summary>UTF-16 characters of text entering the stage.</summary>
    public long CharsIn => Interlocked.Read(ref _charsIn);

    /// <summary>UTF-16 characters of text leaving the stage.</summary>
    public long CharsOut => Interlocked.Read(ref _charsOut);

    /// <summary>Time spent inside the component, summed over threads.</summary>
    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    /// <summary>Drop counts by reason, sorted by reason.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> DroppedByReason
    {
        get
        {
            lock (_dropped) return _dropped.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Adds the counts of one batch.</summary>
    public void Add(in StageCounts counts)
    {
        Interlocked.Add(ref _in, counts.In);
        Interlocked.Add(ref _out, counts.Out);
        Interlocked.Add(ref _quarantined, counts.Quarantined);
        Interlocked.Add(ref _charsIn, counts.CharsIn);
        Interlocked.Add(ref _charsOut, counts.CharsOut);
        Interlocked.Add(ref _ticks, counts.Ticks);
        if (counts.Dropped is { Count: > 0 } dropped)
        {
            lock (_dropped)
            {
                foreach (var (reason, n) in dropped)
                    _dropped[reason] = _dropped.GetValueOrDefault(reason) + n;
            }
        }
    }
}

/// <summary>Counts gathered for one batch before they are added to <see cref="StageStats"/> in one go.</summary>
public struct StageCounts
{
    /// <summary>Documents in.</summary>
    public long In;

    /// <summary>Documents out.</summary>
    public long Out;

    /// <summary>Documents quarantined.</summary>
    public long Quarantined;

    /// <summary>Characters in.</summary>
    public long CharsIn;

    /// <summary>Characters out.</summary>
    public long CharsOut;

    /// <summary>Stopwatch ticks spent.</summary>
    public long Ticks;

    /// <summary>Drops by reason (allocated on first drop).</summary>
    public Dictionary<string, long>? Dropped;

    /// <summary>Counts one drop.</summary>
    public void Drop(string reason)
    {
        Dropped ??= new Dictionary<string, long>(StringComparer.Ordinal);
        Dropped[reason] = Dropped.GetValueOrDefault(reason) + 1;
    }
}
