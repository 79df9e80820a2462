using System.Globalization;

namespace CorpusForge.Stages.Tokenization;

/// <summary>Hand-written splitters that return exactly the pieces the cl100k_base and o200k_base patterns
/// (<see cref="TokenizerFactory.Cl100kPattern"/>, <see cref="TokenizerFactory.O200kPattern"/>) match with .NET's
/// regex engine, several times faster. Each method returns the end of the piece starting at <c>start</c>.</summary>
/// <remarks>Character classes are taken per UTF-16 unit with <see cref="CharUnicodeInfo"/>, as .NET's regex does (a
/// surrogate is neither a letter nor a digit), so ids equal Microsoft.ML.Tokenizers' on every input; the
/// alternatives are tried in pattern order with the same backtracking outcome.</remarks>
public static class TiktokenPreTokenizer
{
    private const byte Letter = 1, Number = 2, Space = 4, Newline = 8, Upper = 16, Lower = 32;
    private static readonly byte[] Ascii = BuildAscii();

    /// <summary>End of the cl100k_base piece that starts at <paramref name="start"/>.</summary>
    public static int NextCl100k(ReadOnlySpan<char> text, int start)
    {
        var c = text[start];
        var kind = Kind(c);
        // '(?i:[sdmt]|ll|ve|re)
        if (c == '\'' && Contraction(text, start) is > 0 and var contraction) return start + contraction;
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if ((kind & Letter) != 0) return LettersFrom(text, start + 1);
        if ((kind & (Newline | Letter | Number)) == 0 && start + 1 < text.Length && (Kind(text[start + 1]) & Letter) != 0)
            return LettersFrom(text, start + 2);
        // \p{N}{1,3}
        if ((kind & Number) != 0) return NumbersFrom(text, start);
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        if (Punctuation(text, start, kind, slash: false) is > 0 and var end) return end;
        return WhitespaceFrom(text, start);
    }

    /// <summary>End of the o200k_base piece that starts at <paramref name="start"/>.</summary>
    public static int NextO200k(ReadOnlySpan<char> text, int start)
    {
        var c = text[start];
        var kind = Kind(c);
        var prefixAllowed = (kind & (Newline | Letter | Number)) == 0;
        // [^\r\n\p{L}\p{N}]?[U]*[L]+(contraction)?  with U = Lu Lt Lm Lo M, L = Ll Lm Lo M
        if (prefixAllowed && WordLowerFirst(text, start + 1) is > 0 and var a) return WithContraction(text, a);
        if (WordLowerFirst(text, start) is > 0 and var b) return WithContraction(text, b);
        // [^\r\n\p{L}\p{N}]?[U]+[L]*(contraction)?
        if (prefixAllowed && start + 1 < text.Length && (Kind(text[start + 1]) & Upper) != 0) return WithContraction(text, Run(text, Run(text, start + 1, Upper), Lower));
        if ((kind & Upper) != 0) return WithContraction(text, Run(text, Run(text, start, Upper), Lower));
        if ((kind & Number) != 0) return NumbersFrom(text, start);
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if (Punctuation(text, start, kind, slash: true) is > 0 and var end) return end;
        return WhitespaceFrom(text, start);
    }

    /// <summary>[U]*[L]+ from <paramref name="at"/> with the regex's backtracking: the longest U-run is given back one
    /// character at a time until an L character follows. Returns 0 when it cannot match.</summary>
    private static int WordLowerFirst(ReadOnlySpan<char> text, int at)
    {
        if (at >= text.Length) return 0;
        var upperEnd = Run(text, at, Upper);
        for (var k = upperEnd; k >= at; k--)
        {
            if (k < text.Length && (Kind(text[k]) & Lower) != 0) return Run(text, k, Lower);
        }

        return 0;
    }

    private static int WithContraction(ReadOnlySpan<char> text, int end) =>
        end < text.Length && text[end] == '\'' && Contraction(text, end) is > 0 and var length ? end + length : end;

    /// <summary>Length of a contraction ('s 't 're 've 'm 'll 'd, any case) at <paramref name="at"/>, or 0.</summary>
    private static int Contraction(ReadOnlySpan<char> text, int at)
    {
        if (at + 1 >= text.Length) return 0;
        var first = char.ToLowerInvariant(text[at + 1]);
        if (first is 's' or 't' or 'm' or 'd') return 2;
        if (at + 2 >= text.Length) return 0;
        var second = char.ToLowerInvariant(text[at + 2]);
        return (first, second) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 3 : 0;
    }

    private static int LettersFrom(ReadOnlySpan<char> text, int at) => Run(text, at, Letter);

    private static int NumbersFrom(ReadOnlySpan<char> text, int at)
    {
        var end = at + 1;
        while (end < text.Length && end < at + 3 && (Kind(text[end]) & Number) != 0) end++;
        return end;
    }

    /// <summary>' ?[^\s\p{L}\p{N}]+' followed by [\r\n]* (or [\r\n/]*); 0 when it does not match.</summary>
    private static int Punctuation(ReadOnlySpan<char> text, int start, byte kind, bool slash)
    {
        var at = start;
        if (text[at] == ' ')
        {
            if (at + 1 >= text.Length || (Kind(text[at + 1]) & (Space | Letter | Number)) != 0) return 0;
            at++;
        }
        else if ((kind & (Space | Letter | Number)) != 0)
        {
            return 0;
        }

        at++;
        while (at < text.Length && (Kind(text[at]) & (Space | Letter | Number)) == 0) at++;
        while (at < text.Length && (text[at] is '\r' or '\n' || (slash && text[at] == '/'))) at++;
        return at;
    }

    /// <summary>\s*[\r\n]+ | \s+(?!\S) | \s+ on the whitespace run at <paramref name="start"/>.</summary>
    private static int WhitespaceFrom(ReadOnlySpan<char> text, int start)
    {
        var end = Run(text, start, Space);
        for (var p = end - 1; p >= start; p--)
        {
            if (text[p] is '\r' or '\n') return p + 1;
        }

        if (end == text.Length || end - start == 1) return end;
        return end - 1;
    }

    private static int Run(ReadOnlySpan<char> text, int at, byte kind)
    {
        while (at < text.Length && (Kind(text[at]) & kind) != 0) at++;
        return at;
    }

    private static byte Kind(char c) => c < 128 ? Ascii[c] : Classify(c);

    private static byte Classify(char c)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter => Letter | Upper,
            UnicodeCategory.LowercaseLetter => Letter | Lower,
            UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Letter | Upper | Lower,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => Upper | Lower,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Number,
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Space,
            _ => c == '\u0085' ? Space : (byte)0,
        };
    }

    private static byte[] BuildAscii()
    {
        var table = new byte[128];
        for (var c = 0; c < 128; c++) table[c] = Classify((char)c);
        foreach (var c in "\t\n\v\f\r") table[c] = Space;
        table['\r'] |= Newline;
        table['\n'] |= Newline;
        return table;
    }
}
