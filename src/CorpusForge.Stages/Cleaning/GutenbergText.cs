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

    [GeneratedRegex(@"^[ \t]*\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)[^\n]*$|^[ \t]*\*END\*THE SMALL PRINT![^\n]*$",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartMarker();

    [GeneratedRegex(@"^[ \t]*\*{3}[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT)|^[ \t]*End of (?:the |this )?Project Gutenberg(?:'s|’s)?\b",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndMarker();

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
        if (startMatch.Success)
        {
            headerFound = true;
            start = startMatch.Index + startMatch.Length;
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
