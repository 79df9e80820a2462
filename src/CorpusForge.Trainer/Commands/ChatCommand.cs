using System.CommandLine;
using CorpusForge.Cli;
using CorpusForge.Cli.Commands;
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
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Fine-tuned checkpoint folder (its latest is used) or one step-… folder.", Required = true };
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Ask one question, print the answer and exit." };
        var system = new Option<string?>("--system") { Description = "System message that frames the conversation." };
        var sampling = new SamplingArguments("Answer tokens at most.");
        var command = new Command("chat", "Chat with a fine-tuned checkpoint (KV-cache generation, stops at <|end|>).")
        {
            checkpoint, prompt, system,
        };
        sampling.AddTo(command);
        command.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            if (sampling.Parse(parse) is not { } options) return Task.FromResult(ExitCodes.ConfigError);

            using var session = ChatSession.Load(parse.GetValue(checkpoint)!.FullName, sampling.Device(parse), parse.GetValue(system));
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
