using CorpusForge.Core.Tokens;
using TorchSharp;
using static TorchSharp.torch;

namespace CorpusForge.Training.Data;

/// <summary>Turns windows of a token split into (input, target) batches of shape (batch, context): the target is
/// the input shifted by one token. The window sequence is the sampler's, so <see cref="Position"/> alone resumes it.</summary>
public sealed class ShardBatches
{
    private readonly TokenWindowSampler _sampler;
    private readonly long[] _buffer;
    private readonly long[] _window;

    /// <summary>Draws <paramref name="batchSize"/> windows of <paramref name="context"/> + 1 tokens per batch.</summary>
    public ShardBatches(TokenShardReader reader, int batchSize, int context, WindowOrder order, ulong seed, long position = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _sampler = new TokenWindowSampler(reader, context + 1, order, seed, position);
        BatchSize = batchSize;
        Context = context;
        _buffer = new long[2 * batchSize * context];
        _window = new long[context + 1];
    }

    /// <summary>Sequences per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Tokens per sequence.</summary>
    public int Context { get; }

    /// <summary>Windows drawn so far (save it in a checkpoint).</summary>
    public long Position => _sampler.Position;

    /// <summary>Windows in one pass over the split.</summary>
    public long WindowsPerEpoch => _sampler.WindowsPerEpoch;

    /// <summary>The next batch, as int64 tensors on <paramref name="device"/>.</summary>
    public (Tensor Input, Tensor Target) Next(Device device)
    {
        var targets = BatchSize * Context;
        for (var row = 0; row < BatchSize; row++)
        {
            _sampler.Next(_window);
            _window.AsSpan(0, Context).CopyTo(_buffer.AsSpan(row * Context, Context));
            _window.AsSpan(1, Context).CopyTo(_buffer.AsSpan(targets + row * Context, Context));
        }

        var both = tensor(_buffer, [2, BatchSize, Context]);
        var onDevice = device.type == DeviceType.CPU ? both : both.to(device);
        return (onDevice[0], onDevice[1]);
    }
}
