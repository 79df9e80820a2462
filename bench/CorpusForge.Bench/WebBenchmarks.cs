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

    private static long Member(Stream file, string type, string? url, byte[] content)
    {
        var target = url is null ? "" : $"WARC-Target-URI: {url}\r\n";
        var header = Encoding.ASCII.GetBytes($"WARC/1.1\r\nWARC-Type: {type}\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n{target}Content-Length: {content.Length}\r\n\r\n");
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(content);
            gzip.Write("\r\n\r\n"u8);
        }

        return header.Length + content.Length + 4;
    }

    /// <summary>Writes a Common Crawl–shaped WARC of about <paramref name="compressedMb"/> MB from real pages (each
    /// <c>source.html</c> under <paramref name="pagesDir"/>, cycled): a warcinfo record, then per capture a request,
    /// a response and a metadata record, each its own gzip member (level 6, as Java's GZIPOutputStream writes them).
    /// About one capture in twelve is a redirect, one in twenty-five a 404, one in sixty a PDF or image (random
    /// bytes: incompressible, so stored deflate blocks, in which gzip magic bytes are planted as a hard case for the
    /// parallel reader). Returns the number of HTML responses and the uncompressed size.</summary>
    public static (int Pages, long RawBytes) WriteRealWarc(string path, string pagesDir, int compressedMb, int seed = 12)
    {
        var pages = Directory.GetFiles(pagesDir, "source.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToArray();
        if (pages.Length == 0) throw new InvalidOperationException($"no source.html under {pagesDir}");
        var random = new Random(seed);
        using var file = File.Create(path);
        long raw = Member(file, "warcinfo", null, "software: CorpusForge bench\r\nformat: WARC File Format 1.1\r\n"u8.ToArray());
        var html = 0;
        for (var capture = 0; file.Length < compressedMb * 1048576L; capture++)
        {
            var url = $"https://site{capture % 997}.example/{capture}/article";
            raw += Member(file, "request", url, Encoding.ASCII.GetBytes(
                $"GET /{capture}/article HTTP/1.1\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\nAccept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.5\r\nHost: site{capture % 997}.example\r\n\r\n"));
            var roll = random.Next(300);
            byte[] response;
            if (roll < 25) response = Http("301 Moved Permanently", "text/html", $"Location: https://www.site{capture % 997}.example/{capture}/\r\n", "<html><body>Moved</body></html>"u8.ToArray());
            else if (roll < 37) response = Http("404 Not Found", "text/html; charset=utf-8", "", "<html><head><title>Not found</title></head><body><h1>404</h1></body></html>"u8.ToArray());
            else if (roll < 42)
            {
                var blob = new byte[random.Next(5_000, 60_000)];
                random.NextBytes(blob);
                // Gzip magic with a plausible header, and a whole gzip member, inside stored (uncompressed) data.
                for (var i = 0; i + 10 < blob.Length; i += random.Next(2_000, 20_000)) { blob[i] = 0x1f; blob[i + 1] = 0x8b; blob[i + 2] = 0x08; blob[i + 3] = 0; }
                var embedded = GzipBytes(Encoding.ASCII.GetBytes($"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n"));
                if (blob.Length > embedded.Length + 100) embedded.CopyTo(blob, blob.Length / 2);
                response = Http("200 OK", roll < 40 ? "application/pdf" : "image/jpeg", "", blob);
            }
            else
            {
                var page = pages[capture % pages.Length];
                var charset = roll % 3 == 0 ? "" : "; charset=utf-8";
                response = Http("200 OK", "text/html" + charset, $"X-Crawler-Content-Length: {page.Length}\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nCache-Control: max-age=600\r\n", page);
                html++;
            }

            raw += Member(file, "response", url, response);
            raw += Member(file, "metadata", url, Encoding.ASCII.GetBytes(
                $"fetchTimeMs: {random.Next(20, 2000)}\r\ncharset-detected: UTF-8\r\nlanguages-cld2: {{\"reliable\":true,\"text-bytes\":{random.Next(1000, 90000)},\"languages\":[{{\"code\":\"en\",\"code-iso-639-3\":\"eng\",\"text-covered\":0.98,\"score\":1020.0,\"name\":\"ENGLISH\"}}]}}\r\n"));
        }

        return (html, raw);
    }

    private static byte[] Http(string status, string contentType, string extra, byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: nginx\r\nContent-Type: {contentType}\r\n{extra}X-Crawler-Content-Encoding: gzip\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];

    private static byte[] GzipBytes(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public static List<string> ReadPages(string path) =>
        new WarcReader(new WarcReaderOptions(), ComponentContext.ForDirectory(Path.GetDirectoryName(path)!))
            .Read(new InputFile(path, Path.GetFileName(path), "bench", new FileInfo(path).Length), CancellationToken.None)
            .Select(r => r.Document!.Text).ToList();
}

/// <summary><c>warc</c>: reading speed of gzipped WARC (decompress, frame, HTTP parse, charset decode), sequential
/// and with members inflated ahead on worker threads, against GZipStream alone and GNU gzip on the same file.</summary>
/// <remarks><c>--part real</c> (the default) builds a Common Crawl–shaped WARC from the real pages under
/// /work/shared/data/extraction-dev (or <c>CORPUSFORGE_WARC_PAGES</c>); <c>--part synthetic</c> uses generated
/// 50–200 KB pages. <c>CORPUSFORGE_WARC_KEEP=PATH</c> keeps the file (and reuses it when it exists), to time a peer
/// on it (bench/peers/warcio-read.mjs). <c>--workers N</c> is the largest inflate worker count timed.</remarks>
public sealed class WarcReadBenchmark : IBenchmark
{
    public string Name => "warc";
    public string Description => "reader.warc_v1 throughput on a per-record gzipped WARC of --size-mb MB (compressed), sequential and parallel inflate";

    public void Run(BenchContext context)
    {
        var keep = Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_KEEP");
        var path = keep is { Length: > 0 } ? keep : Path.Combine(context.WorkDirectory, "bench.warc.gz");
        var real = context.Part is null or "real";
        if (!File.Exists(path))
        {
            var pagesDir = Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_PAGES") is { Length: > 0 } d ? d : "/work/shared/data/extraction-dev/readability-test-pages";
            if (real) WebBenchData.WriteRealWarc(path, pagesDir, context.SizeMb);
            else WebBenchData.WriteWarc(path, context.SizeMb);
        }

        var compressed = new FileInfo(path).Length;
        var input = new InputFile(path, Path.GetFileName(path), "bench", compressed);
        double Mb(long bytes, double s) => bytes / 1048576.0 / s;

        // CORPUSFORGE_WARC_ONLY=N: only the reader at N threads (best of CORPUSFORGE_WARC_RUNS runs, 3 by default),
        // for its CPU cost, peak working set and GC figures (and for profiling: nothing else runs in the process).
        if (int.TryParse(Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_ONLY"), out var only))
        {
            context.Out.WriteLine($"file: {path}, {compressed / 1048576.0:F1} MB compressed; load: {File.ReadAllText("/proc/loadavg").Trim()}");
            var runs = int.TryParse(Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_RUNS"), out var r) ? r : 3;
            // CORPUSFORGE_WARC_SEGMENT_KB: the prefetch segment size (compressed bytes per worker task).
            var segment = int.TryParse(Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_SEGMENT_KB"), out var kb) ? kb << 10 : CorpusForge.Stages.Readers.Warc.GzipMemberPrefetcher.SegmentBytes;
            var reader = new WarcReader(new WarcReaderOptions(), ComponentContext.ForDirectory(context.WorkDirectory)) { InflateWorkers = only, InflateSegmentBytes = segment };
            // Every run's CPU time and minor page faults as well as the best: on a shared machine the median of
            // several runs is steadier than the best, and the faults (fresh memory touched) do not depend on load.
            var perRun = new List<(double Cpu, long Faults)>();
            var (seconds, cpu, thread) = BestWithThread(() =>
            {
                using var self = Process.GetCurrentProcess();
                var (cpu0, faults0) = (self.TotalProcessorTime, MinorFaults());
                foreach (var _ in reader.Read(input, CancellationToken.None)) { }
                self.Refresh();
                perRun.Add(((self.TotalProcessorTime - cpu0).TotalSeconds, MinorFaults() - faults0));
            }, runs);
            double Per100(double s) => s * 100 / (compressed / 1048576.0);
            var sorted = perRun.Select(p => Per100(p.Cpu)).Order().ToList();
            context.Report($"reader.warc_v1 {only} thread(s) MB/s (wall) / per CPU-s", Mb(compressed, seconds), $"/ {Mb(compressed, cpu):F2} MB/s");
            context.Report("  CPU-s per 100 MB compressed (best run)", Per100(cpu), "s");
            context.Report("  CPU-s per 100 MB compressed (median run)", sorted[sorted.Count / 2], $"s (runs: {string.Join(" ", perRun.Select(p => Per100(p.Cpu).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");
            context.Report("  minor page faults per run (median)", perRun.Select(p => p.Faults).Order().ElementAt(perRun.Count / 2), "");
            context.Report("  records converted on the inflate workers (last run)", reader.LastConvertedAhead, "");
            context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
            context.Report("gen0 / gen1 / gen2 collections", GC.CollectionCount(0), $"/ {GC.CollectionCount(1)} / {GC.CollectionCount(2)}");
            context.Out.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
            return;
        }

        // CORPUSFORGE_WARC_PHASES=1: the steps of turning records into documents, each timed alone on the response
        // records held in memory (CPU seconds per 100 MB of the compressed file).
        if (Environment.GetEnvironmentVariable("CORPUSFORGE_WARC_PHASES") == "1")
        {
            ConversionPhases(context, path, compressed);
            return;
        }

        long raw = 0;
        using (var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer)) > 0) raw += n;
        }

        context.Out.WriteLine($"file: {path}, {compressed / 1048576.0:F1} MB compressed, {raw / 1048576.0:F1} MB uncompressed ({(real ? "real pages" : "synthetic pages")})");
        context.Out.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");

        // Phases, sequential: inflate only (GZipStream), then the reader keeping nothing (inflate, framing, HTTP
        // parse; every response skipped by MIME type), then the full reader (plus body decoding, charset, documents).
        var (gunzip, gunzipCpu) = Best(() =>
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            while (gzip.Read(buffer) > 0) { }
        });
        context.Report("GZipStream alone compressed MB/s (wall)", Mb(compressed, gunzip), "MB/s");
        context.Report("GZipStream alone compressed MB/s per CPU-second", Mb(compressed, gunzipCpu), "MB/s");

        foreach (var workers in new[] { 1, 2, context.Workers }.Distinct())
        {
            (long Prefetched, long Sequential) members = default;
            var (inflate, inflateCpu) = Best(() =>
            {
                using var stream = new CorpusForge.Stages.Readers.Warc.GzipMemberStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), workers);
                var buffer = new byte[1 << 16];
                while (stream.Read(buffer) > 0) { }
                members = stream.MemberCounts;
            });
            context.Report($"GzipMemberStream ({(CorpusForge.Stages.Readers.Warc.WholeMemberInflater.Available ? "libdeflate, zlib fallback" : "zlib")}), {workers} worker(s) MB/s (wall)", Mb(compressed, inflate), "MB/s");
            context.Report($"GzipMemberStream, {workers} worker(s) MB/s per CPU-s", Mb(compressed, inflateCpu), "MB/s");
            if (workers > 1) context.Report($"  members prefetched / inflated in order", members.Prefetched, $"/ {members.Sequential}");
        }

        var ctx = ComponentContext.ForDirectory(context.WorkDirectory);
        var none = new WarcReader(new WarcReaderOptions { MimeTypes = ["none/none"] }, ctx) { InflateWorkers = 1 };
        var (frame, frameCpu) = Best(() => { foreach (var _ in none.Read(input, CancellationToken.None)) { } });
        context.Report("reader, nothing kept, sequential MB/s per CPU-s", Mb(compressed, frameCpu), "MB/s");

        long documents = 0;
        var sequential = 0.0;
        var sequentialCpu = 0.0;
        var sequentialHash = 0;
        foreach (var workers in new[] { 1, 2, context.Workers }.Distinct())
        {
            var reader = new WarcReader(new WarcReaderOptions(), ctx) { InflateWorkers = workers };
            var digest = new HashCode();
            foreach (var result in reader.Read(input, CancellationToken.None))
            {
                digest.Add(result.Document?.Id);
                digest.Add(result.Document?.Text);
                digest.Add(result.Bad?.Reason);
                digest.Add(result.Document?.Provenance ?? result.Bad?.Where);
            }

            var hash = digest.ToHashCode();
            if (workers == 1) sequentialHash = hash;
            else context.Report($"  {workers} inflate workers: output identical to sequential", hash == sequentialHash ? 1 : 0, hash == sequentialHash ? "yes" : "NO");
            var (seconds, cpu, thread) = BestWithThread(() =>
            {
                documents = 0;
                foreach (var result in reader.Read(input, CancellationToken.None))
                {
                    if (result.Document is not null) documents++;
                }
            });
            if (workers == 1) (sequential, sequentialCpu) = (seconds, cpu);
            var label = workers == 1 ? "sequential" : $"{workers} inflate workers";
            context.Report($"reader.warc_v1 {label} MB/s (wall)", Mb(compressed, seconds), "MB/s");
            context.Report($"reader.warc_v1 {label} MB/s per CPU-s", Mb(compressed, cpu), "MB/s");
            context.Report($"  {label}: CPU-s / wall-s", cpu / seconds, "");
            context.Report($"  {label}: pages/s (wall)", documents / seconds, "pages/s");
            context.Report($"  {label}: calling-thread CPU-s / process CPU-s", thread / cpu, "");
            // Idle-machine model: the calling thread is the critical path; the rest spreads over the other cores.
            foreach (var cores in new[] { 2, 4, 8 })
                context.Report($"  {label}: bound on {cores} idle cores (model) MB/s", Mb(compressed, Math.Max(thread, cpu / Math.Min(cores, workers == 1 ? 1 : workers + 1))), "MB/s");
        }

        // Peer: GNU gzip decompressing the same file to /dev/null, timed back to back.
        var zcat = Best(() =>
        {
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", $"gzip -dc '{path}' > /dev/null"]))!;
            process.WaitForExit();
        }).Wall;

        context.Report("pages (HTML responses kept)", documents, "");
        context.Report("sequential reader uncompressed MB/s per CPU-s", Mb(raw, sequentialCpu), "MB/s");
        context.Report("zcat > /dev/null compressed MB/s (wall)", Mb(compressed, zcat), "MB/s");
        context.Report("ratio sequential reader / zcat (wall)", zcat / sequential, "x");
        context.Report("CPU share: inflate (GZipStream) of sequential reader", gunzipCpu / sequentialCpu, "");
        context.Report("CPU share: framing + HTTP parse", (frameCpu - gunzipCpu) / sequentialCpu, "");
        context.Report("CPU share: body, charset, documents", (sequentialCpu - frameCpu) / sequentialCpu, "");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
        context.Out.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static void ConversionPhases(BenchContext context, string path, long compressed)
    {
        var bodies = new List<(byte[] Content, string? Charset)>();
        using (var parser = new CorpusForge.Stages.Readers.Warc.WarcRecordParser(
                   new CorpusForge.Stages.Readers.Warc.GzipMemberStream(File.OpenRead(path)), null, 20 << 20))
        {
            foreach (var parsed in parser.Read(CancellationToken.None))
            {
                if (parsed.Record is not { } record || record["WARC-Type"] != "response") continue;
                if (CorpusForge.Stages.Readers.Warc.HttpResponse.TryParse(record.Content, out var http, out _) && http!.Status == 200 && http.MimeType == "text/html")
                    bodies.Add((http.Body.ToArray(), http.Charset));
            }
        }

        var html = bodies.Sum(b => (long)b.Content.Length);
        context.Out.WriteLine($"{bodies.Count} HTML bodies, {html / 1048576.0:F1} MB; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        double Per100(double cpu) => cpu * 100 / (compressed / 1048576.0);
        void Time(string label, Action<byte[], string?> step)
        {
            var (_, cpu) = Best(() => { foreach (var (content, charset) in bodies) step(content, charset); });
            context.Report($"{label}: CPU-s per 100 MB compressed", Per100(cpu), "s");
        }

        var sink = 0L;
        Time("Utf8.IsValid", (b, _) => sink += System.Text.Unicode.Utf8.IsValid(b) ? 1 : 0);
        Time("UTF8.GetCharCount", (b, _) => sink += Encoding.UTF8.GetCharCount(b));
        Time("UTF8.GetString", (b, _) => sink += Encoding.UTF8.GetString(b).Length);
        Time("string allocation alone", (b, _) => sink += new string('\0', b.Length).Length);
        var chars = new char[64 << 20];
        Time("UTF-8 to UTF-16 into a reused buffer", (b, c) => { System.Text.Unicode.Utf8.ToUtf16(b, chars, out var read, out var n); sink += n + read; });
        Time("UTF-8 to UTF-16 into a reused buffer, then new string", (b, c) => { System.Text.Unicode.Utf8.ToUtf16(b, chars, out var read, out var n); sink += new string(chars, 0, n).Length + read; });
        Time("PrescanMeta", (b, _) => sink += CharsetDecoder.PrescanMeta(b)?.Length ?? 0);
        Time("CharsetDecoder.Decode", (b, c) => sink += CharsetDecoder.Decode(b, c).Text?.Length ?? 0);
        var sources = bodies.Select(b => CharsetDecoder.Decode(b.Content, b.Charset)).GroupBy(d => $"{d.Charset}/{d.Source}{(d.Error is null ? "" : "/" + d.Error)}")
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        context.Out.WriteLine($"charsets: {string.Join(", ", sources)} (checksum {sink})");
        var slow = bodies.Where(b => b.Charset is not null && !System.Text.Unicode.Utf8.IsValid(b.Content)).ToList();
        var (_, slowCpu) = Best(() => { foreach (var (content, charset) in slow) sink += CharsetDecoder.Decode(content, charset).Text?.Length ?? 0; });
        context.Report($"  of which {slow.Count} declared pages whose bytes are not valid UTF-8: CPU-s per 100 MB", Per100(slowCpu), "s");
    }

    /// <summary>Shortest wall time and shortest CPU time (this process) of three runs.</summary>
    private static (double Wall, double Cpu) Best(Action run)
    {
        var (wall, cpu, _) = BestWithThread(run);
        return (wall, cpu);
    }

    /// <summary>Shortest wall, process CPU and calling-thread CPU time of three runs. The calling thread is the
    /// reader's critical path (framing, and its share of conversion): with enough idle cores the wall time tends to
    /// the larger of this thread's CPU time and the process CPU time divided by the cores.</summary>
    private static (double Wall, double Cpu, double Thread) BestWithThread(Action run, int runs = 3)
    {
        var (wall, cpu, thread) = (double.MaxValue, double.MaxValue, double.MaxValue);
        for (var i = 0; i < runs; i++)
        {
            using var self = Process.GetCurrentProcess();
            var cpu0 = self.TotalProcessorTime;
            var thread0 = ThreadCpu();
            var watch = Stopwatch.StartNew();
            run();
            wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
            thread = Math.Min(thread, ThreadCpu() - thread0);
            self.Refresh();
            cpu = Math.Min(cpu, (self.TotalProcessorTime - cpu0).TotalSeconds);
        }

        return (wall, cpu, thread);
    }

    /// <summary>Minor page faults of this process so far (Linux /proc/self/stat field 10): fresh memory touched.</summary>
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>CPU seconds of the calling OS thread (Linux /proc/thread-self/stat, utime + stime in clock ticks of
    /// 1/100 s).</summary>
    private static double ThreadCpu()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
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
