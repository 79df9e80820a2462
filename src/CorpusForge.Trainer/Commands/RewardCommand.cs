using System.CommandLine;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;
using CorpusForge.Training.Finetuning;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge reward score --checkpoint DIR INPUT.jsonl --out OUT.jsonl</c>: scores answers with a reward model.</summary>
public sealed class RewardCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var checkpoint = new Option<DirectoryInfo>("--checkpoint", "-c") { Description = "Reward-model checkpoint (made by finetune reward).", Required = true };
        var input = new Argument<FileInfo>("input") { Description = "JSONL rows {prompt, response} or {messages} ending with the answer." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output JSONL: each row with \"reward\" added.", Required = true };
        var score = new Command("score", "Score answers with a reward model.") { checkpoint, input, output };
        score.SetAction((parse, _) => Cli.Cli.GuardAsync(() =>
        {
            var (scored, quarantined) = RewardScorer.Score(parse.GetValue(checkpoint)!.FullName, parse.GetValue(input)!.FullName, parse.GetValue(output)!.FullName);
            Console.WriteLine($"scored {scored} rows into {parse.GetValue(output)!.FullName}" + (quarantined > 0 ? $"; {quarantined} rows quarantined ({parse.GetValue(output)!.FullName}.quarantine.jsonl)" : ""));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return new Command("reward", "Reward-model tools.") { score };
    }
}
