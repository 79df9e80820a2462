using System.CommandLine;

namespace CorpusForge.Cli;

/// <summary>A top-level `corpusforge` command. Every class implementing it in this assembly is added to the CLI,
/// so a new command is one new file in Commands/.</summary>
public interface ICliCommand
{
    /// <summary>Builds the command with its arguments, options and action.</summary>
    Command Build();
}

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected error stopped the command.</summary>
    public const int Fatal = 1;

    /// <summary>The pipeline file, a config or the command line is invalid; nothing ran.</summary>
    public const int ConfigError = 2;

    /// <summary>The run finished but some input shards failed (their outputs were discarded; a rerun retries them).</summary>
    public const int PartialFailure = 3;

    /// <summary>Writing the corpus failed (disk full, read-only, vanished or forbidden folder): the run stopped at
    /// once, the input being written was not committed, a rerun with the problem fixed goes on from there.</summary>
    public const int StorageFailure = 4;

    /// <summary>Stopped by Ctrl+C; completed shards are kept, a rerun resumes.</summary>
    public const int Cancelled = 130;
}
