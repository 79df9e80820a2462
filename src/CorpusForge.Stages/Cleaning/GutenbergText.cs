using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Cleaning;

/// <summary>Finds the Project Gutenberg licence header and footer of a plain-text book and reads the header's
/// bibliographic fields.</summary>
/// <remarks>
/// Marker variants seen across the collection's history (checked against Project Gutenberg's own files):
/// <c>*** START OF THE PROJECT GUTENBERG EBOOK X ***</c> (current), <c>*** START OF THIS PROJECT GUTENBERG EBOOK</c>,
/// <c>***START OF THE PROJECT GUTENBERG EBOOK</c>, <c>E-BOOK</c> / <c>ETEXT</c> spellings, and the 1990s
/// <c>*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*</c> line that closes the old licence header. The footer starts
/// at <c>*** END OF THE/THIS PROJECT GUTENBERG EBOOK</c> or at the earlier
/// <c>End of the Project Gutenberg EBook of X</c> / <c>End of Project Gutenberg's X</c> line.
/// </remarks>
public static partial class GutenbergText
{
    /// <summary>Bibliographic fields of a Gutenberg header (null when absent).</summary>
    public sealed record Header(string? Title, string? Author, string? Language);

    /// <summary>Where the book body starts and ends (character offsets) and whether markers were found.</summary>
    public readonly record struct Body(int Start, int End, bool HeaderFound, bool FooterFound);

    // The line that ends the licence header, in each era: the modern START line, the 1990s "*END*THE SMALL PRINT!"
    // line (also written "*END THE SMALL PRINT!"), and the World Library Shakespeare files' closing
    // "SMALL PRINT! FOR __ COMPLETE SHAKESPEARE" line (their opening one reads "for COMPLETE SHAKESPEARE", without "__").
    [GeneratedRegex(@"^[ \t]*\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)[^\n]*$|^[ \t]*\*END\*?[ \t]*THE SMALL PRINT![^\n]*$|^[ \t]*\*+[ \t]*SMALL PRINT! FOR __ COMPLETE SHAKESPEARE[^\n]*$",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartMarker();

    // The version stamp under the World Library closing line: ["Small Print" V.12.08.93]
    [GeneratedRegex(@"\G[ \t]*\n?[ \t]*\[""Small Print"" V[^\n]*\][ \t]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SmallPrintVersion();

    // Footer lines of every era: "*** END OF THE/THIS PROJECT GUTENBERG EBOOK", "End of (the) Project Gutenberg('s) …",
    // "End of this Project Gutenberg Etext", "End Project Gutenberg's …", "The end of Project Gutenberg Etext …" and
    // the World Library "End of this Etext of The Complete Works …".
    [GeneratedRegex(@"^[ \t]*\*{3}[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)|^[ \t]*(?:The )?End,? (?:of )?(?:the |this )?Project Gutenberg(?:'s|’s)?\b|^[ \t]*End of (?:the |this )E-?text of\b|^[ \t]*\*+[ \t]*START\*+[ \t]*THE SMALL PRINT!",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndMarker();

    // Copyright notices the World Library files repeat inside the text: <<THIS ELECTRONIC VERSION … MEMBERSHIP.>>
    [GeneratedRegex(@"<<[ \t]*THIS ELECTRONIC VERSION\b[^>]*(?:>(?!>)[^>]*)*>>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineNotice();

    [GeneratedRegex(@"^(Title|Author|Language):[ \t]*(\S[^\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderField();

    // Credits paragraph Gutenberg volunteers put right after the start marker; it is not part of the book.
    [GeneratedRegex(@"^(?:Produced by|E-?text prepared by|This e-?text was prepared by|Transcribed (?:from|by)|Prepared by)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credits();

    /// <summary>Locates the body between header and footer; the whole text when there are no markers.</summary>
    public static Body FindBody(string text)
    {
        var start = 0;
        var headerFound = false;
        var startMatch = StartMarker().Match(text);
        // A licence block that closes near the end of a long file is a trailer (some 1990s files put the small print
        // last): the book is what comes before it, and its opening "***START**THE SMALL PRINT!" line is the footer.
        if (startMatch.Success && startMatch.Index > text.Length / 2 && text.Length - startMatch.Index < text.Length / 10
            && !EndMarker().IsMatch(text, startMatch.Index + startMatch.Length)) startMatch = Match.Empty;
        if (startMatch.Success)
        {
            headerFound = true;
            start = startMatch.Index + startMatch.Length;
            start = SkipWrappedMarker(text, startMatch, start);
            if (SmallPrintVersion().Match(text, start) is { Success: true } version) start = version.Index + version.Length;
            start = SkipCredits(text, start);
        }

        var end = text.Length;
        var footerFound = false;
        var endMatch = EndMarker().Match(text, start);
        if (endMatch.Success)
        {
            footerFound = true;
            end = endMatch.Index;
        }

        return new Body(start, end, headerFound, footerFound);
    }

    /// <summary>Reads Title/Author/Language from the part before the start marker.</summary>
    public static Header ReadHeader(string text)
    {
        var startMatch = StartMarker().Match(text);
        if (!startMatch.Success) return new Header(null, null, null);
        string? title = null, author = null, language = null;
        foreach (Match field in HeaderField().Matches(text[..startMatch.Index]))
        {
            var value = field.Groups[2].Value.Trim();
            switch (field.Groups[1].Value)
            {
                case "Title": title ??= value; break;
                case "Author": author ??= value; break;
                case "Language": language ??= value; break;
            }
        }

        return new Header(title, author, language);
    }

    /// <summary>Removes the World Library <c>&lt;&lt;THIS ELECTRONIC VERSION … &gt;&gt;</c> notices found inside a book's
    /// text, and returns how many there were.</summary>
    public static (string Text, int Removed) RemoveInlineNotices(string text)
    {
        if (text.IndexOf("<<", StringComparison.Ordinal) < 0) return (text, 0);
        var removed = 0;
        var cleaned = InlineNotice().Replace(text, _ =>
        {
            removed++;
            return "";
        });
        return (cleaned, removed);
    }

    // A START line too long for one line is wrapped, its closing "***" on the next line:
    // "***START OF THE PROJECT GUTENBERG EBOOK POEMS OF THE PAST AND THE\nPRESENT***".
    private static int SkipWrappedMarker(string text, Match marker, int position)
    {
        if (!marker.Value.TrimStart().StartsWith("***", StringComparison.Ordinal) || marker.Value.TrimEnd().EndsWith("***", StringComparison.Ordinal))
            return position;
        var cursor = position;
        for (var lines = 0; lines < 2 && cursor < text.Length; lines++)
        {
            var lineEnd = text.IndexOf('\n', cursor + 1);
            if (lineEnd < 0) lineEnd = text.Length;
            var line = text.AsSpan(cursor, lineEnd - cursor).Trim();
            if (line.Length == 0) return position;
            if (line.EndsWith("***")) return lineEnd;
            cursor = lineEnd;
        }

        return position;
    }

    private static int SkipCredits(string text, int position)
    {
        var paragraphStart = position;
        while (paragraphStart < text.Length && char.IsWhiteSpace(text[paragraphStart])) paragraphStart++;
        var remaining = text.AsSpan(paragraphStart);
        if (!Credits().IsMatch(remaining[..Math.Min(remaining.Length, 64)])) return position;
        var blank = text.IndexOf("\n\n", paragraphStart, StringComparison.Ordinal);
        return blank < 0 ? position : blank;
    }
}
