using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Dedup;

/// <summary>Options of <see cref="ExactDedupStage"/>.</summary>
public sealed class ExactDedupOptions
{
    /// <summary>Fold case before hashing.</summary>
    [Description("Lower-case the text before hashing.")]
    public bool Lowercase { get; set; } = true;

    /// <summary>Collapse white space before hashing.</summary>
    [Description("Collapse runs of white space to one space and trim, before hashing.")]
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>Drop punctuation and symbols before hashing.</summary>
    [Description("Remove punctuation and symbols before hashing.")]
    public bool StripPunctuation { get; set; }

    /// <summary>Map digits to 0 before hashing.</summary>
    [Description("Replace every digit by 0 before hashing (pages differing only in dates or counters collide).")]
    public bool NormalizeDigits { get; set; }

    /// <summary>Index entries held in memory before spilling to disk.</summary>
    [Description("Index entries held in memory before they are written to a sorted segment on disk (bounds memory).")]
    public long IndexMemoryEntries { get; set; } = 4_000_000;

    /// <summary>The normalisation as flags.</summary>
    public NormalizationFlags Flags =>
        (Lowercase ? NormalizationFlags.Lowercase : 0) | (CollapseWhitespace ? NormalizationFlags.CollapseWhitespace : 0)
        | (StripPunctuation ? NormalizationFlags.StripPunctuation : 0) | (NormalizeDigits ? NormalizationFlags.NormalizeDigits : 0);
}

/// <summary>Removes documents whose normalised text equals that of an earlier kept document (this run or any
/// earlier run over the same corpus), by xxHash64 of the normalised text.</summary>
[Component("dedup.exact_v1", "Remove exact duplicates (xxHash64 of normalised text), persistent across runs", Sequential = true)]
public sealed class ExactDedupStage(ExactDedupOptions options, ComponentContext context)
    : KeyedDedupStage(context, options.IndexMemoryEntries)
{
    private readonly NormalizationFlags _flags = options.Flags;

    /// <inheritdoc />
    protected override string Reason => "exact_duplicate";

    /// <inheritdoc />
    protected override bool TryGetKey(Document document, out ulong key)
    {
        key = NormalizedTextHash.Hash(document.Text, _flags);
        return true;
    }
}
