using System.CommandLine;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Deployment;
using CorpusForge.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge quantize --checkpoint DIR --out DIR [--shards DIR]</c>: int8 weight-only export, with the
/// size and (given shards) the perplexity before and after.</summary>
public sealed class QuantizeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Checkpoint folder (its latest is used) or one step-… folder.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for model.int8.safetensors and config.json.", Required = true };
        var shards = new Option<DirectoryInfo?>("--shards") { Description = "Token shards: report perplexity before and after on their validation split." };
        var command = new Command("quantize", "Export a checkpoint with int8 weights (per-row scales) and measure what it costs.") { checkpoint, output, shards };
        command.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            using var evaluator = new ModelEvaluator(parse.GetValue(checkpoint)!.FullName);
            var state = CheckpointStore.ReadState(evaluator.Checkpoint);
            var folder = parse.GetValue(output)!.FullName;
            var fp32Bytes = evaluator.Model.parameters().Sum(p => p.numel()) * 4;
            var weights = Int8Quantizer.Export(evaluator.Model, state.Tokenizer, folder);
            Console.WriteLine($"int8 weights: {weights} ({new FileInfo(weights).Length:N0} bytes; fp32 weights {fp32Bytes:N0} bytes, {(double)new FileInfo(weights).Length / fp32Bytes:P1})");
            if (parse.GetValue(shards) is { } tokens)
            {
                var before = evaluator.Perplexity(tokens.FullName);
                using var quantised = Int8Quantizer.Load(folder);
                using (no_grad())
                    foreach (var (target, source) in evaluator.Model.parameters().Zip(quantised.parameters())) target.copy_(source);
                var after = evaluator.Perplexity(tokens.FullName);
                Console.WriteLine($"perplexity on {before.Split} ({before.Tokens:N0} tokens): fp32 {before.Perplexity:F3}, int8 {after.Perplexity:F3} ({after.Perplexity / before.Perplexity - 1:+0.00%;-0.00%})");
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
