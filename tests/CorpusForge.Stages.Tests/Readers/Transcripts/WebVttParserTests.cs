using CorpusForge.Stages.Readers.Transcripts;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers.Transcripts;

public class WebVttParserTests
{
    private static List<WebVttCue> Parse(string text) => WebVttParser.Parse(text) ?? throw new Xunit.Sdk.XunitException("signature rejected");

    [Fact]
    public void CueRightUnderTheSignatureLineIsKept()
    {
        var cue = Assert.Single(Parse("WEBVTT\n00:11.000 --> 00:13.000\nTest"));
        Assert.Equal((11.0, 13.0, "Test"), (cue.Start, cue.End, cue.Text));
    }

    [Fact]
    public void CuesWithoutBlankLinesBetweenThemStaySeparate()
    {
        var cues = Parse("WEBVTT\n\n00:01.000 --> 00:02.000\nOne\n00:02.000 --> 00:03.000\nTwo\nsecond line\n");
        Assert.Equal(["One", "Two\nsecond line"], cues.Select(c => c.Text));
        Assert.Equal([1.0, 2.0], cues.Select(c => c.Start));
    }

    [Fact]
    public void IdentifiersAndHeaderLinesAreTakenAsTheSpecSays()
    {
        var cues = Parse("WEBVTT - a title\nKind: captions\n\nintro\n00:00:01.500 --> 00:00:02.000\nHello\n\nNOTE a comment\nspanning lines\n\n2\n00:03.000 --> 00:04.000\nBye");
        Assert.Equal(["intro", "2"], cues.Select(c => c.Id));
        Assert.Equal(1.5, cues[0].Start);
    }

    [Fact]
    public void AnArrowOnTheIdentifierLineLosesOnlyThatIdentifier()
    {
        // vtt.js's integration/id.vtt: the spec reads "-->" as a failed timing line, and the next line starts a cue.
        var cues = Parse("WEBVTT\n\n1\n00:01.000 --> 00:02.000\nThis\n\n-->\n00:04.000 --> 00:05.000\nTest\n\nlast\n00:06.000 --> 00:07.000\nEnd\n");
        Assert.Equal(["1", "", "last"], cues.Select(c => c.Id));
        Assert.Equal(["This", "Test", "End"], cues.Select(c => c.Text));
    }

    [Fact]
    public void SettingsGluedToTheEndTimeDoNotRejectTheCue()
    {
        var cue = Assert.Single(Parse("WEBVTT\n\n00:00.000 --> 00:01.000line:40% align:start\nGlued"));
        Assert.Equal((0.0, 1.0, "Glued"), (cue.Start, cue.End, cue.Text));
    }

    [Fact]
    public void NulBecomesReplacementCharacterAndCrLfIsALineBreak()
    {
        var cue = Assert.Single(Parse("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nA\0B\rC"));
        Assert.Equal("A\uFFFDB\nC", cue.Text);
    }

    [Theory]
    [InlineData("WEBVTTX\n\n00:00.000 --> 00:01.000\nx")]
    [InlineData("\nWEBVTT\n\n00:00.000 --> 00:01.000\nx")]
    [InlineData("\uFEFF\tWEBVTT\n")]
    public void WrongSignatureIsNotWebVtt(string text) => Assert.Null(WebVttParser.Parse(text));

    [Theory]
    [InlineData("000:00.000 --> 00:02.000")] // three-digit minutes without hours
    [InlineData("00:00.00 --> 00:02.000")] // two fraction digits
    [InlineData("00:00.000 -> 00:02.000")]
    [InlineData("00:60.000 --> 01:02.000")]
    public void MalformedTimingsYieldNoCue(string timing) => Assert.Empty(Parse($"WEBVTT\n\n{timing}\nText"));

    [Theory]
    [InlineData("<v Roger Bingham>We are in New York City", "We are in New York City", "Roger Bingham")]
    [InlineData("<c.blue>blue</c> and <i>italic</i><00:01.500> later <c.blue", "blue and italic later ", null)]
    [InlineData("&ClockwiseContourIntegral; &nsubE; &amp; &lt;&gt; &amp &notit; &#x2014;&#8212; &#0; &#x110000; &#150;", "∲ ⫅̸ & <> & ¬it; —— \uFFFD \uFFFD –", null)]
    [InlineData("& alone &; &#; &#x;", "& alone &; &#; &#x;", null)]
    [InlineData("<ruby>漢<rt>kan</rt></ruby> <lang en>x</lang>", "漢kan x", null)]
    public void CueTextFollowsTheTokenizer(string payload, string text, string? voice)
    {
        Assert.Equal((text, voice), WebVttCueText.ToPlainText(payload));
    }

    [Fact]
    public void ShipsTheWholeHtmlNamedReferenceTable() => Assert.Equal(2231, WebVttCueText.NamedReferenceCount);

    [Fact]
    public void RealVttJsSuiteAgreesWithItsExpectedCues()
    {
        var folder = RealData.Folder("epub-subs-dev");
        var map = Path.Combine(SourceSamples.RepoRoot, "tests", "CorpusForge.Stages.Tests", "Data", "vtt", "vttjs-expected-map.tsv");
        var results = WebVttConformance.Run(Path.Combine(folder, "vtt"), Path.Combine(folder, "vtt-expected"), map);
        var scored = results.Where(r => r.Scored).ToList();
        Assert.True(scored.Count >= 190, $"only {scored.Count} files have expected cues");
        var failures = scored.Where(r => !r.Agrees).Select(r => $"{r.Name}: {r.Difference}").ToList();
        Assert.True(failures.Count <= scored.Count / 100, string.Join("\n", failures));
    }
}
