using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Stages;

namespace CorpusForge.Core.Engine;

/// <summary>One input shard being processed: identity, and the output files opened for it (sink thread only).</summary>
internal sealed class ShardRun(InputSpec input, InputFile file, string key, string fingerprint)
{
    public InputSpec Input { get; } = input;
    public InputFile File { get; } = file;

    /// <summary>Stable key: base name of every file written for the shard.</summary>
    public string Key { get; } = key;

    public string Fingerprint { get; } = fingerprint;

    public IShardWriter[]? Writers { get; set; }
    public Dictionary<string, RecordFile> Removed { get; } = new(StringComparer.Ordinal);
    public long DocumentsIn { get; set; }
    public long DocumentsKept { get; set; }

    /// <summary>When its first batch reached the sink (Stopwatch timestamp).</summary>
    public long Started { get; set; }
}
