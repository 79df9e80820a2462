using System.CommandLine;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;
using CorpusForge.Training.Generation;
using CorpusForge.Training.Training;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge chat --checkpoint DIR</c>: talk to a fine-tuned model (one line per message; an empty
/// line or end of input ends the session); <c>--prompt</c> asks one question and exits.</summary>
public sealed class ChatCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var defaults = new SamplingOptions();
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Fine-tuned checkpoint folder (its latest is used) or one step-… folder.", Required = true };
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Ask one question, print the answer and exit." };
        var system = new Option<string?>("--system") { Description = "System message that frames the conversation." };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Answer tokens at most.", DefaultValueFactory = _ => defaults.MaxTokens };
        var temperature = new Option<double>("--temperature", "-t") { Description = "Sampling temperature; 0 = greedy.", DefaultValueFactory = _ => defaults.Temperature };
        var topK = new Option<int>("--top-k") { Description = "Sample from the k most likely tokens; 0 = all.", DefaultValueFactory = _ => defaults.TopK };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling threshold; 1 = all.", DefaultValueFactory = _ => defaults.TopP };
        var seed = new Option<long>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => defaults.Seed };
        var device = new Option<DeviceChoice>("--device") { Description = "auto (cuda when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto };
        var command = new Command("chat", "Chat with a fine-tuned checkpoint (KV-cache generation, stops at <|end|>).")
        {
            checkpoint, prompt, system, maxTokens, temperature, topK, topP, seed, device,
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

            using var session = ChatSession.Load(parse.GetValue(checkpoint)!.FullName, parse.GetValue(device), parse.GetValue(system));
            if (parse.GetValue(prompt) is { } question)
            {
                Console.WriteLine(session.Reply(question, options));
                return Task.FromResult(ExitCodes.Ok);
            }

            var interactive = !Console.IsInputRedirected;
            if (interactive) Console.Error.WriteLine("chat: one message per line; an empty line or Ctrl+D ends.");
            var turn = 0;
            while (true)
            {
                if (interactive) Console.Write("you> ");
                var line = Console.ReadLine();
                if (string.IsNullOrWhiteSpace(line)) break;
                var answer = session.Reply(line, options with { Seed = options.Seed + turn++ });
                Console.WriteLine(interactive ? $"model> {answer}" : answer);
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
