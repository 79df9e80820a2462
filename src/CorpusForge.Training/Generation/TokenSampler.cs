using CorpusForge.Training.Model;
using static TorchSharp.torch;

namespace CorpusForge.Training.Generation;

/// <summary>How to pick each next token.</summary>
public sealed record SamplingOptions
{
    /// <summary>Divides the logits; 0 picks the most likely token every time (greedy).</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>Keep only the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; } = 50;

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling,
    /// Holtzman et al. 2019); 1 keeps all.</summary>
    public double TopP { get; init; } = 0.95;

    /// <summary>Tokens to generate at most.</summary>
    public int MaxTokens { get; init; } = 100;

    /// <summary>Seed of the sampling generator: the same seed, prompt and model give the same tokens.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Problems, empty when usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (Temperature < 0) yield return "temperature must not be negative";
        if (TopK < 0) yield return "top-k must not be negative";
        if (TopP is <= 0 or > 1) yield return "top-p must lie in (0, 1]";
        if (MaxTokens < 0) yield return "max tokens must not be negative";
    }
}

/// <summary>Autoregressive sampling from a <see cref="GptModel"/> on token ids (the model sees at most its context
/// length of the most recent tokens).</summary>
public static class TokenSampler
{
    /// <summary>Generates up to <see cref="SamplingOptions.MaxTokens"/> ids after <paramref name="prompt"/>, stopping
    /// after <paramref name="stopToken"/> when given. Ids at or above <paramref name="vocabulary"/> (the padding rows
    /// of the embedding) are never produced.</summary>
    public static List<int> Generate(GptModel model, IReadOnlyList<int> prompt, SamplingOptions options, int vocabulary, int? stopToken = null)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        if (prompt.Count == 0) throw new ArgumentException("the prompt must hold at least one token", nameof(prompt));
        var device = model.TokenEmbedding.device;
        using var generator = new TorchSharp.torch.Generator((ulong)options.Seed, CPU);
        var tokens = new List<int>(prompt);
        var produced = new List<int>();
        var wasTraining = model.training;
        model.eval();
        try
        {
            for (var i = 0; i < options.MaxTokens; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var window = tokens.Skip(Math.Max(0, tokens.Count - model.Config.ContextLength)).Select(t => (long)t).ToArray();
                var input = tensor(window, [1, window.Length]).to(device);
                var logits = model.call(input)[0, -1].to(ScalarType.Float32).cpu();
                var next = Pick(logits[..vocabulary], options, generator);
                tokens.Add(next);
                produced.Add(next);
                if (next == stopToken) break;
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return produced;
    }

    /// <summary>Chooses one id from a vector of logits.</summary>
    internal static int Pick(Tensor logits, SamplingOptions options, TorchSharp.torch.Generator generator)
    {
        if (options.Temperature == 0) return (int)logits.argmax().item<long>();
        var scaled = logits / options.Temperature;
        if (options.TopK > 0 && options.TopK < scaled.shape[0])
        {
            var kth = scaled.topk(options.TopK).values[-1];
            scaled = scaled.masked_fill(scaled < kth, double.NegativeInfinity);
        }

        if (options.TopP < 1)
        {
            var (sorted, order) = scaled.sort(descending: true);
            var cumulative = sorted.softmax(0).cumsum(0);
            // Drop a token when the tokens before it already reach p; the most likely token always stays.
            var drop = (cumulative - sorted.softmax(0)) >= options.TopP;
            scaled = scaled.index_put_(double.NegativeInfinity, order[drop]);
        }

        var probabilities = scaled.softmax(0);
        return (int)probabilities.multinomial(1, generator: generator).item<long>();
    }
}
