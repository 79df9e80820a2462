using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Bench;

/// <summary>Word precision and recall of reader.epub_v1 against an independent spine-order extraction, on the real
/// EPUB test-suite books of <c>shared/data/epub-subs-dev/epub</c>, for the dev and held-out halves.</summary>
/// <remarks>The reference shares no code with the reader: System.Xml's DOM (with the DTD's internal subset expanded by
/// the XML parser itself, external entities never fetched) instead of AngleSharp, its own OPF and fallback reading, and
/// plain tag stripping for a chapter that is not well-formed XML. Rendered text is what it counts: text nodes of
/// the body, SVG <c>&lt;text&gt;</c> included, without script/style, <c>hidden</c> or inline <c>display:none</c> elements
/// and SVG title/desc (a reading system without scripting shows no more).</remarks>
public sealed partial class RealEpubBenchmark : IBenchmark
{
    public string Name => "epub-real";

    public string Description => "EPUB reader word precision/recall vs an independent spine-order extraction (shared/data/epub-subs-dev)";

    public void Run(BenchContext context)
    {
        var folder = SharedData.Folder("epub-subs-dev");
        if (folder is null)
        {
            context.Out.WriteLine("skipped: shared/data/epub-subs-dev not found");
            return;
        }

        var reader = new EpubReader(new EpubReaderOptions());
        var rows = new List<(string Name, bool HeldOut, int Ours, int Reference, int Common, string? Error)>();
        foreach (var path in Directory.GetFiles(Path.Combine(folder, "epub"), "*.epub").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var results = reader.Read(new InputFile(path, name, "epub", new FileInfo(path).Length), CancellationToken.None).ToList();
            var document = results.Select(r => r.Document).FirstOrDefault(d => d is not null);
            var ours = Words(document?.Text ?? "");
            var reference = Words(ReferenceText(path));
            var common = Common(ours, reference);
            rows.Add((name, SharedData.IsHeldOut(name), ours.Count, reference.Count, common,
                document is null ? string.Join("; ", results.Select(r => r.Bad?.Reason)) : null));
        }

        foreach (var heldOut in new[] { false, true })
        {
            var label = heldOut ? "held-out" : "dev";
            var part = rows.Where(r => r.HeldOut == heldOut).ToList();
            var ours = part.Sum(r => r.Ours);
            var reference = part.Sum(r => r.Reference);
            var common = part.Sum(r => r.Common);
            context.Out.WriteLine($"-- {label}: {part.Count} EPUBs, {reference} reference words");
            context.Report($"{label}: word precision (x1000)", ours == 0 ? 0 : 1000.0 * common / ours, "");
            context.Report($"{label}: word recall (x1000)", reference == 0 ? 0 : 1000.0 * common / reference, "");
            context.Report($"{label}: books with text that yield none", part.Count(r => r.Reference > 0 && r.Ours == 0), "books");
            foreach (var r in part.Where(r => r.Common != r.Ours || r.Common != r.Reference))
                context.Out.WriteLine(heldOut ? $"   {r.Name}" : $"   {r.Name}: ours {r.Ours}, reference {r.Reference}, common {r.Common} {r.Error}");
        }
    }

    private static List<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value).ToList();

    private static int Common(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var word in a)
        {
            if (counts.TryGetValue(word, out var n) && n > 0)
            {
                counts[word] = n - 1;
                common++;
            }
        }

        return common;
    }

    private static string ReferenceText(string epubPath)
    {
        using var zip = ZipFile.OpenRead(epubPath);
        var container = Load(zip.GetEntry("META-INF/container.xml")!);
        var rootFile = container.GetElementsByTagName("rootfile").Cast<XmlElement>().First().GetAttribute("full-path");
        var opf = Load(zip.GetEntry(rootFile)!);
        var baseUri = new Uri("epub:/" + rootFile);
        var items = opf.GetElementsByTagName("item").Cast<XmlElement>().ToDictionary(e => e.GetAttribute("id"));
        var text = new System.Text.StringBuilder();
        foreach (var itemRef in opf.GetElementsByTagName("itemref").Cast<XmlElement>())
        {
            if (itemRef.GetAttribute("linear") == "no") continue;
            var item = items[itemRef.GetAttribute("idref")];
            while (item.GetAttribute("media-type") is not ("application/xhtml+xml" or "image/svg+xml") && item.HasAttribute("fallback"))
                item = items[item.GetAttribute("fallback")];
            var entryPath = Uri.UnescapeDataString(new Uri(baseUri, item.GetAttribute("href")).AbsolutePath.TrimStart('/'));
            if (zip.GetEntry(entryPath) is not { } entry) continue;
            text.Append(ChapterText(entry)).Append('\n');
        }

        return text.ToString();
    }

    private static string ChapterText(ZipArchiveEntry entry)
    {
        try
        {
            var document = Load(entry);
            var body = document.GetElementsByTagName("body").Cast<XmlElement>().FirstOrDefault() ?? document.DocumentElement!;
            var text = new System.Text.StringBuilder();
            Collect(body, text);
            return text.ToString();
        }
        catch (XmlException)
        {
            // Not well-formed: strip tags from the body as a plain reader would show it.
            using var stream = entry.Open();
            var raw = new StreamReader(stream).ReadToEnd();
            var bodyStart = raw.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            raw = bodyStart >= 0 ? raw[bodyStart..] : raw;
            return System.Net.WebUtility.HtmlDecode(TagPattern().Replace(raw, " "));
        }
    }

    private static void Collect(XmlNode node, System.Text.StringBuilder text)
    {
        foreach (XmlNode child in node.ChildNodes)
        {
            switch (child)
            {
                case XmlText or XmlCDataSection or XmlWhitespace or XmlSignificantWhitespace:
                    text.Append(child.Value).Append(' ');
                    break;
                case XmlEntityReference reference:
                    Collect(reference, text);
                    break;
                case XmlElement element when element.LocalName is "script" or "style" or "title" or "desc" or "head"
                                             || element.HasAttribute("hidden")
                                             || element.GetAttribute("style").Replace(" ", "").Contains("display:none", StringComparison.OrdinalIgnoreCase):
                    break;
                case XmlElement element:
                    Collect(element, text);
                    text.Append(' ');
                    break;
            }
        }
    }

    private static XmlDocument Load(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null, MaxCharactersFromEntities = 1_000_000 };
        using var reader = XmlReader.Create(stream, settings);
        var document = new XmlDocument { XmlResolver = null };
        document.Load(reader);
        return document;
    }

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
