using System.CommandLine;
using CorpusForge.Cli;
using CorpusForge.Cli.Commands;
using CorpusForge.Training.Benchmarks;
using CorpusForge.Training.Training;
using Spectre.Console;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge train CONFIG.yaml</c>: validates a training file, then trains (or resumes from the latest
/// checkpoint); <c>corpusforge train --bench PRESET</c> measures training speed on random tokens instead.</summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var config = new Argument<FileInfo?>("config") { Description = "Training file (YAML).", Arity = ArgumentArity.ZeroOrOne };
        var set = CommonOptions.Set();
        var bench = new Option<string?>("--bench") { Description = "Measure training speed of a model preset (tiny, mini, gpt2-mini, gpt2-124m; --set model.* overrides apply) on random tokens instead of training." };
        var batch = new Option<int>("--batch") { Description = "With --bench: sequences per step.", DefaultValueFactory = _ => 8 };
        var vocab = new Option<int>("--vocab") { Description = "With --bench: vocabulary size (50257 = GPT-2).", DefaultValueFactory = _ => 50257 };
        var steps = new Option<int>("--steps") { Description = "With --bench: timed steps (after 3 warm-up steps).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "With --bench: libtorch CPU threads (0 = one per core).", DefaultValueFactory = _ => 0 };
        var precision = new Option<PrecisionChoice>("--precision") { Description = "With --bench: auto (bf16 on cuda), fp32 or bf16.", DefaultValueFactory = _ => PrecisionChoice.Auto };
        var command = new Command("train", "Pretrain a GPT on token shards as a training file describes; rerunning resumes from the latest checkpoint.")
        {
            config, set, bench, batch, vocab, steps, threads, precision,
        };
        command.SetAction((parse, ct) => Cli.Cli.GuardAsync(() => Task.Run(() =>
        {
            if (parse.GetValue(bench) is { } preset)
            {
                var model = TrainConfigLoader.BenchModel(preset, parse.GetValue(set));
                var result = TrainingBenchmark.Run(new TrainingBenchmarkOptions
                {
                    Model = model, BatchSize = parse.GetValue(batch), Vocabulary = parse.GetValue(vocab), Steps = parse.GetValue(steps), Threads = parse.GetValue(threads), Precision = parse.GetValue(precision),
                }, Log);
                Console.WriteLine(result);
                return ExitCodes.Ok;
            }

            if (parse.GetValue(config) is not { } file)
            {
                Console.Error.WriteLine("error: give a training file (corpusforge train CONFIG.yaml) or --bench PRESET.");
                return ExitCodes.ConfigError;
            }

            var trainConfig = TrainConfigLoader.Load(file.FullName, parse.GetValue(set));
            if (trainConfig.Finetune.Base.Length > 0)
            {
                Console.Error.WriteLine($"error: {file.Name} is a fine-tuning file (it has finetune.base); run it with corpusforge finetune sft|reward|dpo|rl.");
                return ExitCodes.ConfigError;
            }

            var trainer = new Trainer(trainConfig, Log);
            using var signals = new StopSignals(ct);
            var run = Cli.Cli.Interactive ? RunWithProgressBar(trainer, trainConfig, signals.Token) : trainer.Run(null, signals.Token);
            return Report(run, trainConfig, trainer);
        }, CancellationToken.None)));
        return command;
    }

    /// <summary>Prints the end-of-run summary and returns the exit code.</summary>
    internal static int Report(TrainResult run, TrainConfig trainConfig, Trainer trainer)
    {
        if (run.Stopped)
        {
            Console.Error.WriteLine($"stopped at step {run.FinalStep}; checkpoint {run.Checkpoint}. Run the same command again to resume.");
            return ExitCodes.Cancelled;
        }

        Console.WriteLine($"trained steps {run.StartStep}..{run.FinalStep}: {run.TokensPerSecond:N0} tokens/s, {run.MsPerStep:F1} ms/step, " +
                          $"peak RSS {run.PeakRssBytes / 1048576.0:F0} MiB" + (run.ValidationLoss is { } v ? $", validation loss {v:F4} (perplexity {Math.Exp(v):F2})" : "") +
                          string.Concat(trainer.LastValidationFigures.Select(kv => $", {kv.Key} {kv.Value:F4}")));
        Console.WriteLine($"metrics: {Path.Combine(trainConfig.Output, "metrics.csv")}, loss curve: {Path.Combine(trainConfig.Output, "loss.png")}");
        if (run.Checkpoint is not null) Console.WriteLine($"checkpoint: {run.Checkpoint}");
        if (run.Export is not null) Console.WriteLine($"export: {run.Export}");
        return ExitCodes.Ok;
    }

    private static TrainResult RunWithProgressBar(Trainer trainer, TrainConfig config, CancellationToken ct)
    {
        TrainResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(config.Name, maxValue: config.Training.Steps);
                result = trainer.Run(new Reporter(p =>
                {
                    task.Value = p.Step;
                    task.Description = $"{config.Name} loss {p.Loss:F3} · {p.TokensPerSecond:N0} tok/s" + (p.Mfu is { } m ? $" · MFU {100 * m:F0}%" : "");
                }), ct);
            });
        return result!;
    }

    /// <summary>Writes a progress line (grey on a terminal, time-stamped otherwise).</summary>
    internal static void Log(string message)
    {
        if (Cli.Cli.Interactive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        else Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
    }

    // Reports synchronously on the training thread (Progress<T> would post to the thread pool, out of order).
    private sealed class Reporter(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
