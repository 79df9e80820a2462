using CorpusForge.Training.Native;
using TorchSharp;

namespace CorpusForge.Training.Tests;

public sealed class TorchNativeLoaderTests
{
    [Fact]
    public void FixIsAppliedExactlyWhereTheHostLacksTheVersion()
    {
        var mode = TorchNativeLoader.EnsureLoaded();
        Assert.Equal(TorchNativeLoader.HostProvidesMissingVersion() ? TorchNativeMode.NotNeeded : TorchNativeMode.Patched, mode);

        // Whatever was needed, torch now works in this process.
        using var sum = torch.arange(1, 5, dtype: torch.float32).sum();
        Assert.Equal(10f, sum.item<float>());
    }

    [Fact]
    public void PatchedCopyDiffersOnlyInTheWeakFlagOfThatOneVersion()
    {
        var original = TorchNativeLoader.FindOriginalLibrary();
        Assert.NotNull(original);
        var cache = Directory.CreateTempSubdirectory("cf-native-").FullName;
        try
        {
            var patched = TorchNativeLoader.PreparePatchedCopy(original, cache);
            var before = File.ReadAllBytes(original);
            var after = File.ReadAllBytes(patched);
            Assert.Equal(before.Length, after.Length);

            var needsBefore = ElfVersionPatcher.ReadVersionNeeds(before);
            var needsAfter = ElfVersionPatcher.ReadVersionNeeds(after);
            var target = Assert.Single(needsAfter, n => n.Version == TorchNativeLoader.MissingVersion);
            Assert.Equal("libstdc++.so.6", target.File);
            Assert.Equal(ElfVersionPatcher.VerFlagWeak, target.Flags & ElfVersionPatcher.VerFlagWeak);
            Assert.Equal(needsBefore.Where(n => n.Version != TorchNativeLoader.MissingVersion), needsAfter.Where(n => n.Version != TorchNativeLoader.MissingVersion));

            var differing = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.Equal([target.FlagsOffset], differing);

            // A second call reuses the cached copy instead of writing another one.
            Assert.Equal(patched, TorchNativeLoader.PreparePatchedCopy(original, cache));
            Assert.Single(Directory.GetFiles(cache, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void NeededLibrariesAreReadFromTheDynamicSection()
    {
        var needed = ElfVersionPatcher.ReadNeededLibraries(File.ReadAllBytes(TorchNativeLoader.FindOriginalLibrary()!));
        Assert.Contains("libtorch.so", needed);
        Assert.Contains("libstdc++.so.6", needed);
    }

    [Fact]
    public void NonElfInputIsRejectedWithAReason()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.ReadVersionNeeds("not an elf file at all, just some text that is long enough to pass the size check"u8.ToArray()));
        Assert.Contains("not an ELF file", error.Message);
    }
}

public sealed class GlibcAllocatorTests
{
    [Fact]
    public void MmapThresholdIsAppliedOnGlibcUnlessTheUserSetIt()
    {
        var userSet = Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null;
        Assert.Equal(OperatingSystem.IsLinux() && !userSet, GlibcAllocator.LimitMmapThreshold());
    }
}
