using System.Buffers;

namespace CorpusForge.Stages.Text;

/// <summary>Sentence-final punctuation across scripts, for the C4 and FineWeb line rules.</summary>
/// <remarks>The published rules use <c>. ? ! " '</c> (C4, Raffel et al. 2020; datatrove's END_PUNCTUATION); the
/// full stops and question marks of CJK, Arabic, Urdu, Devanagari and Ethiopic texts and closing typographic
/// quotes are added so that the rules do not reject every line of a non-Latin text.</remarks>
public static class Punctuation
{
    private static readonly SearchValues<char> SentenceEnds = SearchValues.Create(".?!。！？｡؟۔।॥።");

    /// <summary>True when a line ending in <paramref name="c"/> ends a sentence.</summary>
    public static bool IsTerminal(char c) => c is '.' or '?' or '!' or '"' or '\'' or '”' or '’' or '»'
        or '。' or '！' or '？' or '｡' or '؟' or '۔' or '।' or '॥' or '።';

    /// <summary>True for the characters that end a sentence inside a line (quotes excluded).</summary>
    public static bool IsSentenceEnd(char c) => c is '.' or '?' or '!' or '。' or '！' or '？' or '｡' or '؟' or '۔' or '।' or '॥' or '።';

    /// <summary>True when the span ends with an ellipsis (<c>...</c> or <c>…</c>).</summary>
    public static bool EndsWithEllipsis(ReadOnlySpan<char> span) => span.EndsWith("...") || (span.Length > 0 && span[^1] == '…');

    /// <summary>Counts sentences: runs of sentence-ending characters followed by white space, a closing quote or the
    /// end of the text. Abbreviations ("e.g. ") count as ends, decimals ("3.5") do not.</summary>
    public static int CountSentences(ReadOnlySpan<char> text)
    {
        var count = 0;
        var i = 0;
        while (true)
        {
            var next = text[i..].IndexOfAny(SentenceEnds);
            if (next < 0) return count;
            i += next;
            var j = i + 1;
            while (j < text.Length && IsSentenceEnd(text[j])) j++;
            // CJK full stops end a sentence without a following space.
            if (j == text.Length || char.IsWhiteSpace(text[j]) || text[j] is '"' or '\'' or '”' or '’' or '»' or ')'
                || text[i] is '。' or '！' or '？' or '｡') count++;
            i = j;
        }
    }
}
