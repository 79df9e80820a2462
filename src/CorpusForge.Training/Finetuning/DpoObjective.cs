using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>Direct preference optimisation (Rafailov et al. 2023): with implied rewards r = β·(log π(y|x) − log
/// π_ref(y|x)) against a frozen reference, minimise −log σ(r_chosen − r_rejected). The reference's log-probabilities
/// are computed once per pair and kept (the reference never changes), so a step costs one policy forward and backward.
/// Held-out figures: preference accuracy (share of pairs with r_chosen &gt; r_rejected), mean implied margin, and the
/// mean implied rewards of chosen and rejected answers.</summary>
public sealed class DpoObjective : ITrainingObjective
{
    private readonly TrainConfig _config;
    private readonly ChatModelBase _base;
    private readonly PreferenceData _train;
    private readonly PreferenceData? _validation;
    private readonly Dictionary<PromptAnswer, float> _reference = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reads the preference files of <paramref name="config"/>; the reference is <c>finetune.reference</c>
    /// (default: the base checkpoint).</summary>
    public DpoObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        var f = config.Finetune;
        f.RequireJsonl("dpo");
        _base = ChatModelBase.Open(f.Base);
        _train = PreferenceData.Load(f.TrainFile, _base.Template, Shape.ContextLength, f.Quarantine, (ulong)config.Training.Seed, true, log);
        if (f.ValidationFile.Length > 0) _validation = PreferenceData.Load(f.ValidationFile, _base.Template, Shape.ContextLength, f.Quarantine, 0, false, log);
    }

    /// <inheritdoc />
    public string Name => "dpo";

    /// <inheritdoc />
    public GptConfig Shape => _base.Shape;

    /// <inheritdoc />
    public TokenizerIdentity Tokenizer => _base.Codec.Identity;

    /// <inheritdoc />
    public string Data => _config.Finetune.TrainFile;

    /// <inheritdoc />
    public long Position => _train.Position;

    /// <inheritdoc />
    public void Seek(long position) => _train.Position = position;

    /// <inheritdoc />
    public string Describe() => $"{_train.Pairs.Count:N0} preference pairs, β {_config.Finetune.Beta}, base {_base.Checkpoint}";

    /// <inheritdoc />
    public void Initialise(GptModel model) => _base.LoadInto(model);

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        EnsureReference(device);
        var (batch, drawn) = _train.Next(_config.Training.BatchSize, Tokenizer.EosId, device);
        var reference = tensor([.. drawn.Select(p => _reference[p.Chosen]), .. drawn.Select(p => _reference[p.Rejected])]).to(device);
        var (loss, _) = Loss(batch.AnswerLogProbabilities(model), reference, drawn.Count, _config.Finetune.Beta);
        return (loss, batch.Tokens);
    }

    /// <summary>DPO loss and implied reward margins (β-scaled) from policy and reference log-probabilities of
    /// chosen (first <paramref name="pairs"/>) and rejected answers.</summary>
    public static (Tensor Loss, Tensor Margins) Loss(Tensor policy, Tensor reference, int pairs, double beta)
    {
        var rewards = (policy - reference) * beta;
        var margins = rewards[..pairs] - rewards[pairs..];
        return (-nn.functional.logsigmoid(margins).mean(), margins.detach());
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        if (_validation is null) return null;
        EnsureReference(device);
        var beta = _config.Finetune.Beta;
        var (losses, margins, chosen, rejected) = (0.0, new List<float>(), 0.0, 0.0);
        var index = 0;
        foreach (var batch in _validation.InOrder(_config.Training.BatchSize, Tokenizer.EosId, device))
        {
            var policy = batch.AnswerLogProbabilities(model);
            var n = (int)policy.shape[0] / 2;
            var slice = _validation.Pairs.Skip(index).Take(n).ToList();
            index += n;
            var reference = tensor([.. slice.Select(p => _reference[p.Chosen]), .. slice.Select(p => _reference[p.Rejected])]).to(device);
            var (loss, m) = Loss(policy, reference, n, beta);
            losses += loss.item<float>() * n;
            margins.AddRange(m.data<float>().ToArray());
            var rewards = ((policy - reference) * beta).data<float>().ToArray();
            chosen += rewards[..n].Sum();
            rejected += rewards[n..].Sum();
        }

        extra["accuracy"] = margins.Count(m => m > 0) / (double)margins.Count;
        extra["margin"] = margins.Average();
        extra["reward_chosen"] = chosen / margins.Count;
        extra["reward_rejected"] = rejected / margins.Count;
        return losses / margins.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void EnsureReference(Device device)
    {
        if (_reference.Count > 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var reference = _config.Finetune.Reference.Length > 0 ? ChatModelBase.Open(_config.Finetune.Reference) : _base;
        using var model = reference.LoadFrozen(device);
        foreach (var set in new[] { _train, _validation }.OfType<PreferenceData>())
        {
            var answers = set.Pairs.SelectMany(p => new[] { p.Chosen, p.Rejected }).ToList();
            for (var start = 0; start < answers.Count; start += 2 * _config.Training.BatchSize)
            {
                var slice = answers.Skip(start).Take(2 * _config.Training.BatchSize).ToList();
                var logp = AnswerBatch.Build(slice, Tokenizer.EosId, device).AnswerLogProbabilities(model).data<float>().ToArray();
                for (var i = 0; i < slice.Count; i++) _reference[slice[i]] = logp[i];
            }
        }
    }
}
