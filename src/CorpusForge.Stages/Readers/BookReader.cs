using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Cleaning;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="BookReader"/>.</summary>
public sealed class BookReaderOptions : IValidatableOptions
{
    /// <summary>How bytes become text.</summary>
    [Description("Text encoding: auto (BOM, else UTF-8 if valid, else Windows-1252), utf8, latin1 or windows1252.")]
    public TextEncodingChoice Encoding { get; set; } = TextEncodingChoice.Auto;

    /// <summary>Largest book read, in bytes (after decompression).</summary>
    [Description("Largest book read, in bytes after decompression; larger files are quarantined.")]
    public long MaxBytes { get; set; } = 64L << 20;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxBytes <= 0) yield return "max_bytes must be positive";
    }
}

/// <summary>Reads a plain-text book (optionally .gz/.zst) as one document, with title, author and language taken
/// from a Project Gutenberg header when there is one. Cleaning is left to <c>clean.book_v1</c>.</summary>
[Component("reader.book_v1", "Plain-text book (txt, .gz, .zst) as one document; encoding detected; Gutenberg header metadata")]
public sealed class BookReader(BookReaderOptions options) : IDocumentReader
{
    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var where = new Provenance(input.RelativePath, 0, 0);
        byte[] bytes;
        using (var stream = Compression.OpenRead(input.FullPath))
        {
            var read = ReadLimited(stream, options.MaxBytes);
            if (read is null)
            {
                yield return ReadResult.Failed(where, $"book larger than max_bytes ({options.MaxBytes} bytes)");
                yield break;
            }

            bytes = read;
        }

        var decoded = TextDecoder.Decode(bytes, options.Encoding);
        if (decoded.Text is null)
        {
            yield return ReadResult.Failed(where, $"{decoded.Error} (encoding: {options.Encoding.ToString().ToLowerInvariant()})",
                System.Text.Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 256)));
            yield break;
        }

        var text = decoded.Text.Replace("\r\n", "\n").Replace('\r', '\n');
        var document = new Document
        {
            Id = input.RelativePath,
            Text = text,
            Source = input.InputName,
            Path = input.RelativePath,
            Provenance = where,
        };
        document.Metadata["encoding"] = decoded.Encoding;
        document.Metadata["bytes"] = (long)bytes.Length;
        var header = GutenbergText.ReadHeader(text);
        document.Metadata["title"] = header.Title ?? TitleFromFileName(input.RelativePath);
        if (header.Author is not null) document.Metadata["author"] = header.Author;
        if (header.Language is not null) document.Metadata["language"] = header.Language;
        yield return document;
    }

    /// <summary>Reads a whole stream, or returns null once it exceeds <paramref name="limit"/> bytes.</summary>
    internal static byte[]? ReadLimited(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit) return null;
            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    private static string TitleFromFileName(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        foreach (var extension in new[] { ".gz", ".zst", ".zstd", ".txt" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) name = name[..^extension.Length];
        }

        return name.Replace('_', ' ').Replace('-', ' ').Trim();
    }
}
