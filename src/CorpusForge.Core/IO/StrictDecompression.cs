using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace CorpusForge.Core.IO;

/// <summary>Makes .NET's gzip/deflate decoder report truncated input instead of ending quietly.</summary>
/// <remarks>
/// By default <see cref="GZipStream"/> returns end-of-stream when a file is cut short, which would silently lose
/// the rest of a shard. The runtime switch <c>System.IO.Compression.UseStrictValidation</c> turns that into an
/// <see cref="InvalidDataException"/> ("Found truncated data while decoding"), but <see cref="DeflateStream"/> reads
/// the switch once per process, the first time a stream reaches its end. So it is set when this assembly loads, and
/// applications should also set it in their runtime configuration (<c>RuntimeHostConfigurationOption</c>).
/// <see cref="Compression"/> checks that it took effect before opening any gzip input, and refuses to read otherwise.
/// </remarks>
internal static class StrictDecompression
{
    private const string Switch = "System.IO.Compression.UseStrictValidation";

    private static readonly Lazy<bool> Effective = new(Probe);

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The switch must be set before any DeflateStream in the process reaches end of stream.")]
    internal static void Enable() => AppContext.SetSwitch(Switch, true);

    /// <summary>Throws when truncated gzip input would go unnoticed in this process.</summary>
    public static void EnsureEffective()
    {
        Enable();
        if (!Effective.Value)
        {
            throw new InvalidOperationException(
                $"truncated gzip inputs cannot be detected in this process: a gzip stream was read before the runtime switch {Switch} " +
                "was set. Set it in the application's runtime configuration (RuntimeHostConfigurationOption).");
        }
    }

    /// <summary>Decompresses a deliberately truncated stream: strict validation is in effect when that throws.</summary>
    private static bool Probe()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var i = 0; i < 4096; i++) gzip.WriteByte((byte)(i * 7919 >> 3));
        }

        var truncated = compressed.ToArray()[..(int)(compressed.Length / 2)];
        try
        {
            using var reader = new GZipStream(new MemoryStream(truncated), CompressionMode.Decompress);
            reader.CopyTo(Stream.Null);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }
}
