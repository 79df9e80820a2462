using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Stages;

/// <summary>Streams the records of one input file (one shard) as documents or bad records.</summary>
/// <remarks>
/// Yield <see cref="ReadResult.Bad"/> for a record that cannot be read (malformed JSON, invalid encoding, over a size
/// limit): it is quarantined with its reason and the run goes on. Yield a bad record too when the file's remainder is
/// unreadable (truncated compression) and then stop: what was read before stays. Throw only when the whole shard must
/// fail (it is then retried on the next run). Readers must stream: memory may not grow with the file size.
/// </remarks>
public interface IDocumentReader
{
    /// <summary>Reads <paramref name="input"/> in record order.</summary>
    IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken);
}

/// <summary>A reader that also takes a folder as one input (its files in path order): text, HTML, code repositories.
/// Other readers read files only, and a pipeline whose paths give them a folder is refused when it is loaded.</summary>
public interface IFolderReader : IDocumentReader
{
}

/// <summary>One input shard handed to a reader.</summary>
/// <param name="FullPath">Absolute path of the file or folder.</param>
/// <param name="RelativePath">Path relative to the input's root (used in ids and provenance; '/' separated).</param>
/// <param name="InputName">Name of the pipeline input it belongs to (becomes <see cref="Document.Source"/>).</param>
/// <param name="Length">Size in bytes (0 for folders).</param>
public sealed record InputFile(string FullPath, string RelativePath, string InputName, long Length);

/// <summary>A document, or a record that could not be read and must be quarantined.</summary>
public readonly struct ReadResult
{
    private ReadResult(Document? document, BadRecord? bad)
    {
        Document = document;
        Bad = bad;
    }

    /// <summary>The document, when the record was read.</summary>
    public Document? Document { get; }

    /// <summary>The failure, when it was not.</summary>
    public BadRecord? Bad { get; }

    /// <summary>A record read successfully.</summary>
    public static ReadResult Ok(Document document) => new(document, null);

    /// <summary>A record that could not be read.</summary>
    public static ReadResult Failed(Provenance where, string reason, string? preview = null) =>
        new(null, new BadRecord(where, reason, preview));

    /// <summary>Implicit wrap of a document.</summary>
    public static implicit operator ReadResult(Document document) => Ok(document);
}

/// <summary>A record that could not be read: where, why, and the first bytes of it for inspection.</summary>
public sealed record BadRecord(Provenance Where, string Reason, string? Preview)
{
    /// <summary>Longest preview kept of a bad record.</summary>
    public const int MaxPreviewChars = 4096;
}
