namespace CorpusForge.Core.Tokens;

/// <summary>Order in which a <see cref="TokenWindowSampler"/> visits the windows of an epoch.</summary>
public enum WindowOrder
{
    /// <summary>Window k starts at token k × stride, epoch after epoch.</summary>
    Sequential,

    /// <summary>Every epoch visits each window once, in an order shuffled from the seed and the epoch number.</summary>
    Random,
}

/// <summary>Draws fixed-length training windows from a <see cref="TokenShardReader"/>. The n-th window drawn is a pure
/// function of (seed, order, window length, n), so a trainer resumes exactly by restoring <see cref="Position"/>.</summary>
/// <remarks>A window holds <c>WindowTokens</c> tokens (context plus the one extra target token); consecutive slots
/// start <c>WindowTokens − 1</c> tokens apart, so every token is a target exactly once per epoch. The shuffle is a
/// Fisher–Yates permutation driven by SplitMix64, independent of the .NET runtime's <see cref="System.Random"/>.</remarks>
public sealed class TokenWindowSampler
{
    private readonly TokenShardReader _reader;
    private readonly ulong _seed;
    private long _permutationEpoch = -1;
    private int[]? _permutation;

    /// <summary>Creates a sampler positioned at window <paramref name="position"/> (0 for a fresh run).</summary>
    public TokenWindowSampler(TokenShardReader reader, int windowTokens, WindowOrder order, ulong seed = 0, long position = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowTokens, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        _reader = reader;
        WindowTokens = windowTokens;
        Order = order;
        _seed = seed;
        Position = position;
        WindowsPerEpoch = (reader.TokenCount - 1) / Stride;
        if (WindowsPerEpoch < 1)
            throw new ArgumentException($"The split has {reader.TokenCount} tokens, fewer than one window of {windowTokens}.", nameof(windowTokens));
        if (order == WindowOrder.Random && WindowsPerEpoch > int.MaxValue)
            throw new ArgumentException($"Random order supports at most {int.MaxValue} windows per epoch; use a longer window.", nameof(windowTokens));
    }

    /// <summary>Tokens per window (context length + 1).</summary>
    public int WindowTokens { get; }

    /// <summary>Distance between consecutive window starts.</summary>
    public int Stride => WindowTokens - 1;

    /// <summary>Visiting order.</summary>
    public WindowOrder Order { get; }

    /// <summary>Windows in one pass over the split.</summary>
    public long WindowsPerEpoch { get; }

    /// <summary>Windows drawn so far: save it with a checkpoint and pass it back to resume.</summary>
    public long Position { get; set; }

    /// <summary>The epoch the next window belongs to.</summary>
    public long Epoch => Position / WindowsPerEpoch;

    /// <summary>Token position where the <paramref name="window"/>-th drawn window starts.</summary>
    public long StartOf(long window)
    {
        var epoch = window / WindowsPerEpoch;
        var slot = window % WindowsPerEpoch;
        if (Order == WindowOrder.Random) slot = PermutationFor(epoch)[slot];
        return slot * Stride;
    }

    /// <summary>Fills <paramref name="window"/> (exactly <see cref="WindowTokens"/> long) with the next window and
    /// advances; returns its start position in the split.</summary>
    public long Next(Span<int> window)
    {
        if (window.Length != WindowTokens) throw new ArgumentException($"The window buffer must hold {WindowTokens} tokens.", nameof(window));
        var start = StartOf(Position);
        _reader.Copy(start, window);
        Position++;
        return start;
    }

    /// <summary>As <see cref="Next(Span{int})"/>, into int64 values.</summary>
    public long Next(Span<long> window)
    {
        if (window.Length != WindowTokens) throw new ArgumentException($"The window buffer must hold {WindowTokens} tokens.", nameof(window));
        var start = StartOf(Position);
        _reader.Copy(start, window);
        Position++;
        return start;
    }

    private int[] PermutationFor(long epoch)
    {
        if (_permutation is not null && _permutationEpoch == epoch) return _permutation;
        var permutation = SplitMix64.EpochPermutation(checked((int)WindowsPerEpoch), _seed, epoch);
        _permutation = permutation;
        _permutationEpoch = epoch;
        return permutation;
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fixed pseudo-random generator whose output never
/// changes with the runtime, for shuffles that must be reproducible forever.</summary>
public static class SplitMix64
{
    /// <summary>The SplitMix64 finaliser: a strong 64-bit mix of <paramref name="z"/>.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Advances <paramref name="state"/> and returns the next value.</summary>
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>A value in [0, <paramref name="bound"/>) by multiply-shift (Lemire), bias below 2^-32 for bounds under 2^32.</summary>
    public static ulong Below(ref ulong state, ulong bound) => (ulong)(((UInt128)Next(ref state) * bound) >> 64);

    /// <summary>The seeded permutation of 0..<paramref name="count"/>-1 for one epoch (Fisher–Yates): the order in
    /// which training windows or fine-tuning examples are drawn. Depends only on seed and epoch, so a resumed run
    /// draws the same order.</summary>
    public static int[] EpochPermutation(int count, ulong seed, long epoch)
    {
        var permutation = new int[count];
        for (var i = 0; i < permutation.Length; i++) permutation[i] = i;
        var state = Mix(seed ^ Mix((ulong)epoch + 0x9E3779B97F4A7C15UL));
        for (var i = permutation.Length - 1; i > 0; i--)
        {
            var j = (int)Below(ref state, (ulong)i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }

        return permutation;
    }
}
