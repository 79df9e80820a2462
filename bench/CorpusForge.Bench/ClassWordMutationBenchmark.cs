using AngleSharp;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CorpusForge.Core.Text;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Bench;

/// <summary><c>extract-mutate</c>: how much of a real page's extracted text survives when a furniture word is added to
/// the class of the element that holds the article, or of one of its two wrappers (issue 12's first failure class:
/// "one furniture word in a class or id deletes the element with the article inside it", seen on real sites as
/// <c>l-sidebar-fixed l-article-body-segment</c>, <c>entry-content-read-more</c>, <c>elementor-widget…</c>,
/// <c>article__body article-overlay-handle</c>, <c>paywall</c>, <c>content-with-sidebar-wrp</c>).</summary>
/// <remarks>
/// Each page is parsed, serialised back (so the page and its mutants go through the same serialisation) and
/// extracted: that text is the page's baseline. The article's holder is the smallest element whose text holds nine
/// tenths of the baseline's token 4-grams (found from where the baseline's 4-grams sit in the page's own token
/// stream, so it does not depend on which container the extractor chose). Each mutant adds one class token to the
/// holder (level 0), its parent (1) or its grandparent (2), never to body or html; the score is the 4-gram F1 of the
/// mutant's text against the baseline: 1 means the class word changed nothing. The words are layout words that real
/// themes put on article wrappers, in the compound forms they use. Pages: Readability's 130 test pages by default;
/// <c>CORPUSFORGE_PAGES=DIR</c> takes every <c>.html</c>/<c>.htm</c> below DIR instead (several folders separated by
/// <c>:</c>). Pages split dev / held-out by the SHA-256 of their name as the other sets (first byte below 77 held out);
/// failures are listed for dev pages only, so tuning never reads a held-out page.
/// </remarks>
public sealed class ClassWordMutationBenchmark : IBenchmark
{
    public string Name => "extract-mutate";
    public string Description => "F1 of the text left when a layout word is added to the class of the article's holder or a wrapper (real pages)";

    /// <summary>Class tokens added, as real themes write them around articles.</summary>
    private static readonly string[] ClassWords =
    [
        "sidebar", "l-sidebar-fixed", "content-with-sidebar-wrp", "widget", "elementor-widget", "read-more",
        "article-overlay-handle", "overlay", "paywall", "modal", "popup", "social-share-enabled", "has-pagination",
        "sticky-ad-wrapper", "has-comments", "with-related-posts", "sponsored-post", "hidden-print", "native-ad",
        "js-share-target", "promo-article",
    ];

    /// <summary>Ids given to the element (replacing its own), as layouts name the article's column.</summary>
    private static readonly string[] Ids = ["sidebar-layout", "paywall", "overlay-content", "social-wrap", "pagination-container"];

    /// <summary>Each mutation: its label and what it does to the element (false: not applicable to it).</summary>
    private static readonly (string Label, Func<IElement, bool> Apply)[] Mutations =
    [
        .. ClassWords.Select(word => (word, (Func<IElement, bool>)(e =>
        {
            e.SetAttribute("class", e.GetAttribute("class") is { } c && !string.IsNullOrWhiteSpace(c) ? c + " " + word : word);
            return true;
        }))),
        // Only where the element has no id: replacing one would take its own words away ("articleText").
        .. Ids.Select(id => ("id=" + id, (Func<IElement, bool>)(e =>
        {
            if (e.HasAttribute("id")) return false;
            e.SetAttribute("id", id);
            return true;
        }))),
        // ASP.NET Web Forms pages hold the whole page in one <form>: the element's content moved into a form.
        ("in <form>", e =>
        {
            var form = e.Owner!.CreateElement("form");
            form.SetAttribute("id", "aspnetForm");
            form.SetAttribute("method", "post");
            while (e.FirstChild is { } child) form.AppendChild(child);
            e.AppendChild(form);
            return true;
        }),
    ];

    public void Run(BenchContext context) => RunMutations(context, Mutations, maxLevel: 2);

    /// <summary>Applies each mutation to each page's article holder (and, up to <paramref name="maxLevel"/>, to its
    /// wrappers), extracts the mutant and reports the 4-gram F1 of its text against the unmutated page's text: per
    /// split, per mutation and level, and the worst dev mutants (<c>CORPUSFORGE_MUTATIONS=a,b</c> narrows that list;
    /// <c>CORPUSFORGE_MUTATE_DUMP=DIR</c> writes every mutant's score and the texts of dev mutants below 0.8).</summary>
    internal static void RunMutations(BenchContext context, IReadOnlyList<(string Label, Func<IElement, bool> Apply)> mutations, int maxLevel)
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var parser = new HtmlParser();
        var pages = PreparePages(context, parser, extractor, out var skipped);
        var results = new List<(string Page, bool HeldOut, string Mutation, int Level, double F1, string Target, string? Reason)>();
        var dump = DumpFolder();
        foreach (var (name, html, heldOut, baseline, holderPath) in pages)
        {
            foreach (var (label, apply) in mutations)
            for (var level = 0; level <= maxLevel; level++)
            {
                using var mutant = parser.ParseDocument(html);
                var target = Resolve(mutant, holderPath);
                for (var up = 0; up < level && target is not null; up++) target = target.ParentElement;
                if (target is null || target.LocalName is "body" or "html") continue;
                var existing = target.GetAttribute("class");
                var described = target.LocalName + (string.IsNullOrWhiteSpace(existing) ? "" : "." + string.Join('.', existing.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                if (!apply(target)) continue;
                var mutantHtml = mutant.ToHtml();
                var text = extractor.Extract(mutantHtml, out var reason, out _)?.Text ?? "";
                var f1 = F1(text, baseline);
                results.Add((name, heldOut, label, level, f1, described, reason));
                // The dump keeps what a failure needs to be read: the two texts and the mutant page itself.
                if (dump is not null && !heldOut && f1 < 0.8)
                {
                    var stem = Path.Combine(dump, name.Replace('/', '_'));
                    var mutantStem = $"{stem}.{string.Concat(label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '=' ? c : '_'))}.L{level}";
                    File.WriteAllText(stem + ".baseline.txt", baseline);
                    File.WriteAllText(mutantStem + ".txt", text);
                    File.WriteAllText(mutantStem + ".html", mutantHtml);
                }
            }
        }

        if (dump is not null)
            File.WriteAllLines(Path.Combine(dump, "mutants.tsv"), results.Select(r =>
                $"{r.Page}\t{(r.HeldOut ? "held-out" : "dev")}\t{r.Mutation}\tL{r.Level}\t{r.F1:F3}\t{r.Target}\t{r.Reason}"));
        context.Out.WriteLine($"pages mutated: {results.Select(r => r.Page).Distinct().Count()} (skipped {skipped}: no baseline of 50 tokens, or no holder)");
        foreach (var heldOut in new[] { false, true })
        {
            var set = results.Where(r => r.HeldOut == heldOut).ToList();
            if (set.Count == 0) continue;
            context.Out.WriteLine($"{(heldOut ? "held-out" : "dev"),-9} pages={set.Select(r => r.Page).Distinct().Count()}  mutants={set.Count}  " +
                                  $"mean F1={set.Average(r => r.F1):F3}  F1>=0.95: {set.Count(r => r.F1 >= 0.95) / (double)set.Count:P1}  F1<0.5: {set.Count(r => r.F1 < 0.5)}");
            foreach (var group in set.GroupBy(r => r.Mutation))
                context.Out.WriteLine($"  {group.Key,-28} " + string.Join("  ", group.GroupBy(r => r.Level).OrderBy(g => g.Key)
                    .Select(g => $"L{g.Key} {g.Average(r => r.F1):F3} ({g.Count(r => r.F1 < 0.5)} <0.5)")));
        }

        var only = Environment.GetEnvironmentVariable("CORPUSFORGE_MUTATIONS") is { Length: > 0 } w ? w.Split(',').ToHashSet(StringComparer.Ordinal) : null;
        var worst = results.Where(r => !r.HeldOut && r.F1 < 0.8 && (only is null || only.Contains(r.Mutation))).OrderBy(r => r.F1).ThenBy(r => r.Page, StringComparer.Ordinal).Take(40).ToList();
        if (worst.Count > 0) context.Out.WriteLine("dev mutants below 0.8 (page, mutation, level, F1, the element mutated):");
        foreach (var r in worst) context.Out.WriteLine($"  {r.Page,-48} {r.Mutation,-26} L{r.Level} {r.F1:F3} {r.Target}{(r.Reason is null ? "" : "  dropped: " + r.Reason)}");
    }

    /// <summary>A real page ready to mutate: its unmutated text (the baseline), the path to its article's holder and
    /// its split.</summary>
    internal sealed record MutablePage(string Name, string Html, bool HeldOut, string Baseline, int[] HolderPath);

    /// <summary>The pages (<see cref="LoadPages"/>) whose text has 50 tokens or more and whose article's holder is
    /// found; <paramref name="skipped"/> counts the others.</summary>
    internal static List<MutablePage> PreparePages(BenchContext context, HtmlParser parser, HtmlExtractor extractor, out int skipped)
    {
        var pages = LoadPages();
        context.Out.WriteLine($"pages: {pages.Count}; load: {File.ReadAllText("/proc/loadavg").Trim()}");
        var prepared = new List<MutablePage>(pages.Count);
        foreach (var (name, html) in pages)
        {
            using var document = parser.ParseDocument(html);
            var baseline = extractor.Extract(document.ToHtml(), out _, out _)?.Text;
            if (baseline is null || Tokens(baseline).Count < 50 || FindHolder(document, baseline) is not { } holderPath) continue;
            prepared.Add(new MutablePage(name, html, SHA256.HashData(Encoding.UTF8.GetBytes(name))[0] < 77, baseline, holderPath));
        }

        skipped = pages.Count - prepared.Count;
        return prepared;
    }

    /// <summary><c>CORPUSFORGE_MUTATE_DUMP</c>, created; null when unset.</summary>
    internal static string? DumpFolder()
    {
        var dump = Environment.GetEnvironmentVariable("CORPUSFORGE_MUTATE_DUMP");
        if (dump is not null) Directory.CreateDirectory(dump);
        return dump;
    }

    internal static List<(string Name, string Html)> LoadPages()
    {
        if (Environment.GetEnvironmentVariable("CORPUSFORGE_PAGES") is { Length: > 0 } folders)
        {
            return folders.Split(':', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                    .Select(f => (Name: Path.GetFileName(folder.TrimEnd('/')) + "/" + Path.GetRelativePath(folder, f), File: f)))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => (p.Name, CharsetDecoder.Decode(File.ReadAllBytes(p.File), declared: null).Text ?? ""))
                .Where(p => p.Item2.Length > 0)
                .ToList();
        }

        var root = ExtractionQualityBenchmark.FindData();
        return Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => (Path.GetFileName(d), CharsetDecoder.Decode(File.ReadAllBytes(Path.Combine(d, "source.html")), "utf-8").Text ?? ""))
            .ToList();
    }

    /// <summary>The child-index path from the root to the smallest element holding nine tenths of the baseline's
    /// 4-grams, or null when none does (the baseline's text is not in the page as one run of text nodes).</summary>
    internal static int[]? FindHolder(IDocument document, string baseline)
    {
        var wanted = Shingles(baseline).Keys.ToHashSet(StringComparer.Ordinal);
        // The page's tokens in document order, outside script and style, and each element's range in that stream.
        var tokens = new List<string>();
        var ranges = new List<(IElement Element, int Start, int End)>();
        void Walk(INode node)
        {
            if (node is IElement { LocalName: "script" or "style" or "noscript" or "template" }) return;
            if (node.NodeType == NodeType.Text) { tokens.AddRange(Tokens(node.TextContent)); return; }
            var start = tokens.Count;
            foreach (var child in node.ChildNodes) Walk(child);
            if (node is IElement element) ranges.Add((element, start, tokens.Count));
        }

        Walk(document.DocumentElement);
        // marked[i]: the 4-gram starting at token i is one of the baseline's; prefix sums count them per range.
        var prefix = new int[tokens.Count + 1];
        for (var i = 0; i < tokens.Count; i++)
        {
            var hit = i + 4 <= tokens.Count && wanted.Contains(string.Join('\u0001', tokens.GetRange(i, 4)));
            prefix[i + 1] = prefix[i] + (hit ? 1 : 0);
        }

        var total = prefix[tokens.Count];
        if (total < wanted.Count * 0.9) return null;
        IElement? best = null;
        var bestLength = int.MaxValue;
        foreach (var (element, start, end) in ranges)
        {
            if (prefix[end] - prefix[start] < total * 0.9 || end - start >= bestLength) continue;
            (best, bestLength) = (element, end - start);
        }

        if (best is null) return null;
        var path = new List<int>();
        for (IElement? e = best; e?.ParentElement is { } parent; e = parent) path.Add(parent.Children.Index(e));
        path.Reverse();
        return path.ToArray();
    }

    internal static IElement? Resolve(IDocument document, int[] path)
    {
        IElement? e = document.DocumentElement;
        foreach (var i in path)
        {
            if (e is null || i >= e.Children.Length) return null;
            e = e.Children[i];
        }

        return e;
    }

    internal static double F1(string text, string truth)
    {
        var ours = Shingles(text);
        var want = Shingles(truth);
        long overlap = 0;
        foreach (var (shingle, count) in ours) overlap += Math.Min(count, want.GetValueOrDefault(shingle));
        var p = ours.Count == 0 ? 0 : (double)overlap / ours.Values.Sum();
        var r = want.Count == 0 ? 0 : (double)overlap / want.Values.Sum();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static Dictionary<string, long> Shingles(string text) => ExtractionQualityBenchmark.Shingles(text);

    internal static List<string> Tokens(string text) => ExtractionQualityBenchmark.LowerTokens(text);
}
