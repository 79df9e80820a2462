using System.Text.Json;
using CorpusForge.Core.IO;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Model;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CorpusForge.Training.Deployment;

/// <summary>int8 weight-only quantisation: every matrix (linear weights and the tied embedding) is stored as int8 with
/// one fp32 scale per output row (symmetric, scale = max|w_row| / 127, q = round(w / scale)); norm gains and biases
/// stay fp32. The file is a safetensors state dict: <c>NAME</c> (I8) plus <c>NAME.scale</c> (F32) per matrix, so a
/// PyTorch user dequantises with <c>q.float() * scale[:, None]</c>. Loading dequantises into an fp32
/// <see cref="GptModel"/> (weight-only: the arithmetic stays fp32, the file and its download shrink about 4×).</summary>
public static class Int8Quantizer
{
    /// <summary>Weights file name of a quantised export.</summary>
    public const string WeightsFile = "model.int8.safetensors";

    /// <summary>Suffix of the per-row scale tensors.</summary>
    public const string ScaleSuffix = ".scale";

    /// <summary>The quantised state dict of <paramref name="model"/>.</summary>
    public static Dictionary<string, Tensor> Quantize(GptModel model)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var w = parameter.detach().to(ScalarType.Float32).cpu();
            if (w.dim() != 2)
            {
                result[name] = w.clone();
                continue;
            }

            var scale = w.abs().amax([1], keepdim: true).clamp_min(1e-12) / 127.0;
            result[name] = (w / scale).round().clamp(-127, 127).to(ScalarType.Int8);
            result[name + ScaleSuffix] = scale.squeeze(1).contiguous();
        }

        return result;
    }

    /// <summary>Writes <see cref="WeightsFile"/> and config.json into <paramref name="folder"/>; returns the weights path.</summary>
    public static string Export(GptModel model, TokenizerIdentity tokenizer, string folder)
    {
        Directory.CreateDirectory(folder);
        var state = Quantize(model);
        var weights = Path.Combine(folder, WeightsFile);
        using (var file = AtomicFile.Create(weights))
        {
            Safetensors.SaveStateDict(file.Stream, state, leaveOpen: true);
            file.Commit();
        }

        foreach (var tensor in state.Values) tensor.Dispose();
        ModelExport.WriteConfig(model, tokenizer, folder, "int8 weight-only: matrices as I8 with F32 NAME.scale per output row (w = q * scale[:, None]); vectors F32");
        return weights;
    }

    /// <summary>Loads a quantised export as an fp32 model (weights dequantised).</summary>
    public static GptModel Load(string folder)
    {
        var shape = ModelExport.ReadConfig(folder);
        var model = new GptModel(shape);
        var state = Safetensors.LoadStateDict(Path.Combine(folder, WeightsFile));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!state.TryGetValue(name, out var stored)) throw new InvalidDataException($"{folder}/{WeightsFile}: no tensor {name}");
            var value = state.TryGetValue(name + ScaleSuffix, out var scale) ? stored.to(ScalarType.Float32) * scale.unsqueeze(1) : stored;
            parameter.copy_(value);
        }

        foreach (var tensor in state.Values) tensor.Dispose();
        model.eval();
        return model;
    }
}
