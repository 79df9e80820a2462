using System.Formats.Tar;
using System.IO.Compression;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The real-page sets under Data/extraction/ ship as .tar.gz archives; this reads one whole.</summary>
internal static class FixtureArchive
{
    /// <summary>Every file of <c>Data/extraction/&lt;relative&gt;</c>, by file name, in archive order.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Read(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "extraction", relative);
        var files = new List<(string, byte[])>();
        using var tar = new TarReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null) continue;
            using var buffer = new MemoryStream();
            entry.DataStream.CopyTo(buffer);
            files.Add((Path.GetFileName(entry.Name), buffer.ToArray()));
        }
        return files;
    }
}
