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
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Checkpoint folder (its latest checkpoint is used) or one step-… folder.", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text to continue (empty: start a new document).", DefaultValueFactory = _ => "" };
        var samples = new Option<int>("--samples") { Description = "Number of samples (seeds seed, seed+1, ...).", DefaultValueFactory = _ => 1 };
        var sampling = new SamplingArguments("Tokens to generate at most.");
        var command = new Command("generate", "Sample text from a trained checkpoint.")
        {
            checkpoint, prompt, samples,
        };
        sampling.AddTo(command);
        command.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            if (sampling.Parse(parse) is not { } options) return Task.FromResult(ExitCodes.ConfigError);

            using var generator = TextGenerator.Load(parse.GetValue(checkpoint)!.FullName, sampling.Device(parse));
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
