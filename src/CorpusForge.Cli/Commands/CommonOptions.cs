using System.CommandLine;

namespace CorpusForge.Cli.Commands;

/// <summary>Options several commands share, defined once.</summary>
public static class CommonOptions
{
    /// <summary><c>--set key.path=value</c>, repeatable: overrides a value of the pipeline file.</summary>
    public static Option<string[]> Set() => new("--set", "-s")
    {
        Description = "Override a pipeline value, e.g. --set stages.1.options.min_words=50 or --set 'stages[filter.length_v1].options.min_words=50'. Repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--workers N</c>: degree of parallelism.</summary>
    public static Option<int> Workers() => new("--workers", "-w")
    {
        Description = "Worker threads for parallel stages (outputs are identical for any value).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
}
