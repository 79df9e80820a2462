using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Support;

/// <summary>Paths of the checked-in samples and helpers to run readers over them.</summary>
public static class SourceSamples
{
    /// <summary>The repository root (the folder holding CorpusForge.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>A path under <c>samples/</c>.</summary>
    public static string Sample(string relative) => Path.Combine(RepoRoot, "samples", relative);

    /// <summary>An input file for a path, relative to its folder.</summary>
    public static InputFile Input(string fullPath, string? relative = null) => new(
        fullPath, relative ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(fullPath)), "test",
        File.Exists(fullPath) ? new FileInfo(fullPath).Length : 0);

    /// <summary>Runs a reader to the end, splitting documents from bad records.</summary>
    public static (List<Document> Documents, List<BadRecord> Bad) ReadAll(IDocumentReader reader, InputFile input)
    {
        var documents = new List<Document>();
        var bad = new List<BadRecord>();
        foreach (var result in reader.Read(input, CancellationToken.None))
        {
            if (result.Document is { } d) documents.Add(d);
            else bad.Add(result.Bad!);
        }

        return (documents, bad);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CorpusForge.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CorpusForge.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system temp folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cf-sources-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>Writes a text file (UTF-8) under the folder, creating parents.</summary>
    public string Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Writes a binary file under the folder, creating parents.</summary>
    public string WriteBytes(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Copies a folder tree into this folder under <paramref name="name"/>.</summary>
    public string CopyTree(string source, string name)
    {
        var target = System.IO.Path.Combine(Path, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind does not fail a test.
        }
    }
}
