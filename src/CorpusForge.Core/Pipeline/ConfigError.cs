namespace CorpusForge.Core.Pipeline;

/// <summary>A problem in a pipeline file, located by file, line and column (1-based; 0 when unknown).</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown when a pipeline cannot run as configured; nothing has started when it is thrown.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; } = errors;

    /// <summary>One error without a location.</summary>
    public ConfigException(string file, string message) : this([new ConfigError(file, 0, 0, message)])
    {
    }
}
