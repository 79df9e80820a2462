using K4os.Hash.xxHash;

namespace CorpusForge.Stages.Dedup;

/// <summary>Seeded xxHash64 over spans (K4os.Hash.xxHash exposes seeds only on its pointer overload).</summary>
internal static class Hashing
{
    /// <summary>xxHash64 of <paramref name="bytes"/> with <paramref name="seed"/>.</summary>
    public static unsafe ulong XxHash64(ReadOnlySpan<byte> bytes, ulong seed)
    {
        fixed (byte* p = bytes) return XXH64.DigestOf(p, bytes.Length, seed);
    }
}
