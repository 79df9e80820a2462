using System.Buffers.Binary;
using System.Text;

namespace CorpusForge.Training.Native;

/// <summary>Reads and edits the two parts of an ELF64 little-endian shared library the native-library fix needs: the
/// version requirements (<c>.gnu.version_r</c>) and the <c>DT_NEEDED</c> list of the dynamic section.</summary>
/// <remarks>Layouts from the System V ABI and the LSB "Symbol Versioning" chapter: a version-needed entry is
/// (vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32), each auxiliary entry is (vna_hash u32,
/// vna_flags u16, vna_other u16, vna_name u32, vna_next u32); <c>VER_FLG_WEAK</c> = 2 tells the dynamic loader
/// to warn instead of failing when the version is missing.</remarks>
public static class ElfVersionPatcher
{
    /// <summary>The flag that turns a missing version from a load failure into a warning.</summary>
    public const ushort VerFlagWeak = 2;

    private const uint SectionTypeDynamic = 6;
    private const uint SectionTypeVersionNeeded = 0x6ffffffe;
    private const long DynamicTagNeeded = 1;

    /// <summary>One version a library requires from another.</summary>
    public sealed record VersionNeed(string File, string Version, ushort Flags, int FlagsOffset);

    /// <summary>Lists every version requirement of the library in <paramref name="elf"/>.</summary>
    public static IReadOnlyList<VersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> elf)
    {
        var result = new List<VersionNeed>();
        var section = FindSection(elf, SectionTypeVersionNeeded);
        if (section is null) return result;
        var (offset, _, link, count) = section.Value;
        var strings = SectionAt(elf, link).Offset;
        var entry = offset;
        for (var i = 0; i < count; i++)
        {
            var auxCount = U16(elf, entry + 2);
            var file = CString(elf, strings + U32(elf, entry + 4));
            var aux = entry + U32(elf, entry + 8);
            for (var j = 0; j < auxCount; j++)
            {
                result.Add(new VersionNeed(file, CString(elf, strings + U32(elf, aux + 8)), U16(elf, aux + 4), (int)(aux + 4)));
                aux += U32(elf, aux + 12);
            }

            var next = U32(elf, entry + 12);
            if (next == 0) break;
            entry += next;
        }

        return result;
    }

    /// <summary>Lists the libraries the library in <paramref name="elf"/> names as <c>DT_NEEDED</c>, in order.</summary>
    public static IReadOnlyList<string> ReadNeededLibraries(ReadOnlySpan<byte> elf)
    {
        var result = new List<string>();
        var section = FindSection(elf, SectionTypeDynamic);
        if (section is null) return result;
        var (offset, size, link, _) = section.Value;
        var strings = SectionAt(elf, link).Offset;
        for (var at = offset; at + 16 <= offset + size; at += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(elf[(int)at..]);
            if (tag == 0) break;
            if (tag == DynamicTagNeeded) result.Add(CString(elf, strings + (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)(at + 8)..])));
        }

        return result;
    }

    /// <summary>Sets <see cref="VerFlagWeak"/> on every requirement of <paramref name="version"/>; returns how many
    /// entries it changed (0 when the library does not require that version or already marks it weak).</summary>
    public static int MarkVersionWeak(Span<byte> elf, string version)
    {
        var changed = 0;
        foreach (var need in ReadVersionNeeds(elf))
        {
            if (need.Version != version || (need.Flags & VerFlagWeak) != 0) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf[need.FlagsOffset..], (ushort)(need.Flags | VerFlagWeak));
            changed++;
        }

        return changed;
    }

    private static (long Offset, long Size, uint Link, uint Info)? FindSection(ReadOnlySpan<byte> elf, uint type)
    {
        CheckHeader(elf);
        var count = U16(elf, 0x3C);
        for (uint i = 0; i < count; i++)
        {
            var header = SectionHeader(elf, i);
            if (U32(elf, header + 4) == type) return SectionAt(elf, i);
        }

        return null;
    }

    private static (long Offset, long Size, uint Link, uint Info) SectionAt(ReadOnlySpan<byte> elf, uint index)
    {
        if (index >= U16(elf, 0x3C)) throw new InvalidDataException($"ELF section index {index} is out of range.");
        var header = SectionHeader(elf, index);
        var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)(header + 0x18)..]);
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)(header + 0x20)..]);
        if (offset < 0 || size < 0 || offset + size > elf.Length) throw new InvalidDataException($"ELF section {index} lies outside the file.");
        return (offset, size, U32(elf, header + 0x28), U32(elf, header + 0x2C));
    }

    private static long SectionHeader(ReadOnlySpan<byte> elf, uint index)
    {
        var table = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]);
        var entrySize = U16(elf, 0x3A);
        var at = table + index * (long)entrySize;
        if (entrySize < 64 || at + entrySize > elf.Length) throw new InvalidDataException("ELF section header table lies outside the file.");
        return at;
    }

    private static void CheckHeader(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file (bad magic).");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF files are supported.");
    }

    private static ushort U16(ReadOnlySpan<byte> elf, long at) => BinaryPrimitives.ReadUInt16LittleEndian(elf[(int)at..]);

    private static uint U32(ReadOnlySpan<byte> elf, long at) => BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)at..]);

    private static string CString(ReadOnlySpan<byte> elf, long at)
    {
        var rest = elf[(int)at..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException("unterminated string in ELF string table.");
        return Encoding.ASCII.GetString(rest[..end]);
    }
}
