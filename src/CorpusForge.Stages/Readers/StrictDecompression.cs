namespace CorpusForge.Stages.Readers;

/// <summary>Makes .NET's gzip/deflate decoder report truncated input instead of ending quietly.</summary>
/// <remarks>
/// By default <see cref="System.IO.Compression.GZipStream"/> returns end-of-stream when a file is cut short, which
/// would silently lose the rest of a shard. The runtime switch <c>System.IO.Compression.UseStrictValidation</c>
/// turns that into an <see cref="InvalidDataException"/> ("Found truncated data while decoding"). Readers enable it
/// before opening any input; applications may also set it in their runtime configuration.
/// </remarks>
internal static class StrictDecompression
{
    /// <summary>Turns the switch on for this process.</summary>
    public static void Enable() => AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);
}
