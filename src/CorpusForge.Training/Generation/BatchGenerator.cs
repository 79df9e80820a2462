using CorpusForge.Training.Model;
using static TorchSharp.torch;

namespace CorpusForge.Training.Generation;

/// <summary>What one prompt of a batch produced: the new ids (without the stop token) and whether a stop token ended it.</summary>
public sealed record Generated(int[] Tokens, bool Stopped);

/// <summary>Generates continuations for a batch of prompts at once. Prompts of different lengths are padded on the
/// left; each row has its own positions (counted from its first real token) and never attends to padding, so a row
/// produces what it would alone. With the KV cache (default) each step feeds only the newest token; without it every
/// step reruns the whole sequence, which gives the same tokens and is kept as the reference the cache is tested against.</summary>
public static class BatchGenerator
{
    /// <summary>Continues each prompt until a stop token, <see cref="SamplingOptions.MaxTokens"/>, or the context is full.
    /// Ids at or above <paramref name="vocabulary"/> are never produced.</summary>
    public static Generated[] Generate(GptModel model, IReadOnlyList<int[]> prompts, SamplingOptions options, int vocabulary, IReadOnlyCollection<int> stopTokens, bool useCache = true)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt must hold at least one token", nameof(prompts));
        var context = model.Config.ContextLength;
        var longest = prompts.Max(p => p.Length);
        if (longest >= context) throw new ArgumentException($"a prompt of {longest} tokens leaves no room in the context of {context}", nameof(prompts));
        var steps = Math.Min(options.MaxTokens, context - longest);
        var device = model.TokenEmbedding.device;
        var batch = prompts.Count;
        using var generator = new TorchSharp.torch.Generator((ulong)options.Seed, CPU);
        var produced = prompts.Select(_ => new List<int>()).ToArray();
        var stopped = new bool[batch];
        var pads = prompts.Select(p => longest - p.Length).ToArray();
        // The whole sequence so far per row, left-padded (pad id 0 is never attended to).
        var sequence = new long[batch][];
        for (var row = 0; row < batch; row++)
        {
            sequence[row] = new long[longest + steps];
            for (var i = 0; i < prompts[row].Length; i++) sequence[row][pads[row] + i] = prompts[row][i];
        }

        var wasTraining = model.training;
        model.eval();
        using var cache = useCache ? new KvCache(model.Config.Layers) : null;
        try
        {
            var length = longest;
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var from = cache is null || step == 0 ? 0 : length - 1;
                var logits = model.Forward(Tokens(sequence, from, length, device), Positions(pads, from, length, device), Mask(pads, from, length, device), cache);
                var last = logits[.., -1, ..vocabulary].to(ScalarType.Float32).cpu();
                for (var row = 0; row < batch; row++)
                {
                    // Finished rows keep a place in the batch; their further outputs are discarded.
                    var next = TokenSampler.Pick(last[row], options, generator);
                    if (stopped[row]) continue;
                    if (stopTokens.Contains(next)) stopped[row] = true;
                    else produced[row].Add(next);
                    sequence[row][length] = next;
                }

                length++;
                if (stopped.All(s => s)) break;
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return [.. produced.Select((p, row) => new Generated([.. p], stopped[row]))];
    }

    private static Tensor Tokens(long[][] sequence, int from, int to, Device device)
    {
        var flat = sequence.SelectMany(s => s[from..to]).ToArray();
        return tensor(flat, [sequence.Length, to - from]).to(device);
    }

    private static Tensor Positions(int[] pads, int from, int to, Device device)
    {
        var flat = pads.SelectMany(pad => Enumerable.Range(from, to - from).Select(i => (long)Math.Max(0, i - pad))).ToArray();
        return tensor(flat, [pads.Length, to - from]).to(device);
    }

    // Query i (absolute index from + i) may see key j when j ≤ i and j is not padding; a padding query sees itself
    // only, so no row of the mask is empty.
    private static Tensor Mask(int[] pads, int from, int to, Device device)
    {
        var queries = to - from;
        var mask = new bool[pads.Length * queries * to];
        for (var row = 0; row < pads.Length; row++)
            for (var q = 0; q < queries; q++)
            {
                var i = from + q;
                for (var j = 0; j <= i; j++)
                    mask[(row * queries + q) * to + j] = j >= pads[row] || j == i;
            }

        return tensor(mask, [pads.Length, 1, queries, to]).to(device);
    }
}
