using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Bench;

/// <summary>Synthetic crawl data for the web benchmarks: pages of 50–200 KB shaped like real ones (head with
/// inline scripts and styles, navigation, cookie banner, an article of 15–60 paragraphs with lists and a table,
/// sidebar, comments, related links, footer), in a WARC with one gzip member per record, as Common Crawl writes.</summary>
internal static class WebBenchData
{
    private static readonly string[] Words =
    [
        "the", "council", "said", "bridge", "water", "engineers", "would", "traffic", "project", "between", "year", "local",
        "residents", "report", "which", "after", "more", "than", "people", "city", "new", "plans", "work", "during", "time",
        "school", "market", "prices", "energy", "river", "station", "about", "their", "could", "also", "first", "other",
        "because", "public", "service", "network", "summer", "winter", "morning", "evening", "government", "minister",
    ];

    public static string Page(Random random, int index)
    {
        var target = random.Next(50_000, 200_000);
        var sb = new StringBuilder(target + 4096);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story ").Append(index).Append(" | Example News</title>");
        sb.Append("<script>").Append(Script(random, target / 4)).Append("</script><style>").Append(Style(random, target / 16)).Append("</style></head><body>");
        sb.Append("<div class=\"cookie-banner\"><p>We use cookies to personalise content and ads and to analyse our traffic.</p><button>Accept</button></div>");
        sb.Append("<header class=\"site-header\"><nav><ul>");
        for (var i = 0; i < 60; i++) sb.Append("<li><a href=\"/section/").Append(i).Append("\">Section ").Append(i).Append("</a></li>");
        sb.Append("</ul></nav></header><main><article><h1>").Append(Sentence(random, 8)).Append("</h1><div class=\"byline\">By A. Writer</div><div class=\"article-body\">");
        var bodyEnd = target * 3 / 4;
        var paragraph = 0;
        while (sb.Length < bodyEnd)
        {
            paragraph++;
            if (paragraph % 9 == 0) sb.Append("<h2>").Append(Sentence(random, 5)).Append("</h2>");
            if (paragraph % 13 == 0)
            {
                sb.Append("<ul>");
                for (var i = 0; i < 4; i++) sb.Append("<li>").Append(Sentence(random, 10)).Append("</li>");
                sb.Append("</ul>");
            }

            if (paragraph % 17 == 0)
            {
                sb.Append("<table>");
                for (var r = 0; r < 5; r++) sb.Append("<tr><td>").Append(Sentence(random, 2)).Append("</td><td>").Append(random.Next(1000)).Append("</td></tr>");
                sb.Append("</table>");
            }

            if (paragraph % 7 == 0) sb.Append("<div class=\"ad-slot\"><span>Advertisement</span></div>");
            sb.Append("<p>");
            for (var s = random.Next(2, 6); s > 0; s--) sb.Append(Sentence(random, random.Next(8, 25))).Append(' ');
            sb.Append("</p>");
        }

        sb.Append("</div><div class=\"share\"><a href=\"#\">Facebook</a> <a href=\"#\">X</a></div></article>");
        sb.Append("<section class=\"comments\">");
        for (var i = 0; sb.Length < target * 7 / 8; i++) sb.Append("<div class=\"comment\"><b>user").Append(i).Append("</b><p>").Append(Sentence(random, 20)).Append("</p></div>");
        sb.Append("</section></main><aside class=\"sidebar\"><ol>");
        while (sb.Length < target) sb.Append("<li><a href=\"/story/").Append(random.Next()).Append("\">").Append(Sentence(random, 7)).Append("</a></li>");
        sb.Append("</ol></aside><footer><a href=\"/about\">About</a> <a href=\"/privacy\">Privacy</a> © Example News</footer></body></html>");
        return sb.ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) sb.Append(i % 9 == 0 ? ", " : " ");
            sb.Append(Words[random.Next(Words.Length)]);
        }

        sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.Append('.').ToString();
    }

    private static string Script(Random random, int length)
    {
        var sb = new StringBuilder(length + 100);
        while (sb.Length < length) sb.Append("window.cfg_").Append(random.Next(10000)).Append("={a:").Append(random.Next()).Append(",b:\"").Append(Words[random.Next(Words.Length)]).Append("\"};function f").Append(random.Next(1000)).Append("(x){return x<2?x:f(x-1)+f(x-2)}\n");
        return sb.ToString();
    }

    private static string Style(Random random, int length)
    {
        var sb = new StringBuilder(length + 100);
        while (sb.Length < length) sb.Append(".c").Append(random.Next(10000)).Append("{margin:").Append(random.Next(40)).Append("px;color:#").Append(random.Next(0xffffff).ToString("x6")).Append("}\n");
        return sb.ToString();
    }

    /// <summary>Writes a WARC of about <paramref name="compressedMb"/> MB (request, response and metadata records per
    /// page, one gzip member each); returns the page count and the uncompressed size.</summary>
    public static (int Pages, long RawBytes) WriteWarc(string path, int compressedMb, int seed = 11)
    {
        var random = new Random(seed);
        using var file = File.Create(path);
        long raw = 0;
        var pages = 0;
        while (file.Length < compressedMb * 1048576L)
        {
            var url = $"https://news.example/story/{pages}";
            var body = Encoding.UTF8.GetBytes(Page(random, pages));
            raw += Member(file, "request", url, Encoding.ASCII.GetBytes($"GET /story/{pages} HTTP/1.1\r\nHost: news.example\r\n\r\n"));
            raw += Member(file, "response", url, [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"u8, .. body]);
            raw += Member(file, "metadata", url, "fetchTimeMs: 120\r\n"u8.ToArray());
            pages++;
        }

        return (pages, raw);
    }

    private static long Member(Stream file, string type, string url, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"WARC/1.1\r\nWARC-Type: {type}\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Length: {content.Length}\r\n\r\n");
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(content);
            gzip.Write("\r\n\r\n"u8);
        }

        return header.Length + content.Length + 4;
    }

    public static List<string> ReadPages(string path) =>
        new WarcReader(new WarcReaderOptions(), ComponentContext.ForDirectory(Path.GetDirectoryName(path)!))
            .Read(new InputFile(path, Path.GetFileName(path), "bench", new FileInfo(path).Length), CancellationToken.None)
            .Select(r => r.Document!.Text).ToList();
}

/// <summary><c>warc</c>: reading speed of gzipped WARC (decompress, frame, HTTP parse, charset decode).</summary>
public sealed class WarcReadBenchmark : IBenchmark
{
    public string Name => "warc";
    public string Description => "reader.warc_v1 throughput on a per-record gzipped WARC of --size-mb MB (compressed)";

    public void Run(BenchContext context)
    {
        var path = Path.Combine(context.WorkDirectory, "bench.warc.gz");
        var (pages, raw) = WebBenchData.WriteWarc(path, context.SizeMb);
        var compressed = new FileInfo(path).Length;
        // CORPUSFORGE_WARC_KEEP=PATH keeps a copy of the file, to time a peer on it (bench/peers/warcio-read.mjs).
        if (Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_KEEP") is { Length: > 0 } keep) File.Copy(path, keep, overwrite: true);
        var reader = new WarcReader(new WarcReaderOptions(), ComponentContext.ForDirectory(context.WorkDirectory));
        var input = new InputFile(path, "bench.warc.gz", "bench", compressed);
        foreach (var _ in reader.Read(input, CancellationToken.None)) { }

        context.Out.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        long documents = 0;
        // Best of five, in wall time and in this process's CPU time: on a shared machine the CPU time is the steadier
        // figure (all of it is this one reading thread, plus the GC).
        var (seconds, cpu) = Best(() =>
        {
            documents = 0;
            foreach (var result in reader.Read(input, CancellationToken.None))
            {
                if (result.Document is not null) documents++;
            }
        });

        // Bound: gzip decompression alone (GZipStream reads the concatenated members as one stream).
        var (gunzip, gunzipCpu) = Best(() =>
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            while (gzip.Read(buffer) > 0) { }
        });

        // Peer: GNU gzip (zcat) decompressing the same file to /dev/null, timed back to back.
        var zcat = Best(() =>
        {
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", $"gzip -dc '{path}' > /dev/null"]))!;
            process.WaitForExit();
        }).Wall;

        double Mb(long bytes, double s) => bytes / 1048576.0 / s;
        context.Report("pages", documents, "");
        context.Report("records (request, response, metadata)", pages * 3, "");
        context.Report("reader.warc_v1 compressed MB/s (wall)", Mb(compressed, seconds), "MB/s");
        context.Report("reader.warc_v1 compressed MB/s per CPU-second", Mb(compressed, cpu), "MB/s");
        context.Report("reader.warc_v1 uncompressed MB/s per CPU-second", Mb(raw, cpu), "MB/s");
        context.Report("GZipStream alone compressed MB/s (wall)", Mb(compressed, gunzip), "MB/s");
        context.Report("GZipStream alone compressed MB/s per CPU-second", Mb(compressed, gunzipCpu), "MB/s");
        context.Report("zcat > /dev/null compressed MB/s (wall)", Mb(compressed, zcat), "MB/s");
        context.Report("ratio reader / zcat (wall)", zcat / seconds, "x");
        context.Report("ratio reader / GZipStream alone (CPU)", gunzipCpu / cpu, "x");
        context.Report("pages/s (wall)", documents / seconds, "pages/s");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
        context.Out.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>Shortest wall time and shortest CPU time (this process) of five runs.</summary>
    private static (double Wall, double Cpu) Best(Action run)
    {
        var (wall, cpu) = (double.MaxValue, double.MaxValue);
        for (var i = 0; i < 5; i++)
        {
            using var self = Process.GetCurrentProcess();
            var cpu0 = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            run();
            wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
            self.Refresh();
            cpu = Math.Min(cpu, (self.TotalProcessorTime - cpu0).TotalSeconds);
        }

        return (wall, cpu);
    }
}

/// <summary><c>extract</c>: read + main-content extraction on 50–200 KB pages at 1 and 2 threads, against an
/// AngleSharp parse-only walk and SmartReader (a Readability port) on the same pages.</summary>
public sealed class ExtractBenchmark : IBenchmark
{
    public string Name => "extract";
    public string Description => "extract.html_v1 pages/s and MB/s on 50-200 KB pages (1 and 2 threads), vs parse-only and SmartReader";

    public void Run(BenchContext context)
    {
        var path = Path.Combine(context.WorkDirectory, "bench.warc.gz");
        WebBenchData.WriteWarc(path, Math.Max(1, context.SizeMb / 4));
        var readWatch = Stopwatch.StartNew();
        var pages = WebBenchData.ReadPages(path);
        var readSeconds = readWatch.Elapsed.TotalSeconds;
        var megabytes = pages.Sum(p => (long)Encoding.UTF8.GetByteCount(p)) / 1048576.0;
        context.Report("pages (mean KB)", pages.Count, $"({megabytes * 1024 / pages.Count:F0} KB)");
        context.Report("read only pages/s", pages.Count / readSeconds, "pages/s");

        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        // Warm up on every page once so that tiered compilation has settled before anything is timed.
        foreach (var page in pages) extractor.Extract(page, out _, out _);
        foreach (var threads in new[] { 1, 2 })
        {
            var watch = Stopwatch.StartNew();
            long chars = 0;
            Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = threads },
                page => Interlocked.Add(ref chars, extractor.Extract(page, out _, out _)?.Text.Length ?? 0));
            var seconds = watch.Elapsed.TotalSeconds + readSeconds;
            context.Report($"read+extract {threads} thread(s) pages/s", pages.Count / seconds, "pages/s");
            context.Report($"read+extract {threads} thread(s) MB/s", megabytes / seconds, "MB/s");
            context.Report($"  extract only {threads} thread(s) pages/s", pages.Count / watch.Elapsed.TotalSeconds, "pages/s");
            if (threads == 1) context.Report("  mean extracted chars", (double)chars / pages.Count, "chars");
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var parseWatch = Stopwatch.StartNew();
        long parsed = 0;
        foreach (var page in pages)
        {
            using var document = parser.ParseDocument(page);
            parsed += document.Body?.TextContent.Length ?? 0;
        }

        context.Report("AngleSharp parse + TextContent, 1 thread", pages.Count / parseWatch.Elapsed.TotalSeconds, "pages/s");

        var sample = pages.Take(Math.Min(pages.Count, 60)).ToList();
        foreach (var page in sample.Take(10)) SmartReader.Reader.ParseArticle("https://news.example/story", page, null);
        var smartWatch = Stopwatch.StartNew();
        long smartChars = 0;
        foreach (var page in sample)
        {
            // The (uri, text, userAgent) overload parses the given text; the two-string one would download the uri.
            var article = SmartReader.Reader.ParseArticle("https://news.example/story", page, null);
            if (smartChars == 0 && article.Errors.Count > 0) throw new InvalidOperationException("SmartReader failed: " + article.Errors[0]);
            smartChars += article.TextContent?.Length ?? 0;
        }

        context.Report($"SmartReader, 1 thread ({sample.Count} pages)", sample.Count / smartWatch.Elapsed.TotalSeconds, "pages/s");
        context.Report("  SmartReader mean extracted chars", (double)smartChars / sample.Count, "chars");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
    }
}
