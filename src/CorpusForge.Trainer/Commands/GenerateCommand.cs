using System.CommandLine;
using CorpusForge.Cli;
using CorpusForge.Cli.Commands;
using CorpusForge.Training.Generation;
using CorpusForge.Training.Training;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge generate --checkpoint DIR --prompt TEXT</c>: samples a continuation from a trained model,
/// with the tokenizer its training shards were made with.</summary>
public sealed class GenerateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var defaults = new SamplingOptions();
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Checkpoint folder (its latest checkpoint is used) or one step-… folder.", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text to continue (empty: start a new document).", DefaultValueFactory = _ => "" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Tokens to generate at most.", DefaultValueFactory = _ => defaults.MaxTokens };
        var temperature = new Option<double>("--temperature", "-t") { Description = "Sampling temperature; 0 = greedy.", DefaultValueFactory = _ => defaults.Temperature };
        var topK = new Option<int>("--top-k") { Description = "Sample from the k most likely tokens; 0 = all.", DefaultValueFactory = _ => defaults.TopK };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling: the smallest set of tokens reaching this probability; 1 = all.", DefaultValueFactory = _ => defaults.TopP };
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed, prompt and checkpoint give the same text.", DefaultValueFactory = _ => defaults.Seed };
        var samples = new Option<int>("--samples") { Description = "Number of samples (seeds seed, seed+1, ...).", DefaultValueFactory = _ => 1 };
        var device = new Option<DeviceChoice>("--device") { Description = "auto (cuda when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto };
        var command = new Command("generate", "Sample text from a trained checkpoint.")
        {
            checkpoint, prompt, maxTokens, temperature, topK, topP, seed, samples, device,
        };
        command.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            var options = new SamplingOptions
            {
                MaxTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP), Seed = parse.GetValue(seed),
            };
            var problems = options.Validate().ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
                return Task.FromResult(ExitCodes.ConfigError);
            }

            using var generator = TextGenerator.Load(parse.GetValue(checkpoint)!.FullName, parse.GetValue(device));
            var text = parse.GetValue(prompt) ?? "";
            for (var i = 0; i < Math.Max(1, parse.GetValue(samples)); i++)
            {
                var (continuation, _) = generator.Generate(text, options with { Seed = options.Seed + i });
                if (i > 0) Console.WriteLine("---");
                Console.WriteLine(text + continuation);
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
