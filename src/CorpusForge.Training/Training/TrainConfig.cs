using System.ComponentModel;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;

namespace CorpusForge.Training.Training;

/// <summary>A training run as written in a <c>train.yaml</c> file; paths are resolved against the file's folder.</summary>
public sealed class TrainConfig
{
    /// <summary>Run name, shown in logs and the loss-curve title.</summary>
    public string Name { get; set; } = "train";

    /// <summary>Folder for metrics.csv, loss.png and the exported model.</summary>
    public string Output { get; set; } = "train-out";

    /// <summary>Where the tokens come from.</summary>
    public DataOptions Data { get; set; } = new();

    /// <summary>The model shape.</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>Optimiser, schedule, batches, device.</summary>
    public OptimizationOptions Training { get; set; } = new();

    /// <summary>Validation.</summary>
    public EvaluationOptions Evaluation { get; set; } = new();

    /// <summary>Checkpoints.</summary>
    public CheckpointOptions Checkpoints { get; set; } = new();

    /// <summary>Fine-tuning (<c>corpusforge finetune …</c>); unused by pretraining.</summary>
    public FinetuneOptions Finetune { get; set; } = new();
}

/// <summary>The <c>finetune:</c> section: the pretrained (or SFT) model to start from and the JSONL data.</summary>
public sealed class FinetuneOptions
{
    /// <summary>Checkpoint to start from.</summary>
    [Description("checkpoint (step folder or checkpoint folder) to start from")]
    public string Base { get; set; } = "";

    /// <summary>Training data (JSONL; format per objective, see docs/finetuning.md).</summary>
    [Description("training data, JSONL (sft: prompt/response or messages; dpo/reward: prompt with chosen/rejected or ranked); with data_format: sft_shards an .sftbin file or a folder of them")]
    public string TrainFile { get; set; } = "";

    /// <summary>Held-out data in the same format; empty disables validation.</summary>
    [Description("held-out data in the same format; empty = no validation")]
    public string ValidationFile { get; set; } = "";

    /// <summary>What <see cref="TrainFile"/> and <see cref="ValidationFile"/> hold.</summary>
    [Description("sft: jsonl (the chat JSONL) or sft_shards (an .sftbin file or a folder of them, made by writer.sft_shards_v1)")]
    public FinetuneDataFormat DataFormat { get; set; } = FinetuneDataFormat.Jsonl;

    /// <summary>Pack several short SFT examples into one row (block-diagonal attention).</summary>
    [Description("sft: pack short examples into one row, each attending only to itself")]
    public bool Packing { get; set; } = true;

    /// <summary>DPO's β: how strongly the policy is held to the reference (higher = closer).</summary>
    [Description("dpo: beta, the inverse temperature of the implied reward (Rafailov et al. 2023 use 0.1)")]
    public double Beta { get; set; } = 0.1;

    /// <summary>Frozen reference for DPO and RL; empty = the base checkpoint.</summary>
    [Description("dpo/rl: frozen reference checkpoint (default: base)")]
    public string Reference { get; set; } = "";

    /// <summary>RL: the reward model checkpoint.</summary>
    [Description("rl: reward-model checkpoint (made by finetune reward)")]
    public string RewardModel { get; set; } = "";

    /// <summary>RL: answers sampled per prompt (the group whose mean reward is the baseline).</summary>
    [Description("rl: answers sampled per prompt; their mean reward is the baseline")]
    public int GroupSize { get; set; } = 4;

    /// <summary>RL: weight of the KL penalty toward the reference.</summary>
    [Description("rl: weight of the per-token KL penalty toward the reference")]
    public double KlCoefficient { get; set; } = 0.05;

    /// <summary>RL: answer tokens generated at most.</summary>
    [Description("rl: answer tokens generated at most")]
    public int MaxNewTokens { get; set; } = 32;

    /// <summary>RL: sampling temperature.</summary>
    [Description("rl: sampling temperature of the answers")]
    public double Temperature { get; set; } = 1.0;

    /// <summary>Distillation: the teacher checkpoint (trained on the same tokenizer as data.shards).</summary>
    [Description("distill: teacher checkpoint; the student is model: trained on data.shards")]
    public string Teacher { get; set; } = "";

    /// <summary>Distillation: softmax temperature of the soft targets.</summary>
    [Description("distill: temperature of teacher and student softmax for the soft targets")]
    public double DistillTemperature { get; set; } = 2.0;

    /// <summary>Distillation: weight of the soft-target KL (the rest is the hard-label cross-entropy).</summary>
    [Description("distill: weight of T²·KL(teacher‖student); 1 − alpha weights the cross-entropy on the data")]
    public double DistillAlpha { get; set; } = 0.5;

    /// <summary>Throws a config error unless the data is JSONL (only SFT reads SFT shards).</summary>
    public void RequireJsonl(string objective)
    {
        if (DataFormat != FinetuneDataFormat.Jsonl)
            throw new CorpusForge.Core.Pipeline.ConfigException(TrainFile, $"finetune.data_format: {objective} reads JSONL only; sft_shards is for finetune sft");
    }

    /// <summary>Folder for quarantined rows.</summary>
    [Description("folder for rows set aside with their reasons (default: OUTPUT/quarantine)")]
    public string Quarantine { get; set; } = "";
}

/// <summary>The form of fine-tuning data.</summary>
public enum FinetuneDataFormat
{
    /// <summary>JSONL rows in the objective's format (see docs/finetuning.md).</summary>
    Jsonl,

    /// <summary>Packed, masked SFT shards written by the engine's <c>writer.sft_shards_v1</c>.</summary>
    SftShards,
}

/// <summary>The <c>data:</c> section.</summary>
public sealed class DataOptions
{
    /// <summary>Token-shard folder (holding manifest.json) or the manifest file itself.</summary>
    [Description("token-shard folder holding manifest.json, or the manifest file")]
    public string Shards { get; set; } = "";

    /// <summary>Split to train on.</summary>
    [Description("split to train on")]
    public string TrainSplit { get; set; } = "train";

    /// <summary>Split to validate on; empty (or absent from the manifest) disables validation.</summary>
    [Description("split to validate on; empty disables validation")]
    public string ValidationSplit { get; set; } = "validation";

    /// <summary>Window order within an epoch.</summary>
    [Description("random (shuffled per epoch from the seed) or sequential")]
    public WindowOrder Order { get; set; } = WindowOrder.Random;
}

/// <summary>The <c>model:</c> section: a preset, optionally with sizes changed.</summary>
public sealed class ModelOptions
{
    /// <summary>Preset name.</summary>
    [Description("tiny, mini (6×384, context 256, rotary/RMSNorm/SwiGLU), gpt2-mini (the same size GPT-2 style, as nanoGPT) or gpt2-124m")]
    public string Preset { get; set; } = "tiny";

    /// <summary>Overrides the preset's block count.</summary>
    [Description("transformer blocks (default: the preset's)")]
    public int? Layers { get; set; }

    /// <summary>Overrides the preset's head count.</summary>
    [Description("attention heads (default: the preset's)")]
    public int? Heads { get; set; }

    /// <summary>Overrides the preset's width.</summary>
    [Description("residual width (default: the preset's)")]
    public int? Width { get; set; }

    /// <summary>Overrides the preset's context length.</summary>
    [Description("context length in tokens (default: the preset's)")]
    public int? ContextLength { get; set; }

    /// <summary>Overrides the preset's position encoding.</summary>
    [Description("rotary or learned (default: the preset's)")]
    public PositionEncoding? Positions { get; set; }

    /// <summary>Overrides the preset's normalisation.</summary>
    [Description("rmsnorm or layernorm (default: the preset's)")]
    public NormKind? Norm { get; set; }

    /// <summary>Overrides the preset's MLP.</summary>
    [Description("gelu or swiglu (default: the preset's)")]
    public MlpKind? Mlp { get; set; }

    /// <summary>Overrides the preset's biases.</summary>
    [Description("biases in linear layers and layer norms, true or false (default: the preset's)")]
    public bool? Bias { get; set; }

    /// <summary>The model shape for a tokenizer of <paramref name="vocabulary"/> ids.</summary>
    public GptConfig Resolve(int vocabulary)
    {
        var preset = GptConfig.Preset(Preset, vocabulary);
        return preset with
        {
            Layers = Layers ?? preset.Layers,
            Heads = Heads ?? preset.Heads,
            Width = Width ?? preset.Width,
            ContextLength = ContextLength ?? preset.ContextLength,
            Positions = Positions ?? preset.Positions,
            Norm = Norm ?? preset.Norm,
            Mlp = Mlp ?? preset.Mlp,
            Bias = Bias ?? preset.Bias,
        };
    }
}

/// <summary>Where training runs.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when available, else CPU.</summary>
    Auto,

    /// <summary>CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU (an error when none is available).</summary>
    Cuda,
}

/// <summary>Arithmetic used for the forward and backward passes.</summary>
public enum PrecisionChoice
{
    /// <summary>bf16 on CUDA, fp32 on CPU.</summary>
    Auto,

    /// <summary>fp32 everywhere.</summary>
    Fp32,

    /// <summary>bf16 forward and backward with fp32 master weights and optimiser state.</summary>
    Bf16,
}

/// <summary>The <c>training:</c> section.</summary>
public sealed class OptimizationOptions
{
    /// <summary>Optimiser steps to run in total.</summary>
    [Description("optimiser steps in total")]
    public int Steps { get; set; } = 1000;

    /// <summary>Sequences per micro-batch.</summary>
    [Description("sequences per micro-batch")]
    public int BatchSize { get; set; } = 8;

    /// <summary>Micro-batches per optimiser step.</summary>
    [Description("micro-batches accumulated per optimiser step")]
    public int GradAccumulation { get; set; } = 1;

    /// <summary>Peak learning rate.</summary>
    [Description("peak learning rate, reached after warmup")]
    public double LearningRate { get; set; } = 6e-4;

    /// <summary>Learning rate at the end of the cosine decay.</summary>
    [Description("learning rate at the end of the cosine decay")]
    public double MinLearningRate { get; set; } = 6e-5;

    /// <summary>Steps of linear warmup.</summary>
    [Description("steps of linear warmup from 0")]
    public int WarmupSteps { get; set; } = 100;

    /// <summary>Decoupled weight decay on matrices (never on norms and biases).</summary>
    [Description("AdamW decoupled weight decay on matrices and embeddings (none on norms and biases)")]
    public double WeightDecay { get; set; } = 0.1;

    /// <summary>AdamW β1.</summary>
    [Description("AdamW beta1")]
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW β2.</summary>
    [Description("AdamW beta2")]
    public double Beta2 { get; set; } = 0.95;

    /// <summary>Global gradient-norm limit; 0 disables clipping.</summary>
    [Description("clip the global gradient norm to this; 0 disables")]
    public double GradClip { get; set; } = 1.0;

    /// <summary>Seed for the initial weights and the window order.</summary>
    [Description("seed for the initial weights and the window order")]
    public long Seed { get; set; } = 1337;

    /// <summary>Device.</summary>
    [Description("auto (cuda when available), cpu or cuda")]
    public DeviceChoice Device { get; set; } = DeviceChoice.Auto;

    /// <summary>Precision.</summary>
    [Description("auto (bf16 on cuda, fp32 on cpu), fp32 or bf16")]
    public PrecisionChoice Precision { get; set; } = PrecisionChoice.Auto;

    /// <summary>CPU threads for libtorch; 0 keeps libtorch's default (one per core).</summary>
    [Description("CPU threads for libtorch; 0 = libtorch's default")]
    public int Threads { get; set; }

    /// <summary>Steps between log lines (and metric rows).</summary>
    [Description("steps between progress lines and metrics.csv rows")]
    public int LogInterval { get; set; } = 10;

    /// <summary>Peak throughput of the device in TFLOP/s for the MFU figure; 0 = H100 bf16 dense (989) on CUDA,
    /// none on CPU.</summary>
    [Description("device peak TFLOP/s for MFU; 0 = 989 (H100 bf16 dense) on cuda, no MFU on cpu")]
    public double PeakTflops { get; set; }
}

/// <summary>The <c>evaluation:</c> section.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Steps between validations; 0 disables them (the final one still runs when a split exists).</summary>
    [Description("steps between validation runs; 0 = only at the end")]
    public int Interval { get; set; } = 100;

    /// <summary>Micro-batches per validation.</summary>
    [Description("micro-batches per validation (always the same windows)")]
    public int Batches { get; set; } = 8;
}

/// <summary>The <c>checkpoints:</c> section.</summary>
public sealed class CheckpointOptions
{
    /// <summary>Checkpoint folder.</summary>
    [Description("checkpoint folder (default: OUTPUT/checkpoints)")]
    public string Dir { get; set; } = "";

    /// <summary>Steps between checkpoints; 0 = only the final one.</summary>
    [Description("steps between checkpoints; 0 = only at the end")]
    public int Interval { get; set; } = 500;

    /// <summary>Checkpoints kept; older ones are deleted.</summary>
    [Description("checkpoints kept (older ones are deleted)")]
    public int Keep { get; set; } = 2;

    /// <summary>Continue from the latest checkpoint in <see cref="Dir"/> when there is one.</summary>
    [Description("continue from the latest checkpoint in dir when there is one")]
    public bool Resume { get; set; } = true;
}
