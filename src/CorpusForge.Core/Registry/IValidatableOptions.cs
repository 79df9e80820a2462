namespace CorpusForge.Core.Registry;

/// <summary>Options that check their own consistency after binding (e.g. min ≤ max).</summary>
public interface IValidatableOptions
{
    /// <summary>Returns one message per problem; empty when the options are valid.</summary>
    IEnumerable<string> Validate();
}

/// <summary>Options that name files (a model, a word list) whose contents must fit the other options; checked when
/// a pipeline is loaded, so that <c>validate</c> reports the problem with its location instead of <c>run</c> failing.</summary>
public interface IFileValidatableOptions
{
    /// <summary>Returns one message per problem; <paramref name="resolvePath"/> turns an option's path into a full
    /// path the way the component will (relative to the pipeline file).</summary>
    IEnumerable<string> ValidateFiles(Func<string, string> resolvePath);
}
