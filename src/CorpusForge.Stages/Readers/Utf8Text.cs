using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CorpusForge.Stages.Readers;

/// <summary>UTF-8 decoding that keeps documents with broken bytes: each invalid sequence becomes U+FFFD and is
/// counted, so that the normaliser (not the reader) decides whether to repair or drop the document.</summary>
internal static class Utf8Text
{
    /// <summary>Metadata key under which readers record the number of invalid UTF-8 sequences they replaced.</summary>
    public const string InvalidSequencesKey = "invalid_utf8_sequences";

    private static ReadOnlySpan<byte> Replacement => [0xEF, 0xBF, 0xBD];

    /// <summary>Number of invalid sequences in <paramref name="bytes"/>, counted the way .NET's decoder replaces
    /// them (one U+FFFD per maximal invalid subsequence, the Unicode "best practice").</summary>
    public static int CountInvalid(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return 0;
        var count = 0;
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status != OperationStatus.Done) count++;
            bytes = bytes[consumed..];
        }

        return count;
    }

    /// <summary>Copies <paramref name="bytes"/> with each invalid sequence replaced by the UTF-8 bytes of U+FFFD.
    /// Called only for records that failed <see cref="Utf8.IsValid"/>, so the per-rune loop is off the fast path.</summary>
    public static byte[] Repair(ReadOnlySpan<byte> bytes, out int invalid)
    {
        invalid = 0;
        var output = new ArrayBufferWriter<byte>(bytes.Length + 16);
        while (!bytes.IsEmpty)
        {
            var valid = ValidPrefixLength(bytes);
            output.Write(bytes[..valid]);
            bytes = bytes[valid..];
            if (bytes.IsEmpty) break;
            Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            output.Write(Replacement);
            invalid++;
            bytes = bytes[consumed..];
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes to a string, replacing (and counting) invalid sequences.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out int invalid)
    {
        invalid = CountInvalid(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Strips a UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    /// <summary>A short, lossy preview of raw record bytes for quarantine files.</summary>
    public static string Preview(ReadOnlySpan<byte> bytes)
    {
        var max = Core.Stages.BadRecord.MaxPreviewChars;
        return Encoding.UTF8.GetString(bytes.Length > max ? bytes[..max] : bytes);
    }

    private static int ValidPrefixLength(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != OperationStatus.Done) return index;
            index += consumed;
        }

        return index;
    }
}
