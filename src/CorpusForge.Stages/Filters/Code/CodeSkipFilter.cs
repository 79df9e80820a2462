using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeSkipFilter"/> (none: the reasons are decided by the reader).</summary>
public sealed class CodeSkipFilterOptions;

/// <summary>Drops the files <c>reader.code_repo_v1</c> marked as skipped (vendored, generated, binary, lock file...),
/// with the reader's reason as the drop reason, so that the run's stats count every skipped file by reason.</summary>
[Component("filter.code_skip_v1", "Drops files the code reader marked with skip_reason (vendored, binary, lock_file, generated...), counted by reason")]
public sealed class CodeSkipFilter : DocumentFilter
{
    /// <summary>Creates the filter (it has no settings; the registry requires an options type).</summary>
    public CodeSkipFilter(CodeSkipFilterOptions options) => ArgumentNullException.ThrowIfNull(options);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        if (!document.HasMetadata || !document.Metadata.TryGetValue("skip_reason", out var reason) || reason is not string key)
            return FilterDecision.Keep;
        return FilterDecision.Drop(key, document.Path);
    }
}
