using CorpusForge.Core.Tokens;

namespace CorpusForge.Training.Finetuning;

/// <summary>The order examples are drawn in: a fresh seeded permutation per epoch (<see cref="SplitMix64.EpochPermutation"/>, the same
/// shuffle as the pretraining window sampler), or file order. The n-th draw depends only on the seed and n, so a
/// saved count resumes it exactly.</summary>
public sealed class ExampleOrder(int count, ulong seed, bool shuffle)
{
    private int[]? _permutation;
    private long _epoch = -1;

    /// <summary>Examples per epoch.</summary>
    public int Count { get; } = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), "no examples");

    /// <summary>Index of the example drawn <paramref name="position"/>-th.</summary>
    public int At(long position)
    {
        var epoch = position / Count;
        var slot = (int)(position % Count);
        if (!shuffle) return slot;
        if (_permutation is null || _epoch != epoch)
        {
            _permutation = SplitMix64.EpochPermutation(Count, seed, epoch);
            _epoch = epoch;
        }

        return _permutation[slot];
    }
}
