using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Dedup;

/// <summary>What <see cref="NormalizedTextHash"/> folds away before hashing, so that copies differing only in it collide.</summary>
[Flags]
public enum NormalizationFlags
{
    /// <summary>Hash the text as it is.</summary>
    None = 0,
    /// <summary>Lower-case letters (invariant culture).</summary>
    Lowercase = 1,
    /// <summary>Collapse every run of white space to one space and trim both ends.</summary>
    CollapseWhitespace = 2,
    /// <summary>Remove punctuation and symbols.</summary>
    StripPunctuation = 4,
    /// <summary>Replace every decimal digit by 0 (dates, counters and prices stop mattering).</summary>
    NormalizeDigits = 8,
}

/// <summary>Normalises text and hashes it with xxHash64 (over the UTF-16LE code units of the normalised text).</summary>
public static class NormalizedTextHash
{
    /// <summary>Writes the normalised form of <paramref name="text"/> to <paramref name="destination"/> (at least as
    /// long as the text) and returns its length.</summary>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination, NormalizationFlags flags)
    {
        var length = 0;
        var pendingSpace = false;
        var collapse = (flags & NormalizationFlags.CollapseWhitespace) != 0;
        foreach (var original in text)
        {
            var c = original;
            if (collapse && char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if ((flags & NormalizationFlags.StripPunctuation) != 0 && IsPunctuationOrSymbol(c)) continue;
            if ((flags & NormalizationFlags.NormalizeDigits) != 0 && char.IsDigit(c)) c = '0';
            if ((flags & NormalizationFlags.Lowercase) != 0) c = char.ToLowerInvariant(c);
            if (pendingSpace)
            {
                destination[length++] = ' ';
                pendingSpace = false;
            }

            destination[length++] = c;
        }

        return length;
    }

    /// <summary>The normalised text as a string.</summary>
    public static string Normalize(string text, NormalizationFlags flags)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            return new string(buffer, 0, Normalize(text, buffer, flags));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>xxHash64 of the normalised text.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, NormalizationFlags flags, ulong seed = 0)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            var length = Normalize(text, buffer, flags);
            return Hashing.XxHash64(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)), seed);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool IsPunctuationOrSymbol(char c)
    {
        if (c < 0x80) return c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}
