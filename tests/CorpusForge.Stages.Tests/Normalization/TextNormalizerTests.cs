using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using System.Text.RegularExpressions;
using CorpusForge.Stages.Normalization;

namespace CorpusForge.Stages.Tests.Normalization;

public sealed class TextNormalizerTests
{
    private static readonly TextNormalizer Default = new(new TextNormalizerOptions());

    private static Document Doc(string text) => new() { Id = "d", Text = text };

    [Theory]
    [InlineData("a\r\nb\rc\nd", "a\nb\nc\nd")]
    [InlineData("one\u000Btwo\u000Cthree\u0085four\u2028five", "one\ntwo\nthree\nfour\nfive")]
    [InlineData("bell\u0007 null\u0000 esc\u001B del\u007F c1\u0090 kept", "bell null esc del c1 kept")]
    [InlineData("zero\u200Bwidth\u2060joiner\uFEFFbom", "zerowidthjoinerbom")]
    [InlineData("नमस्\u200Dते and \u200C kept", "नमस्\u200Dते and \u200C kept")]
    [InlineData("a\u00A0b\u2003c\u3000d\u202Fe", "a b c d e")]
    [InlineData("many    spaces \t\t and\ttab", "many spaces and\ttab")]
    [InlineData("trailing   \nline\t\n", "trailing\nline")]
    [InlineData("p1\n\n\n\n\np2\n \n \t\np3", "p1\n\np2\n\np3")]
    [InlineData("  \n\t lead and trail \n\n ", "lead and trail")]
    [InlineData("  indented\n    code", "indented\n code")]
    [InlineData("", "")]
    [InlineData(" \n\t\r\n", "")]
    public void Cleans_line_endings_controls_invisible_characters_and_whitespace(string input, string expected) =>
        Assert.Equal(expected, Default.Normalize(input));

    [Theory]
    [InlineData("cafe\u0301", "caf\u00e9")]
    [InlineData("\u212Bngstr\u00f6m", "\u00c5ngstr\u00f6m")] // the Angstrom sign is a singleton: NFC maps it to Å
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose
    [InlineData("\u0041\u030A\u0323", "\u1EA0\u030A")] // marks reordered by combining class, then composed
    public void Applies_nfc(string input, string expected) => Assert.Equal(expected, Default.Normalize(input));

    [Fact]
    public void Nfc_can_be_turned_off() =>
        Assert.Equal("cafe\u0301", new TextNormalizer(new TextNormalizerOptions { Nfc = false }).Normalize("cafe\u0301"));

    [Fact]
    public void Exotic_spaces_are_kept_when_asked() =>
        Assert.Equal("a\u00A0b", new TextNormalizer(new TextNormalizerOptions { NormalizeSpaces = false }).Normalize("a\u00A0b"));

    [Fact]
    public void Returns_keep_when_nothing_changes_and_replace_with_new_text_otherwise()
    {
        var clean = Doc("Already clean text.\n\nWith a paragraph, 中文 and é.");
        var original = clean.Text;
        Assert.Equal(StageOutcome.Keep, Default.Process(clean).Outcome);
        Assert.Same(original, clean.Text);

        var dirty = Doc("Needs  work\r\n");
        var result = Default.Process(dirty);
        Assert.Equal(StageOutcome.Replace, result.Outcome);
        Assert.Equal("Needs work", result.Document!.Text);
    }

    [Fact]
    public void Repair_removes_replacement_characters()
    {
        var document = Doc("caf\uFFFD ok \uFFFD\uFFFDend");
        document.Metadata["invalid_utf8_sequences"] = 3L;
        Assert.Equal("caf ok end", Default.Process(document).Document!.Text);
    }

    [Fact]
    public void Drop_mode_drops_documents_from_invalid_utf8_with_a_reason()
    {
        var drop = new TextNormalizer(new TextNormalizerOptions { OnInvalidUtf8 = InvalidUtf8Handling.Drop });
        var counted = Doc("caf\uFFFD");
        counted.Metadata["invalid_utf8_sequences"] = 1L;
        var result = drop.Process(counted);
        Assert.Equal((StageOutcome.Drop, "invalid_utf8", "1 invalid UTF-8 sequences"), (result.Outcome, result.Reason, result.Detail));

        Assert.Equal("invalid_utf8", drop.Process(Doc("lossy \uFFFD upstream")).Reason);
        Assert.Equal(StageOutcome.Keep, drop.Process(Doc("fine")).Outcome);
    }

    /// <summary>The cleaning rules (without NFC) written the slow, obvious way: regular expressions, one rule at a time.</summary>
    private static string Reference(string text)
    {
        text = Regex.Replace(text, "\r\n|[\r\v\f\u0085\u2028\u2029]", "\n");
        text = Regex.Replace(text, "[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B\u2060\u180E\uFEFF\uFFFD]", "");
        text = Regex.Replace(text, "[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]", " ");
        text = Regex.Replace(text, "[ \t]{2,}", " ");
        text = Regex.Replace(text, "[ \t]+\n", "\n");
        text = Regex.Replace(text, "\n{3,}", "\n\n");
        return text.Trim(' ', '\t', '\n');
    }

    [Fact]
    public void Agrees_with_a_rule_by_rule_reference_on_random_text()
    {
        var random = new Random(11);
        string[] pieces = ["word", "a", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00A0", "\u200B", "\u0007", "\uFFFD", "caf\u00e9", "\u4e2d\u6587",
            ".", "\u3000", "\u2028", "\f", "x y z", "   \n", "\n \n"];
        var nfcFree = new TextNormalizer(new TextNormalizerOptions { Nfc = false });
        for (var round = 0; round < 2000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(Reference(text), nfcFree.Normalize(text));
        }

        var longLine = string.Concat(Enumerable.Repeat("ab  cd ", 50_000)) + "end  ";
        Assert.Equal(Reference(longLine), nfcFree.Normalize(longLine));
    }

    [Fact]
    public void Normalising_twice_changes_nothing()
    {
        var random = new Random(7);
        var alphabet = "ab \t\n\r\u00A0\u200B\u0301e\uFFFD\u0007\u3000中.".ToCharArray();
        for (var round = 0; round < 500; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var once = Default.Normalize(text);
            Assert.Equal(once, Default.Normalize(once));
            Assert.DoesNotContain("  ", once);
            Assert.DoesNotContain("\n\n\n", once);
            Assert.Equal(once.Trim(), once);
        }
    }
}
