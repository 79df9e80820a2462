using CorpusForge.Core.Tokens;
using CorpusForge.Training.Data;
using CorpusForge.Training.Model;
using static TorchSharp.torch;

namespace CorpusForge.Training.Training;

/// <summary>Pretraining: next-token cross-entropy on windows of a token-shard split, validated on the same leading
/// windows of the validation split every time.</summary>
public sealed class LanguageModelObjective : ITrainingObjective
{
    private readonly TrainConfig _config;
    private readonly TokenShardReader _train;
    private readonly TokenShardReader? _validation;
    private ShardBatches _batches;

    /// <summary>Opens the shards a config names; <paramref name="log"/> hears why validation is off when it is.</summary>
    public LanguageModelObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        _train = TokenShardReader.Open(config.Data.Shards, config.Data.TrainSplit);
        Tokenizer = _train.Manifest.Tokenizer;
        Shape = config.Model.Resolve(Tokenizer.VocabSize);
        _validation = OpenValidation(log);
        _batches = Batches(0);
    }

    /// <inheritdoc />
    public string Name => "pretrain";

    /// <inheritdoc />
    public GptConfig Shape { get; }

    /// <inheritdoc />
    public TokenizerIdentity Tokenizer { get; }

    /// <inheritdoc />
    public string Data => _config.Data.Shards;

    /// <inheritdoc />
    public long Position => _batches.Position;

    /// <inheritdoc />
    public void Seek(long position) => _batches = Batches(position);

    /// <inheritdoc />
    public string Describe() => $"{_train.TokenCount:N0} training tokens";

    /// <inheritdoc />
    public void Initialise(GptModel model)
    {
    }

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        var (input, target) = _batches.Next(device);
        return (model.Loss(input, target), input.numel());
    }

    /// <summary>The next training batch (for objectives that score it their own way).</summary>
    public (Tensor Input, Tensor Target) NextBatch(Device device) => _batches.Next(device);

    /// <summary>The validation batches: the same leading windows, in order, every time; none without a validation split.</summary>
    public IEnumerable<(Tensor Input, Tensor Target)> ValidationBatches(Device device)
    {
        if (_validation is null) yield break;
        var batches = new ShardBatches(_validation, _config.Training.BatchSize, Shape.ContextLength, WindowOrder.Sequential, 0);
        for (var i = 0; i < _config.Evaluation.Batches; i++) yield return batches.Next(device);
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        if (_validation is null) return null;
        return ValidationBatches(device).Average(b => (double)model.Loss(b.Input, b.Target).item<float>());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _train.Dispose();
        _validation?.Dispose();
    }

    private ShardBatches Batches(long position) =>
        new(_train, _config.Training.BatchSize, Shape.ContextLength, _config.Data.Order, (ulong)_config.Training.Seed, position);

    private TokenShardReader? OpenValidation(Action<string> log)
    {
        var split = _config.Data.ValidationSplit;
        if (split.Length == 0) return null;
        var manifest = _train.Manifest;
        if (!manifest.Splits.TryGetValue(split, out var entry) || entry.Tokens <= Shape.ContextLength)
        {
            log($"no validation: split '{split}' is missing or shorter than one window of {Shape.ContextLength + 1} tokens");
            return null;
        }

        return TokenShardReader.Open(_config.Data.Shards, split);
    }
}
