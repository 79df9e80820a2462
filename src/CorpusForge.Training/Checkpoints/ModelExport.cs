using System.Text.Json;
using CorpusForge.Core.IO;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using TorchSharp.PyBridge;

namespace CorpusForge.Training.Checkpoints;

/// <summary>Exports trained weights for PyTorch users: <c>model.safetensors</c> (read by the <c>safetensors</c>
/// package's <c>load_file</c> into a state dict with nanoGPT-style names) and <c>config.json</c> with the shape
/// and tokenizer.</summary>
/// <remarks>safetensors rather than a pickled <c>.bin</c>: TorchSharp.PyBridge's pickle reader failed on its own
/// output under .NET 10 here, while the safetensors round trip is tested.</remarks>
public static class ModelExport
{
    /// <summary>Weights file name.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Config file name.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>Writes both files into <paramref name="folder"/> atomically and returns the weights path.</summary>
    public static string Export(GptModel model, TokenizerIdentity tokenizer, string folder)
    {
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, WeightsFile);
        using (var file = AtomicFile.Create(weights))
        {
            model.save_safetensors(file.Stream, leaveOpen: true);
            file.Commit();
        }

        WriteConfig(model, tokenizer, folder, null);
        return weights;
    }

    /// <summary>Writes config.json (shape, tokenizer with its special tokens, and how the weights are stored).</summary>
    public static void WriteConfig(GptModel model, TokenizerIdentity tokenizer, string folder, string? quantization)
    {
        var config = new ExportedConfig(
            "corpusforge.gpt", 1, model.Config, model.ParameterCount, TiedEmbeddings: true,
            Tokenizer: tokenizer,
            Note: "logits = final_norm(x) @ transformer.wte.weight.T; gelu is the tanh approximation; rotary uses the rotate-half layout; see docs/training.md",
            Quantization: quantization,
            ActivationFunction: ActivationName(model.Config.Mlp));
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(config, CheckpointStore.JsonOptions) + "\n");
    }

    /// <summary>Loads weights written by <see cref="Export"/> into <paramref name="model"/> (same shape).</summary>
    public static void Import(GptModel model, string folder)
    {
        using var stream = File.OpenRead(Path.Combine(folder, WeightsFile));
        model.load_safetensors(stream, strict: true);
    }

    /// <summary>Reads the shape from an exported config.json.</summary>
    public static GptConfig ReadConfig(string folder) =>
        (JsonSerializer.Deserialize<ExportedConfig>(File.ReadAllText(Path.Combine(folder, ConfigFile)), CheckpointStore.JsonOptions)
         ?? throw new InvalidDataException($"{folder}/{ConfigFile}: empty.")).Model;

    /// <summary>The MLP's activation by the name Hugging Face configs use: <c>gelu_new</c> is GPT-2's tanh
    /// approximation (transformers' <c>ACT2FN</c>, as in GPT2Config.activation_function), <c>silu</c> the SwiGLU gate's.</summary>
    public static string ActivationName(MlpKind mlp) => mlp == MlpKind.Gelu ? "gelu_new" : "silu";

    private sealed record ExportedConfig(
        string Format, int Version, GptConfig Model, long Parameters, bool TiedEmbeddings, TokenizerIdentity Tokenizer, string Note,
        string? Quantization = null, string? ActivationFunction = null);
}
