using TorchSharp;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>A tokenized training example: ids and, per id, whether it is a target (predicted and scored).</summary>
public sealed record TokenizedExample(int[] Ids, bool[] Targets)
{
    /// <summary>Positions the model sees: one fewer than the ids (the last id is only predicted).</summary>
    public int Length => Ids.Length - 1;
}

/// <summary>One batch of fine-tuning rows: inputs, labels (<see cref="SftBatches.Ignore"/> where not scored),
/// per-token positions (restarting at 0 for each example) and the attention mask.</summary>
public sealed record SftBatch(Tensor Input, Tensor Labels, Tensor Positions, Tensor Mask, long Tokens, long Targets);

/// <summary>Batches of tokenized examples for supervised fine-tuning. With packing, examples are laid end to end in
/// rows of the context length, each with its own positions and a block-diagonal causal mask, so an example attends
/// only to itself and scores exactly as it would alone; without packing, one example per row, padded. Examples come
/// in a seeded order per epoch (or in file order); <see cref="Position"/> (examples drawn) alone resumes it.</summary>
public sealed class SftBatches
{
    /// <summary>Label of positions that are not scored (torch's default ignore index).</summary>
    public const long Ignore = -100;

    private readonly IReadOnlyList<TokenizedExample> _examples;
    private readonly ExampleOrder _order;

    /// <summary>Batches of <paramref name="batchSize"/> rows of <paramref name="context"/> positions.</summary>
    public SftBatches(IReadOnlyList<TokenizedExample> examples, int batchSize, int context, bool packing, int padId, ulong seed, bool shuffle = true, long position = 0)
    {
        if (examples.Count == 0) throw new ArgumentException("no examples", nameof(examples));
        var tooLong = examples.FirstOrDefault(e => e.Length > context || e.Length < 1);
        if (tooLong is not null) throw new ArgumentException($"an example of {tooLong.Ids.Length} tokens does not fit a context of {context}", nameof(examples));
        _examples = examples;
        BatchSize = batchSize;
        Context = context;
        Packing = packing;
        PadId = padId;
        _order = new ExampleOrder(examples.Count, seed, shuffle);
        Position = position;
    }

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Positions per row.</summary>
    public int Context { get; }

    /// <summary>Whether several examples share a row.</summary>
    public bool Packing { get; }

    /// <summary>Id written into padding (never scored, never attended to by real tokens).</summary>
    public int PadId { get; }

    /// <summary>Examples drawn so far.</summary>
    public long Position { get; private set; }

    /// <summary>The next batch on <paramref name="device"/>; <paramref name="limit"/> stops at the end of the first
    /// pass (for validation), returning null once every example has been drawn.</summary>
    public SftBatch? Next(Device device, bool limit = false)
    {
        var input = new long[BatchSize * Context];
        var labels = new long[BatchSize * Context];
        var positions = new long[BatchSize * Context];
        var segments = new long[BatchSize * Context];
        Array.Fill(input, PadId);
        Array.Fill(labels, Ignore);
        // Padding forms one segment of its own per row (id -1), so its rows of the mask are never empty.
        Array.Fill(segments, -1);
        long tokens = 0, targets = 0;
        var rowsUsed = 0;
        for (var row = 0; row < BatchSize; row++)
        {
            var used = 0;
            var segment = 0;
            while (!(limit && Position >= _examples.Count))
            {
                var example = _examples[Current()];
                if (used + example.Length > Context || (!Packing && segment > 0)) break;
                var at = row * Context + used;
                for (var i = 0; i < example.Length; i++)
                {
                    input[at + i] = example.Ids[i];
                    labels[at + i] = example.Targets[i + 1] ? example.Ids[i + 1] : Ignore;
                    positions[at + i] = i;
                    segments[at + i] = segment;
                    if (example.Targets[i + 1]) targets++;
                }

                used += example.Length;
                tokens += example.Length;
                segment++;
                Position++;
            }

            if (used == 0) break;
            rowsUsed++;
        }

        if (rowsUsed == 0) return null;
        var shape = new long[] { rowsUsed, Context };
        var count = rowsUsed * Context;
        var segmentTensor = tensor(segments[..count], shape);
        var same = segmentTensor.unsqueeze(2).eq(segmentTensor.unsqueeze(1));
        var causal = ones(Context, Context, dtype: ScalarType.Bool).tril();
        var mask = same.logical_and(causal).unsqueeze(1);
        return new SftBatch(
            tensor(input[..count], shape).to(device), tensor(labels[..count], shape).to(device),
            tensor(positions[..count], shape).to(device), mask.to(device), tokens, targets);
    }

    /// <summary>Rewinds to the first example (validation passes start here every time).</summary>
    public void Reset() => Position = 0;

    /// <summary>Continues from a saved <see cref="Position"/>.</summary>
    public void Seek(long position) => Position = position;

    private int Current() => _order.At(Position);
}
