using CorpusForge.Training.Native;

namespace CorpusForge.Training.Tests;

/// <summary>Loads libtorch for a test and keeps it to one thread: test assemblies run side by side on CI's two cores,
/// and libtorch's OpenMP threads spin badly on an oversubscribed machine.</summary>
internal static class TestTorch
{
    public static void Init()
    {
        TorchNativeLoader.EnsureLoaded();
        TorchSharp.torch.set_num_threads(1);
    }
}
