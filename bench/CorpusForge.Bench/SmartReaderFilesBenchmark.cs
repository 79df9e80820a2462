using System.Diagnostics;
using System.Text.Json;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Bench;

/// <summary><c>smartreader-files</c>: SmartReader (a port of Mozilla's Readability) over a folder of HTML files in
/// one process, one thread: read, decode, extract, write JSON Lines. The peer that
/// <c>scripts/bench-cli-extract.sh</c> times end to end, start-up included, against <c>corpusforge run</c>.</summary>
/// <remarks>
/// Folder: <c>CORPUSFORGE_PAGES</c> (every <c>.html</c>/<c>.htm</c> file below it, in ordinal path order, as
/// <c>reader.html_v1</c> reads a folder); output: <c>CORPUSFORGE_PAGES_OUT</c> (a JSONL file; default a scratch file
/// deleted afterwards). Pages are decoded by the same <see cref="CharsetDecoder"/> as <c>reader.html_v1</c>, so both
/// sides pay the same decoding; the output is one <c>{"id","text"}</c> line per page SmartReader found an article in.
/// </remarks>
public sealed class SmartReaderFilesBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "smartreader-files";

    /// <inheritdoc />
    public string Description => "SmartReader over a folder of HTML files, one process, one thread (the peer of scripts/bench-cli-extract.sh)";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var folder = Environment.GetEnvironmentVariable("CORPUSFORGE_PAGES") is { Length: > 0 } pages
            ? Path.GetFullPath(pages)
            : throw new InvalidOperationException("set CORPUSFORGE_PAGES to a folder of .html files");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetRelativePath(folder, f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidOperationException($"no .html or .htm file below {folder}");
        var output = Environment.GetEnvironmentVariable("CORPUSFORGE_PAGES_OUT") is { Length: > 0 } path
            ? path
            : Path.Combine(context.WorkDirectory, "smartreader.jsonl");

        var watch = Stopwatch.StartNew();
        var (articles, chars) = (0, 0L);
        using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write))
        // One JSON value per line: the writer is reset after each, or it would put a comma before the next one.
        using (var json = new Utf8JsonWriter(stream))
        {
            foreach (var file in files)
            {
                var decoded = CharsetDecoder.Decode(File.ReadAllBytes(file), declared: null);
                if (decoded.Text is null) continue;
                var article = SmartReader.Reader.ParseArticle("https://example.org/" + Path.GetRelativePath(folder, file), decoded.Text, null);
                if (!article.IsReadable || string.IsNullOrEmpty(article.TextContent)) continue;
                json.WriteStartObject();
                json.WriteString("id", Path.GetRelativePath(folder, file));
                json.WriteString("text", article.TextContent);
                json.WriteEndObject();
                json.Flush();
                json.Reset();
                stream.WriteByte((byte)'\n');
                articles++;
                chars += article.TextContent.Length;
            }

            stream.Flush(flushToDisk: true);
        }

        context.Report($"SmartReader, 1 thread, in process ({files.Count} pages, {articles} articles)", files.Count / watch.Elapsed.TotalSeconds, "pages/s");
        context.Report("  extracted characters", chars, "chars");
    }
}
