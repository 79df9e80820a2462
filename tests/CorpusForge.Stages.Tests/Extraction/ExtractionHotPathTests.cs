using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using CorpusForge.Stages.Extraction;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Extraction;

/// <summary>The speed paths of extraction (vectorised text length, cached class/id words) give what the plain
/// definitions give.</summary>
public sealed class ExtractionHotPathTests
{
    /// <summary>The definition: characters other than white space and control characters up to the space,
    /// ideographic and syllabic scripts ×3.</summary>
    private static double Reference(string text) =>
        text.Where(c => c > ' ' && !char.IsWhiteSpace(c)).Sum(c => c >= '\u2e80' && c <= '\ud7af' ? 3.0 : 1.0);

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("  The quick brown fox jumps over the lazy dog, twice over.\t\r\n  And again.  ")]
    [InlineData("Seventeen chars!!Then a non-breaking\u00a0space and an em\u2003space in a long run of ASCII text")]
    [InlineData("東京都は日本の首都であり、人口は約一千四百万人です。 It mixes scripts 한국어 too.")]
    [InlineData("ASCII first, thirty-two characters, then Größe und Übermaß, then ASCII again for a long while.")]
    [InlineData("\u0001\u001f\u007f control characters \u0085 next line")]
    public void WeightedLengthMatchesTheDefinition(string text)
    {
        Assert.Equal(Reference(text), MainContentExtractor.WeightedLength(text));
        // Every offset of the non-ASCII character relative to the sixteen-character blocks.
        for (var k = 0; k < 40; k++)
        {
            var shifted = new string('a', k) + text + new string(' ', 40 - k);
            Assert.Equal(Reference(shifted), MainContentExtractor.WeightedLength(shifted));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("no commas here at all")]
    [InlineData("one, two, three,four,,five")]
    [InlineData("東京、大阪，京都。札幌；福岡 and Arabic، too, at the end,")]
    public void CountCommasMatchesTheDefinition(string text)
    {
        for (var k = 0; k < 40; k++)
        {
            var shifted = new string('a', k) + text + new string(',', k % 3);
            Assert.Equal(shifted.Count(c => c is ',' or '，' or '、' or '،' or '。' or '；'), MainContentExtractor.CountCommas(shifted));
        }
    }

    [Fact]
    public void ClassWordsAreTheSameOnEveryAsk()
    {
        var document = new HtmlParser().ParseDocument(
            "<div id='a' class='relatedposts sidebar-widget'></div><div id='b' class='relatedposts sidebar-widget'></div>" +
            "<div id='c' class='entry-content'></div>");
        var first = document.GetElementById("a")!;
        var second = document.GetElementById("b")!;
        var words = new List<string>();
        foreach (var token in BoilerplateRules.Tokens(first)) words.Add(token);
        var again = new List<string>();
        foreach (var token in BoilerplateRules.Tokens(second)) again.Add(token);
        Assert.Equal(["relatedposts", "related", "posts", "sidebar", "widget", "a"], words);
        Assert.Equal(["relatedposts", "related", "posts", "sidebar", "widget", "b"], again);
        Assert.True(BoilerplateRules.IsNegative(first, out _));
        Assert.Equal(1, BoilerplateRules.ClassWeight(document.GetElementById("c")!));
    }

    /// <summary>The parser keeps only the attributes in <see cref="HtmlExtractor.ReadAttributes"/>: every attribute
    /// the extraction sources name (GetAttribute, HasAttribute, a selector's [name]) must be in it, or the rule
    /// reading it would silently see nothing.</summary>
    [Fact]
    public void EveryAttributeTheExtractionReadsIsKeptByTheParser()
    {
        var folder = Path.Combine(SourceSamples.RepoRoot, "src", "CorpusForge.Stages", "Extraction");
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            var source = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(source, @"(?:GetAttribute|HasAttribute)\(""([^""]+)""\)")) named.Add(m.Groups[1].Value);
            // Attribute selectors inside selector strings: "a[href]", "[itemprop=articleBody]", "time[pubdate]".
            foreach (Match call in Regex.Matches(source, @"QuerySelector(?:All)?\(""([^""]*)""\)"))
            {
                foreach (Match m in Regex.Matches(call.Groups[1].Value, @"\[([a-zA-Z:_-]+)")) named.Add(m.Groups[1].Value);
            }
        }

        // The scan finds what it should: names read in three different ways.
        Assert.Contains("class", named);
        Assert.Contains("datetime", named);
        Assert.Contains("encoding", named);
        Assert.Equal([], named.Except(HtmlExtractor.ReadAttributes, StringComparer.Ordinal).ToList());
        // Class and id are also read through the DOM's properties (ClassName, ClassList, Id).
        Assert.Contains("class", HtmlExtractor.ReadAttributes);
        Assert.Contains("id", HtmlExtractor.ReadAttributes);
    }

    /// <summary>The extraction's parser drops the attributes no rule reads and keeps the rest, whatever the case
    /// they are written in (the tokenizer lowers names before the filter sees them).</summary>
    [Fact]
    public void The_parser_keeps_only_the_attributes_rules_read()
    {
        var document = new HtmlParser(HtmlExtractor.ParserOptions).ParseDocument(
            "<div CLASS='sidebar' Data-Track='x' onclick='go()' srcset='a.jpg 2x' ARIA-HIDDEN='true' id='box'>text</div>");
        var div = document.QuerySelector("div")!;
        Assert.Equal(["aria-hidden", "class", "id"], div.Attributes.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal("sidebar", div.ClassName);
    }

    /// <summary>With the other attributes dropped, attributes written in capitals still count, and a page's data and
    /// tracking attributes change nothing, end to end.</summary>
    [Fact]
    public void AttributeFilterKeepsWhatRulesReadWhateverTheCase()
    {
        var extractor = new HtmlExtractor(new HtmlExtractorOptions());
        const string prose = "<p>The committee met on Tuesday to discuss the budget for the coming year, and agreed on most points after a long debate.</p>" +
                             "<p>Members said the new plan would fund the library, the swimming pool and two new bus routes through the town centre.</p>";
        var page = "<html><body><DIV CLASS='sidebar' data-track='x'><p>Subscribe to our newsletter for weekly updates from the council and more.</p></DIV>" +
                   "<div data-component='article' data-v-1a2b3c onclick='go()'><article>" + prose + "<p HIDDEN>Hidden note that readers never see.</p></article></div></body></html>";
        var text = extractor.Extract(page, out _, out _)!.Text;
        Assert.Contains("swimming pool", text);
        Assert.DoesNotContain("newsletter", text);
        Assert.DoesNotContain("Hidden note", text);
    }

    /// <summary>The walk that finds a marked-up published date gives what the selector it replaced gives: on every
    /// real page of Readability's set, and on a page with each kind of marking in an order that tells them apart.</summary>
    [Fact]
    public void MarkedUpDateIsTheSelectorsFirstDatedMatch()
    {
        static string? BySelector(AngleSharp.Html.Dom.IHtmlDocument document)
        {
            foreach (var element in document.Body!.QuerySelectorAll("[itemprop=datePublished], article time[datetime], time[pubdate]"))
            {
                var value = element.GetAttribute("content") ?? element.GetAttribute("datetime");
                if (!string.IsNullOrWhiteSpace(value)) return string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }

            return null;
        }

        var parser = new HtmlParser();
        var pages = Directory.GetDirectories(RealData.Folder("extraction-dev/readability-test-pages"))
            .Select(d => File.ReadAllText(Path.Combine(d, "source.html"))).ToList();
        pages.Add("<body><time datetime='2001-01-01'>outside</time><span itemprop='datepublished' content='2002-02-02'></span>" +
                  "<div><span itemprop='datePublished'></span></div><article><p><time datetime=' 2003-03-03 '>in</time></p></article>" +
                  "<time pubdate datetime='2004-04-04'></time></body>");
        pages.Add("<body><time pubdate datetime='2005-05-05'></time><span itemprop='datePublished' content='2006-06-06'></span></body>");
        var dated = 0;
        foreach (var page in pages)
        {
            using var document = parser.ParseDocument(page);
            var expected = BySelector(document);
            Assert.Equal(expected, PageMetadata.MarkedUpDate(document));
            if (expected is not null) dated++;
        }

        Assert.True(dated >= 10, $"only {dated} pages have a marked-up date: the comparison says little");
    }
}
