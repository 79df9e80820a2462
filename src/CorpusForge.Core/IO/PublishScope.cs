namespace CorpusForge.Core.IO;

/// <summary>Collects the files that <see cref="AtomicFile.Commit"/> would publish on this thread, so that their
/// renames happen only after a commit record naming them is durable (a redo log: a kill between the record and the
/// renames is finished by the next run, a kill before the record leaves only temporary names).</summary>
public sealed class PublishScope : IDisposable
{
    [ThreadStatic] private static PublishScope? _current;
    private readonly PublishScope? _outer;
    private readonly List<StagedFile> _files = [];

    private PublishScope()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>The scope open on this thread, if any.</summary>
    public static PublishScope? Current => _current;

    /// <summary>Files finished in this scope (fsync'd under their temporary names), in order.</summary>
    public IReadOnlyList<StagedFile> Files => _files;

    /// <summary>Starts deferring publication on this thread until the scope is disposed.</summary>
    public static PublishScope Begin() => new();

    internal void Add(string tempPath, string finalPath) => _files.Add(new StagedFile(tempPath, finalPath));

    /// <summary>Deletes every staged temporary file (the input's commit did not happen).</summary>
    public void Discard()
    {
        foreach (var file in _files)
        {
            try
            {
                File.Delete(file.TempPath);
            }
            catch (IOException)
            {
                // Left as a temporary name, which the next run removes.
            }
        }

        _files.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ReferenceEquals(_current, this)) _current = _outer;
    }
}

/// <summary>A finished file waiting under its temporary name to be renamed to its final name.</summary>
public sealed record StagedFile(string TempPath, string FinalPath);
