using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CorpusForge.Core.IO;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorpusForge.Training.Checkpoints;

/// <summary>Everything besides the tensors that a resumed run needs to continue exactly: the step, where the data
/// sampler stands, the RNG, and what the model and its tokens are.</summary>
public sealed record TrainerState
{
    /// <summary>The format version of checkpoints this code writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Optimiser steps completed.</summary>
    public int Step { get; init; }

    /// <summary>Training windows drawn so far (the sampler position).</summary>
    public long TrainPosition { get; init; }

    /// <summary>Training tokens consumed so far.</summary>
    public long TokensSeen { get; init; }

    /// <summary>torch's CPU generator state, base64.</summary>
    public string RngState { get; init; } = "";

    /// <summary>The model shape.</summary>
    public GptConfig Model { get; init; } = new();

    /// <summary>The tokenizer the training shards were made with.</summary>
    public TokenizerIdentity Tokenizer { get; init; } = new();

    /// <summary>The shard folder trained on (absolute).</summary>
    public string Shards { get; init; } = "";

    /// <summary>Window order and seed of the training sampler; a resume must use the same.</summary>
    public string Order { get; init; } = "";

    /// <summary>Seed of the run.</summary>
    public long Seed { get; init; }

    /// <summary>Sequences per micro-batch × micro-batches per step, checked on resume.</summary>
    public int BatchSize { get; init; }

    /// <summary>Micro-batches per step.</summary>
    public int GradAccumulation { get; init; }

    /// <summary>What the run optimised (<c>pretrain</c>, <c>sft</c>, <c>reward</c>, <c>dpo</c>, …); absent in older
    /// checkpoints, which were all pretraining.</summary>
    public string Objective { get; init; } = "pretrain";
}

/// <summary>Writes and reads checkpoints: one folder per step (<c>step-00000100/</c> with <c>model.bin</c>,
/// <c>optimizer.bin</c> and <c>state.json</c>, each written atomically), published by rewriting <c>latest.json</c>
/// last, so a run killed while saving resumes from the previous complete checkpoint.</summary>
public sealed class CheckpointStore(string folder, int keep = 2)
{
    /// <summary>Serializer settings for state.json and config.json.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Special tokens such as <|assistant|> stay readable instead of \u003C…\u003E.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private const string LatestFile = "latest.json";

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>Saves a checkpoint for <paramref name="state"/>'s step and returns its folder.</summary>
    public string Save(GptModel model, OptimizerHelper optimizer, TrainerState state)
    {
        var name = $"step-{state.Step.ToString("D8", CultureInfo.InvariantCulture)}";
        var target = Path.Combine(Folder, name);
        Directory.CreateDirectory(target);
        using (var file = AtomicFile.Create(Path.Combine(target, "model.bin")))
        {
            model.save(file.Stream);
            file.Commit();
        }

        using (var file = AtomicFile.Create(Path.Combine(target, "optimizer.bin")))
        {
            using (var writer = new BinaryWriter(file.Stream, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer.save_state_dict(writer);
            file.Commit();
        }

        AtomicFile.WriteAllText(Path.Combine(target, "state.json"), JsonSerializer.Serialize(state, JsonOptions) + "\n");
        AtomicFile.WriteAllText(Path.Combine(Folder, LatestFile), JsonSerializer.Serialize(new LatestPointer(name), JsonOptions) + "\n");
        Prune(name);
        return target;
    }

    /// <summary>The latest complete checkpoint's folder, or null when there is none.</summary>
    public string? Latest()
    {
        var path = Path.Combine(Folder, LatestFile);
        if (!File.Exists(path)) return null;
        var latest = JsonSerializer.Deserialize<LatestPointer>(File.ReadAllText(path), JsonOptions)
                     ?? throw new InvalidDataException($"{path}: empty.");
        var target = Path.Combine(Folder, latest.Checkpoint);
        return Directory.Exists(target) ? target : throw new InvalidDataException($"{path} names {latest.Checkpoint}, which does not exist.");
    }

    /// <summary>A checkpoint folder from a path that is either one (holding state.json) or a checkpoint store
    /// (holding latest.json).</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, "state.json"))) return Path.GetFullPath(path);
        return new CheckpointStore(path).Latest()
               ?? throw new FileNotFoundException($"{path}: neither a checkpoint (state.json) nor a checkpoint folder with {LatestFile}.");
    }

    /// <summary>Reads a checkpoint's state.json.</summary>
    public static TrainerState ReadState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, "state.json");
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), JsonOptions)
                    ?? throw new InvalidDataException($"{path}: empty.");
        if (state.Version != TrainerState.CurrentVersion)
            throw new InvalidDataException($"{path}: checkpoint version {state.Version}; this build reads version {TrainerState.CurrentVersion}.");
        return state;
    }

    /// <summary>Loads the weights (and the optimiser state when given) of <paramref name="checkpoint"/>.</summary>
    public static void LoadInto(string checkpoint, GptModel model, OptimizerHelper? optimizer = null)
    {
        using (var stream = File.OpenRead(Path.Combine(checkpoint, "model.bin")))
            model.load(stream, strict: true);
        if (optimizer is null) return;
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(checkpoint, "optimizer.bin")));
        optimizer.load_state_dict(reader);
    }

    /// <summary>Builds the model stored in <paramref name="checkpoint"/> on <paramref name="device"/>.</summary>
    public static (GptModel Model, TrainerState State) LoadModel(string checkpoint, Device device)
    {
        var state = ReadState(checkpoint);
        var model = new GptModel(state.Model);
        LoadInto(checkpoint, model);
        model.to(device);
        model.eval();
        return (model, state);
    }

    /// <summary>Captures torch's CPU generator state as text for <see cref="TrainerState.RngState"/>.</summary>
    public static string CaptureRng()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    /// <summary>Restores a state captured by <see cref="CaptureRng"/>.</summary>
    public static void RestoreRng(string state)
    {
        if (state.Length == 0) return;
        using var tensor = TorchSharp.torch.tensor(Convert.FromBase64String(state), dtype: ScalarType.Byte);
        set_rng_state(tensor);
    }

    private void Prune(string newest)
    {
        var old = Directory.GetDirectories(Folder, "step-*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n != newest)
            .OrderDescending(StringComparer.Ordinal)
            .Skip(Math.Max(0, keep - 1));
        foreach (var name in old) Directory.Delete(Path.Combine(Folder, name), recursive: true);
    }

    private sealed record LatestPointer(string Checkpoint);
}
