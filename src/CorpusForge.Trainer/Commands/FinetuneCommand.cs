using System.CommandLine;
using CorpusForge.Cli.Commands;
using CorpusForge.Cli;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Training;

namespace CorpusForge.TrainerTool.Commands;

/// <summary><c>corpusforge finetune sft|reward|dpo|rl CONFIG.yaml</c>: fine-tunes a pretrained checkpoint with the same training
/// loop, checkpoints and metrics as <c>train</c> (rerunning resumes).</summary>
public sealed class FinetuneCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("finetune", "Fine-tune a checkpoint: sft, reward (reward model), dpo, rl (policy against a reward model).");
        command.Subcommands.Add(Objective("sft", "Supervised fine-tuning on prompt/response or messages JSONL; loss on assistant tokens only.",
            (config, log) => new SftObjective(config, log)));
        command.Subcommands.Add(Objective("reward", "Train a reward model (scalar head, pairwise loss) on chosen/rejected or ranked JSONL.",
            (config, log) => new RewardObjective(config, log)));
        command.Subcommands.Add(Objective("dpo", "Direct preference optimisation against a frozen reference on chosen/rejected or ranked JSONL.",
            (config, log) => new DpoObjective(config, log)));
        command.Subcommands.Add(Objective("rl", "RL against a reward model with a group baseline and a KL penalty to the reference, on a prompt JSONL.",
            (config, log) => new RlObjective(config, log)));
        command.Subcommands.Add(Objective("distill", "Distil a (smaller) student of the model: shape from a teacher checkpoint on token shards.",
            (config, log) => new CorpusForge.Training.Deployment.DistillationObjective(config, log)));
        return command;
    }

    private static Command Objective(string name, string description, Func<TrainConfig, Action<string>, ITrainingObjective> create)
    {
        var config = new Argument<FileInfo>("config") { Description = "Fine-tuning file (YAML with a finetune: section)." };
        var set = CommonOptions.Set();
        var command = new Command(name, description) { config, set };
        command.SetAction((parse, ct) => Cli.Cli.GuardAsync(() => Task.Run(() =>
        {
            var file = parse.GetValue(config)!;
            var trainConfig = TrainConfigLoader.Load(file.FullName, parse.GetValue(set));
            if (name == "distill" ? trainConfig.Finetune.Teacher.Length == 0 : trainConfig.Finetune.Base.Length == 0)
            {
                Console.Error.WriteLine($"error: {file.Name} has no finetune.{(name == "distill" ? "teacher" : "base")}; see docs/finetuning.md.");
                return ExitCodes.ConfigError;
            }

            using var objective = create(trainConfig, TrainCommand.Log);
            var trainer = new Trainer(trainConfig, TrainCommand.Log);
            using var signals = new StopSignals(ct);
            var run = trainer.Run(objective, null, signals.Token);
            return TrainCommand.Report(run, trainConfig, trainer);
        }, CancellationToken.None)));
        return command;
    }
}
