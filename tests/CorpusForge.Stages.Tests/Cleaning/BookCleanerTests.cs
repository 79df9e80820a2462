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

    private static Document CleanExcerpt(string name)
    {
        var path = Path.Combine(SourceSamples.RepoRoot, "tests", "CorpusForge.Stages.Tests", "Data", "books", name);
        var (docs, _) = SourceSamples.ReadAll(new BookReader(new BookReaderOptions()), SourceSamples.Input(path));
        var doc = Assert.Single(docs);
        Assert.Equal(StageOutcome.Keep, new BookCleaner(new BookCleanerOptions()).Process(doc).Outcome);
        return doc;
    }

    [Fact]
    public void WorldLibraryShakespeareLosesEveryNoticeAndKeepsThePlay()
    {
        var doc = CleanExcerpt("world-library-othello-excerpt.txt");
        foreach (var licence in new[] { "SMALL PRINT", "Small Print", "ELECTRONIC VERSION", "WORLD LIBRARY", "<<", ">>", "End of this Etext", "Etext" })
            Assert.DoesNotContain(licence, doc.Text);
        Assert.StartsWith("1605\n\nTHE TRAGEDY OF OTHELLO, MOOR OF VENICE\n\nby William Shakespeare", doc.Text);
        Assert.EndsWith("This heavy act with heavy heart relate.\nExeunt.\n\nTHE END", doc.Text);
        Assert.True((long)doc.Attributes["book.licence_notices_removed"]! >= 3);
        // Verse keeps its lines; turns and stage directions stay on lines of their own, however often they repeat.
        Assert.Contains("That thou, Iago, who hast had my purse\n    As if the strings were thine", doc.Text);
        Assert.Contains("  IAGO. 'Sblood, but you will not hear me.\n", doc.Text);
        Assert.Equal(0L, doc.Attributes["book.running_heads_removed"]);
        Assert.Equal(CountLines(File.ReadAllText(Path.Combine(SourceSamples.RepoRoot, "tests", "CorpusForge.Stages.Tests", "Data", "books",
            "world-library-othello-excerpt.txt")), "Exit."), CountLines(doc.Text, "Exit."));
    }

    private static int CountLines(string text, string line) => text.Replace("\r", "").Split('\n').Count(l => l.Trim() == line);

    [Fact]
    public void SmallPrintWithoutAsteriskAndEndProjectGutenbergFooterAreStripped()
    {
        var doc = CleanExcerpt("small-print-potter-excerpt.txt");
        foreach (var licence in new[] { "SMALL PRINT", "Gutenberg", "Etext", "ETEXT" })
            Assert.DoesNotContain(licence, doc.Text);
        Assert.EndsWith("There is something to\nplease everybody.", doc.Text);
    }

    [Fact]
    public void WrappedStartLineLeavesNoMarkerAndVerseKeepsItsLines()
    {
        var doc = CleanExcerpt("wrapped-start-hardy-excerpt.txt");
        Assert.DoesNotContain("***", doc.Text);
        Assert.DoesNotContain("PRESENT***", doc.Text);
        Assert.DoesNotContain("Transcribed from", doc.Text);
        Assert.StartsWith("[Picture: Book cover]", doc.Text);
        Assert.EndsWith("High-Stoy and Bubb-Down hills, and commanding in clear weather views that extend from the English to the Bristol Channel, stands a pillar, apparently mediæval, called Cross-and-Hand or Christ-in-Hand.  Among other stories of its origin a local tradition preserves the one here given.", doc.Text);
    }

    [Fact]
    public void VerseBlocksKeepTheirLineBreaksInAProseWidthBook()
    {
        var prose = string.Join("\n", Enumerable.Repeat("The river ran on below the town and nobody on the bank had any reason to\nlook at it twice, though it was wide and brown and in no hurry at all.\n", 6));
        var verse = "O Death, where is thy sting? my sovereign lord,\nThat would with treason and with open force\nBeat down this land's increase, and every word\nShall stand upon the field of his remorse.";
        var (doc, _) = Clean(prose + "\n" + verse + "\n\n" + prose);
        Assert.Contains(verse, doc.Text);
        Assert.Contains("reason to look at it twice", doc.Text);
    }

    [Fact]
    public void PlayTurnsAndStageDirectionsAreNeverJoinedOrTakenForRunningHeads()
    {
        var speech = "  Slen. By these gloues, then 'twas he that had the purse and would not give it up again for any man\n"
                     + "Fal. What say you Scarlet, and Iohn? I will hear it all from the beginning to the very end of it now\n";
        var play = string.Concat(Enumerable.Range(0, 25).Select(i => speech + "\nExit.\n\n[Exeunt.]\n\n"));
        var (doc, _) = Clean(play);
        Assert.Equal(25, CountLines(doc.Text, "Exit."));
        Assert.Equal(25, CountLines(doc.Text, "[Exeunt.]"));
        Assert.Contains("any man\nFal. What say you", doc.Text);
    }

    [Fact]
    public void RunningHeadsGoOnlyWithTitleOrPageNumberEvidence()
    {
        var page = "It was a long chapter and the words went on and on across the page, filling it from side to side.\n";
        var pages = string.Concat(Enumerable.Range(1, 5).Select(i => $"{page}\n{20 + i}  THE WARDEN\n\n{page}\nA Refrain Here\n\nBARCHESTER TOWERS\n\n"));
        var doc = new Document { Id = "b", Text = pages };
        doc.Metadata["title"] = "Barchester Towers";
        new BookCleaner(new BookCleanerOptions()).Process(doc);
        Assert.DoesNotContain("THE WARDEN", doc.Text);
        Assert.Equal(1, CountLines(doc.Text, "BARCHESTER TOWERS"));
        Assert.Equal(5, CountLines(doc.Text, "A Refrain Here"));
    }

    [Theory]
    [InlineData("the whole of the boat's-\ncrew went ashore at dawn, every man of them, and the screw was lost", "boat's-crew")]
    [InlineData("they walked along the path by Helen's-\nwell to the old farm, and the swell of the sea was loud", "Helen's-well")]
    [InlineData("and there sat the ugliest little puppy-\n    headed fellow that anyone had ever seen in the world", "puppy-headed")]
    [InlineData("we found the letter re-\nmarkably well kept, as remarkably as anything else in the chest", "remarkably well kept")]
    public void HyphenationIsUndoneOnlyWithinAWord(string text, string expected)
    {
        var (doc, _) = Clean(text + "\n\nAnother paragraph that is long enough to set the width of this little book to prose.");
        Assert.Contains(expected, doc.Text);
        Assert.DoesNotContain("'screw", doc.Text);
        Assert.DoesNotContain("- ", doc.Text);
    }

    [Fact]
    public void SmallPrintPrintedAfterTheBookIsCutAsATrailer()
    {
        var book = string.Concat(Enumerable.Range(0, 40).Select(i => $"Paragraph {i} of the story, which is told plainly and at length here.\n\n"));
        var (doc, _) = Clean("The Project Gutenberg Etext of A Story\n\n" + book
            + "***START**THE SMALL PRINT!**FOR PUBLIC DOMAIN ETEXTS**START***\nWhy is this \"Small Print!\" statement here?\n"
            + "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n");
        Assert.DoesNotContain("SMALL PRINT", doc.Text);
        Assert.EndsWith("Paragraph 39 of the story, which is told plainly and at length here.", doc.Text);
    }
}
