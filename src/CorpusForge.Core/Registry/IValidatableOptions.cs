namespace CorpusForge.Core.Registry;

/// <summary>Options that check their own consistency after binding (e.g. min ≤ max).</summary>
public interface IValidatableOptions
{
    /// <summary>Returns one message per problem; empty when the options are valid.</summary>
    IEnumerable<string> Validate();
}
