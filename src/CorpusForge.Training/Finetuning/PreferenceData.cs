using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>A tokenized preference: the same prompt with the better and the worse answer.</summary>
public sealed record TokenizedPair(PromptAnswer Chosen, PromptAnswer Rejected);

/// <summary>Preference pairs read, tokenized with the chat template and drawn in batches (seeded order per epoch);
/// rows that break the format or do not fit the context are quarantined with their reasons.</summary>
public sealed class PreferenceData
{
    private readonly ExampleOrder _order;

    private PreferenceData(IReadOnlyList<TokenizedPair> pairs, ulong seed, bool shuffle)
    {
        Pairs = pairs;
        _order = new ExampleOrder(pairs.Count, seed, shuffle);
    }

    /// <summary>The pairs in file order.</summary>
    public IReadOnlyList<TokenizedPair> Pairs { get; }

    /// <summary>Pairs drawn so far.</summary>
    public long Position { get; set; }

    /// <summary>Reads <paramref name="path"/>; quarantined rows go to <paramref name="quarantineFolder"/>.</summary>
    public static PreferenceData Load(string path, ChatTemplate template, int context, string quarantineFolder, ulong seed, bool shuffle, Action<string> log)
    {
        var records = FinetuneRecords.ReadPreferences(path);
        var quarantined = records.Quarantined.ToList();
        var lines = File.ReadAllLines(path);
        var pairs = new List<TokenizedPair>();
        foreach (var row in records.Rows)
        {
            var prompt = template.Prompt(row.Value.Prompt);
            var pair = new TokenizedPair(new PromptAnswer(prompt, template.Answer(row.Value.Chosen)), new PromptAnswer(prompt, template.Answer(row.Value.Rejected)));
            var longest = Math.Max(pair.Chosen.Length, pair.Rejected.Length);
            if (longest > context)
            {
                quarantined.Add(new QuarantinedRow(path, row.Line, $"{longest} tokens do not fit the context of {context}", lines[row.Line - 1]));
                continue;
            }

            pairs.Add(pair);
        }

        if (pairs.Count == 0) throw new InvalidDataException($"{path}: no preference pair fits the model's context of {context} tokens");
        var written = (records with { Quarantined = quarantined }).WriteQuarantine(Path.Combine(quarantineFolder, Path.GetFileNameWithoutExtension(path) + ".jsonl"));
        log($"{path}: {pairs.Count:N0} preference pairs" + (written is null ? "" : $", {quarantined.Count:N0} rows quarantined ({written})"));
        return new PreferenceData(pairs, seed, shuffle);
    }

    /// <summary>The next <paramref name="count"/> pairs as one batch: chosen answers in rows [0, n), rejected in [n, 2n).</summary>
    public (AnswerBatch Batch, IReadOnlyList<TokenizedPair> Pairs) Next(int count, int padId, Device device)
    {
        var drawn = Enumerable.Range(0, count).Select(_ => Pairs[_order.At(Position++)]).ToList();
        return (AnswerBatch.Build([.. drawn.Select(p => p.Chosen), .. drawn.Select(p => p.Rejected)], padId, device), drawn);
    }

    /// <summary>All pairs in file order, in batches of <paramref name="count"/> (for evaluation).</summary>
    public IEnumerable<AnswerBatch> InOrder(int count, int padId, Device device)
    {
        for (var start = 0; start < Pairs.Count; start += count)
        {
            var slice = Pairs.Skip(start).Take(count).ToList();
            yield return AnswerBatch.Build([.. slice.Select(p => p.Chosen), .. slice.Select(p => p.Rejected)], padId, device);
        }
    }
}

/// <summary>Reward modelling: the decoder with a scalar head scores chosen and rejected answers; the pairwise
/// Bradley–Terry loss −log σ(r_chosen − r_rejected) (as in InstructGPT, Ouyang et al. 2022) trains it. Held-out
/// figures: pairwise accuracy (share of pairs with r_chosen &gt; r_rejected) and the mean margin.</summary>
public sealed class RewardObjective : ITrainingObjective
{
    private readonly TrainConfig _config;
    private readonly ChatModelBase _base;
    private readonly PreferenceData _train;
    private readonly PreferenceData? _validation;

    /// <summary>Reads the preference files of <paramref name="config"/>.</summary>
    public RewardObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        var f = config.Finetune;
        f.RequireJsonl("reward");
        _base = ChatModelBase.Open(f.Base, scoreHead: true);
        _train = PreferenceData.Load(f.TrainFile, _base.Template, Shape.ContextLength, f.Quarantine, (ulong)config.Training.Seed, true, log);
        if (f.ValidationFile.Length > 0) _validation = PreferenceData.Load(f.ValidationFile, _base.Template, Shape.ContextLength, f.Quarantine, 0, false, log);
    }

    /// <inheritdoc />
    public string Name => "reward";

    /// <inheritdoc />
    public GptConfig Shape => _base.Shape;

    /// <inheritdoc />
    public CorpusForge.Core.Tokens.TokenizerIdentity Tokenizer => _base.Codec.Identity;

    /// <inheritdoc />
    public string Data => _config.Finetune.TrainFile;

    /// <inheritdoc />
    public long Position => _train.Position;

    /// <inheritdoc />
    public void Seek(long position) => _train.Position = position;

    /// <inheritdoc />
    public string Describe() => $"{_train.Pairs.Count:N0} preference pairs, base {_base.Checkpoint}";

    /// <inheritdoc />
    public void Initialise(GptModel model) => _base.LoadInto(model);

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        var (batch, drawn) = _train.Next(_config.Training.BatchSize, Tokenizer.EosId, device);
        var rewards = batch.Rewards(model);
        var margin = rewards[..drawn.Count] - rewards[drawn.Count..];
        return (-nn.functional.logsigmoid(margin).mean(), batch.Tokens);
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        if (_validation is null) return null;
        var margins = new List<float>();
        foreach (var batch in _validation.InOrder(_config.Training.BatchSize, Tokenizer.EosId, device))
        {
            var rewards = batch.Rewards(model);
            var n = rewards.shape[0] / 2;
            margins.AddRange((rewards[..(int)n] - rewards[(int)n..]).data<float>().ToArray());
        }

        extra["accuracy"] = margins.Count(m => m > 0) / (double)margins.Count;
        extra["margin"] = margins.Average();
        return margins.Average(m => Math.Log(1 + Math.Exp(-m)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
