using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;
using Xunit.Abstractions;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>Regression floor on a real German manual nobody on the team wrote: the Debian Developer's Reference in
/// German (Debian package developers-reference-de 12.18, GPL-2; Data/extraction/devref-de/README.md), Sphinx HTML
/// chapters scored against the same book rendered by Sphinx to plain text. Its section ids are English slugs of
/// translated headings ("handling-security-related-bugs"), so it also guards against furniture words in anchors.</summary>
public sealed class GermanManualTests(ITestOutputHelper output)
{
    [Fact]
    public void The_chapters_of_a_german_manual_are_extracted_whole_and_without_navigation()
    {
        var files = FixtureArchive.Read("devref-de/devref-de.tar.gz").ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal);

        var book = Encoding.UTF8.GetString(files["book.txt"]);
        var lines = book.Split('\n');
        // Sphinx's text builder underlines chapter titles with asterisks.
        var starts = Enumerable.Range(0, lines.Length - 1).Where(i => lines[i].Length > 0 && lines[i + 1].Length >= lines[i].Length && lines[i + 1].All(c => c == '*')).ToList();
        var chapters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < starts.Count; k++)
            chapters.TryAdd(lines[starts[k]].Trim(), string.Join('\n', lines[(starts[k] + 2)..(k + 1 < starts.Count ? starts[k + 1] : lines.Length)]));

        var bookGrams = Grams(book);
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var pages = 0;
        foreach (var name in files.Keys.Where(k => k.EndsWith(".html", StringComparison.Ordinal) && k != "index.html").Order(StringComparer.Ordinal))
        {
            var html = CharsetDecoder.Decode(files[name], declared: null).Text!;
            var text = extractor.Extract(html, out var reason, out _)?.Text ?? "";
            Assert.True(text.Length > 0, $"{name}: dropped ({reason})");
            var title = WebUtility.HtmlDecode(Regex.Match(html, "<title>(.*?)( &#8212;.*)?</title>").Groups[1].Value);
            var truth = name == "developers-reference.html" ? book : chapters[title];
            var ours = Grams(text);
            var wanted = Grams(truth);
            var precision = (double)ours.Where(kv => bookGrams.ContainsKey(kv.Key)).Sum(kv => kv.Value) / ours.Values.Sum();
            var recall = (double)wanted.Sum(kv => Math.Min(kv.Value, ours.GetValueOrDefault(kv.Key))) / wanted.Values.Sum();
            output.WriteLine($"{name,-28} P={precision:F3} R={recall:F3}");
            // Measured at P 0.95-0.99 and R 0.91-1.00 per page when the floors were set; the lost-sections bug gave
            // R 0.85 on best-pkging-practices.
            Assert.True(precision >= 0.93, $"{name}: precision {precision:F3} < 0.93");
            Assert.True(recall >= 0.88, $"{name}: recall {recall:F3} < 0.88");
            pages++;
        }

        Assert.Equal(10, pages);
        Assert.DoesNotContain("Schnellsuche", extractor.Extract(Encoding.UTF8.GetString(files["pkgs.html"]), out _, out _)!.Text);
    }

    private static Dictionary<string, int> Grams(string text)
    {
        var tokens = WordSplitter.Split(text).Select(s => s.Of(text).ToString().ToLowerInvariant()).ToList();
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= tokens.Count; i++)
        {
            var key = string.Join('\u0001', tokens.Skip(i).Take(4));
            grams[key] = grams.GetValueOrDefault(key) + 1;
        }

        return grams;
    }

    [Fact]
    public void The_chapters_of_a_german_docbook_manual_keep_their_sections_headings_and_anchored_blocks()
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var pages = 0;
        foreach (var (name, bytes) in FixtureArchive.Read("debref-de/debref-de.tar.gz"))
        {
            var html = CharsetDecoder.Decode(bytes, declared: null).Text!;
            // The truth is the chapter element's visible text: everything outside it is navigation.
            using var document = parser.ParseDocument(html);
            var chapter = document.QuerySelector("div.chapter, div.appendix")!;
            var truth = new StringBuilder();
            void Walk(AngleSharp.Dom.INode node)
            {
                if (node.NodeType == AngleSharp.Dom.NodeType.Text) truth.Append(node.TextContent);
                foreach (var child in node.ChildNodes) Walk(child);
                // A break after every element, so words of adjacent blocks do not fuse.
                if (node is AngleSharp.Dom.IElement) truth.Append(' ');
            }

            Walk(chapter);
            var text = extractor.Extract(html, out var reason, out _)?.Text ?? "";
            Assert.True(text.Length > 0, $"{name}: dropped ({reason})");
            var ours = Grams(text);
            var wanted = Grams(truth.ToString());
            var overlap = ours.Sum(kv => Math.Min(kv.Value, wanted.GetValueOrDefault(kv.Key)));
            var precision = (double)overlap / ours.Values.Sum();
            var recall = (double)overlap / wanted.Values.Sum();
            output.WriteLine($"{name,-16} P={precision:F3} R={recall:F3}");
            // The truth keeps the chapter's table of contents and its link tables, so recall tops out below 1. Measured
            // at P 0.95-0.98 and R 0.71-0.96 when the floors were set; counting <a id=…/> anchors as links gave R 0.10-0.60.
            Assert.True(precision >= 0.90, $"{name}: precision {precision:F3} < 0.90");
            Assert.True(recall >= 0.66, $"{name}: recall {recall:F3} < 0.66");
            pages++;
        }

        Assert.Equal(13, pages);
    }

    /// <summary>The German Debian FAQ and New Maintainers' Guide (Data/extraction/debdoc-de/README.md): each chapter's
    /// DocBook page against the same book as its authors' build rendered it to plain text. Precision against the whole
    /// book, recall against the chapter; macro over all 26 pages (dev and held-out), so no held-out page is printed.</summary>
    [Fact]
    public void The_chapters_of_two_german_docbook_books_match_their_plain_text_editions()
    {
        var f1 = BookChapterScores("debdoc-de/debdoc-de.tar.gz");
        output.WriteLine($"{f1.Count} pages, macro F1 {f1.Average():F3}");
        Assert.Equal(26, f1.Count);
        // Measured at 0.990 over all 26 pages when the floor was set (dev 0.987, held-out 0.997 by the bench's
        // P/R macro); without the footnote rule the dev pages of the Maintainers' Guide lost their footnotes (R 0.78).
        Assert.True(f1.Average() >= 0.98, $"macro 4-gram F1 {f1.Average():F3} < 0.98");
        Assert.True(f1.Min() >= 0.90, $"worst page F1 {f1.Min():F3} < 0.90");
    }

    /// <summary>The same two books in French, Italian, Dutch, Portuguese and Russian (the FAQ) and Spanish (the
    /// Guide), Data/extraction/debdoc-ml/README.md: the language-specific line rules (bylines "Par …", "Por …", date
    /// lines, related-posts headings) must not cut the prose of other languages.</summary>
    [Fact]
    public void The_chapters_of_docbook_books_in_six_other_languages_match_their_plain_text_editions()
    {
        var f1 = BookChapterScores("debdoc-ml/debdoc-ml.tar.gz");
        output.WriteLine($"{f1.Count} pages, macro F1 {f1.Average():F3}");
        Assert.Equal(90, f1.Count);
        // Measured at 0.993 over all 90 pages when the floor was set; the worst page (the Spanish Guide's upload
        // chapter, whose link-only footnotes are pruned) at about 0.91.
        Assert.True(f1.Average() >= 0.98, $"macro 4-gram F1 {f1.Average():F3} < 0.98");
        Assert.True(f1.Min() >= 0.85, $"worst page F1 {f1.Min():F3} < 0.85");
    }

    /// <summary>Token 4-gram F1 of every chapter page of a DocBook books archive (NAME.CHAPTER.html pages beside
    /// NAME.book.txt, the book's plain-text edition): precision against the whole book, recall against the chapter.</summary>
    private static List<double> BookChapterScores(string archive)
    {
        var files = FixtureArchive.Read(archive).ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal);
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        // "Kapitel 4.", "Chapitre 4." (with a no-break space), "Глава 4.", "Anhang A.": how a chapter's title starts
        // in the page's <title> and at the left margin of the book, where it opens the chapter.
        static string Key(string title) => Regex.Replace(Regex.Match(title.Trim(), @"^\S+\s+[0-9A-Z]+\.").Value, @"\s+", " ");
        var pages = files.Keys.Where(k => k.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(name => (Name: name, Book: name[..name.IndexOf('.', StringComparison.Ordinal)], Html: CharsetDecoder.Decode(files[name], declared: null).Text!))
            .Select(p => (p.Name, p.Book, p.Html, Key: Key(WebUtility.HtmlDecode(Regex.Match(p.Html, "<title>(.*?)</title>", RegexOptions.Singleline).Groups[1].Value))))
            .ToList();
        var f1 = new List<double>();
        foreach (var page in pages)
        {
            // The plain-text edition prints each link's target after its text; the page shows only the text.
            var book = Regex.Replace(Encoding.UTF8.GetString(files[page.Book + ".book.txt"]), @"\((?:https?|ftp)://[^)]*\)", " ");
            var keys = pages.Where(p => p.Book == page.Book).Select(p => p.Key).ToHashSet();
            var lines = book.Split('\n');
            bool Opens(string line, string? key) => line.Length > 0 && !char.IsWhiteSpace(line[0]) && Key(line) is { Length: > 0 } k && (key is null ? keys.Contains(k) : k == key);
            var start = Array.FindIndex(lines, l => Opens(l, page.Key));
            Assert.True(start >= 0, $"{page.Name}: chapter {page.Key} not in the book");
            var end = Array.FindIndex(lines, start + 1, l => Opens(l, null));
            var chapter = string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]);
            var text = extractor.Extract(page.Html, out var reason, out _)?.Text ?? "";
            Assert.True(text.Length > 0, $"{page.Name}: dropped ({reason})");
            var ours = Grams(text);
            var bookGrams = Grams(book);
            var wanted = Grams(chapter);
            var precision = (double)ours.Where(kv => bookGrams.ContainsKey(kv.Key)).Sum(kv => kv.Value) / ours.Values.Sum();
            var recall = (double)wanted.Sum(kv => Math.Min(kv.Value, ours.GetValueOrDefault(kv.Key))) / wanted.Values.Sum();
            f1.Add(2 * precision * recall / (precision + recall));
        }

        return f1;
    }

    /// <summary>DocBook puts a chapter's footnotes in a div.footnotes beside its sections, outside the section that
    /// scores best; they are the author's text, linked from it ("[84]"), and join it (R 0.78 before on this page).</summary>
    [Fact]
    public void The_footnotes_that_the_text_links_to_join_it()
    {
        var files = FixtureArchive.Read("debdoc-de/debdoc-de.tar.gz").ToDictionary(f => f.Name, f => f.Bytes, StringComparer.Ordinal);
        var html = CharsetDecoder.Decode(files["mg.upload.de.html"], declared: null).Text!;
        var text = new HtmlExtractor(new HtmlExtractorOptions()).Extract(html, out _, out _)!.Text;
        Assert.Contains("Daher ist dieser Abschnitt auch für Nicht-DDs nützlich.", text);
        Assert.Contains("für seine globale Konfiguration", text);
        // The page's navigation ("Zurück", "Weiter", "Anfang") stays out.
        Assert.DoesNotContain("Zurück", text);
    }
}
