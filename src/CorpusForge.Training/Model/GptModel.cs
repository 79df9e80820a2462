using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CorpusForge.Training.Model;

/// <summary>How token positions enter the model.</summary>
public enum PositionEncoding
{
    /// <summary>Rotary embeddings applied to queries and keys (no parameters).</summary>
    Rotary,

    /// <summary>A learned table added to the token embeddings (GPT-2).</summary>
    Learned,
}

/// <summary>Normalisation used before attention, before the MLP and at the end.</summary>
public enum NormKind
{
    /// <summary>Root-mean-square norm with a gain only.</summary>
    RmsNorm,

    /// <summary>Layer norm with gain (and bias when the model has biases).</summary>
    LayerNorm,
}

/// <summary>The feed-forward block.</summary>
public enum MlpKind
{
    /// <summary>Linear, GELU (tanh approximation, as GPT-2), linear; hidden width 4×.</summary>
    Gelu,

    /// <summary>Gated SiLU unit; hidden width about 8/3× (rounded up to a multiple of 64) to keep the parameter count.</summary>
    SwiGlu,
}

/// <summary>The shape of a GPT decoder. Presets: <c>tiny</c> (tests), <c>mini</c> (6 layers × 384, context 256),
/// <c>gpt2-mini</c> (mini's size in GPT-2's architecture) and <c>gpt2-124m</c> (GPT-2 small).</summary>
public sealed record GptConfig
{
    /// <summary>Embedding rows; the tokenizer's vocabulary rounded up (see <see cref="PaddedVocabulary"/>).</summary>
    public int VocabSize { get; init; } = 50304;

    /// <summary>Longest sequence the model sees.</summary>
    public int ContextLength { get; init; } = 1024;

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Attention heads per block; must divide <see cref="Width"/>.</summary>
    public int Heads { get; init; } = 12;

    /// <summary>Residual stream width (embedding size).</summary>
    public int Width { get; init; } = 768;

    /// <summary>Position encoding.</summary>
    public PositionEncoding Positions { get; init; } = PositionEncoding.Learned;

    /// <summary>Normalisation.</summary>
    public NormKind Norm { get; init; } = NormKind.LayerNorm;

    /// <summary>Feed-forward block.</summary>
    public MlpKind Mlp { get; init; } = MlpKind.Gelu;

    /// <summary>Biases in linear layers and layer norms (GPT-2 has them; recent models do not).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Base of the rotary frequencies.</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary>A scalar head (<c>score</c>: width → 1) on the final hidden state, for reward models.</summary>
    public bool ScoreHead { get; init; }

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => Width / Heads;

    /// <summary>Hidden width of the MLP.</summary>
    public int MlpHidden => Mlp == MlpKind.Gelu ? 4 * Width : (8 * Width / 3 + 63) / 64 * 64;

    /// <summary>Names of the built-in presets.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "mini", "gpt2-mini", "gpt2-124m"];

    /// <summary>A preset shape for a tokenizer with <paramref name="vocabulary"/> tokens.</summary>
    public static GptConfig Preset(string name, int vocabulary) => name switch
    {
        "tiny" => new GptConfig
        {
            VocabSize = PaddedVocabulary(vocabulary), ContextLength = 64, Layers = 2, Heads = 2, Width = 64,
            Positions = PositionEncoding.Rotary, Norm = NormKind.RmsNorm, Mlp = MlpKind.SwiGlu, Bias = false,
        },
        "mini" => new GptConfig
        {
            VocabSize = PaddedVocabulary(vocabulary), ContextLength = 256, Layers = 6, Heads = 6, Width = 384,
            Positions = PositionEncoding.Rotary, Norm = NormKind.RmsNorm, Mlp = MlpKind.SwiGlu, Bias = false,
        },
        // GPT-2's architecture (learned positions, LayerNorm, tanh GELU, biases) at mini's size: nanoGPT's model.py at
        // n_layer 6, n_head 6, n_embd 384, block_size 256, the shape the speed comparison with PyTorch uses.
        "gpt2-mini" => new GptConfig { VocabSize = PaddedVocabulary(vocabulary), ContextLength = 256, Layers = 6, Heads = 6, Width = 384 },
        "gpt2-124m" => new GptConfig { VocabSize = PaddedVocabulary(vocabulary) },
        _ => throw new ArgumentException($"unknown model preset '{name}'; presets: {string.Join(", ", PresetNames)}", nameof(name)),
    };

    /// <summary>Rounds a vocabulary up to a multiple of 64, which keeps the output matrix multiply on fast paths
    /// (50257 → 50304, as nanoGPT does); the extra rows are never targets.</summary>
    public static int PaddedVocabulary(int vocabulary) => (vocabulary + 63) / 64 * 64;

    /// <summary>Problems with this shape, empty when it is usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (VocabSize < 2) yield return "vocab_size must be at least 2";
        if (ContextLength < 1) yield return "context_length must be positive";
        if (Layers < 1) yield return "layers must be positive";
        if (Heads < 1 || Width < 1 || Width % Heads != 0) yield return $"width ({Width}) must be a positive multiple of heads ({Heads})";
        else if (Positions == PositionEncoding.Rotary && HeadDim % 2 != 0) yield return $"rotary positions need an even head width, got {HeadDim}";
    }

    /// <summary>Training FLOPs per token: 6 per parameter (forward and backward) plus attention's
    /// 12·layers·width·context (PaLM paper, appendix B; the estimate nanoGPT and llm.c use for MFU).</summary>
    public double TrainingFlopsPerToken(long parameters, int sequenceLength) =>
        6.0 * parameters + 12.0 * Layers * Width * sequenceLength;
}

/// <summary>A GPT-style decoder: token embeddings tied to the output head, pre-norm blocks of causal
/// self-attention (through <c>scaled_dot_product_attention</c>) and an MLP. Parameter names follow nanoGPT
/// (<c>transformer.wte.weight</c>, <c>transformer.h.0.attn.c_attn.weight</c>, …) so exported weights read naturally.</summary>
public sealed class GptModel : nn.Module<Tensor, Tensor>
{
    private readonly Transformer transformer;
    private readonly Linear? score;

    /// <summary>Builds a model with GPT-2's initialisation, drawn from <paramref name="generator"/> when given
    /// (otherwise from torch's global generator).</summary>
    public GptModel(GptConfig config, torch.Generator? generator = null) : base("gpt")
    {
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(config));
        Config = config;
        transformer = new Transformer(config);
        if (config.ScoreHead) score = nn.Linear(config.Width, 1, hasBias: true);
        RegisterComponents();
        Initialise(generator);
    }

    /// <summary>The shape this model was built with.</summary>
    public GptConfig Config { get; }

    /// <summary>The token embedding matrix, which is also the output head.</summary>
    public Parameter TokenEmbedding => transformer.wte.weight!;

    /// <summary>Number of parameters (the tied head counted once).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Logits over the vocabulary, shape (batch, time, vocab), for token ids of shape (batch, time).</summary>
    public override Tensor forward(Tensor tokens) => Forward(tokens);

    /// <summary>Logits for <paramref name="tokens"/> (batch, time) with optional per-token <paramref name="positions"/>
    /// (batch, time; default 0…time-1, or continuing the cache), an optional boolean attention <paramref name="mask"/>
    /// (batch, 1, time, keys; true = may attend; default causal), and an optional <paramref name="cache"/> of earlier
    /// keys and values, which this call extends.</summary>
    public Tensor Forward(Tensor tokens, Tensor? positions = null, Tensor? mask = null, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var x = Hidden(tokens, positions, mask, cache);
        return F.linear(x, TokenEmbedding.to(x.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>The scalar head's value at each position, shape (batch, time); needs <see cref="GptConfig.ScoreHead"/>.</summary>
    public Tensor Scores(Tensor tokens, Tensor? positions = null, Tensor? mask = null)
    {
        if (score is null) throw new InvalidOperationException("this model has no score head (model.score_head)");
        using var scope = NewDisposeScope();
        var x = Hidden(tokens, positions, mask, null);
        return score.call(x.to(ScalarType.Float32)).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>The final-norm hidden states, shape (batch, time, width); arguments as <see cref="Forward"/>.</summary>
    public Tensor Hidden(Tensor tokens, Tensor? positions = null, Tensor? mask = null, KvCache? cache = null)
    {
        var time = tokens.shape[1];
        var past = cache?.Length ?? 0;
        if (past + time > Config.ContextLength)
            throw new ArgumentException($"sequence of {past + time} tokens is longer than the context length {Config.ContextLength}");
        using var scope = NewDisposeScope();
        positions ??= arange(past, past + time, dtype: ScalarType.Int64, device: tokens.device).unsqueeze(0).expand(tokens.shape[0], time);
        var x = transformer.wte.call(tokens);
        if (transformer.wpe is not null) x = x + transformer.wpe.call(positions);
        if (mask is null && cache is not null && past > 0 && time > 1)
        {
            // Query i sits at position past + i and may see keys 0 … past + i.
            var keys = arange(past + time, device: tokens.device);
            mask = (arange(past, past + time, device: tokens.device).unsqueeze(1) >= keys.unsqueeze(0)).view(1, 1, time, past + time);
        }

        for (var layer = 0; layer < transformer.h.Count; layer++)
        {
            x = transformer.h[layer].Forward(x, positions, mask, cache, layer);
        }

        cache?.Advance(time);
        return transformer.ln_f.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="tokens"/> predicting <paramref name="targets"/>,
    /// computed in fp32 whatever the model's dtype.</summary>
    public Tensor Loss(Tensor tokens, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logits = forward(tokens);
        var loss = F.cross_entropy(logits.view(-1, logits.shape[^1]).to(ScalarType.Float32), targets.view(-1));
        return loss.MoveToOuterDisposeScope();
    }

    private void Initialise(torch.Generator? generator)
    {
        // GPT-2: N(0, 0.02) everywhere, residual projections scaled by 1/sqrt(2·layers), biases zero.
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) nn.init.zeros_(parameter);
            else if (name.Contains("ln_", StringComparison.Ordinal)) nn.init.ones_(parameter);
            else
            {
                // Drawn with randn: TorchSharp 0.107's nn.init.normal_ ignores its generator argument.
                var std = name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02;
                using var draw = randn(parameter.shape, generator: generator);
                parameter.copy_(draw.mul_(std));
            }
        }
    }

    private sealed class Transformer : nn.Module
    {
        public readonly Embedding wte;
        public readonly Embedding? wpe;
        public readonly ModuleList<Block> h;
        public readonly nn.Module<Tensor, Tensor> ln_f;

        public Transformer(GptConfig config) : base("transformer")
        {
            wte = nn.Embedding(config.VocabSize, config.Width);
            if (config.Positions == PositionEncoding.Learned) wpe = nn.Embedding(config.ContextLength, config.Width);
            h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new Block(config)).ToArray());
            ln_f = Norm(config);
            RegisterComponents();
        }
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> ln_1;
        private readonly CausalSelfAttention attn;
        private readonly nn.Module<Tensor, Tensor> ln_2;
        private readonly Mlp mlp;

        public Block(GptConfig config) : base("block")
        {
            ln_1 = Norm(config);
            attn = new CausalSelfAttention(config);
            ln_2 = Norm(config);
            mlp = new Mlp(config);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => Forward(x, null, null, null, 0);

        public Tensor Forward(Tensor x, Tensor? positions, Tensor? mask, KvCache? cache, int layer)
        {
            x = x + attn.Forward(ln_1.call(x), positions, mask, cache, layer);
            return x + mlp.call(ln_2.call(x));
        }
    }

    private sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
    {
        private readonly Linear c_attn;
        private readonly Linear c_proj;
        private readonly GptConfig config;

        public CausalSelfAttention(GptConfig config) : base("attn")
        {
            this.config = config;
            c_attn = nn.Linear(config.Width, 3 * config.Width, hasBias: config.Bias);
            c_proj = nn.Linear(config.Width, config.Width, hasBias: config.Bias);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => Forward(x, null, null, null, 0);

        public Tensor Forward(Tensor x, Tensor? positions, Tensor? mask, KvCache? cache, int layer)
        {
            var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
            var qkv = c_attn.call(x).view(batch, time, 3, config.Heads, config.HeadDim).permute(2, 0, 3, 1, 4);
            var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
            if (config.Positions == PositionEncoding.Rotary)
            {
                // θ_i = theta^(-2i/d), angle(t, i) = t·θ_i (RoFormer, Su et al. 2021). Recomputed per call: it is
                // time × head_dim/2 values, negligible beside the projections, and needs no device bookkeeping.
                var half = config.HeadDim / 2;
                var frequencies = pow(config.RopeTheta, -arange(0, half, dtype: ScalarType.Float32, device: x.device) / half);
                var at = positions is null
                    ? arange(time, dtype: ScalarType.Float32, device: x.device).unsqueeze(0)
                    : positions.to(ScalarType.Float32);
                var angles = (at.unsqueeze(-1) * frequencies).unsqueeze(1); // (batch or 1, 1, time, half)
                var (cos, sin) = (angles.cos().to(x.dtype), angles.sin().to(x.dtype));
                q = Rotate(q, cos, sin);
                k = Rotate(k, cos, sin);
            }

            if (cache is not null) (k, v) = cache.Append(layer, k, v);
            // Without a mask, a call that starts the sequence (or adds one token to a cache) is plainly causal.
            var y = mask is not null
                ? F.scaled_dot_product_attention(q, k, v, attn_mask: mask)
                : F.scaled_dot_product_attention(q, k, v, is_casual: cache is null || cache.Length == 0);
            return c_proj.call(y.transpose(1, 2).contiguous().view(batch, time, width));
        }

        // Rotates pairs (x_i, x_{i+d/2}) by the position's angles (the "rotate half" layout of GPT-NeoX and Llama).
        private static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
        {
            var half = x.shape[^1] / 2;
            var x1 = x[.., .., .., ..(int)half];
            var x2 = x[.., .., .., (int)half..];
            return cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], -1);
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        private readonly Linear c_fc;
        private readonly Linear c_proj;
        private readonly MlpKind kind;

        public Mlp(GptConfig config) : base("mlp")
        {
            kind = config.Mlp;
            // SwiGLU computes gate and value in one matrix multiply, then splits.
            c_fc = nn.Linear(config.Width, (kind == MlpKind.SwiGlu ? 2 : 1) * config.MlpHidden, hasBias: config.Bias);
            c_proj = nn.Linear(config.MlpHidden, config.Width, hasBias: config.Bias);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var hidden = c_fc.call(x);
            if (kind == MlpKind.Gelu) return c_proj.call(F.gelu(hidden, GELU.Approximate.tanh));
            var parts = hidden.chunk(2, -1);
            return c_proj.call(F.silu(parts[0]) * parts[1]);
        }
    }

    private sealed class RmsNorm : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly double epsilon;

        public RmsNorm(int width, double epsilon = 1e-5) : base("rmsnorm")
        {
            this.epsilon = epsilon;
            weight = nn.Parameter(ones(width));
            RegisterComponents();
        }

        // Statistics in fp32 even when the model runs in bf16.
        public override Tensor forward(Tensor x)
        {
            var x32 = x.to(ScalarType.Float32);
            var normed = x32 * (x32.pow(2).mean([-1], keepdim: true) + epsilon).rsqrt();
            return (normed * weight.to(ScalarType.Float32)).to(x.dtype);
        }
    }

    private static nn.Module<Tensor, Tensor> Norm(GptConfig config) => config.Norm == NormKind.RmsNorm
        ? new RmsNorm(config.Width)
        : nn.LayerNorm(config.Width, elementwise_affine: true, bias: config.Bias);
}
