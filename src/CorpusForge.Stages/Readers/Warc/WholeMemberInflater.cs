using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>What one <see cref="WholeMemberInflater.Inflate"/> call found.</summary>
internal enum WholeMemberStatus
{
    /// <summary>The member inflated whole; its CRC-32 and length trailer matched.</summary>
    Ok,

    /// <summary>Not a member libdeflate accepts within the bytes given (damaged, or longer than the input).</summary>
    Rejected,

    /// <summary>The member inflates to more than the output room.</summary>
    OutputTooSmall,
}

/// <summary>Inflates one whole gzip member in a single call with libdeflate, when the system has it
/// (<c>libdeflate.so.0</c>; Debian installs it with libtiff): 11–17 % less CPU for inflation than zlib-ng's
/// streaming inflate on crawled HTML here (bench warc). Without it, <see cref="Available"/> is false and every member goes
/// through <see cref="GzipInflater"/>, with the same output.</summary>
/// <remarks>
/// Both the sequential member stream and the prefetch workers decide a member the same way, so that what they yield
/// never depends on the number of threads: libdeflate decides a member when its header has no header CRC (libdeflate
/// skips that CRC, zlib checks it), its compressed bytes fit in <see cref="MaxInputBytes"/> and it inflates to at most
/// <see cref="GzipMemberPrefetcher.MaxMemberBytes"/>; zlib decides every other member, and every member libdeflate
/// rejects (which also gives the error messages). The workers accept only members libdeflate inflated (smaller than
/// both limits), which the sequential path would also have handed to libdeflate.
/// libdeflate checks the CRC-32 and length trailer, stops at the member's end and says how many bytes the member took
/// (<c>libdeflate_gzip_decompress_ex</c>, libdeflate 1.0+).
/// </remarks>
internal sealed unsafe class WholeMemberInflater : IDisposable
{
    /// <summary>Largest compressed member libdeflate is given; members that do not fit are zlib's. At least the most a
    /// prefetch worker reads from a member's start (two segments), so every member a worker accepts qualifies here.</summary>
    public const int MaxInputBytes = 2 * GzipMemberPrefetcher.SegmentBytes;

    private const int Success = 0;
    private const int InsufficientSpace = 3;

    private static readonly delegate* unmanaged<nint> AllocDecompressor;
    private static readonly delegate* unmanaged<nint, void> FreeDecompressor;
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint*, nuint*, int> GzipDecompressEx;
    private static readonly bool Loaded;

    private nint _decompressor;

    static WholeMemberInflater()
    {
        if (Environment.GetEnvironmentVariable("CORPUSFORGE_NO_LIBDEFLATE") == "1") return;
        if (!NativeLibrary.TryLoad("libdeflate.so.0", out var library) && !NativeLibrary.TryLoad("libdeflate", out library)) return;
        if (!NativeLibrary.TryGetExport(library, "libdeflate_alloc_decompressor", out var alloc) ||
            !NativeLibrary.TryGetExport(library, "libdeflate_free_decompressor", out var free) ||
            !NativeLibrary.TryGetExport(library, "libdeflate_gzip_decompress_ex", out var gzip)) return;
        AllocDecompressor = (delegate* unmanaged<nint>)alloc;
        FreeDecompressor = (delegate* unmanaged<nint, void>)free;
        GzipDecompressEx = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint*, nuint*, int>)gzip;
        Loaded = true;
    }

    /// <summary>Whether libdeflate could be loaded (<c>CORPUSFORGE_NO_LIBDEFLATE=1</c> turns it off).</summary>
    public static bool Available => Loaded;

    /// <summary>Whether libdeflate decides the member whose header starts <paramref name="header"/>: not when the
    /// header carries a header CRC (FHCRC), which libdeflate skips without checking.</summary>
    public static bool Decides(ReadOnlySpan<byte> header) => header.Length >= 4 && (header[3] & 0x02) == 0;

    public WholeMemberInflater()
    {
        if (!Loaded) throw new InvalidOperationException("libdeflate is not available");
        _decompressor = AllocDecompressor();
        if (_decompressor == 0) throw new OutOfMemoryException("libdeflate_alloc_decompressor failed");
    }

    /// <summary>Inflates the member at the start of <paramref name="input"/> into <paramref name="output"/>.</summary>
    public WholeMemberStatus Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        ObjectDisposedException.ThrowIf(_decompressor == 0, this);
        nuint inUsed = 0, outUsed = 0;
        int code;
        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        {
            code = GzipDecompressEx(_decompressor, inPtr, (nuint)input.Length, outPtr, (nuint)output.Length, &inUsed, &outUsed);
        }

        (consumed, produced) = code == Success ? ((int)inUsed, (int)outUsed) : (0, 0);
        return code switch
        {
            Success => WholeMemberStatus.Ok,
            InsufficientSpace => WholeMemberStatus.OutputTooSmall,
            _ => WholeMemberStatus.Rejected,
        };
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~WholeMemberInflater() => Release();

    private void Release()
    {
        if (_decompressor == 0) return;
        FreeDecompressor(_decompressor);
        _decompressor = 0;
    }
}
