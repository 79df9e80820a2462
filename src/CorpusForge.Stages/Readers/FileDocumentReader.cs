using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Readers;

/// <summary>Shared walk of readers that make one document per file: an input that is a file gives one document; a
/// folder gives one per matching file beneath it, in ordinal order of relative path, so ids and output order do not
/// depend on the file system's listing order.</summary>
public abstract class FileDocumentReader : IFolderReader
{
    private readonly string[] _extensions;
    private readonly long _maxFileBytes;

    /// <summary>Sets the file name endings a folder walk takes and the largest file read.</summary>
    protected FileDocumentReader(IEnumerable<string> extensions, long maxFileBytes)
    {
        _extensions = extensions.ToArray();
        _maxFileBytes = maxFileBytes;
    }

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        foreach (var (fullPath, relativePath, pathInInput) in Files(input))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var where = new Provenance(relativePath, 0, 0);
            var length = new FileInfo(fullPath).Length;
            if (length > _maxFileBytes)
            {
                yield return ReadResult.Failed(where, $"{relativePath}: file of {length} bytes exceeds max_file_bytes ({_maxFileBytes})");
                continue;
            }

            var document = new Document
            {
                Id = relativePath,
                Text = "",
                Source = input.InputName,
                Path = pathInInput,
                Provenance = where,
            };
            if (Decode(File.ReadAllBytes(fullPath), document, out var failure) is { } text)
            {
                document.Text = text;
                yield return document;
            }
            else
            {
                yield return ReadResult.Failed(where, $"{relativePath}: {failure}");
            }
        }
    }

    /// <summary>Turns a file's bytes into text; may add metadata (encoding, repaired sequences) to the document.
    /// Returns null with a <paramref name="failure"/> reason when the bytes cannot be decoded (the file is quarantined).</summary>
    protected abstract string? Decode(byte[] bytes, Document document, out string? failure);

    private IEnumerable<(string FullPath, string RelativePath, string PathInInput)> Files(InputFile input)
    {
        if (!Directory.Exists(input.FullPath))
        {
            // A single file is read whatever its extension: the pipeline named it explicitly.
            if (!File.Exists(input.FullPath)) throw new FileNotFoundException($"input {input.RelativePath} does not exist", input.FullPath);
            return [(input.FullPath, input.RelativePath, input.RelativePath)];
        }

        var prefix = input.RelativePath.TrimEnd('/');
        return Directory.EnumerateFiles(input.FullPath, "*", SearchOption.AllDirectories)
            .Where(path => _extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(path => (path, inner: Path.GetRelativePath(input.FullPath, path).Replace('\\', '/')))
            .OrderBy(x => x.inner, StringComparer.Ordinal)
            .Select(x => (x.path, prefix.Length == 0 ? x.inner : $"{prefix}/{x.inner}", x.inner));
    }
}
