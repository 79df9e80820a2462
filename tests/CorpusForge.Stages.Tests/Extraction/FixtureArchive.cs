using System.Formats.Tar;
using System.IO.Compression;
using CorpusForge.Stages.Extraction;

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

/// <summary>The real-page tests' one way to extract a page: <see cref="HtmlExtractor.Extract"/> with the default
/// options, failing the test when the page is dropped.</summary>
internal static class PageText
{
    private static readonly Lazy<Dictionary<string, byte[]>> MercuryFiles = new(() =>
        FixtureArchive.Read("mercury/mercury-fixtures.tar.gz").ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal));

    /// <summary>Mercury's fixture files (pages, truths, test assertions) by file name.</summary>
    public static IReadOnlyDictionary<string, byte[]> MercuryFixtures => MercuryFiles.Value;

    /// <summary>The text of Mercury's fixture page <c>&lt;name&gt;.html</c> (decoded as the readers decode pages).</summary>
    public static string ExtractMercury(string name, HtmlExtractorOptions? options = null) =>
        ExtractHtml(CharsetDecoder.Decode(MercuryFiles.Value[name + ".html"], null).Text!, name, options);

    /// <summary>The text of <paramref name="html"/>; <paramref name="name"/> names the page in the failure message.</summary>
    public static string ExtractHtml(string html, string name = "page", HtmlExtractorOptions? options = null)
    {
        var result = new HtmlExtractor(options ?? new HtmlExtractorOptions()).Extract(html, out var reason, out _);
        Assert.True(result is not null, $"{name}: dropped ({reason})");
        return result!.Text;
    }
}
