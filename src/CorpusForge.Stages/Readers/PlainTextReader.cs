using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="PlainTextReader"/>.</summary>
public sealed class PlainTextReaderOptions : IValidatableOptions
{
    /// <summary>File name endings read from a folder.</summary>
    [Description("File name endings read when the input is a folder (case-insensitive); a file named directly is always read.")]
    public List<string> Extensions { get; set; } = [".txt", ".md"];

    /// <summary>Largest file read.</summary>
    [Description("Largest file read, in bytes; a larger file is quarantined, not loaded.")]
    public long MaxFileBytes { get; set; } = 64L << 20;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (Extensions.Count == 0) yield return "extensions must name at least one file ending";
        if (MaxFileBytes <= 0) yield return $"max_file_bytes must be positive (got {MaxFileBytes})";
    }
}

/// <summary>Plain-text files, one document per file, decoded as UTF-8.</summary>
/// <remarks>The id is the file's path relative to the input root. A UTF-8 byte order mark is dropped; invalid
/// UTF-8 becomes U+FFFD and is counted in metadata <c>invalid_utf8_sequences</c>.</remarks>
[Component("reader.text_v1", "Plain-text files or folders of them (.txt, .md), one document per file, id from the relative path")]
public sealed class PlainTextReader(PlainTextReaderOptions options) : FileDocumentReader(options.Extensions, options.MaxFileBytes)
{
    /// <inheritdoc />
    protected override string? Decode(byte[] bytes, Document document, out string? failure)
    {
        failure = null;
        var text = Utf8Text.Decode(Utf8Text.StripBom(bytes), out var invalid);
        if (invalid > 0) document.Metadata[Utf8Text.InvalidSequencesKey] = (long)invalid;
        return text;
    }
}
