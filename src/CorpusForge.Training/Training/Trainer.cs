using System.Diagnostics;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorpusForge.Training.Training;

/// <summary>Progress of a run, reported after every optimiser step.</summary>
public sealed record TrainProgress(int Step, int TotalSteps, double Loss, double LearningRate, double TokensPerSecond, double? Mfu, double? ValidationLoss);

/// <summary>What a run did.</summary>
public sealed record TrainResult(
    int StartStep, int FinalStep, IReadOnlyList<double> Losses, double? ValidationLoss, string? Checkpoint, string? Export,
    double TokensPerSecond, double MsPerStep, long PeakRssBytes, string Device, string Precision, long Parameters, bool Stopped,
    double CpuMsPerStep = 0, long RssGrowthBytes = 0);

/// <summary>Pretrains a <see cref="GptModel"/> on token shards: AdamW (no decay on norms and biases), warmup then
/// cosine decay, clipping, accumulation, bf16 with fp32 master weights where asked, validation, metrics, checkpoints
/// that resume exactly, and an export at the end. Every step runs inside a dispose scope so native memory stays flat.</summary>
public sealed class Trainer
{
    private readonly TrainConfig _config;
    private readonly Action<string> _log;

    /// <summary>A trainer for a validated config; <paramref name="log"/> receives progress lines.</summary>
    public Trainer(TrainConfig config, Action<string>? log = null)
    {
        _config = config;
        _log = log ?? (_ => { });
    }

    /// <summary>Stops after this many optimiser steps have completed in total (a checkpoint is written there), as if
    /// interrupted; null runs to <see cref="OptimizationOptions.Steps"/>.</summary>
    public int? StopAfterStep { get; init; }

    /// <summary>False for measurements: no metrics files, checkpoints, plot or export are written.</summary>
    public bool WriteArtifacts { get; init; } = true;

    /// <summary>Leading steps of this run left out of the speed averages in <see cref="TrainResult"/> (allocator and
    /// kernel warm-up); the per-interval log lines include them.</summary>
    public int UntimedSteps { get; init; }

    /// <summary>Runs (or resumes) pretraining; cancelling saves a checkpoint at the current step and returns.</summary>
    public TrainResult Run(IProgress<TrainProgress>? progress = null, CancellationToken cancellation = default)
    {
        TorchNativeLoader.EnsureLoaded();
        using var objective = new LanguageModelObjective(_config, _log);
        return Run(objective, progress, cancellation);
    }

    /// <summary>Runs (or resumes) training toward <paramref name="objective"/>; cancelling saves a checkpoint at the
    /// current step and returns.</summary>
    public TrainResult Run(ITrainingObjective objective, IProgress<TrainProgress>? progress = null, CancellationToken cancellation = default)
    {
        TorchNativeLoader.EnsureLoaded();
        GlibcAllocator.LimitMmapThreshold();
        var t = _config.Training;
        if (t.Threads > 0) set_num_threads(t.Threads);
        var device = PickDevice(t.Device);
        var bf16 = t.Precision == PrecisionChoice.Bf16 || (t.Precision == PrecisionChoice.Auto && device.type == DeviceType.CUDA);

        var tokenizer = objective.Tokenizer;
        var shape = objective.Shape;

        manual_seed(t.Seed);
        using var master = new GptModel(shape, new torch.Generator((ulong)t.Seed));
        master.to(device);
        using var working = bf16 ? new GptModel(shape) : null;
        working?.to(device, ScalarType.BFloat16);
        var forward = working ?? master;
        var (optimizer, groups) = CreateOptimizer(master, t);
        using var disposeOptimizer = optimizer;

        var store = new CheckpointStore(_config.Checkpoints.Dir, _config.Checkpoints.Keep);
        var (startStep, position, tokensSeen) = Resume(store, master, optimizer, objective);
        if (startStep == 0) objective.Initialise(master);
        else objective.Seek(position);
        if (working is not null)
        {
            CopyWeights(master, working);
            AllocateGradients(master);
        }

        var metrics = WriteArtifacts ? new MetricsLog(_config.Output, $"{_config.Name}: {master.ParameterCount:N0} parameters", startStep) : null;
        if (WriteArtifacts) WriteEffectiveConfig(shape, master.ParameterCount);
        var schedule = new LearningRateSchedule(t.LearningRate, t.MinLearningRate, t.WarmupSteps, t.Steps);
        var flopsPerToken = shape.TrainingFlopsPerToken(master.ParameterCount, shape.ContextLength);
        var peakFlops = t.PeakTflops > 0 ? t.PeakTflops * 1e12 : device.type == DeviceType.CUDA ? 989e12 : (double?)null;
        var lastStep = Math.Min(t.Steps, StopAfterStep ?? t.Steps);
        _log($"{objective.Name}: model {shape.Layers}x{shape.Width} ({shape.Heads} heads, context {shape.ContextLength}, vocab {shape.VocabSize}): " +
             $"{master.ParameterCount:N0} parameters on {device.type.ToString().ToLowerInvariant()} in {(bf16 ? "bf16" : "fp32")}; " +
             $"{objective.Describe()}, {(long)t.BatchSize * t.GradAccumulation * shape.ContextLength:N0} tokens/step at most" + (startStep > 0 ? $"; resuming at step {startStep}" : ""));

        var losses = new List<double>();
        double? lastValidation = null;
        string? checkpoint = null;
        var stopped = false;
        var (intervalLoss, intervalSteps, intervalTicks, intervalTokens, totalTicks, timedSteps, timedTokens) = (0.0, 0, 0L, 0L, 0L, 0, 0L);
        var totalCpu = TimeSpan.Zero;
        var rssAfterWarmup = 0L;
        using var process = Process.GetCurrentProcess();
        var step = startStep;
        for (; step < lastStep; step++)
        {
            if (cancellation.IsCancellationRequested)
            {
                stopped = true;
                break;
            }

            var started = Stopwatch.GetTimestamp();
            var cpuStarted = process.TotalProcessorTime;
            var lr = schedule.At(step);
            var (loss, gradNorm, stepTokens) = TrainStep(objective, forward, master, working, optimizer, groups, device, lr);
            var ticks = Stopwatch.GetTimestamp() - started;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuStarted;
            tokensSeen += stepTokens;
            losses.Add(loss);
            (intervalLoss, intervalSteps, intervalTicks, intervalTokens) = (intervalLoss + loss, intervalSteps + 1, intervalTicks + ticks, intervalTokens + stepTokens);
            if (step - startStep == UntimedSteps - 1 || (UntimedSteps == 0 && step == startStep)) rssAfterWarmup = CurrentResidentBytes();
            if (step - startStep >= UntimedSteps)
            {
                totalTicks += ticks;
                totalCpu += cpu;
                timedSteps++;
                timedTokens += stepTokens;
            }

            var done = step + 1;
            double? validationLoss = null;
            var extra = new SortedDictionary<string, double>(StringComparer.Ordinal);
            if ((_config.Evaluation.Interval > 0 && done % _config.Evaluation.Interval == 0) || done == t.Steps)
            {
                validationLoss = Evaluate(objective, forward, device, extra) ?? lastValidation;
                lastValidation = validationLoss;
                if (extra.Count > 0) LastValidationFigures = extra;
            }

            var seconds = (double)intervalTicks / Stopwatch.Frequency;
            var tokensPerSecond = intervalTokens / seconds;
            var mfu = peakFlops is { } peak ? flopsPerToken * tokensPerSecond / peak : (double?)null;
            progress?.Report(new TrainProgress(done, t.Steps, loss, lr, tokensPerSecond, mfu, validationLoss));
            // Step 1 is always logged, so the starting loss is visible.
            if (done % t.LogInterval == 0 || done == lastStep || done == 1 || validationLoss is not null)
            {
                var row = new MetricsRow(done, tokensSeen, intervalLoss / intervalSteps, lr, gradNorm, 1000 * seconds / intervalSteps, tokensPerSecond, mfu, validationLoss);
                metrics?.Add(row);
                _log($"step {done}/{t.Steps}  loss {row.Loss:F4}  lr {lr:E2}  grad {gradNorm:F3}  {row.MsPerStep:F1} ms/step  {tokensPerSecond:N0} tok/s" +
                     (mfu is { } m ? $"  mfu {100 * m:F1}%" : "") +
                     (validationLoss is { } v ? $"  val {v:F4} (ppl {Math.Exp(v):F2})" : "") +
                     string.Concat(objective.StepFigures.Select(kv => $"  {kv.Key} {kv.Value:F3}")) +
                     string.Concat(extra.Select(kv => $"  {kv.Key} {kv.Value:F4}")));
                (intervalLoss, intervalSteps, intervalTicks, intervalTokens) = (0, 0, 0, 0);
            }

            if (WriteArtifacts && _config.Checkpoints.Interval > 0 && done % _config.Checkpoints.Interval == 0 && done < lastStep)
            {
                checkpoint = Save(store, master, optimizer, done, objective, tokensSeen);
            }
        }

        string? export = null;
        if (WriteArtifacts)
        {
            checkpoint = step > startStep ? Save(store, master, optimizer, step, objective, tokensSeen) : store.Latest();
            if (metrics!.Rows.Count > 0) metrics.Plot();
        }

        if (WriteArtifacts && step == t.Steps)
        {
            export = ModelExport.Export(master, tokenizer, Path.Combine(_config.Output, "export"));
            _log($"exported {export}");
        }

        var averageSeconds = timedSteps > 0 ? (double)totalTicks / Stopwatch.Frequency / timedSteps : 0;
        return new TrainResult(startStep, step, losses, lastValidation, checkpoint, export,
            timedSteps > 0 ? timedTokens / (averageSeconds * timedSteps) : 0, 1000 * averageSeconds, PeakResidentBytes(),
            device.type.ToString().ToLowerInvariant(), bf16 ? "bf16" : "fp32", master.ParameterCount, stopped,
            timedSteps > 0 ? totalCpu.TotalMilliseconds / timedSteps : 0, rssAfterWarmup > 0 ? CurrentResidentBytes() - rssAfterWarmup : 0);
    }

    /// <summary>Figures besides the loss from the latest validation (accuracy, margins, …), by name.</summary>
    public IReadOnlyDictionary<string, double> LastValidationFigures { get; private set; } = new Dictionary<string, double>();

    /// <summary>AdamW over two groups: matrices and embeddings decay, vectors (norm gains, biases) do not.</summary>
    internal static (AdamW Optimizer, AdamW.ParamGroup[] Groups) CreateOptimizer(GptModel model, OptimizationOptions t)
    {
        var parameters = model.named_parameters().ToList();
        var groups = new[]
        {
            new AdamW.ParamGroup(parameters.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter), lr: t.LearningRate, beta1: t.Beta1, beta2: t.Beta2, eps: 1e-8, weight_decay: t.WeightDecay),
            new AdamW.ParamGroup(parameters.Where(p => p.parameter.dim() < 2).Select(p => p.parameter), lr: t.LearningRate, beta1: t.Beta1, beta2: t.Beta2, eps: 1e-8, weight_decay: 0),
        };
        return (optim.AdamW(groups, t.LearningRate, t.Beta1, t.Beta2, 1e-8, t.WeightDecay), groups);
    }

    /// <summary>One optimiser step over <c>grad_accumulation</c> micro-batches; returns the mean loss, the
    /// gradient norm before clipping and the tokens fed.</summary>
    private (double Loss, double GradNorm, long Tokens) TrainStep(
        ITrainingObjective objective, GptModel forward, GptModel master, GptModel? working, AdamW optimizer, AdamW.ParamGroup[] groups, Device device, double lr)
    {
        var t = _config.Training;
        using var scope = NewDisposeScope();
        foreach (var group in groups) group.LearningRate = lr;
        forward.zero_grad();
        var lossSum = zeros(1, device: device);
        var tokens = 0L;
        for (var micro = 0; micro < t.GradAccumulation; micro++)
        {
            var (loss, fed) = objective.NextLoss(forward, device);
            (loss / t.GradAccumulation).backward();
            lossSum.add_(loss.detach());
            tokens += fed;
        }

        if (working is not null)
        {
            using var noGrad = no_grad();
            foreach (var (m, w) in master.parameters().Zip(working.parameters())) m.grad!.copy_(w.grad!);
        }

        var gradNorm = nn.utils.clip_grad_norm_(master.parameters(), t.GradClip > 0 ? t.GradClip : double.PositiveInfinity);
        optimizer.step();
        if (working is not null) CopyWeights(master, working);
        return (lossSum.item<float>() / t.GradAccumulation, gradNorm, tokens);
    }

    private static double? Evaluate(ITrainingObjective objective, GptModel model, Device device, IDictionary<string, double> extra)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        try
        {
            return objective.Validate(model, device, extra);
        }
        finally
        {
            model.train();
        }
    }

    private (int Step, long Position, long Tokens) Resume(CheckpointStore store, GptModel model, AdamW optimizer, ITrainingObjective objective)
    {
        if (!_config.Checkpoints.Resume || store.Latest() is not { } latest) return (0, 0, 0);
        var state = CheckpointStore.ReadState(latest);
        var t = _config.Training;
        var (shape, tokenizer) = (objective.Shape, objective.Tokenizer);
        var mismatches = new List<string>();
        if (state.Objective != objective.Name) mismatches.Add($"objective {state.Objective} ≠ {objective.Name}");
        if (state.Model != shape) mismatches.Add($"model shape {Describe(state.Model)} ≠ {Describe(shape)}");
        if (state.Tokenizer.VocabHash != tokenizer.VocabHash || state.Tokenizer.Name != tokenizer.Name) mismatches.Add($"tokenizer '{state.Tokenizer.Name}' ≠ '{tokenizer.Name}'");
        if (state.BatchSize != t.BatchSize || state.GradAccumulation != t.GradAccumulation) mismatches.Add($"batch {state.BatchSize}×{state.GradAccumulation} ≠ {t.BatchSize}×{t.GradAccumulation}");
        if (state.Seed != t.Seed || state.Order != _config.Data.Order.ToString()) mismatches.Add($"data order {state.Order}/seed {state.Seed} ≠ {_config.Data.Order}/seed {t.Seed}");
        if (mismatches.Count > 0)
        {
            throw new ConfigException(_config.Checkpoints.Dir,
                $"cannot resume from {latest}: {string.Join("; ", mismatches)}. Use another checkpoint folder or set checkpoints.resume: false.");
        }

        CheckpointStore.LoadInto(latest, model, optimizer);
        CheckpointStore.RestoreRng(state.RngState);
        _log($"resumed from {latest}");
        return (state.Step, state.TrainPosition, state.TokensSeen);
    }

    private string Save(CheckpointStore store, GptModel master, AdamW optimizer, int step, ITrainingObjective objective, long tokens)
    {
        var state = new TrainerState
        {
            Step = step, TrainPosition = objective.Position, TokensSeen = tokens, RngState = CheckpointStore.CaptureRng(), Model = objective.Shape,
            Tokenizer = objective.Tokenizer, Shards = objective.Data, Order = _config.Data.Order.ToString(), Seed = _config.Training.Seed,
            BatchSize = _config.Training.BatchSize, GradAccumulation = _config.Training.GradAccumulation, Objective = objective.Name,
        };
        var path = store.Save(master, optimizer, state);
        _log($"checkpoint {path}");
        return path;
    }

    private static string Describe(GptConfig c) => $"{c.Layers}x{c.Width}/{c.Heads}h/ctx{c.ContextLength}/vocab{c.VocabSize}";

    private static void CopyWeights(GptModel from, GptModel to)
    {
        using var noGrad = no_grad();
        foreach (var (source, target) in from.parameters().Zip(to.parameters())) target.copy_(source);
    }

    // bf16 gradients are copied into these fp32 buffers each step, where the optimiser finds them.
    private static void AllocateGradients(GptModel master)
    {
        foreach (var parameter in master.parameters()) parameter.grad = zeros_like(parameter);
    }

    private static Device PickDevice(DeviceChoice choice) => choice switch
    {
        DeviceChoice.Cpu => CPU,
        DeviceChoice.Cuda when cuda.is_available() => CUDA,
        DeviceChoice.Cuda => throw new InvalidOperationException("training.device is cuda but no CUDA device is available (or this build uses the CPU libtorch: build with -p:TorchBackend=cuda)."),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>The process's peak resident set (VmHWM) in bytes; 0 where /proc is unavailable.</summary>
    public static long PeakResidentBytes() => ProcStatus("VmHWM:");

    /// <summary>The process's current resident set (VmRSS) in bytes; 0 where /proc is unavailable.</summary>
    public static long CurrentResidentBytes() => ProcStatus("VmRSS:");

    private static long ProcStatus(string key)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Writes the configuration in force (after overrides and defaults, with the resolved model shape) as
    /// <c>train-config.json</c> beside <c>metrics.csv</c>, so a report shows what produced the curves.</summary>
    private void WriteEffectiveConfig(GptConfig shape, long parameters)
    {
        var options = new System.Text.Json.JsonSerializerOptions
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower) },
        };
        var json = System.Text.Json.JsonSerializer.SerializeToNode(_config, options)!.AsObject();
        json["resolved_model"] = System.Text.Json.JsonSerializer.SerializeToNode(shape, options);
        json["parameters"] = parameters;
        CorpusForge.Core.IO.AtomicFile.WriteAllText(Path.Combine(_config.Output, "train-config.json"), json.ToJsonString(options) + "\n");
    }
}
