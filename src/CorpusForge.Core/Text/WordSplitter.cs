using System.Globalization;
using System.Buffers;
using System.Text;

namespace CorpusForge.Core.Text;

/// <summary>A word (or, for scripts written without spaces, a single character) as a range of the text.</summary>
/// <param name="Start">Index of the first UTF-16 unit.</param>
/// <param name="Length">Length in UTF-16 units.</param>
public readonly record struct WordSpan(int Start, int Length)
{
    /// <summary>The word's characters in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> Of(string text) => text.AsSpan(Start, Length);
}

/// <summary>Language-independent word segmentation shared by every stage that counts words (quality rules,
/// shingling for dedup, decontamination n-grams).</summary>
/// <remarks>
/// A word is a maximal run of letters, digits and combining marks, with inner apostrophes, hyphens and periods
/// between letters kept (<c>don't</c>, <c>e-mail</c>, <c>U.S</c>). Characters of scripts written without spaces
/// (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan) are one word each, so n-grams over them behave
/// like character n-grams. Everything else (spaces, punctuation, symbols, emoji) separates words.
/// </remarks>
public static class WordSplitter
{
    /// <summary>Appends the words of <paramref name="text"/> to <paramref name="words"/> (cleared first).</summary>
    public static void Split(string text, List<WordSpan> words)
    {
        words.Clear();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var rune = ReadRune(span, i, out var width);
            var kind = Classify(rune);
            if (kind == CharKind.Separator)
            {
                i += width;
                continue;
            }

            if (kind == CharKind.Unspaced)
            {
                var end = i + width;
                // Keep combining marks with their base character (Thai vowels and tone marks).
                while (end < span.Length && IsMark(ReadRune(span, end, out var w))) end += w;
                words.Add(new WordSpan(i, end - i));
                i = end;
                continue;
            }

            var start = i;
            i += width;
            while (i < span.Length)
            {
                var next = ReadRune(span, i, out var w);
                var nextKind = Classify(next);
                if (nextKind == CharKind.Word)
                {
                    i += w;
                    continue;
                }

                // Inner joiners: a letter or digit must follow directly.
                if (next.Value is '\'' or '\u2019' or '-' or '.' or '\u00AD' && i + w < span.Length &&
                    Classify(ReadRune(span, i + w, out _)) == CharKind.Word)
                {
                    i += w;
                    continue;
                }

                break;
            }

            words.Add(new WordSpan(start, i - start));
        }
    }

    /// <summary>The words of <paramref name="text"/> as a new list.</summary>
    public static List<WordSpan> Split(string text)
    {
        var words = new List<WordSpan>();
        Split(text, words);
        return words;
    }

    /// <summary>Counts words without keeping them.</summary>
    public static int Count(string text)
    {
        var words = new List<WordSpan>();
        Split(text, words);
        return words.Count;
    }

    /// <summary>True when the character belongs to a script written without spaces between words.</summary>
    public static bool IsUnspacedScript(int codePoint) =>
        codePoint is >= 0x4E00 and <= 0x9FFF      // CJK unified ideographs
            or >= 0x3400 and <= 0x4DBF            // extension A
            or >= 0x20000 and <= 0x3134F          // extensions B–G
            or >= 0xF900 and <= 0xFAFF            // compatibility ideographs
            or >= 0x3040 and <= 0x30FF            // Hiragana, Katakana
            or >= 0x31F0 and <= 0x31FF            // Katakana phonetic extensions
            or >= 0xFF66 and <= 0xFF9F            // half-width Katakana
            or >= 0x0E00 and <= 0x0E7F            // Thai
            or >= 0x0E80 and <= 0x0EFF            // Lao
            or >= 0x1780 and <= 0x17FF            // Khmer
            or >= 0x1000 and <= 0x109F            // Myanmar
            or >= 0x0F00 and <= 0x0FFF;           // Tibetan

    private enum CharKind : byte
    {
        Separator,
        Word,
        Unspaced,
    }

    private static CharKind Classify(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            return (uint)((value | 0x20) - 'a') <= 'z' - 'a' || (uint)(value - '0') <= 9 || value == '_'
                ? CharKind.Word
                : CharKind.Separator;
        }

        if (IsUnspacedScript(value)) return CharKind.Unspaced;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                => CharKind.Word,
            _ => CharKind.Separator,
        };
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static Rune ReadRune(ReadOnlySpan<char> span, int index, out int width)
    {
        var c = span[index];
        if (c < 0xD800 || c > 0xDFFF)
        {
            width = 1;
            return new Rune(c);
        }

        if (Rune.DecodeFromUtf16(span[index..], out var rune, out width) == OperationStatus.Done) return rune;
        width = 1;
        return Rune.ReplacementChar;
    }
}
