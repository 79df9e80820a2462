using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CorpusForge.Core.IO;

namespace CorpusForge.Training.Native;

/// <summary>What <see cref="TorchNativeLoader.EnsureLoaded"/> did.</summary>
public enum TorchNativeMode
{
    /// <summary>The host's libstdc++ has everything; TorchSharp loads its own library unchanged.</summary>
    NotNeeded,

    /// <summary>A copy of libLibTorchSharp.so with the GLIBCXX_3.4.32 requirement marked weak was loaded.</summary>
    Patched,

    /// <summary>The fix was needed but TorchSharp's native library was not found next to the application; TorchSharp
    /// will report its own load error.</summary>
    LibraryNotFound,
}

/// <summary>Makes TorchSharp's native library load on hosts whose libstdc++ predates GCC 13 (Debian 12 ships
/// GLIBCXX_3.4.30). TorchSharp 0.107's libLibTorchSharp.so requires GLIBCXX_3.4.32 only for
/// <c>std::ios_base_library_init</c>, a marker symbol GCC 13's &lt;iostream&gt; references without any relocation,
/// so marking that one requirement weak lets glibc load the library with nothing missing at run time. The copy is
/// made once into a cache folder (keyed by the original's hash), never in place, and only where the host lacks the
/// version; newer systems load the library untouched.</summary>
public static class TorchNativeLoader
{
    /// <summary>The version libLibTorchSharp.so requires that Debian 12's libstdc++ lacks.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private const string ProbeSymbol = "_ZSt21ios_base_library_initv";
    private const string LibraryName = "LibTorchSharp";
    private const string LibraryFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static TorchNativeMode? _mode;

    /// <summary>Where the patched copy was loaded from, when <see cref="TorchNativeMode.Patched"/>.</summary>
    public static string? PatchedPath { get; private set; }

    /// <summary>Applies the fix if this host needs it; call before the first use of TorchSharp. Idempotent.</summary>
    public static TorchNativeMode EnsureLoaded()
    {
        lock (Gate)
        {
            _mode ??= Load();
            return _mode.Value;
        }
    }

    /// <summary>True when the libstdc++ this process uses defines <see cref="MissingVersion"/>.</summary>
    public static bool HostProvidesMissingVersion()
    {
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out var libstdcxx)) return false;
        return DynamicLinker.VersionedSymbol(libstdcxx, ProbeSymbol, MissingVersion) != IntPtr.Zero;
    }

    /// <summary>Finds TorchSharp's native library as the build laid it out (portable or RID-specific output).</summary>
    public static string? FindOriginalLibrary()
    {
        var roots = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? "" };
        foreach (var root in roots.Where(r => r.Length > 0).Distinct())
        {
            foreach (var candidate in new[] { Path.Combine(root, "runtimes", "linux-x64", "native", LibraryFile), Path.Combine(root, LibraryFile) })
            {
                if (File.Exists(candidate)) return candidate;
            }
        }

        return null;
    }

    /// <summary>Returns the path of a copy of <paramref name="original"/> whose <see cref="MissingVersion"/>
    /// requirement is weak, writing it atomically under <paramref name="cacheRoot"/> if not there yet.</summary>
    public static string PreparePatchedCopy(string original, string cacheRoot)
    {
        var bytes = File.ReadAllBytes(original);
        var key = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var target = Path.Combine(cacheRoot, key, LibraryFile);
        if (File.Exists(target)) return target;
        if (ElfVersionPatcher.MarkVersionWeak(bytes, MissingVersion) == 0)
            throw new InvalidDataException($"{original}: no '{MissingVersion}' requirement to mark weak; this TorchSharp build needs a different fix.");
        using var file = AtomicFile.Create(target);
        file.Stream.Write(bytes);
        file.Commit();
        return target;
    }

    /// <summary>The per-user cache folder for patched native libraries.</summary>
    public static string DefaultCacheRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            cache = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
        }

        return Path.Combine(cache, "corpusforge", "torch-native");
    }

    /// <summary>Environment variable naming a folder of libtorch libraries to use instead of the packaged ones (for
    /// example a CUDA PyTorch installation's <c>torch/lib</c>, as scripts/gpu-check.sh does); its libtorch must be the
    /// version TorchSharp was built for.</summary>
    public const string LibtorchDirVariable = "CORPUSFORGE_LIBTORCH_DIR";

    private static TorchNativeMode Load()
    {
        if (!OperatingSystem.IsLinux()) return TorchNativeMode.NotNeeded;
        var external = Environment.GetEnvironmentVariable(LibtorchDirVariable);
        if (!string.IsNullOrEmpty(external)) PreloadLibtorch(external);
        if (HostProvidesMissingVersion()) return TorchNativeMode.NotNeeded;
        var original = FindOriginalLibrary();
        if (original is null) return TorchNativeMode.LibraryNotFound;
        var patched = PreparePatchedCopy(original, DefaultCacheRoot());

        // The copy lives elsewhere, so its $ORIGIN run path no longer finds libtorch*.so: load those first from the
        // original folder (unless an external libtorch is already loaded); glibc then satisfies the copy's
        // DT_NEEDED entries by soname.
        if (string.IsNullOrEmpty(external))
        {
            var folder = Path.GetDirectoryName(original)!;
            foreach (var needed in ElfVersionPatcher.ReadNeededLibraries(File.ReadAllBytes(patched)))
            {
                var beside = Path.Combine(folder, needed);
                if (File.Exists(beside)) NativeLibrary.Load(beside);
            }
        }

        var handle = NativeLibrary.Load(patched);
        NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);
        PatchedPath = patched;
        return TorchNativeMode.Patched;
    }

    // Dependency order; glibc then resolves libLibTorchSharp.so's DT_NEEDED entries to these by soname.
    private static void PreloadLibtorch(string folder)
    {
        foreach (var name in new[] { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so" })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) NativeLibrary.Load(path);
        }
    }

    private static class DynamicLinker
    {
        [DllImport("libc.so.6", EntryPoint = "dlvsym")]
        private static extern IntPtr DlvsymLibc(IntPtr handle, [MarshalAs(UnmanagedType.LPStr)] string symbol, [MarshalAs(UnmanagedType.LPStr)] string version);

        [DllImport("libdl.so.2", EntryPoint = "dlvsym")]
        private static extern IntPtr DlvsymLibdl(IntPtr handle, [MarshalAs(UnmanagedType.LPStr)] string symbol, [MarshalAs(UnmanagedType.LPStr)] string version);

        // glibc moved dlvsym from libdl into libc in 2.34; older hosts only have the libdl one.
        public static IntPtr VersionedSymbol(IntPtr handle, string symbol, string version)
        {
            try
            {
                return DlvsymLibc(handle, symbol, version);
            }
            catch (EntryPointNotFoundException)
            {
                return DlvsymLibdl(handle, symbol, version);
            }
        }
    }
}
