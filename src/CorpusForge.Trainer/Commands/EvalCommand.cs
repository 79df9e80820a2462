using System.CommandLine;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;
using CorpusForge.Core.IO;
using CorpusForge.Training.Evaluation;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge eval --checkpoint DIR [--shards DIR] [--mc FILE] [--safety FILE] [--out FILE]</c>.</summary>
public sealed class EvalCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Checkpoint folder (its latest is used) or one step-… folder.", Required = true };
        var shards = new Option<DirectoryInfo?>("--shards") { Description = "Token-shard folder: perplexity on one of its splits." };
        var split = new Option<string>("--split") { Description = "Split for perplexity.", DefaultValueFactory = _ => "validation" };
        var windows = new Option<int>("--max-windows") { Description = "Context-length windows scored at most.", DefaultValueFactory = _ => 64 };
        var mc = new Option<FileInfo?>("--mc") { Description = "Multiple-choice JSONL {question, choices, answer}: accuracy by log-likelihood." };
        var safety = new Option<FileInfo?>("--safety") { Description = "Prompt JSONL: share of generated answers flagged by the toxicity and PII stages." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the results as JSON here (default: eval.json beside the checkpoint)." };
        var command = new Command("eval", "Evaluate a checkpoint: perplexity, multiple-choice accuracy, safety.") { checkpoint, shards, split, windows, mc, safety, output };
        command.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            if (parse.GetValue(shards) is null && parse.GetValue(mc) is null && parse.GetValue(safety) is null)
            {
                Console.Error.WriteLine("error: give at least one task: --shards, --mc or --safety.");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            using var evaluator = new ModelEvaluator(parse.GetValue(checkpoint)!.FullName);
            var report = evaluator.Run(parse.GetValue(shards)?.FullName, parse.GetValue(split)!, parse.GetValue(windows), parse.GetValue(mc)?.FullName, parse.GetValue(safety)?.FullName);
            foreach (var line in report.Lines()) Console.WriteLine(line);
            var path = parse.GetValue(output)?.FullName ?? Path.Combine(evaluator.Checkpoint, "eval.json");
            AtomicFile.WriteAllText(path, report.ToJson());
            Console.WriteLine($"results: {path}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
