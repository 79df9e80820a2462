using System.Text;

namespace CorpusForge.Stages.Tests.Web;

/// <summary>Builds samples/web/sample.warc.gz from page files in the test data: a crawl of a few sites with the
/// records a real crawl has around its pages (warcinfo, requests, metadata, a redirect, a PDF, a revisit), one gzip
/// member per record as Common Crawl writes them.</summary>
public static class SampleWarc
{
    private const string Date = "2024-03-20T11:02:33Z";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CorpusForge.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string CommittedPath => Path.Combine(RepositoryRoot, "samples", "web", "sample.warc.gz");

    private static byte[] Page(string relative) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", relative));

    /// <summary>The pages of the sample: record id suffix, URL, HTTP headers, body file (or bytes).</summary>
    public static WarcBuilder Build()
    {
        var b = new WarcBuilder();
        var n = 0;
        string Id() => $"6a1f0c3e-5b2d-4e8a-9c41-{++n:D12}";
        b.Add("warcinfo", Id(), null, Date, Encoding.ASCII.GetBytes(
            "software: CorpusForge sample generator\r\nformat: WARC File Format 1.1\r\nisPartOf: corpusforge-sample-crawl\r\n"),
            contentType: "application/warc-fields");

        void Fetch(string url, string httpHeaders, byte[] body)
        {
            var host = new Uri(url).Host;
            b.Add("request", Id(), url, Date, Encoding.ASCII.GetBytes($"GET {new Uri(url).PathAndQuery} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: CorpusForgeSample/1.0\r\n\r\n"),
                contentType: "application/http; msgtype=request");
            b.Response(Id(), url, Date, httpHeaders, body);
            b.Add("metadata", Id(), url, Date, "fetchTimeMs: 184\r\n"u8.ToArray(), contentType: "application/warc-fields");
        }

        Fetch("https://www.riversidecourier.co.uk/news/local/harbour-bridge-repairs-close-northbound-lanes-4417282",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=UTF-8\nServer: nginx", Page("extraction/src/news-en.html"));
        Fetch("https://flourandpatience.net/2023/11/stiff-levain-sourdough/",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=UTF-8\nContent-Encoding: gzip", WarcBuilder.Gzip(Page("extraction/src/blog-en.html")));
        Fetch("https://forum.diyersunited.org/viewtopic.php?t=88213",
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=UTF-8\nTransfer-Encoding: chunked", Chunk(Page("extraction/src/forum-en.html"), 4096));
        Fetch("https://www.northfell.example/products/trailhead-28l-daypack",
            "HTTP/1.1 200 OK\nContent-Type: text/html", Page("extraction/src/product-en.html"));
        Fetch("https://allotments.example/links", "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8", Page("web/links.html"));
        // No charset in the header: the page's own <meta charset="windows-1251"> says how to read it.
        Fetch("https://povolzhye-news.ru/news/2023/09/05/metro-kazan-vtoraya-liniya", "HTTP/1.1 200 OK\nContent-Type: text/html", Page("extraction/src/news-ru.html"));
        Fetch("https://www.riversidecourier.co.uk/media/annual-report-2023.pdf", "HTTP/1.1 200 OK\nContent-Type: application/pdf",
            "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray());
        Fetch("http://riversidecourier.co.uk/news", "HTTP/1.1 301 Moved Permanently\nLocation: https://www.riversidecourier.co.uk/news\nContent-Type: text/html",
            "<html><body><a href=\"https://www.riversidecourier.co.uk/news\">Moved</a></body></html>"u8.ToArray());
        // A page on a domain the sample pipeline blocks.
        Fetch("https://casino-bonus.spam.example/free-spins", "HTTP/1.1 200 OK\nContent-Type: text/html",
            "<html><head><title>Free spins</title></head><body><article><h1>Free spins</h1><p>Claim two hundred free spins today, no deposit needed, at the best casino of the year, with instant withdrawals and a welcome bonus.</p></article></body></html>"u8.ToArray());
        b.Add("revisit", Id(), "https://www.riversidecourier.co.uk/news/local/harbour-bridge-repairs-close-northbound-lanes-4417282", "2024-03-27T11:02:33Z",
            "HTTP/1.1 304 Not Modified\r\nServer: nginx\r\n\r\n"u8.ToArray(),
            [("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"), ("WARC-Refers-To-Date", Date)],
            contentType: "application/http; msgtype=response");
        return b;
    }

    private static byte[] Chunk(byte[] body, int size)
    {
        using var output = new MemoryStream();
        for (var i = 0; i < body.Length; i += size)
        {
            var n = Math.Min(size, body.Length - i);
            output.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            output.Write(body, i, n);
            output.Write("\r\n"u8);
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }
}
