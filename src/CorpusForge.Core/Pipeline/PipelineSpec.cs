using CorpusForge.Core.Registry;

namespace CorpusForge.Core.Pipeline;

/// <summary>A validated pipeline: everything is resolved (components found, options bound, paths absolute).</summary>
public sealed class PipelineSpec
{
    /// <summary>Format version of pipeline files this build reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Absolute path of the pipeline file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Folder of the pipeline file; relative paths resolve against it.</summary>
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>Pipeline name (defaults to the file name).</summary>
    public required string Name { get; init; }

    /// <summary>Absolute corpus folder: outputs, rejected documents, quarantine, state and stats.</summary>
    public required string CorpusDirectory { get; init; }

    /// <summary>Phases in execution order; a pipeline without <c>phases:</c> has one, named <c>main</c>.</summary>
    public required IReadOnlyList<PhaseSpec> Phases { get; init; }

    /// <summary>Keep copies of dropped documents under <c>rejected/</c> (default true).</summary>
    public bool KeepRejected { get; init; } = true;
}

/// <summary>Inputs → stages → outputs. Phases exchange data through files.</summary>
public sealed class PhaseSpec
{
    /// <summary>Phase name, unique in the pipeline.</summary>
    public required string Name { get; init; }

    /// <summary>Input sources, read in order.</summary>
    public required IReadOnlyList<InputSpec> Inputs { get; init; }

    /// <summary>Stages, applied in order.</summary>
    public required IReadOnlyList<ComponentSpec> Stages { get; init; }

    /// <summary>Outputs, each receiving every kept document.</summary>
    public required IReadOnlyList<OutputSpec> Outputs { get; init; }
}

/// <summary>A configured component: descriptor plus bound options and a unique instance id.</summary>
public sealed class ComponentSpec
{
    /// <summary>Instance id, unique within its phase (defaults to the component name); names stats and rejected folders.</summary>
    public required string Id { get; init; }

    /// <summary>The registered component.</summary>
    public required ComponentDescriptor Descriptor { get; init; }

    /// <summary>Bound options (an instance of <see cref="ComponentDescriptor.OptionsType"/>).</summary>
    public required object Options { get; init; }

    /// <summary>Canonical JSON of the options, for fingerprints.</summary>
    public required string OptionsFingerprint { get; init; }
}

/// <summary>One named input: a reader and the file patterns it reads.</summary>
public sealed class InputSpec
{
    /// <summary>Input name (becomes <c>Document.Source</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The reader.</summary>
    public required ComponentSpec Reader { get; init; }

    /// <summary>Path patterns (absolute; <c>*</c>, <c>**</c> and <c>?</c> allowed). A folder without wildcards is one shard.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Name of an earlier phase whose outputs this input reads, or null.</summary>
    public string? FromPhase { get; init; }
}

/// <summary>One output: a writer and the folder it writes to.</summary>
public sealed class OutputSpec
{
    /// <summary>The writer.</summary>
    public required ComponentSpec Writer { get; init; }

    /// <summary>Absolute output folder.</summary>
    public required string Directory { get; init; }
}
