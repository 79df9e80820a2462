using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Generation;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>RL from a reward model with a group baseline (GRPO-style, Shao et al. 2024, without the ratio clipping
/// because each batch is used for exactly one on-policy step): per prompt, <c>group_size</c> answers are sampled in one
/// batched, KV-cached generation; each answer's advantage is its reward-model score minus the group mean, divided by
/// the group's standard deviation; the loss is −advantage · mean log π(answer token) plus <c>kl_coefficient</c> times
/// the per-token KL estimate exp(q) − q − 1 with q = log π_ref − log π (Schulman's k3, non-negative, unbiased) to
/// the frozen reference. Figures: mean reward and mean KL per answer (sum over its tokens) of the last step and, on
/// held-out prompts, of <c>group_size</c> answers per prompt sampled with a fixed seed.</summary>
public sealed class RlObjective : ITrainingObjective
{
    private readonly TrainConfig _config;
    private readonly ChatModelBase _base;
    private readonly List<int[]> _train;
    private readonly List<int[]>? _validation;
    private readonly ExampleOrder _order;
    private GptModel? _reward;
    private GptModel? _reference;
    private Device? _device;

    /// <summary>Reads the prompt files of <paramref name="config"/>.</summary>
    public RlObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        var f = config.Finetune;
        f.RequireJsonl("rl");
        if (f.RewardModel.Length == 0) throw new CorpusForge.Core.Pipeline.ConfigException(f.TrainFile, "finetune.reward_model: required for rl (a checkpoint made by finetune reward)");
        _base = ChatModelBase.Open(f.Base);
        _train = Load(f.TrainFile, log);
        if (f.ValidationFile.Length > 0) _validation = Load(f.ValidationFile, log);
        _order = new ExampleOrder(_train.Count, (ulong)config.Training.Seed, true);
    }

    /// <inheritdoc />
    public string Name => "rl";

    /// <inheritdoc />
    public GptConfig Shape => _base.Shape;

    /// <inheritdoc />
    public TokenizerIdentity Tokenizer => _base.Codec.Identity;

    /// <inheritdoc />
    public string Data => _config.Finetune.TrainFile;

    /// <inheritdoc />
    public long Position { get; private set; }

    /// <summary>Mean reward-model score of the last step's answers.</summary>
    public double LastReward { get; private set; }

    /// <summary>Mean KL to the reference per answer of the last step.</summary>
    public double LastKl { get; private set; }

    /// <inheritdoc />
    public void Seek(long position) => Position = position;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> StepFigures => new Dictionary<string, double> { ["reward"] = LastReward, ["kl"] = LastKl };

    /// <inheritdoc />
    public string Describe() =>
        $"{_train.Count:N0} prompts × {_config.Finetune.GroupSize} answers, KL coefficient {_config.Finetune.KlCoefficient}, reward model {_config.Finetune.RewardModel}";

    /// <inheritdoc />
    public void Initialise(GptModel model) => _base.LoadInto(model);

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        var f = _config.Finetune;
        var prompts = new List<int[]>();
        for (var i = 0; i < _config.Training.BatchSize; i++)
        {
            var prompt = _train[_order.At(Position++)];
            for (var g = 0; g < f.GroupSize; g++) prompts.Add(prompt);
        }

        var (batch, rewards) = Sample(model, prompts, device, _config.Training.Seed + Position);
        var groups = rewards.view(-1, f.GroupSize);
        var advantages = ((groups - groups.mean([1], keepdim: true)) / (groups.std(1, keepdim: true) + 1e-4)).view(-1);
        var mask = batch.AnswerMask.to(ScalarType.Float32);
        var lengths = mask.sum(1);
        var logp = batch.TokenLogProbabilities(model);
        Tensor referenceLogp;
        using (no_grad()) referenceLogp = batch.TokenLogProbabilities(Reference(device));
        var q = (referenceLogp - logp) * mask;
        var kl = (q.exp() - q - 1) * mask;
        var policy = -(advantages.unsqueeze(1) * logp * mask).sum(1) / lengths;
        var loss = (policy + f.KlCoefficient * kl.sum(1) / lengths).mean();
        LastReward = rewards.mean().item<float>();
        LastKl = ((logp.detach() - referenceLogp) * mask).sum(1).mean().item<float>();
        return (loss, batch.Tokens);
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        extra["reward"] = LastReward;
        extra["kl"] = LastKl;
        if (_validation is null) return null;
        var (reward, kl) = Score(model, [.. _validation.SelectMany(p => Enumerable.Repeat(p, _config.Finetune.GroupSize))], device);
        extra["heldout_reward"] = reward;
        extra["heldout_kl"] = kl;
        return null;
    }

    /// <summary>Mean reward and mean KL to the reference (per answer) of answers to <paramref name="prompts"/> sampled with a fixed seed.</summary>
    public (double Reward, double Kl) Score(GptModel model, IReadOnlyList<int[]> prompts, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (batch, rewards) = Sample(model, prompts, device, 0);
        var mask = batch.AnswerMask;
        var kl = ((batch.TokenLogProbabilities(model) - batch.TokenLogProbabilities(Reference(device))) * mask).sum(1).mean().item<float>();
        return (rewards.mean().item<float>(), kl);
    }

    /// <summary>The held-out prompts (or the training prompts when there are none), as ids.</summary>
    public IReadOnlyList<int[]> EvaluationPrompts => _validation ?? _train;

    /// <inheritdoc />
    public void Dispose()
    {
        _reward?.Dispose();
        _reference?.Dispose();
    }

    private (AnswerBatch Batch, Tensor Rewards) Sample(GptModel model, IReadOnlyList<int[]> prompts, Device device, long seed)
    {
        var f = _config.Finetune;
        var template = _base.Template;
        var options = new SamplingOptions { Temperature = f.Temperature, TopK = 0, TopP = 1, MaxTokens = f.MaxNewTokens, Seed = seed };
        var generated = BatchGenerator.Generate(model, prompts, options, Tokenizer.VocabSize, [template.EndId, Tokenizer.EosId]);
        // An answer is scored as the template writes it, ended by <|end|> (also when it ran out of tokens).
        var items = prompts.Select((p, i) => new PromptAnswer(p, [.. generated[i].Tokens, template.EndId])).ToList();
        var batch = AnswerBatch.Build(items, Tokenizer.EosId, device);
        Tensor rewards;
        using (no_grad()) rewards = batch.Rewards(RewardModel(device));
        return (batch, rewards);
    }

    private GptModel RewardModel(Device device)
    {
        if (_reward is not null) return _reward;
        var folder = CheckpointStore.Resolve(_config.Finetune.RewardModel);
        var state = CheckpointStore.ReadState(folder);
        if (!state.Model.ScoreHead) throw new InvalidDataException($"{folder} is not a reward model (no score head); make one with corpusforge finetune reward.");
        if (state.Tokenizer.VocabHash != Tokenizer.VocabHash) throw new InvalidDataException($"{folder}: the reward model's tokenizer differs from the policy's.");
        return _reward = ChatModelBase.Freeze(CheckpointStore.LoadModel(folder, device).Model);
    }

    private GptModel Reference(Device device)
    {
        if (_reference is not null && _device == device) return _reference;
        var reference = _config.Finetune.Reference.Length > 0 ? ChatModelBase.Open(_config.Finetune.Reference) : _base;
        _reference = reference.LoadFrozen(device);
        _device = device;
        return _reference;
    }

    private List<int[]> Load(string path, Action<string> log)
    {
        var records = FinetuneRecords.ReadPrompts(path);
        var quarantined = records.Quarantined.ToList();
        var lines = File.ReadAllLines(path);
        var prompts = new List<int[]>();
        foreach (var row in records.Rows)
        {
            var ids = _base.Template.Prompt(row.Value.Prompt);
            if (ids.Length + _config.Finetune.MaxNewTokens > Shape.ContextLength)
            {
                quarantined.Add(new QuarantinedRow(path, row.Line, $"{ids.Length} prompt tokens + max_new_tokens {_config.Finetune.MaxNewTokens} exceed the context of {Shape.ContextLength}", lines[row.Line - 1]));
                continue;
            }

            prompts.Add(ids);
        }

        if (prompts.Count == 0) throw new InvalidDataException($"{path}: no prompt leaves room for an answer in the context of {Shape.ContextLength}");
        var written = (records with { Quarantined = quarantined }).WriteQuarantine(Path.Combine(_config.Finetune.Quarantine, Path.GetFileNameWithoutExtension(path) + ".jsonl"));
        log($"{path}: {prompts.Count:N0} prompts" + (written is null ? "" : $", {quarantined.Count:N0} rows quarantined ({written})"));
        return prompts;
    }
}
