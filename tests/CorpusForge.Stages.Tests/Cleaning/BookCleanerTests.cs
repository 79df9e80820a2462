using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Cleaning;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Support;

namespace CorpusForge.Stages.Tests.Cleaning;

public class BookCleanerTests
{
    private static (Document Doc, StageResult Result) Clean(string text, BookCleanerOptions? options = null)
    {
        var doc = new Document { Id = "b", Text = text };
        return (doc, new BookCleaner(options ?? new BookCleanerOptions()).Process(doc));
    }

    private static Document CleanSample(string name)
    {
        var (docs, _) = SourceSamples.ReadAll(new BookReader(new BookReaderOptions()), SourceSamples.Input(SourceSamples.Sample("books/" + name)));
        var doc = Assert.Single(docs);
        Assert.Equal(StageOutcome.Keep, new BookCleaner(new BookCleanerOptions()).Process(doc).Outcome);
        return doc;
    }

    [Fact]
    public void GutenbergStrippingRemovesLicenceAndKeepsFirstAndLastParagraphs()
    {
        var doc = CleanSample("the-lighthouse-keeper.txt");
        var text = doc.Text;
        foreach (var licence in new[] { "Gutenberg", "GUTENBERG", "gutenberg.org", "License", "LICENSE", "copyright", "eBook", "EBOOK", "Produced by", "Release date" })
            Assert.DoesNotContain(licence, text);
        Assert.StartsWith("THE LIGHTHOUSE KEEPER'S ALMANAC\n\nCHAPTER I\n\nTHE FIRST LAMP OF WINTER\n\nOn the first evening of November the keeper climbed the spiral stair with a can of oil", text);
        Assert.EndsWith("The keeper wrote her name, when at last he learned it, on the first page of the almanac, above his own.", text);
        Assert.Equal(true, doc.Attributes["book.gutenberg_header"]);
        Assert.Equal(true, doc.Attributes["book.gutenberg_footer"]);
    }

    [Fact]
    public void PageNumbersAndRunningHeadsAreRemovedAndParagraphsRejoined()
    {
        var doc = CleanSample("the-lighthouse-keeper.txt");
        var paragraphs = doc.Text.Split("\n\n");
        Assert.DoesNotContain(paragraphs, p => p.Trim() is "7" or "8" or "9");
        Assert.Equal(3L, doc.Attributes["book.page_numbers_removed"]);
        // The title survives once; its three repeats as running heads go.
        Assert.Single(paragraphs, p => p == "THE LIGHTHOUSE KEEPER'S ALMANAC");
        Assert.Equal(3L, doc.Attributes["book.running_heads_removed"]);
        Assert.Contains("At midnight the storm came in earnest. The whole tower hummed like a struck bell, and the keeper sat", doc.Text);
        Assert.DoesNotContain(paragraphs, p => p.Contains('\n'));
        Assert.Contains(paragraphs, p => p == "CHAPTER II");
    }

    [Fact]
    public void DehyphenatesOnlyWithEvidence()
    {
        var doc = CleanSample("the-lighthouse-keeper.txt");
        // "re-/markably": "remarkably" occurs elsewhere in the book, so the hyphen was typesetting.
        Assert.Contains("The entry was short and, like all his entries, remarkably neat", doc.Text);
        // "north-/north-west": no "northnorth" anywhere, so the hyphen is kept.
        Assert.Contains("the wind stood north-north-west and was rising", doc.Text);
        Assert.Equal(1L, doc.Attributes["book.dehyphenated"]);
    }

    [Fact]
    public void OldSmallPrintHeaderAndEtextFooterAreStrippedAndVerseKept()
    {
        var doc = CleanSample("old-small-print.txt");
        Assert.DoesNotContain("SMALL PRINT", doc.Text);
        Assert.DoesNotContain("Etext", doc.Text);
        Assert.StartsWith("HARBOUR SONGS\n\nThe boats come in at evening,\n  Their lanterns low and red;", doc.Text);
        Assert.EndsWith("Is humming the old song.", doc.Text);
    }

    [Theory]
    [InlineData("*** START OF THIS PROJECT GUTENBERG EBOOK X ***", "*** END OF THIS PROJECT GUTENBERG EBOOK X ***")]
    [InlineData("***START OF THE PROJECT GUTENBERG EBOOK X***", "***END OF THE PROJECT GUTENBERG EBOOK X***")]
    [InlineData("*** START OF THE PROJECT GUTENBERG E-BOOK X ***", "End of Project Gutenberg's X, by Y")]
    [InlineData("*** START OF THIS PROJECT GUTENBERG ETEXT X ***", "End of the Project Gutenberg EBook of X")]
    public void MarkerVariantsAreRecognised(string start, string end)
    {
        var (doc, _) = Clean($"Licence header here.\n{start}\n\nFirst paragraph of the book.\n\nLast paragraph of the book.\n\n{end}\n\nLicence footer here.\n");
        Assert.Equal("First paragraph of the book.\n\nLast paragraph of the book.", doc.Text);
    }

    [Fact]
    public void TextWithoutMarkersKeepsAllItsContent()
    {
        var (doc, _) = Clean("Short line one\nshort line two\n\nAnother paragraph.");
        Assert.Equal(false, doc.Attributes["book.gutenberg_header"]);
        Assert.Equal("Short line one\nshort line two\n\nAnother paragraph.", doc.Text);
    }

    [Fact]
    public void NumberedLinesThatDoNotRiseAreNotPageNumbers()
    {
        var (doc, _) = Clean("Count down:\n\n3\n\n2\n\n1\n\nLift off.");
        Assert.Equal(0L, doc.Attributes["book.page_numbers_removed"]);
        Assert.Contains("\n\n2\n\n", doc.Text);
    }

    [Fact]
    public void BookThatIsOnlyLicenceIsDropped()
    {
        var (_, result) = Clean("Header\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nFooter");
        Assert.Equal(StageOutcome.Drop, result.Outcome);
        Assert.Equal("empty_after_cleaning", result.Reason);
    }
}
