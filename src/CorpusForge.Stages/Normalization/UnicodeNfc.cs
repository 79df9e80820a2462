using System.Runtime.InteropServices;
using System.Text;

namespace CorpusForge.Stages.Normalization;

/// <summary>Unicode NFC normalisation that works whether or not the process runs in .NET's invariant globalization
/// mode (in which <see cref="string.Normalize()"/> returns its input unchanged).</summary>
/// <remarks>
/// When the runtime normalises, it is used. Otherwise ICU's C API (<c>unorm2_*</c>, the same library .NET itself
/// loads outside invariant mode) is loaded directly: Linux distributions ship it as <c>libicuuc.so.NN</c> with
/// version-suffixed symbols, Windows 10+ as <c>icu.dll</c>, macOS as <c>libicucore</c>. The normaliser instance ICU
/// returns is immutable and safe to share between threads.
/// </remarks>
internal static unsafe class UnicodeNfc
{
    private static readonly Lazy<Backend?> Loaded = new(Load);

    private sealed class Backend
    {
        public required string Name { get; init; }
        public required IntPtr Normalizer { get; init; }
        public required delegate* unmanaged<IntPtr, char*, int, char*, int, int*, int> Normalize { get; init; }
        public required delegate* unmanaged<IntPtr, char*, int, int*, int> SpanQuickCheckYes { get; init; }
    }

    /// <summary>Where normalisation comes from (for messages); null when none is available.</summary>
    public static string? Implementation => Loaded.Value?.Name;

    /// <summary>Throws with an explanation when no normaliser is available on this machine.</summary>
    public static void EnsureAvailable()
    {
        if (Loaded.Value is null)
        {
            throw new InvalidOperationException(
                "Unicode NFC normalisation is unavailable: the runtime is in invariant globalization mode and no ICU library " +
                "(libicuuc.so.NN, icu.dll or libicucore) could be loaded. Install ICU (Debian: libicu72) or set nfc: false.");
        }
    }

    /// <summary>The NFC form of <paramref name="text"/> (the same instance when it is already NFC).</summary>
    public static string Normalize(string text)
    {
        var backend = Loaded.Value ?? throw new InvalidOperationException("Unicode NFC normalisation is unavailable.");
        if (backend.Normalizer == IntPtr.Zero) return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

        fixed (char* source = text)
        {
            var error = 0;
            var normalizedPrefix = backend.SpanQuickCheckYes(backend.Normalizer, source, text.Length, &error);
            if (error <= 0 && normalizedPrefix == text.Length) return text;

            // NFC can grow a string (a few singletons decompose and do not recompose); ICU reports the size needed.
            var capacity = text.Length + 16;
            while (true)
            {
                var buffer = new char[capacity];
                error = 0;
                int length;
                fixed (char* destination = buffer)
                    length = backend.Normalize(backend.Normalizer, source, text.Length, destination, capacity, &error);
                if (error == BufferOverflowError)
                {
                    capacity = length;
                    continue;
                }

                if (error > 0) throw new InvalidOperationException($"ICU unorm2_normalize failed with error {error}.");
                return new string(buffer, 0, length);
            }
        }
    }

    private const int BufferOverflowError = 15; // U_BUFFER_OVERFLOW_ERROR

    private static Backend? Load()
    {
        if ("e\u0301".Normalize(NormalizationForm.FormC) == "\u00e9")
        {
            return new Backend { Name = ".NET", Normalizer = IntPtr.Zero, Normalize = null, SpanQuickCheckYes = null };
        }

        foreach (var (library, suffix) in Candidates())
        {
            if (!NativeLibrary.TryLoad(library, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "unorm2_getNFCInstance" + suffix, out var getInstance)
                || !NativeLibrary.TryGetExport(handle, "unorm2_normalize" + suffix, out var normalize)
                || !NativeLibrary.TryGetExport(handle, "unorm2_spanQuickCheckYes" + suffix, out var quickCheck))
            {
                NativeLibrary.Free(handle);
                continue;
            }

            var error = 0;
            var instance = ((delegate* unmanaged<int*, IntPtr>)getInstance)(&error);
            if (error > 0 || instance == IntPtr.Zero) continue;
            return new Backend
            {
                Name = $"ICU ({library})",
                Normalizer = instance,
                Normalize = (delegate* unmanaged<IntPtr, char*, int, char*, int, int*, int>)normalize,
                SpanQuickCheckYes = (delegate* unmanaged<IntPtr, char*, int, int*, int>)quickCheck,
            };
        }

        return null;
    }

    private static IEnumerable<(string Library, string Suffix)> Candidates()
    {
        if (OperatingSystem.IsWindows())
        {
            yield return ("icu.dll", "");
            yield break;
        }

        if (OperatingSystem.IsMacOS())
        {
            yield return ("/usr/lib/libicucore.dylib", "");
            yield break;
        }

        // Distribution builds rename every symbol with the major version (unorm2_normalize_72).
        for (var version = 90; version >= 50; version--)
        {
            yield return ($"libicuuc.so.{version}", $"_{version}");
            yield return ($"libicuuc.so.{version}", "");
        }
    }
}
