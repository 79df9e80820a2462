using System.Text;
using System.Text.Unicode;

namespace CorpusForge.Stages.Readers;

/// <summary>How a reader turns a file's bytes into text.</summary>
public enum TextEncodingChoice
{
    /// <summary>Byte-order mark if present; else UTF-8 if the bytes are valid UTF-8; else Windows-1252.</summary>
    Auto,
    /// <summary>Strict UTF-8 (a BOM is skipped); invalid bytes make the file a bad record.</summary>
    Utf8,
    /// <summary>ISO-8859-1: every byte is the code point of the same value.</summary>
    Latin1,
    /// <summary>Windows-1252: Latin-1 with typographic characters in 0x80–0x9F.</summary>
    Windows1252,
}

/// <summary>The result of decoding: the text and the name of the encoding used, or why it failed.</summary>
public readonly record struct DecodedText(string? Text, string Encoding, string? Error);

/// <summary>Decodes whole files for the book, code and transcript readers, recording which encoding was used.</summary>
/// <remarks>Older plain-text books (Project Gutenberg's 8-bit files among them) are Latin-1 or Windows-1252;
/// valid UTF-8 is very unlikely to arise by chance from such bytes, so strict UTF-8 first and Windows-1252 as the
/// fallback tells them apart. Windows-1252 is decoded from its published table (WHATWG Encoding Standard, index
/// windows-1252) so that no process-wide code-page provider has to be registered.</remarks>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Code points for bytes 0x80..0x9F in Windows-1252; unassigned bytes keep their C1 value as WHATWG specifies.
    private static readonly char[] Windows1252High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    /// <summary>Decodes <paramref name="bytes"/> with <paramref name="choice"/>.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, TextEncodingChoice choice)
    {
        if (choice is TextEncodingChoice.Auto or TextEncodingChoice.Utf8)
        {
            if (bytes is [0xEF, 0xBB, 0xBF, ..]) return DecodeUtf8(bytes[3..], "utf-8");
            if (choice == TextEncodingChoice.Auto)
            {
                // UTF-32 byte-order marks first: the little-endian one starts with the UTF-16LE mark.
                if (bytes is [0xFF, 0xFE, 0x00, 0x00, ..])
                    return new DecodedText(new UTF32Encoding(false, false).GetString(bytes[4..]), "utf-32le", null);
                if (bytes is [0x00, 0x00, 0xFE, 0xFF, ..])
                    return new DecodedText(new UTF32Encoding(true, false).GetString(bytes[4..]), "utf-32be", null);
                if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
                    return new DecodedText(Encoding.Unicode.GetString(bytes[2..]), "utf-16le", null);
                if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
                    return new DecodedText(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be", null);
                if (Utf8.IsValid(bytes)) return new DecodedText(Encoding.UTF8.GetString(bytes), "utf-8", null);
                return new DecodedText(DecodeWindows1252(bytes), "windows-1252", null);
            }

            return DecodeUtf8(bytes, "utf-8");
        }

        return choice == TextEncodingChoice.Latin1
            ? new DecodedText(Encoding.Latin1.GetString(bytes), "iso-8859-1", null)
            : new DecodedText(DecodeWindows1252(bytes), "windows-1252", null);
    }

    /// <summary>Offset of the first byte that is not part of a valid UTF-8 sequence, or -1 when all are valid.</summary>
    public static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }

        return -1;
    }

    private static DecodedText DecodeUtf8(ReadOnlySpan<byte> bytes, string name)
    {
        if (Utf8.IsValid(bytes)) return new DecodedText(StrictUtf8.GetString(bytes), name, null);
        return new DecodedText(null, name, $"invalid UTF-8 at byte {FirstInvalidUtf8(bytes)}");
    }

    private static string DecodeWindows1252(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var b = source[i];
                chars[i] = b is >= 0x80 and <= 0x9F ? Windows1252High[b - 0x80] : (char)b;
            }
        });
}
