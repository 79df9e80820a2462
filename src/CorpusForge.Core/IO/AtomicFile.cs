namespace CorpusForge.Core.IO;

/// <summary>Writes a file under a temporary name in the same folder and publishes it by rename, so readers never
/// see half a file and a killed run leaves only temporary names behind (removed by <see cref="CleanTemporaries"/>).</summary>
public sealed class AtomicFile : IDisposable
{
    private const string Marker = TemporaryMarker;

    /// <summary>What every temporary name contains; <see cref="CleanTemporaries"/> removes such files.</summary>
    public const string TemporaryMarker = ".tmp-";
    private bool _done;
    private bool _staged;

    private AtomicFile(string finalPath)
    {
        FinalPath = finalPath;
        TempPath = $"{finalPath}{Marker}{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        Stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>Where the file will appear on <see cref="Commit"/>.</summary>
    public string FinalPath { get; }

    /// <summary>Where it is written meanwhile.</summary>
    public string TempPath { get; }

    /// <summary>The raw file stream (wrap it in a compressor as needed; flush before committing).</summary>
    public FileStream Stream { get; }

    /// <summary>Where the finished bytes are now: the temporary name while publication is deferred by a
    /// <see cref="PublishScope"/>, the final name once published.</summary>
    public string ContentPath => _staged ? TempPath : FinalPath;

    /// <summary>Opens a new temporary file for <paramref name="finalPath"/>.</summary>
    public static AtomicFile Create(string finalPath) => new(finalPath);

    /// <summary>Flushes to disk and renames to the final name, replacing an older file of that name. Inside a
    /// <see cref="PublishScope"/> on this thread the rename is deferred: the scope's owner publishes every file of
    /// the scope together, after writing the commit record that names them.</summary>
    public void Commit()
    {
        if (_done) throw new InvalidOperationException($"{FinalPath} was already committed or aborted.");
        _done = true;
        if (Stream.CanWrite)
        {
            Stream.Flush(flushToDisk: true);
        }

        Stream.Dispose();
        if (PublishScope.Current is { } scope)
        {
            _staged = true;
            scope.Add(TempPath, FinalPath);
            return;
        }

        File.Move(TempPath, FinalPath, overwrite: true);
    }

    /// <summary>Removes the temporary file.</summary>
    public void Abort()
    {
        if (_done) return;
        _done = true;
        Stream.Dispose();
        File.Delete(TempPath);
    }

    /// <inheritdoc />
    public void Dispose() => Abort();

    /// <summary>Writes a whole file atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
            writer.Write(text);
        file.Commit();
    }

    /// <summary>Deletes temporary files a killed run left in <paramref name="directory"/> (recursively). With
    /// <paramref name="ownNamesOnly"/> only names this class makes (".tmp-" and a 32-digit hex id at the end) are
    /// deleted: for a folder outside the corpus (an output path that leaves it), where other programs' files may sit.
    /// Folders named in <paramref name="skip"/> (directly under <paramref name="directory"/>) are left alone: another
    /// command may be writing there at the same moment.</summary>
    public static int CleanTemporaries(string directory, bool ownNamesOnly = false, IReadOnlyCollection<string>? skip = null)
    {
        if (!Directory.Exists(directory)) return 0;
        var skipped = skip?.Select(name => Path.Join(Path.GetFullPath(directory), name) + Path.DirectorySeparatorChar).ToList() ?? [];
        var count = 0;
        foreach (var path in Directory.EnumerateFiles(directory, $"*{Marker}*", SearchOption.AllDirectories))
        {
            if (ownNamesOnly && !IsOwnTemporaryName(Path.GetFileName(path))) continue;
            if (skipped.Count > 0 && skipped.Any(folder => Path.GetFullPath(path).StartsWith(folder, StringComparison.Ordinal))) continue;
            File.Delete(path);
            count++;
        }

        return count;
    }

    /// <summary>"NAME.tmp-" then a GUID's 32 hex digits (optionally a process id and a dash before them) at the end.</summary>
    private static bool IsOwnTemporaryName(string name)
    {
        var at = name.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return false;
        var rest = name.AsSpan(at + Marker.Length);
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            foreach (var c in rest[..dash])
            {
                if (!char.IsAsciiDigit(c)) return false;
            }

            rest = rest[(dash + 1)..];
        }

        if (rest.Length != 32) return false;
        foreach (var c in rest)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }

        return true;
    }
}
