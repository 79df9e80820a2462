using AngleSharp;
using AngleSharp.Html.Parser;
using CorpusForge.Stages.Extraction;

namespace CorpusForge.Bench;

/// <summary><c>extract-inject</c>: boilerplate blocks of widely deployed CMS and ad-tech markup put inside the article
/// of real pages, at its top, middle and end, and how much of each leaks into the text (issue 12's fourth failure
/// class: related-post blocks, bylines, cookie-settings links) and how much of the article it costs.</summary>
/// <remarks>
/// The article's holder is found as <c>extract-mutate</c> finds it (the smallest element holding nine tenths of the
/// page's extracted 4-grams). One block is inserted per mutant, among the holder's children (after the first, at the
/// middle, after the last) or beside it (after the holder, in its parent). Leak: the share of the block's own 4-grams
/// (those not already in the page's text) that the mutant's text holds, averaged over mutants; a mutant leaks when any
/// of them is there. Damage: the recall of the page's own text (the baseline's 4-grams) in the mutant's text. The
/// blocks are written for this bench after the
/// markup those systems print (their structure and class names, our words); half carry no class that names them, as
/// hand-built templates do. Pages: as <c>extract-mutate</c> (Readability's 130, or <c>CORPUSFORGE_PAGES</c>); dev /
/// held-out by the page name's hash, and leaking mutants are listed for dev pages only.
/// </remarks>
public sealed class BoilerplateInjectionBenchmark : IBenchmark
{
    public string Name => "extract-inject";
    public string Description => "leak and damage when CMS boilerplate blocks are put inside the article of real pages";

    /// <summary>Blocks: a label and their markup.</summary>
    private static readonly (string Label, string Html)[] Blocks =
    [
        ("jetpack-related", "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class='jp-relatedposts-headline'><em>Related</em></h3>" +
                            "<div class='jp-relatedposts-items'><div class='jp-relatedposts-post'><h4 class='jp-relatedposts-post-title'><a href='/2019/03/12/tide-tables-spring/'>Tide tables for the spring season published</a></h4>" +
                            "<p class='jp-relatedposts-post-context'>In \"Harbour\"</p></div><div class='jp-relatedposts-post'><h4 class='jp-relatedposts-post-title'><a href='/2019/02/02/lifeboat-crew/'>Lifeboat crew honoured for winter rescue</a></h4>" +
                            "<p class='jp-relatedposts-post-context'>In \"Community\"</p></div></div></div>"),
        ("sharedaddy", "<div class='sharedaddy sd-sharing-enabled'><div class='robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing'><h3 class='sd-title'>Share this:</h3>" +
                       "<div class='sd-content'><ul><li class='share-twitter'><a href='?share=twitter' class='share-twitter sd-button'><span>Twitter</span></a></li>" +
                       "<li class='share-facebook'><a href='?share=facebook' class='share-facebook sd-button'><span>Facebook</span></a></li><li class='share-email'><a href='?share=email'><span>Email</span></a></li></ul></div></div></div>"),
        ("outbrain", "<div class='OUTBRAIN' data-widget-id='AR_1'><div class='ob-widget-header'>Recommended for you</div><ul class='ob-widget-items-container'>" +
                     "<li class='ob-dynamic-rec-container'><a href='https://ads.example/1'><span class='ob-rec-text'>Doctors stunned by this simple morning habit</span><span class='ob-rec-source'>Health Digest</span></a></li>" +
                     "<li class='ob-dynamic-rec-container'><a href='https://ads.example/2'><span class='ob-rec-text'>The cheapest way to insure your car this year</span><span class='ob-rec-source'>Smart Saver</span></a></li></ul></div>"),
        ("related-plain", "<h3>More from the coast</h3><ul><li><a href='/news/ferry-fares'>Ferry fares rise for the third year running</a></li>" +
                          "<li><a href='/news/pier-repairs'>Pier repairs finished ahead of schedule</a></li><li><a href='/news/seal-pups'>Record number of seal pups counted on the sandbanks</a></li></ul>"),
        ("read-more-line", "<p><strong>Read more:</strong> <a href='/news/2019/05/quay-road-closure-dates'>Quay road to close for six weeks from June as resurfacing begins</a></p>"),
        ("newsletter-class", "<div class='newsletter-signup'><h3>Get the morning briefing</h3><p>The best stories of the day, delivered to your inbox every weekday morning.</p>" +
                             "<form action='/subscribe'><input type='email' placeholder='Your email address'><button>Sign up</button></form></div>"),
        ("newsletter-plain", "<div class='box'><p><b>Never miss a story:</b> sign up for our free daily newsletter and get the headlines in your inbox each morning.</p><p><a href='/newsletters'>Subscribe here</a></p></div>"),
        ("ad-label", "<div class='c-ad-slot'><span class='c-ad-label'>Advertisement</span><div id='div-gpt-ad-1556-0'></div></div>"),
        ("ad-plain", "<div style='text-align:center'><p>ADVERTISEMENT</p><div id='gpt-slot-7'></div></div>"),
        ("author-box", "<div class='author-box'><img src='/avatars/jdoe.jpg' alt=''><h4 class='author-title'>About the author</h4>" +
                       "<p>Jane Doe is our waterfront correspondent and has covered the port authority since 2012.</p><p><a href='https://twitter.com/janedoe_news'>Follow @janedoe_news</a></p></div>"),
        ("tags", "<div class='post-tags'><span>Tags:</span> <a href='/tag/breakwater' rel='tag'>breakwater</a>, <a href='/tag/council' rel='tag'>council</a>, <a href='/tag/storms' rel='tag'>storms</a></div>"),
        ("cookie-notice", "<div id='cookie-notice' role='dialog' class='cn-notice'><p>We use cookies to give you the best experience on our website. If you continue to use this site we will assume that you are happy with it.</p>" +
                          "<a href='#' class='cn-accept'>Ok</a> <a href='/privacy' class='cn-more'>Privacy policy</a></div>"),
        ("subscribe-plain", "<div><p>Subscribe now for unlimited access to our award-winning local journalism. Cancel anytime.</p><p><a href='/subscribe/offer'>See subscription options</a></p></div>"),
        ("comments-link", "<p class='comments-link'><a href='#comments'>17 comments</a> | <a href='#respond'>Leave a reply</a></p>"),
        ("article-tools", "<ul class='article-tools'><li><a href='javascript:window.print()'>Print</a></li><li><a href='mailto:?subject=story'>Email</a></li><li><a href='#'>Text size</a></li></ul>"),
        ("mehr-zum-thema", "<div class='teaser-box'><h3>Mehr zum Thema</h3><ul><li><a href='/lokales/faehre-fahrplan'>Neuer Fahrplan für die Fähre zur Insel</a></li>" +
                           "<li><a href='/lokales/hafenfest'>Hafenfest lockt Tausende an die Kaimauer</a></li></ul></div>"),
        ("anzeige-plain", "<div><span>Anzeige</span><div id='traffective-ad-Content_1'></div></div>"),
        // Class-less pieces of templates: a byline row, breadcrumbs, an in-page table of contents, an inline "Related:"
        // line, an advertising label with its "continue reading" line, a social follow line, a reading-time and
        // update line, a cookie-settings link.
        ("byline-plain", "<div><span>By <a href='/author/jane-doe'>Jane Doe</a></span> | <span>March 3, 2019</span> | <span>4 min read</span></div>"),
        ("breadcrumbs-plain", "<div><a href='/'>Home</a> › <a href='/news'>News</a> › <a href='/news/local'>Local</a></div>"),
        ("toc-plain", "<div><p><b>Contents</b></p><ol><li><a href='#background'>Background of the decision</a></li><li><a href='#works'>The works in detail</a></li><li><a href='#reactions'>Reactions from the quay</a></li></ol></div>"),
        ("related-inline", "<p>Related: <a href='/news/2019/harbour-dredging-contract'>Harbour dredging contract goes to local firm</a></p>"),
        ("ad-continue", "<div><p>Advertisement - Continue Reading Below</p></div>"),
        ("follow-plain", "<p>Follow us on <a href='https://facebook.com/harbournews'>Facebook</a>, <a href='https://twitter.com/harbournews'>Twitter</a> and <a href='https://instagram.com/harbournews'>Instagram</a>.</p>"),
        ("updated-plain", "<p>Updated: March 4, 2019 10:42 a.m. | Published: March 3, 2019</p>"),
        ("cookie-link", "<p><a href='#' onclick='openConsent()'>Manage cookie settings</a></p>"),
        // Reader comments in full sentences: WordPress's comment list, and the same without a class that names it.
        ("comments-wp", "<div id='comments' class='comments-area'><h2 class='comments-title'>3 thoughts on &ldquo;Breakwater&rdquo;</h2><ol class='comment-list'>" + Comments("comment", 3) + "</ol>" +
                        "<div id='respond' class='comment-respond'><h3 id='reply-title'>Leave a Reply</h3><form><textarea name='comment'></textarea><input type='submit' value='Post Comment'></form></div></div>"),
        ("comments-plain", "<h3>3 Responses</h3><div>" + Comments("c", 3).Replace("<li", "<div").Replace("</li>", "</div>") + "</div>"),
        // A column of teasers with excerpts, without classes.
        ("teasers-plain", "<div>" + string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<div><h4><a href='/2019/04/story-{i}/'>Coastal council story number {i} makes the front page</a></h4><p>An excerpt of the other story, long enough to be a sentence of its own about the coast and its towns, number {i}.</p></div>")) + "</div>"),
    ];

    private static string Comments(string className, int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<li class='{className}' id='comment-{i}'><div class='{className}-author'><img src='/avatar/{i}.png' alt=''><b class='fn'>reader_{i}</b> <span>March {i}, 2019 at 9:1{i} am</span></div>" +
        $"<div class='{className}-content'><p>I have lived by the harbour for {10 + i} years and I can tell you that nobody asked the people on the front what they thought about any of this, " +
        "and the council will regret it when the first winter storm comes over the new wall and floods the car park again.</p></div>" +
        $"<div class='reply'><a href='?replytocom={i}#respond'>Reply</a></div></li>"));

    public void Run(BenchContext context)
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        var parser = new HtmlParser();
        var pages = ClassWordMutationBenchmark.PreparePages(context, parser, extractor, out var skipped);
        var results = new List<(string Page, bool HeldOut, string Block, string Where, double Leak, double Recall)>();
        var blockShingles = Blocks.Select(b => Shingles(ExtractionQualityBenchmark.ReferenceText("<html><body>" + b.Html + "</body></html>"))).ToArray();
        var dump = ClassWordMutationBenchmark.DumpFolder();
        foreach (var (name, html, heldOut, baseline, holderPath) in pages)
        {
            var own = Shingles(baseline);
            for (var b = 0; b < Blocks.Length; b++)
            {
                // The block's 4-grams that the page's text does not already have.
                var foreign = blockShingles[b].Where(s => !own.Contains(s)).ToHashSet(StringComparer.Ordinal);
                if (foreign.Count == 0) continue;
                foreach (var where in new[] { "top", "middle", "end", "beside" })
                {
                    using var mutant = parser.ParseDocument(html);
                    var holder = ClassWordMutationBenchmark.Resolve(mutant, holderPath);
                    if (holder is null || holder.Children.Length == 0) continue;
                    var children = holder.Children;
                    // "beside": after the holder itself, in its parent (a comment section or a column after the article).
                    var after = where switch { "top" => children[0], "middle" => children[children.Length / 2], "end" => children[^1], _ => holder };
                    var block = mutant.CreateElement("div");
                    block.InnerHtml = Blocks[b].Html;
                    // The block's own nodes go in, not the wrapper used to parse them.
                    var anchor = after;
                    foreach (var node in block.ChildNodes.ToList())
                    {
                        anchor.After(node);
                        anchor = node as AngleSharp.Dom.IElement ?? anchor;
                    }

                    var text = extractor.Extract(mutant.ToHtml(), out _, out _)?.Text ?? "";
                    var got = Shingles(text);
                    var leak = foreign.Count(got.Contains) / (double)foreign.Count;
                    var recall = own.Count == 0 ? 1 : own.Count(got.Contains) / (double)own.Count;
                    results.Add((name, heldOut, Blocks[b].Label, where, leak, recall));
                    // CORPUSFORGE_MUTATE_DUMP=DIR writes the baseline and the text of each dev mutant that leaks or
                    // loses a tenth of the article there.
                    if (dump is not null && !heldOut && (leak > 0 || recall < 0.9))
                    {
                        var stem = Path.Combine(dump, name.Replace('/', '_'));
                        File.WriteAllText(stem + ".baseline.txt", baseline);
                        File.WriteAllText($"{stem}.{Blocks[b].Label}.{where}.txt", text);
                    }
                }
            }
        }

        context.Out.WriteLine($"pages: {results.Select(r => r.Page).Distinct().Count()} (skipped {skipped}: no baseline of 50 tokens, or no holder)");
        foreach (var heldOut in new[] { false, true })
        {
            var set = results.Where(r => r.HeldOut == heldOut).ToList();
            if (set.Count == 0) continue;
            context.Out.WriteLine($"{(heldOut ? "held-out" : "dev"),-9} pages={set.Select(r => r.Page).Distinct().Count()}  mutants={set.Count}  " +
                                  $"leaking mutants={set.Count(r => r.Leak > 0) / (double)set.Count:P1}  mean leak={set.Average(r => r.Leak):F3}  " +
                                  $"article recall={set.Average(r => r.Recall):F3} (below 0.9: {set.Count(r => r.Recall < 0.9)})");
            foreach (var group in set.GroupBy(r => r.Block))
                context.Out.WriteLine($"  {group.Key,-18} leaking {group.Count(r => r.Leak > 0) / (double)group.Count(),6:P1}  mean leak {group.Average(r => r.Leak):F3}  recall {group.Average(r => r.Recall):F3}  " +
                                      string.Join("  ", group.GroupBy(r => r.Where).Select(g => $"{g.Key} {g.Count(r => r.Leak > 0)}/{g.Count()}")));
        }

        var leaking = results.Where(r => !r.HeldOut && (r.Leak > 0 || r.Recall < 0.9)).OrderByDescending(r => r.Leak).ThenBy(r => r.Recall)
            .ThenBy(r => r.Page, StringComparer.Ordinal).Take(40).ToList();
        if (leaking.Count > 0) context.Out.WriteLine("dev mutants that leak or lose the article (page, block, where, leak, recall):");
        foreach (var r in leaking) context.Out.WriteLine($"  {r.Page,-48} {r.Block,-18} {r.Where,-6} {r.Leak:F2} {r.Recall:F3}");
    }

    private static HashSet<string> Shingles(string text) => ExtractionQualityBenchmark.Shingles(text).Keys.ToHashSet(StringComparer.Ordinal);
}
