namespace CorpusForge.Core.Registry;

/// <summary>Registers a reader, stage or writer under a stable, versioned name such as <c>filter.length_v1</c>.</summary>
/// <remarks>
/// The class needs a public constructor taking its options type, optionally followed by a
/// <see cref="ComponentContext"/>. Options types are classes with settable properties and documented defaults
/// (property initialisers plus <see cref="System.ComponentModel.DescriptionAttribute"/>); keys in pipeline files are
/// the snake_case property names. A changed algorithm gets a new name version.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ComponentAttribute(string name, string summary) : Attribute
{
    /// <summary>Registry name, <c>area.snake_name_vN</c>.</summary>
    public string Name { get; } = name;

    /// <summary>One line saying what the component does.</summary>
    public string Summary { get; } = summary;

    /// <summary>Stage must see documents one at a time in input order (dedup, counters); default false.</summary>
    public bool Sequential { get; init; }
}

/// <summary>What a component may learn about the run it is part of.</summary>
/// <param name="PipelineDirectory">Folder of the pipeline file; relative paths in options resolve against it.</param>
/// <param name="CorpusDirectory">The corpus folder of this run (outputs, state, stats).</param>
/// <param name="StateDirectory">A folder private to this component instance, kept across runs (e.g. an index).</param>
/// <param name="Workers">Degree of parallelism of the run.</param>
/// <param name="Log">Sink for human-readable progress messages.</param>
public sealed record ComponentContext(
    string PipelineDirectory,
    string CorpusDirectory,
    string StateDirectory,
    int Workers,
    Action<string> Log)
{
    /// <summary>Id of the corpus snapshot this run will record when it completes (0 outside a pipeline run).</summary>
    public int Snapshot { get; init; }

    /// <summary>Resolves a path from an option against the pipeline folder.</summary>
    public string ResolvePath(string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(PipelineDirectory, path));

    /// <summary>A context for using components outside a pipeline (tests, tools).</summary>
    public static ComponentContext ForDirectory(string directory, int workers = 1) =>
        new(directory, directory, System.IO.Path.Combine(directory, "state"), workers, _ => { });
}
