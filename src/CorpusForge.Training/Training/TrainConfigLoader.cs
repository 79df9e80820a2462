using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Training.Training;

/// <summary>Reads a <c>train.yaml</c>, applies <c>--set</c> overrides and validates it, reporting every problem with
/// its file, line and column (as pipeline files do) before anything is loaded.</summary>
public static class TrainConfigLoader
{
    private static readonly string[] TopLevelKeys = ["version", "name", "output", "data", "model", "training", "evaluation", "checkpoints", "finetune"];

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem. Relative paths in
    /// the result are made absolute against the file's folder.</summary>
    public static TrainConfig Load(string path, IEnumerable<string>? overrides = null, bool checkData = true)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConfigException(path, "training file not found");
        var display = Path.GetRelativePath(Environment.CurrentDirectory, full);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(full);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(display, (int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {e.Message}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException(display, "a training file must be a YAML mapping (version, data, model, training, ...)");

        var errors = new List<ConfigError>();
        foreach (var assignment in overrides ?? [])
            YamlOverrides.Apply(root, assignment, display, errors);
        if (errors.Count > 0) throw new ConfigException(errors);

        var config = new TrainConfig();
        var folder = Path.GetDirectoryName(full)!;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "version":
                    if (value is not YamlScalarNode { Value: "1" }) errors.Add(At(display, value, "version must be 1"));
                    break;
                case "name":
                    config.Name = Scalar(value, display, errors) ?? config.Name;
                    break;
                case "output":
                    config.Output = Scalar(value, display, errors) ?? config.Output;
                    break;
                case "data":
                    BindSection(config.Data, key, value, display, errors);
                    break;
                case "model":
                    BindSection(config.Model, key, value, display, errors);
                    break;
                case "training":
                    BindSection(config.Training, key, value, display, errors);
                    break;
                case "evaluation":
                    BindSection(config.Evaluation, key, value, display, errors);
                    break;
                case "checkpoints":
                    BindSection(config.Checkpoints, key, value, display, errors);
                    break;
                case "finetune":
                    BindSection(config.Finetune, key, value, display, errors);
                    break;
                default:
                    errors.Add(At(display, keyNode, Unknown($"top-level key '{key}'", key, TopLevelKeys)));
                    break;
            }
        }

        config.Output = Path.GetFullPath(Path.Combine(folder, config.Output));
        config.Checkpoints.Dir = config.Checkpoints.Dir.Length == 0
            ? Path.Combine(config.Output, "checkpoints")
            : Path.GetFullPath(Path.Combine(folder, config.Checkpoints.Dir));
        if (config.Data.Shards.Length > 0) config.Data.Shards = Path.GetFullPath(Path.Combine(folder, config.Data.Shards));
        var f = config.Finetune;
        if (f.Base.Length > 0) f.Base = Path.GetFullPath(Path.Combine(folder, f.Base));
        if (f.TrainFile.Length > 0) f.TrainFile = Path.GetFullPath(Path.Combine(folder, f.TrainFile));
        if (f.Teacher.Length > 0) f.Teacher = Path.GetFullPath(Path.Combine(folder, f.Teacher));
        if (f.Reference.Length > 0) f.Reference = Path.GetFullPath(Path.Combine(folder, f.Reference));
        if (f.RewardModel.Length > 0) f.RewardModel = Path.GetFullPath(Path.Combine(folder, f.RewardModel));
        if (f.ValidationFile.Length > 0) f.ValidationFile = Path.GetFullPath(Path.Combine(folder, f.ValidationFile));
        f.Quarantine = f.Quarantine.Length == 0 ? Path.Combine(config.Output, "quarantine") : Path.GetFullPath(Path.Combine(folder, f.Quarantine));

        Validate(config, root, display, errors, checkData);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>The model of a <c>train --bench</c> run: <paramref name="preset"/> with the <c>--set model.*</c>
    /// overrides a training file would take, checked as in a training file; throws <see cref="ConfigException"/>
    /// naming the bad argument.</summary>
    public static ModelOptions BenchModel(string preset, IEnumerable<string>? overrides = null)
    {
        var section = new YamlMappingNode { { "preset", preset } };
        var root = new YamlMappingNode { { "model", section } };
        var errors = new List<ConfigError>();
        foreach (var assignment in overrides ?? [])
        {
            if (assignment.TrimStart().StartsWith("model.", StringComparison.Ordinal)) YamlOverrides.Apply(root, assignment, "--bench", errors);
            else errors.Add(new ConfigError($"--set '{assignment}'", 0, 0, "with --bench only model.* settings apply"));
        }

        var model = new ModelOptions();
        if (errors.Count == 0) BindSection(model, "model", root.Children[new YamlScalarNode("model")], "--bench", errors);
        if (errors.Count == 0 && !GptConfig.PresetNames.Contains(model.Preset))
            errors.Add(new ConfigError("--bench", 0, 0, $"unknown preset '{model.Preset}'; presets: {string.Join(", ", GptConfig.PresetNames)}"));
        if (errors.Count == 0) errors.AddRange(model.Resolve(2 * 64).Validate().Select(p => new ConfigError("--bench", 0, 0, $"model: {p}")));
        if (errors.Count > 0) throw new ConfigException(errors);
        return model;
    }

    private static void Validate(TrainConfig config, YamlMappingNode root, string file, List<ConfigError> errors, bool checkData)
    {
        void Check(bool ok, string section, string key, string message)
        {
            if (ok) return;
            errors.Add(Locate(root, file, section, key, $"{section}.{key}: {message}"));
        }

        var t = config.Training;
        var finetune = config.Finetune.Base.Length > 0 || config.Finetune.TrainFile.Length > 0;
        if (finetune)
        {
            Check(config.Finetune.Base.Length > 0, "finetune", "base", "required: the checkpoint to start from");
            Check(config.Finetune.TrainFile.Length > 0, "finetune", "train_file", "required: the training data (JSONL, or SFT shards with data_format: sft_shards)");
            Check(config.Finetune.Base.Length == 0 || File.Exists(Path.Combine(config.Finetune.Base, "state.json")) || File.Exists(Path.Combine(config.Finetune.Base, "latest.json")),
                "finetune", "base", $"no checkpoint at {config.Finetune.Base} (neither state.json nor latest.json)");
            var shards = config.Finetune.DataFormat == FinetuneDataFormat.SftShards;
            bool Exists(string path) => File.Exists(path) || (shards && Directory.Exists(path));
            Check(config.Finetune.TrainFile.Length == 0 || Exists(config.Finetune.TrainFile), "finetune", "train_file", $"{(shards ? "file or folder" : "file")} not found: {config.Finetune.TrainFile}");
            Check(config.Finetune.Beta > 0, "finetune", "beta", "must be positive");
            Check(config.Finetune.GroupSize >= 2, "finetune", "group_size", "must be at least 2 (the group mean is the baseline)");
            Check(config.Finetune.KlCoefficient >= 0, "finetune", "kl_coefficient", "must not be negative");
            Check(config.Finetune.MaxNewTokens > 0, "finetune", "max_new_tokens", "must be positive");
            Check(config.Finetune.Temperature > 0, "finetune", "temperature", "must be positive");
            Check(config.Finetune.ValidationFile.Length == 0 || Exists(config.Finetune.ValidationFile), "finetune", "validation_file", $"{(shards ? "file or folder" : "file")} not found: {config.Finetune.ValidationFile}");
        }
        else
        {
            Check(config.Data.Shards.Length > 0, "data", "shards", "required: the token-shard folder to train on");
            Check(config.Finetune.DistillTemperature > 0, "finetune", "distill_temperature", "must be positive");
            Check(config.Finetune.DistillAlpha is >= 0 and <= 1, "finetune", "distill_alpha", "must lie in [0, 1]");
        }

        Check(GptConfig.PresetNames.Contains(config.Model.Preset), "model", "preset",
            $"unknown preset '{config.Model.Preset}'; presets: {string.Join(", ", GptConfig.PresetNames)}");
        Check(t.Steps > 0, "training", "steps", "must be positive");
        Check(t.BatchSize > 0, "training", "batch_size", "must be positive");
        Check(t.GradAccumulation > 0, "training", "grad_accumulation", "must be positive");
        Check(t.LearningRate > 0, "training", "learning_rate", "must be positive");
        Check(t.MinLearningRate >= 0 && t.MinLearningRate <= t.LearningRate, "training", "min_learning_rate", "must lie between 0 and learning_rate");
        Check(t.WarmupSteps >= 0 && t.WarmupSteps <= t.Steps, "training", "warmup_steps", "must lie between 0 and steps");
        Check(t.WeightDecay >= 0, "training", "weight_decay", "must not be negative");
        Check(t.Beta1 is >= 0 and < 1, "training", "beta1", "must lie in [0, 1)");
        Check(t.Beta2 is >= 0 and < 1, "training", "beta2", "must lie in [0, 1)");
        Check(t.GradClip >= 0, "training", "grad_clip", "must not be negative (0 disables clipping)");
        Check(t.Threads >= 0, "training", "threads", "must not be negative");
        Check(t.LogInterval > 0, "training", "log_interval", "must be positive");
        Check(t.PeakTflops >= 0, "training", "peak_tflops", "must not be negative");
        Check(config.Evaluation.Interval >= 0, "evaluation", "interval", "must not be negative");
        Check(config.Evaluation.Batches > 0, "evaluation", "batches", "must be positive");
        Check(config.Checkpoints.Interval >= 0, "checkpoints", "interval", "must not be negative");
        Check(config.Checkpoints.Keep > 0, "checkpoints", "keep", "must be positive");
        var shape = GptConfig.PresetNames.Contains(config.Model.Preset) ? config.Model.Resolve(2 * 64) : null;
        foreach (var problem in shape?.Validate() ?? []) errors.Add(Locate(root, file, "model", "preset", $"model: {problem}"));
        if (!checkData || config.Data.Shards.Length == 0 || finetune) return;

        TokenShardManifest manifest;
        try
        {
            manifest = TokenShardManifest.Load(config.Data.Shards);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            errors.Add(Locate(root, file, "data", "shards", $"data.shards: cannot read the shard manifest: {e.Message}"));
            return;
        }

        var context = shape?.ContextLength ?? 1;
        if (!manifest.Splits.TryGetValue(config.Data.TrainSplit, out var split) || split.Tokens <= context)
        {
            errors.Add(Locate(root, file, "data", "train_split",
                $"data.train_split: split '{config.Data.TrainSplit}' " +
                (split is null ? $"is not in the manifest (splits: {string.Join(", ", manifest.Splits.Keys)})" : $"has {split.Tokens} tokens, fewer than one window of {context + 1}")));
        }
    }

    private static void BindSection(object target, string section, YamlNode node, string file, List<ConfigError> errors) =>
        OptionsBinder.BindInto(target, node, section, file, errors);

    private static string? Scalar(YamlNode node, string file, List<ConfigError> errors)
    {
        if (node is YamlScalarNode scalar) return scalar.Value;
        errors.Add(At(file, node, "expected a string"));
        return null;
    }

    private static string Unknown(string what, string key, IEnumerable<string> valid)
    {
        var list = valid.ToList();
        var suggestion = Naming.Suggest(key, list);
        return $"unknown {what}." + (suggestion.Count > 0 ? $" Did you mean '{suggestion[0]}'?" : "") + $" Valid: {string.Join(", ", list)}";
    }

    // Points at the key's value when written, else at its section, else at the top of the file.
    private static ConfigError Locate(YamlMappingNode root, string file, string section, string key, string message)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(section), out var sectionNode))
        {
            if (sectionNode is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value)) return At(file, value, message);
            return At(file, sectionNode, message);
        }

        return new ConfigError(file, 0, 0, message);
    }

    private static ConfigError At(string file, YamlNode node, string message) => OptionsBinder.At(file, node, message);
}
