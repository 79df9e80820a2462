using System.Runtime.InteropServices;

namespace CorpusForge.Stages.Readers.Warc;

/// <summary>What one <see cref="GzipInflater.Inflate"/> call reached.</summary>
internal enum InflateStatus
{
    /// <summary>Progress was made; more input or more output room is needed to go on.</summary>
    More,

    /// <summary>The member is complete: its CRC-32 and length trailer matched the inflated data.</summary>
    End,

    /// <summary>The data is not a valid gzip member (bad header, bad deflate data, CRC-32 or length mismatch).</summary>
    Error,
}

/// <summary>Inflates one gzip member (RFC 1952) at a time with zlib, reporting exactly how many compressed bytes the
/// member took, and checking its CRC-32 and length trailer.</summary>
/// <remarks>
/// <see cref="System.IO.Compression.DeflateStream"/> in .NET 10 neither says where a compressed stream ended (it
/// buffers past it) nor checks a gzip trailer for a raw deflate stream, so a reader of concatenated members had to
/// guess the member's end from its length field. zlib's own gzip mode (window bits 15 + 16) parses the header,
/// inflates, verifies CRC-32 and ISIZE, stops at the end of the member and leaves the rest of the input unconsumed,
/// which makes a member's extent a pure function of the bytes from its first byte on — the property the parallel
/// reader relies on (a member inflated speculatively on another thread is exactly what the sequential reader would
/// have inflated). This calls the zlib that the runtime itself ships and uses for DeflateStream
/// (<c>libSystem.IO.Compression.Native</c>, zlib-ng since .NET 9) through the same exported entry points and stream
/// structure (<c>PAL_ZStream</c>) that System.IO.Compression's own interop declares.
/// </remarks>
internal sealed unsafe class GzipInflater : IDisposable
{
    private const string Library = "libSystem.IO.Compression.Native";
    private const int GzipWindowBits = 15 + 16;
    private const int NoFlush = 0;
    private const int Ok = 0;
    private const int StreamEnd = 1;
    private const int BufError = -5;

    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public IntPtr Message;
        public IntPtr InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [DllImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    private static extern int InflateInit2(ZStream* stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    private static extern int InflateReset2(ZStream* stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_Inflate")]
    private static extern int ZInflate(ZStream* stream, int flush);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    private static extern int InflateEnd(ZStream* stream);

    // Native memory, so that zlib's pointer to the structure stays valid whatever the GC moves.
    private ZStream* _stream;
    private bool _fresh = true;

    public GzipInflater()
    {
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        var code = InflateInit2(_stream, GzipWindowBits);
        if (code != Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib inflateInit2 failed with code {code}");
        }
    }

    /// <summary>Starts a new member.</summary>
    public void Reset()
    {
        if (_fresh) return;
        ObjectDisposedException.ThrowIf(_stream is null, this);
        var code = InflateReset2(_stream, GzipWindowBits);
        if (code != Ok) throw new InvalidOperationException($"zlib inflateReset2 failed with code {code}");
        _fresh = true;
    }

    /// <summary>Why the last call returned <see cref="InflateStatus.Error"/>.</summary>
    public string LastError { get; private set; } = "";

    /// <summary>Inflates from <paramref name="input"/> into <paramref name="output"/>; <paramref name="consumed"/>
    /// input bytes were used (at <see cref="InflateStatus.End"/>, exactly the rest of the member) and
    /// <paramref name="produced"/> output bytes written.</summary>
    public InflateStatus Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        _fresh = false;
        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = outPtr;
            _stream->AvailOut = (uint)output.Length;
            var code = ZInflate(_stream, NoFlush);
            consumed = input.Length - (int)_stream->AvailIn;
            produced = output.Length - (int)_stream->AvailOut;
            var message = _stream->Message;
            _stream->NextIn = null;
            _stream->NextOut = null;
            switch (code)
            {
                case StreamEnd:
                    return InflateStatus.End;
                case Ok:
                case BufError: // no progress possible: the caller gives more input or more room
                    return InflateStatus.More;
                default:
                    LastError = message == IntPtr.Zero ? $"zlib error {code}" : Marshal.PtrToStringAnsi(message) ?? $"zlib error {code}";
                    return InflateStatus.Error;
            }
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    // zlib's state is native memory: an inflater that was never disposed still frees it.
    ~GzipInflater() => Release();

    private void Release()
    {
        if (_stream is null) return;
        InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
    }
}
