using System.ComponentModel;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Extraction;
using Document = CorpusForge.Core.Documents.Document;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="EpubReader"/>.</summary>
public sealed class EpubReaderOptions : IValidatableOptions
{
    /// <summary>Largest uncompressed chapter file; guards against zip bombs.</summary>
    [Description("Largest uncompressed file read from the EPUB, in bytes (guards against zip bombs); larger chapters are quarantined.")]
    public long MaxEntryBytes { get; set; } = 32L << 20;

    /// <summary>Include spine items marked <c>linear="no"</c> (covers, notes shown out of reading order).</summary>
    [Description("Include spine items marked linear=\"no\" (covers, pop-up notes).")]
    public bool IncludeNonLinear { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MaxEntryBytes <= 0) yield return "max_entry_bytes must be positive";
    }
}

/// <summary>Reads an EPUB (2 or 3) as one document: chapters in spine order, headings kept as their own paragraphs,
/// title/author/language from the package metadata. Scripts are never run and no resource is loaded.</summary>
/// <remarks>Follows the EPUB Open Container Format: <c>META-INF/container.xml</c> names the package (OPF) file,
/// whose manifest maps ids to files and whose spine gives the reading order. A corrupt zip or a missing package is a
/// bad record for the whole file; a spine item whose file is missing or unreadable is a bad record for that chapter,
/// and the book is still produced from the other chapters (metadata <c>missing_chapters</c>).</remarks>
[Component("reader.epub_v1", "EPUB book as one document: spine order, chapter headings kept, title/author/language metadata")]
public sealed partial class EpubReader(EpubReaderOptions options) : IDocumentReader
{
    private const string ContainerNs = "urn:oasis:names:tc:opendocument:xmlns:container";
    private const string OpfNs = "http://www.idpf.org/2007/opf";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    // Stands for <br> while a paragraph is collected (U+2028 LINE SEPARATOR does not occur in collapsed text).
    private const char LineBreak = '\u2028';

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "aside", "blockquote", "pre", "li", "dd", "dt", "tr", "table", "figure",
        "figcaption", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul", "ol", "dl", "body",
    };

    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "math", "rt", "rp", "title", "desc", "metadata",
    };

    // EPUB OCF font obfuscation algorithms: http://www.idpf.org/2008/embedding (OCF 3, "Font Obfuscation") and
    // Adobe's http://ns.adobe.com/pdf/enc#RC. Neither hides text.
    private static readonly HashSet<string> FontObfuscation = new(StringComparer.Ordinal)
    {
        "http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC",
    };

    // Media types a reading system renders as spine content; other spine items are read through their fallback chain.
    private static readonly HashSet<string> ContentMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/xhtml+xml", "text/html", "image/svg+xml", "application/x-dtbook+xml",
    };

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var where = new Provenance(input.RelativePath, 0, 0);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(input.FullPath);
        }
        catch (InvalidDataException e)
        {
            return [ReadResult.Failed(where, $"corrupt EPUB: not a readable zip archive ({e.Message})")];
        }

        return ReadArchive(archive, input, where, cancellationToken);
    }

    private IEnumerable<ReadResult> ReadArchive(ZipArchive archive, InputFile input, Provenance where, CancellationToken cancellationToken)
    {
        using (archive)
        {
            var package = ReadPackage(archive, out var problem);
            if (package is null)
            {
                yield return ReadResult.Failed(where, $"invalid EPUB: {problem}");
                yield break;
            }

            var text = new StringBuilder();
            var titles = new List<string>();
            var missing = 0;
            for (var index = 0; index < package.Spine.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (path, linear) = package.Spine[index];
                if (!linear && !options.IncludeNonLinear) continue;
                var chapterWhere = new Provenance(input.RelativePath, index);
                var entry = archive.GetEntry(path);
                string? error = null;
                string? chapter = null;
                string? heading = null;
                if (entry is null) error = $"spine item {index + 1} points to a missing file '{path}'";
                else if (entry.Length > options.MaxEntryBytes) error = $"spine item {index + 1} ('{path}') is {entry.Length} bytes uncompressed, over max_entry_bytes ({options.MaxEntryBytes})";
                else
                {
                    try
                    {
                        (chapter, heading) = ChapterText(entry);
                    }
                    catch (InvalidDataException e)
                    {
                        error = $"spine item {index + 1} ('{path}') cannot be decompressed: {e.Message}";
                    }
                }

                if (error is not null)
                {
                    missing++;
                    yield return ReadResult.Failed(chapterWhere, error);
                    continue;
                }

                if (chapter!.Length == 0) continue;
                if (heading is not null) titles.Add(heading);
                if (text.Length > 0) text.Append("\n\n");
                text.Append(chapter);
            }

            if (text.Length == 0)
            {
                yield return ReadResult.Failed(where, "EPUB has no readable text in its spine");
                yield break;
            }

            var document = new Document { Id = input.RelativePath, Text = text.ToString(), Source = input.InputName, Path = input.RelativePath, Provenance = where };
            document.Metadata["title"] = package.Title ?? Path.GetFileNameWithoutExtension(input.RelativePath);
            if (package.Author is not null) document.Metadata["author"] = package.Author;
            if (package.Language is not null) document.Metadata["language"] = package.Language;
            document.Metadata["chapters"] = (long)titles.Count;
            document.Metadata["chapter_titles"] = titles.ToArray();
            document.Metadata["missing_chapters"] = (long)missing;
            yield return document;
        }
    }

    private sealed record Package(string? Title, string? Author, string? Language, List<(string Path, bool Linear)> Spine);

    private static Package? ReadPackage(ZipArchive archive, out string problem)
    {
        problem = "";
        try
        {
            // Font obfuscation (IDPF's and Adobe's algorithms) only scrambles embedded fonts; any other algorithm
            // is encryption of the content (DRM).
            if (archive.GetEntry("META-INF/encryption.xml") is { } encryption
                && LoadXml(encryption).Descendants().Where(e => e.Name.LocalName == "EncryptedData")
                    .Any(data => !FontObfuscation.Contains(data.Descendants().FirstOrDefault(e => e.Name.LocalName == "EncryptionMethod")?.Attribute("Algorithm")?.Value ?? "")))
            {
                problem = "the book is encrypted (DRM); its chapters cannot be read";
                return null;
            }

            var container = archive.GetEntry("META-INF/container.xml");
            if (container is null)
            {
                problem = "META-INF/container.xml is missing";
                return null;
            }

            var rootFile = LoadXml(container).Descendants(XName.Get("rootfile", ContainerNs)).FirstOrDefault()?.Attribute("full-path")?.Value;
            if (rootFile is null || archive.GetEntry(rootFile) is not { } opfEntry)
            {
                problem = rootFile is null ? "container.xml names no rootfile" : $"package file '{rootFile}' named by container.xml is missing";
                return null;
            }

            var opf = LoadXml(opfEntry);
            var baseDir = rootFile.Contains('/') ? rootFile[..(rootFile.LastIndexOf('/') + 1)] : "";
            var metadata = opf.Descendants(XName.Get("metadata", OpfNs)).FirstOrDefault();
            string? Dc(string name) => metadata?.Elements(XName.Get(name, DcNs)).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
            var manifest = new Dictionary<string, (string Path, string? MediaType, string? Fallback)>(StringComparer.Ordinal);
            foreach (var item in opf.Descendants(XName.Get("item", OpfNs)))
            {
                if (item.Attribute("id")?.Value is { } id && item.Attribute("href")?.Value is { } href)
                    manifest.TryAdd(id, (ResolveHref(baseDir, href), item.Attribute("media-type")?.Value, item.Attribute("fallback")?.Value));
            }

            // A spine item that is not a content document (foreign XML, images) is shown through its fallback chain.
            string? ContentPath(string id)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var current = id; manifest.TryGetValue(current, out var item) && seen.Add(current);)
                {
                    if (item.MediaType is null || ContentMediaTypes.Contains(item.MediaType) || item.Fallback is null) return item.Path;
                    current = item.Fallback;
                }

                return manifest.TryGetValue(id, out var first) ? first.Path : null;
            }

            var spine = new List<(string, bool)>();
            foreach (var itemRef in opf.Descendants(XName.Get("itemref", OpfNs)))
            {
                var idRef = itemRef.Attribute("idref")?.Value ?? "";
                var linear = itemRef.Attribute("linear")?.Value != "no";
                // An idref absent from the manifest is reported like a missing file, under its id.
                spine.Add((ContentPath(idRef) ?? $"(manifest id '{idRef}')", linear));
            }

            if (spine.Count == 0)
            {
                problem = "the package's spine is empty";
                return null;
            }

            return new Package(Dc("title"), Dc("creator"), Dc("language"), spine);
        }
        catch (XmlException e)
        {
            problem = $"malformed XML in container or package file: {e.Message}";
            return null;
        }
        catch (InvalidDataException e)
        {
            problem = $"container or package file cannot be decompressed: {e.Message}";
            return null;
        }
    }

    private static XDocument LoadXml(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader);
    }

    private static string ResolveHref(string baseDir, string href)
    {
        var path = Uri.UnescapeDataString(href.Split('#')[0]);
        var parts = new List<string>();
        foreach (var part in (baseDir + path).Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private static (string Text, string? Heading) ChapterText(ZipArchiveEntry entry)
    {
        byte[] bytes;
        using (var stream = entry.Open())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        // XHTML declares its encoding in the XML declaration (a BOM still wins); HTML in a meta tag.
        var decoded = CharsetDecoder.Decode(bytes, XmlDeclaredEncoding(bytes));
        var html = XhtmlEntities.ExpandInternalSubset(decoded.Text ?? Encoding.UTF8.GetString(bytes));
        // Parsing only: AngleSharp runs no scripts and fetches no resources unless configured to.
        var document = new HtmlParser().ParseDocument(html);
        var paragraphs = new List<string>();
        string? heading = null;
        var current = new StringBuilder();
        Walk(document.Body ?? document.DocumentElement, paragraphs, current, ref heading);
        Flush(paragraphs, current);
        return (string.Join("\n\n", paragraphs), heading);
    }

    private static string? XmlDeclaredEncoding(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 256));
        var match = XmlEncodingDeclaration().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:\uFEFF|ï»¿)?\s*<\?xml[^>]*?\bencoding\s*=\s*[""']([A-Za-z0-9._:-]+)[""']")]
    private static partial System.Text.RegularExpressions.Regex XmlEncodingDeclaration();

    // Not rendered: the hidden attribute (HTML) and inline display:none.
    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || (element.GetAttribute("style") is { } style && style.Replace(" ", "").Contains("display:none", StringComparison.OrdinalIgnoreCase));

    private static void Walk(INode node, List<string> paragraphs, StringBuilder current, ref string? heading)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText textNode)
            {
                // Source line breaks are plain whitespace in HTML; only <br> breaks a line.
                current.Append(textNode.Data.Replace('\n', ' '));
                continue;
            }

            if (child is not IElement element || SkippedElements.Contains(element.LocalName) || IsHidden(element)) continue;
            if (element.LocalName == "br")
            {
                current.Append(LineBreak);
                continue;
            }

            // SVG text (fixed-layout pages often are an <svg> of <text> lines) reads as one line per <text> element.
            var block = BlockElements.Contains(element.LocalName) || element.LocalName is "svg" or "text";
            if (block) Flush(paragraphs, current);
            if (HtmlTags.IsHeading(element.LocalName))
            {
                var title = Collapse(element.TextContent);
                if (title.Length > 0)
                {
                    heading ??= title;
                    paragraphs.Add(title);
                }

                continue;
            }

            Walk(element, paragraphs, current, ref heading);
            if (block) Flush(paragraphs, current);
        }
    }

    private static void Flush(List<string> paragraphs, StringBuilder current)
    {
        if (current.Length == 0) return;
        // Line breaks (<br>) inside a paragraph are kept (verse); other whitespace runs collapse.
        var lines = current.ToString().Split(LineBreak).Select(Collapse).Where(l => l.Length > 0);
        var paragraph = string.Join('\n', lines);
        if (paragraph.Length > 0) paragraphs.Add(paragraph);
        current.Clear();
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
}
