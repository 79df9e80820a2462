using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Readers;

public class TranscriptReaderTests
{
    private static readonly TranscriptReader Reader = new(new TranscriptReaderOptions());

    [Fact]
    public void SrtCuesBecomeSpeakerParagraphs()
    {
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(SourceSamples.Sample("transcripts/harbour-interview.srt")));
        Assert.Empty(bad);
        var doc = Assert.Single(docs);
        Assert.Equal(
            "INTERVIEWER: How long have you kept the light on this island?\n\n" +
            "KEEPER: Thirty-one years this spring. My father kept it before me. And it never went out, not once in all that time.\n\n" +
            "INTERVIEWER: What was the hardest winter?\n\n" +
            "KEEPER: Nineteen ninety-one. The ice came right up to the door.\n\n" +
            "Did you leave?\n\n" +
            "Never.",
            doc.Text);
        Assert.Equal(new[] { "INTERVIEWER", "KEEPER" }, (string[])doc.Metadata["speakers"]!);
        Assert.Equal(7L, doc.Metadata["cues"]);
        Assert.Equal(25.0, doc.Metadata["duration_seconds"]);
        Assert.Equal("srt", doc.Metadata["format"]);
    }

    [Fact]
    public void VttVoicesStylingAndNotesAreHandled()
    {
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(SourceSamples.Sample("transcripts/tide-lecture.vtt")));
        Assert.Empty(bad);
        var doc = Assert.Single(docs);
        Assert.Equal(
            "Dr. Ilse Varga: Good morning. Today we talk about tides, and why the sea comes back twice a day.\n\n" +
            "Student: Is it the moon?\n\n" +
            "Dr. Ilse Varga: Mostly the moon, yes. The sun helps a little & the shape of the coast does the rest.\n\n" +
            "Dr. Ilse Varga: Spring tides come when the sun and moon pull together.",
            doc.Text);
        Assert.Equal(new[] { "Dr. Ilse Varga", "Student" }, (string[])doc.Metadata["speakers"]!);
        Assert.Equal("vtt", doc.Metadata["format"]);
    }

    [Fact]
    public void PlainTranscriptKeepsSpeakersAndDropsTimestamps()
    {
        var (docs, _) = SourceSamples.ReadAll(Reader, SourceSamples.Input(SourceSamples.Sample("transcripts/radio-call.txt")));
        var doc = Assert.Single(docs);
        Assert.StartsWith("HARBOUR CONTROL: Vessel approaching the north pier, identify yourself.\nSKIPPER: This is the Marta", doc.Text);
        Assert.DoesNotContain("[static]", doc.Text);
        Assert.DoesNotContain("00:00", doc.Text);
        Assert.Equal(new[] { "HARBOUR CONTROL", "SKIPPER" }, (string[])doc.Metadata["speakers"]!);
    }

    [Fact]
    public void BrokenTimestampsAreQuarantinedPerCueAndTheRestIsRead()
    {
        using var temp = new TempFolder();
        var path = temp.Write("broken.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nFirst line.\n\n" +
            "2\n00:00:03,000 -> 00:00:04,000\nArrow is wrong.\n\n" +
            "3\n00:00:75,000 --> 00:00:76,000\nSeconds out of range.\n\n" +
            "4\n00:00:09,000 --> 00:00:08,000\nEnds before it starts.\n\n" +
            "5\n00:00:10,000 --> 00:00:11,000\nLast line.\n");
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(path));
        Assert.Equal(3, bad.Count);
        Assert.Equal("cue 2 (line 5): no timing line ('start --> end') in cue", bad[0].Reason);
        Assert.Equal("cue 3 (line 10): malformed timestamp line '00:00:75,000 --> 00:00:76,000'", bad[1].Reason);
        Assert.StartsWith("cue 4 (line 14): cue ends before it starts", bad[2].Reason);
        Assert.Equal(2, bad[1].Where.Record);
        Assert.Contains("Seconds out of range.", bad[1].Preview);
        var doc = Assert.Single(docs);
        Assert.Equal("First line.\n\nLast line.", doc.Text);
        Assert.Equal(3L, doc.Metadata["broken_cues"]);
    }

    [Fact]
    public void VttWithoutHeaderIsABadRecord()
    {
        using var temp = new TempFolder();
        var path = temp.Write("nohead.vtt", "00:01.000 --> 00:02.000\nHello\n");
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(path));
        Assert.Empty(docs);
        Assert.Contains("WEBVTT", Assert.Single(bad).Reason);
    }

    [Theory]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    [InlineData("utf-16le")]
    public void SrtWithAUnicodeByteOrderMarkIsRead(string encoding)
    {
        using var temp = new TempFolder();
        var text = "1\n00:00:01,000 --> 00:00:02,000\nCafé au lait.\n\n2\n00:00:02,500 --> 00:00:04,000\n<i>Merci</i> beaucoup.\n";
        System.Text.Encoding coding = encoding switch
        {
            "utf-32le" => new System.Text.UTF32Encoding(false, true),
            "utf-32be" => new System.Text.UTF32Encoding(true, true),
            _ => new System.Text.UnicodeEncoding(false, true),
        };
        var path = temp.WriteBytes("bom.srt", [.. coding.GetPreamble(), .. coding.GetBytes(text)]);
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(path));
        Assert.Empty(bad);
        Assert.Equal("Café au lait. Merci beaucoup.", Assert.Single(docs).Text);
        Assert.Equal(encoding, Assert.Single(docs).Metadata["encoding"]);
    }

    [Fact]
    public void VttCueUnderTheHeaderAndCuesWithoutBlankLinesAreAllRead()
    {
        using var temp = new TempFolder();
        var path = temp.Write("tight.vtt", "WEBVTT\n00:00.000 --> 00:01.000\nFirst &ClockwiseContourIntegral; cue.\n00:01.000 --> 00:02.000line:40%\n<c.blue>Second cue.\n");
        var (docs, bad) = SourceSamples.ReadAll(Reader, SourceSamples.Input(path));
        Assert.Empty(bad);
        Assert.Equal("First ∲ cue. Second cue.", Assert.Single(docs).Text);
        Assert.Equal(2L, docs[0].Metadata["cues"]);
    }
}
