using System.IO.Compression;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>The committed sample WARC is what the generator builds, and reads as the pages it was built from.</summary>
public sealed class SampleWarcTests
{
    /// <summary>Set CORPUSFORGE_WRITE_SAMPLES=1 to rewrite samples/web/sample.warc.gz from the page files.</summary>
    [Fact]
    public void Committed_sample_holds_exactly_the_generated_records()
    {
        var built = SampleWarc.Build();
        if (Environment.GetEnvironmentVariable("CORPUSFORGE_WRITE_SAMPLES") == "1")
            File.WriteAllBytes(SampleWarc.CommittedPath, built.GzipPerRecord());

        // Compare decompressed bytes: the gzip encoder's exact output may differ between zlib versions.
        using var committed = new GZipStream(File.OpenRead(SampleWarc.CommittedPath), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        committed.CopyTo(copy);
        Assert.Equal(built.Plain(), copy.ToArray());
    }

    [Fact]
    public void Sample_reads_as_its_pages_with_the_rest_counted_and_skipped()
    {
        var reader = new WarcReader(new WarcReaderOptions());
        var path = SampleWarc.CommittedPath;
        var docs = reader.Read(new InputFile(path, "sample.warc.gz", "crawl", new FileInfo(path).Length), CancellationToken.None)
            .Select(r => r.Document ?? throw new Xunit.Sdk.XunitException($"bad record: {r.Bad}")).ToList();

        Assert.Equal(
        [
            "https://www.riversidecourier.co.uk/news/local/harbour-bridge-repairs-close-northbound-lanes-4417282",
            "https://flourandpatience.net/2023/11/stiff-levain-sourdough/",
            "https://forum.diyersunited.org/viewtopic.php?t=88213",
            "https://www.northfell.example/products/trailhead-28l-daypack",
            "https://allotments.example/links",
            "https://povolzhye-news.ru/news/2023/09/05/metro-kazan-vtoraya-liniya",
            "https://casino-bonus.spam.example/free-spins",
        ], docs.Select(d => d.Url));
        var russian = docs[5];
        Assert.Equal(("windows-1251", "meta"), ((string)russian.Metadata["charset"]!, (string)russian.Metadata["charset_source"]!));
        Assert.Contains("В Казани откроют новую линию метро", russian.Text);
        Assert.Contains("stiff levain", docs[1].Text);
        Assert.Contains("Boiler pressure keeps dropping", docs[2].Text);
        var counts = reader.LastCounts!;
        Assert.Equal(1, counts.Skipped["warcinfo"]);
        Assert.Equal(9, counts.Skipped["request"]);
        Assert.Equal(9, counts.Skipped["metadata"]);
        Assert.Equal(1, counts.Skipped["revisit"]);
        Assert.Equal(1, counts.Skipped["application/pdf"]);
        Assert.Equal(1, counts.Skipped["status_3xx"]);
    }
}
