using System.IO.Compression;
using ZstdSharp;

namespace CorpusForge.Core.IO;

/// <summary>Compression codecs for inputs and outputs, chosen from the file name.</summary>
public enum CompressionKind
{
    /// <summary>Plain bytes.</summary>
    None,
    /// <summary>gzip (<c>.gz</c>); multi-member files are read whole.</summary>
    Gzip,
    /// <summary>Zstandard (<c>.zst</c>).</summary>
    Zstd,
}

/// <summary>Opens files through the codec their extension names.</summary>
public static class Compression
{
    private const int BufferSize = 1 << 16;

    /// <summary>The codec of a file name (<c>.gz</c>, <c>.zst</c>, else none).</summary>
    public static CompressionKind FromPath(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? CompressionKind.Gzip
        : path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zstd", StringComparison.OrdinalIgnoreCase) ? CompressionKind.Zstd
        : CompressionKind.None;

    /// <summary>The file extension of a codec, including the dot ("" for none).</summary>
    public static string Extension(CompressionKind kind) => kind switch
    {
        CompressionKind.Gzip => ".gz",
        CompressionKind.Zstd => ".zst",
        _ => "",
    };

    /// <summary>Opens a file for reading, decompressing by extension.</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return WrapRead(file, FromPath(path));
    }

    /// <summary>Wraps a stream in a decompressor.</summary>
    public static Stream WrapRead(Stream stream, CompressionKind kind) => kind switch
    {
        CompressionKind.Gzip => StrictGzip(stream),
        CompressionKind.Zstd => new DecompressionStream(stream, BufferSize, checkEndOfStream: true, leaveOpen: false),
        _ => stream,
    };

    private static GZipStream StrictGzip(Stream stream)
    {
        // Without strict validation a truncated gzip file ends quietly and the rest of the shard is lost unseen.
        StrictDecompression.EnsureEffective();
        return new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false);
    }

    /// <summary>Wraps a stream in a compressor; <paramref name="level"/> is codec-specific (0 = the codec's fast default).</summary>
    public static Stream WrapWrite(Stream stream, CompressionKind kind, int level = 0, bool leaveOpen = false) => kind switch
    {
        CompressionKind.Gzip => new GZipStream(stream, level switch
        {
            <= 0 => CompressionLevel.Fastest,
            >= 9 => CompressionLevel.SmallestSize,
            _ => CompressionLevel.Optimal,
        }, leaveOpen),
        CompressionKind.Zstd => new CompressionStream(stream, level <= 0 ? 3 : level, BufferSize, leaveOpen),
        _ => stream,
    };

    /// <summary>True for exceptions that mean "the compressed data is truncated or corrupt".</summary>
    public static bool IsCorruption(Exception e) =>
        e is InvalidDataException or EndOfStreamException or ZstdException ||
        (e is IOException && e.Message.Contains("unexpected end", StringComparison.OrdinalIgnoreCase));
}
