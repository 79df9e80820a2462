using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Cleaning;
using CorpusForge.Stages.Filters.Code;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Redaction;

namespace CorpusForge.Bench;

/// <summary>Throughput of the book, EPUB, code-repository and transcript readers (files/s, MB/s, one thread) and of
/// the book cleaner, code filters and secret redactor, on generated data of --size-mb per reader.</summary>
public sealed class SourcesBenchmark : IBenchmark
{
    public string Name => "sources";

    public string Description => "book/EPUB/code/transcript readers (files/s, MB/s) and book cleaning, code filters, secret redaction (MB/s)";

    public void Run(BenchContext context)
    {
        var bytes = context.SizeMb * 1_000_000L;
        var random = new Random(42);
        var books = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "books")).FullName;
        var bookFiles = Generate(books, bytes, 400_000, i => ("book" + i + ".txt", Encoding.UTF8.GetBytes(Book(random, 400_000))));
        var epubFiles = Generate(Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "epubs")).FullName, bytes, 400_000, i => ("book" + i + ".epub", Epub(random, 400_000)));
        var repo = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "repo")).FullName;
        var codeFiles = Generate(repo, bytes, 4_000, i => ($"pkg{i % 50}/module{i}.py", Encoding.UTF8.GetBytes(Code(random, 4_000, i))));
        File.WriteAllText(Path.Combine(repo, ".gitignore"), "*.log\nbuild/\n");
        var transcripts = Generate(Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "subs")).FullName, bytes, 100_000, i => ("talk" + i + ".srt", Encoding.UTF8.GetBytes(Srt(random, 100_000))));

        var bookDocs = MeasureReader(context, "reader.book_v1", new BookReader(new BookReaderOptions()), bookFiles);
        MeasureReader(context, "reader.epub_v1", new EpubReader(new EpubReaderOptions()), epubFiles);
        var code = MeasureReader(context, "reader.code_repo_v1", new CodeRepositoryReader(new CodeRepositoryReaderOptions()),
            [new InputFile(repo, "repo", "bench", 0)], codeFiles.Count, codeFiles.Sum(f => f.Length));
        MeasureReader(context, "reader.transcript_v1", new TranscriptReader(new TranscriptReaderOptions()), transcripts);

        MeasureStage(context, "clean.book_v1", new BookCleaner(new BookCleanerOptions()), bookDocs);
        IDocumentStage[] filters =
        [
            new CodeLineCountFilter(new CodeLineCountFilterOptions()), new CodeMaxLineLengthFilter(new CodeMaxLineLengthFilterOptions()),
            new CodeMeanLineLengthFilter(new CodeMeanLineLengthFilterOptions()), new CodeAlphanumericFilter(new CodeAlphanumericFilterOptions()),
            new CodeEncodedDataFilter(new CodeEncodedDataFilterOptions()), new CodeXmlFilter(new CodeXmlFilterOptions()),
        ];
        MeasureStage(context, "code filters (6 StarCoder rules)", new Chain(filters), code);
        MeasureStage(context, "redact.secrets_v1", new SecretRedactor(new SecretRedactorOptions()), code);
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");
    }

    private static List<InputFile> Generate(string folder, long total, int perFile, Func<int, (string Name, byte[] Bytes)> make)
    {
        var files = new List<InputFile>();
        long written = 0;
        for (var i = 0; written < total; i++)
        {
            var (name, content) = make(i);
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            files.Add(new InputFile(path, name, "bench", content.Length));
            written += content.Length;
        }

        return files;
    }

    private static List<Document> MeasureReader(BenchContext context, string name, IDocumentReader reader, IReadOnlyList<InputFile> inputs,
        int? fileCount = null, long? byteCount = null)
    {
        // One untimed pass warms the JIT and the page cache; the timed pass keeps the documents for the stage figures.
        foreach (var input in inputs.Take(2)) reader.Read(input, CancellationToken.None).ToList();
        var documents = new List<Document>();
        var clock = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            foreach (var result in reader.Read(input, CancellationToken.None))
            {
                if (result.Document is { } d) documents.Add(d);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var files = fileCount ?? inputs.Count;
        var mb = (byteCount ?? inputs.Sum(i => i.Length)) / 1e6;
        context.Report($"{name}: files/s ({files} files, {mb:F0} MB)", files / seconds, "files/s");
        context.Report($"{name}: MB/s of input files", mb / seconds, "MB/s");
        context.Report($"{name}: MB/s of text produced", documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)) / 1e6 / seconds, "MB/s");
        return documents;
    }

    private static void MeasureStage(BenchContext context, string name, IDocumentStage stage, List<Document> documents)
    {
        var copies = documents.Select(d => d.WithText(d.Text)).ToList();
        var mb = copies.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)) / 1e6;
        var clock = Stopwatch.StartNew();
        foreach (var doc in copies) stage.Process(doc);
        context.Report($"{name}: MB/s (one thread)", mb / clock.Elapsed.TotalSeconds, "MB/s");
    }

    private sealed class Chain(IDocumentStage[] stages) : IDocumentStage
    {
        public StageResult Process(Document document)
        {
            foreach (var stage in stages)
            {
                if (stage.Process(document).Outcome == StageOutcome.Drop) return StageResult.Drop("dropped");
            }

            return StageResult.Keep;
        }
    }

    private static readonly string[] Words =
        "the a keeper lamp tide harbour stone light evening winter boat gull cliff water bell notebook surveyor island rock chart wind morning".Split(' ');

    private static string Sentence(Random random)
    {
        var sb = new StringBuilder();
        var n = random.Next(6, 18);
        for (var i = 0; i < n; i++) sb.Append(i == 0 ? "The" : Words[random.Next(Words.Length)]).Append(i == n - 1 ? ". " : " ");
        return sb.ToString();
    }

    private static string Book(Random random, int size)
    {
        var sb = new StringBuilder("Title: Generated\n\n*** START OF THE PROJECT GUTENBERG EBOOK GENERATED ***\n\n");
        var page = 1;
        while (sb.Length < size)
        {
            var paragraph = new StringBuilder();
            for (var s = random.Next(2, 6); s > 0; s--) paragraph.Append(Sentence(random));
            var line = new StringBuilder();
            foreach (var word in paragraph.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + word.Length + 1 > 70)
                {
                    sb.Append(line).Append('\n');
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : "").Append(word);
            }

            sb.Append(line).Append("\n\n");
            if (random.Next(8) == 0) sb.Append("                    ").Append(page++).Append("\n\nGENERATED BOOK\n\n");
        }

        return sb.Append("*** END OF THE PROJECT GUTENBERG EBOOK GENERATED ***\nLicence text.\n").ToString();
    }

    private static byte[] Epub(Random random, int size)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }

            Add("META-INF/container.xml", "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile full-path=\"content.opf\"/></rootfiles></container>");
            var chapters = 10;
            var opf = new StringBuilder("<package xmlns=\"http://www.idpf.org/2007/opf\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>G</dc:title></metadata><manifest>");
            for (var c = 0; c < chapters; c++) opf.Append($"<item id=\"c{c}\" href=\"c{c}.xhtml\"/>");
            opf.Append("</manifest><spine>");
            for (var c = 0; c < chapters; c++) opf.Append($"<itemref idref=\"c{c}\"/>");
            Add("content.opf", opf.Append("</spine></package>").ToString());
            for (var c = 0; c < chapters; c++)
            {
                var html = new StringBuilder($"<html><body><h1>Chapter {c + 1}</h1>");
                while (html.Length < size / chapters) html.Append("<p>").Append(Sentence(random)).Append(Sentence(random)).Append("</p>\n");
                Add($"c{c}.xhtml", html.Append("</body></html>").ToString());
            }
        }

        return memory.ToArray();
    }

    private static string Code(Random random, int size, int index)
    {
        var sb = new StringBuilder($"\"\"\"Module {index}.\"\"\"\nimport os\n\n");
        if (index % 20 == 0) sb.Append("API_KEY = \"9f8e7d6c5b4a3f2e1d0c\"\n");
        var f = 0;
        while (sb.Length < size)
        {
            sb.Append($"def function_{f++}(value, count={random.Next(100)}):\n");
            sb.Append($"    \"\"\"{Sentence(random).Trim()}\"\"\"\n");
            sb.Append($"    total = value * count + {random.Next(1000)}\n");
            sb.Append("    return total\n\n\n");
        }

        return sb.ToString();
    }

    private static string Srt(Random random, int size)
    {
        var sb = new StringBuilder();
        var cue = 1;
        var time = TimeSpan.Zero;
        while (sb.Length < size)
        {
            var end = time + TimeSpan.FromMilliseconds(random.Next(1500, 4000));
            sb.Append(cue++).Append('\n').Append($"{time:hh\\:mm\\:ss\\,fff} --> {end:hh\\:mm\\:ss\\,fff}\n");
            sb.Append(random.Next(4) == 0 ? "SPEAKER: " : "").Append("<i>").Append(Sentence(random).Trim()).Append("</i>\n\n");
            time = end + TimeSpan.FromMilliseconds(random.Next(0, 4000));
        }

        return sb.ToString();
    }
}
