using CorpusForge.Core.Stats;

namespace CorpusForge.Core.Engine;

/// <summary>The outcome of a run: its statistics and where they were written.</summary>
/// <param name="Stats">Everything counted.</param>
/// <param name="StatsFile">The versioned JSON file of <paramref name="Stats"/>.</param>
public sealed record RunResult(RunStats Stats, string StatsFile)
{
    /// <summary>True when every shard of every phase was committed.</summary>
    public bool Succeeded => Stats.Phases.All(p => p.Failures.Count == 0);
}
