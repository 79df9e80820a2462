using CorpusForge.Core.Pipeline;

namespace CorpusForge.Core.Engine.ScaleOut;

/// <summary>One phase of a distributed run: which stages it applies to which documents, with how many tasks.</summary>
/// <param name="Name">Phase name (<c>map</c>, <c>dedup</c>, <c>finish</c>, <c>merge</c>).</param>
/// <param name="Tasks">Tasks of the phase (N for per-input work, 1 for the corpus-wide steps).</param>
/// <param name="From">First stage it applies (index into the pipeline's stages).</param>
/// <param name="To">One past the last stage it applies.</param>
/// <param name="ReadsFrom">The phase whose exchange files it reads; null when it reads the inputs themselves.</param>
/// <param name="WritesOutputs">True when it runs the writers and commits inputs to the corpus; false when it writes
/// exchange files for the next phase.</param>
public sealed record ScaleOutPhase(string Name, int Tasks, int From, int To, string? ReadsFrom, bool WritesOutputs)
{
    /// <summary>The merge phase: token-shard assembly, stats, snapshot; no documents.</summary>
    public bool IsMerge => Name == ScaleOutPhases.Merge;
}

/// <summary>Cuts a pipeline into the phases of a distributed run. Stages that decide by what came before (the
/// sequential dedup stages) need every input in canonical order in one place; everything else is per input.</summary>
/// <remarks>
/// With S the first and L the last sequential stage: <c>map</c> (N tasks) reads the inputs and applies stages
/// [0, S); <c>dedup</c> (1 task) applies [S, L] to every input in canonical order, writing the dedup state a single
/// process writes; <c>finish</c> (N tasks) applies (L, end) and the writers and commits each input; <c>merge</c>
/// (1 task) assembles token shards, writes stats and records the snapshot. Without sequential stages <c>map</c>
/// does all the per-input work and commits, followed by <c>merge</c>.
/// </remarks>
public static class ScaleOutPhases
{
    /// <summary>Per-input work before the first corpus-wide stage.</summary>
    public const string Map = "map";

    /// <summary>The corpus-wide (sequential) stages, one task, canonical input order.</summary>
    public const string Dedup = "dedup";

    /// <summary>Per-input work after the corpus-wide stages: remaining stages, writers, commit.</summary>
    public const string Finish = "finish";

    /// <summary>Token-shard assembly, stats and snapshot.</summary>
    public const string Merge = "merge";

    /// <summary>The phases of <paramref name="spec"/> run as <paramref name="tasks"/> tasks, in execution order.</summary>
    public static IReadOnlyList<ScaleOutPhase> Cut(PipelineSpec spec, int tasks)
    {
        var phase = Single(spec);
        var stages = phase.Stages;
        var first = -1;
        var last = -1;
        for (var i = 0; i < stages.Count; i++)
        {
            if (!stages[i].Descriptor.Sequential) continue;
            if (first < 0) first = i;
            last = i;
        }

        if (first < 0)
            return [new ScaleOutPhase(Map, tasks, 0, stages.Count, null, true), new ScaleOutPhase(Merge, 1, stages.Count, stages.Count, null, false)];
        return
        [
            new ScaleOutPhase(Map, tasks, 0, first, null, false),
            new ScaleOutPhase(Dedup, 1, first, last + 1, Map, false),
            new ScaleOutPhase(Finish, tasks, last + 1, stages.Count, Dedup, true),
            new ScaleOutPhase(Merge, 1, stages.Count, stages.Count, null, false),
        ];
    }

    /// <summary>The one phase of the pipeline (distributed runs take single-phase pipelines).</summary>
    public static PhaseSpec Single(PipelineSpec spec)
    {
        if (spec.Phases.Count != 1)
            throw new ConfigException(spec.FilePath, $"a distributed run (--tasks) takes a pipeline with one phase; this one has {spec.Phases.Count} ({string.Join(", ", spec.Phases.Select(p => p.Name))}): run it without --tasks");
        if (spec.Phases[0].Inputs.Any(i => i.FromPhase is not null))
            throw new ConfigException(spec.FilePath, "a distributed run (--tasks) cannot read another phase's outputs");
        return spec.Phases[0];
    }
}
