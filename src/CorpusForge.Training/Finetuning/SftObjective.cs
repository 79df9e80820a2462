using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CorpusForge.Training.Finetuning;

/// <summary>Supervised fine-tuning: next-token cross-entropy on assistant tokens only (prompt, system and template
/// tokens are context, never targets), over packed or single-example rows; held-out loss is the mean over every
/// target token of the validation file.</summary>
public sealed class SftObjective : ITrainingObjective
{
    private readonly ChatModelBase _base;
    private readonly TrainConfig _config;
    private readonly SftBatches _train;
    private readonly SftBatches? _validation;
    private readonly int _trainExamples;

    /// <summary>Reads and tokenizes the config's SFT files; bad rows and rows longer than the context go to the
    /// quarantine folder with their reasons.</summary>
    public SftObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        var f = config.Finetune;
        _base = ChatModelBase.Open(f.Base);
        var train = Load(f.TrainFile, log);
        _trainExamples = train.Count;
        var t = config.Training;
        _train = new SftBatches(train, t.BatchSize, Shape.ContextLength, f.Packing, Tokenizer.EosId, (ulong)t.Seed, config.Data.Order == WindowOrder.Random);
        if (f.ValidationFile.Length > 0)
            _validation = new SftBatches(Load(f.ValidationFile, log), t.BatchSize, Shape.ContextLength, f.Packing, Tokenizer.EosId, 0, shuffle: false);
    }

    /// <inheritdoc />
    public string Name => "sft";

    /// <inheritdoc />
    public GptConfig Shape => _base.Shape;

    /// <inheritdoc />
    public TokenizerIdentity Tokenizer => _base.Codec.Identity;

    /// <inheritdoc />
    public string Data => _config.Finetune.TrainFile;

    /// <inheritdoc />
    public long Position => _train.Position;

    /// <summary>The chat template.</summary>
    public ChatTemplate Template => _base.Template;

    /// <inheritdoc />
    public void Seek(long position) => _train.Seek(position);

    /// <inheritdoc />
    public string Describe() => $"{_trainExamples:N0} SFT examples ({(_train.Packing ? "packed" : "one per row")}) from {Path.GetFileName(Data)}, base {_base.Checkpoint}";

    /// <inheritdoc />
    public void Initialise(GptModel model) => _base.LoadInto(model);

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        var batch = _train.Next(device)!;
        return (Loss(model, batch), batch.Tokens);
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        if (_validation is null) return null;
        _validation.Reset();
        double sum = 0, targets = 0;
        while (_validation.Next(device, limit: true) is { } batch)
        {
            sum += Loss(model, batch, mean: false).item<float>();
            targets += batch.Targets;
        }

        return sum / targets;
    }

    /// <summary>Cross-entropy of the batch's scored labels: the mean over them, or the sum.</summary>
    public static Tensor Loss(GptModel model, SftBatch batch, bool mean = true)
    {
        using var scope = NewDisposeScope();
        var logits = model.Forward(batch.Input, batch.Positions, batch.Mask);
        var loss = F.cross_entropy(logits.view(-1, logits.shape[^1]).to(ScalarType.Float32), batch.Labels.view(-1),
            ignore_index: SftBatches.Ignore, reduction: nn.Reduction.Sum);
        return (mean ? loss / Math.Max(1, batch.Targets) : loss).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private List<TokenizedExample> Load(string path, Action<string> log) =>
        _config.Finetune.DataFormat == FinetuneDataFormat.SftShards ? LoadShards(path, log) : LoadJsonl(path, log);

    // Shards from writer.sft_shards_v1: rendered by the same ChatTemplate over the same tokenizer, so they must
    // record the base model's extended tokenizer; examples longer than the context are set aside as in JSONL.
    private List<TokenizedExample> LoadShards(string path, Action<string> log)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*" + SftShardFormat.Extension).Order(StringComparer.Ordinal).ToArray()
            : [path];
        if (files.Length == 0) throw new InvalidDataException($"{path}: no {SftShardFormat.Extension} shards in this folder");
        var expected = _base.Codec.Identity;
        var examples = new List<TokenizedExample>();
        var quarantined = new List<QuarantinedRow>();
        foreach (var file in files)
        {
            var (header, rows) = SftShardFormat.Read(file);
            var actual = header.Tokenizer;
            if (actual.VocabHash != expected.VocabHash || actual.VocabSize != expected.VocabSize || actual.EosId != expected.EosId
                || !actual.SpecialTokens.OrderBy(kv => kv.Value).SequenceEqual(expected.SpecialTokens.OrderBy(kv => kv.Value)))
                throw new InvalidDataException($"{file}: written with tokenizer {actual.Name} ({actual.VocabSize} ids, hash {actual.VocabHash[..Math.Min(12, actual.VocabHash.Length)]}), " +
                    $"but the base model with the chat tokens uses {expected.Name} ({expected.VocabSize} ids, hash {expected.VocabHash[..Math.Min(12, expected.VocabHash.Length)]}); set the writer's tokenizer to the base model's");
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row.Ids.Length - 1 > Shape.ContextLength)
                    quarantined.Add(new QuarantinedRow(file, i + 1, $"{row.Ids.Length} tokens do not fit the context of {Shape.ContextLength + 1}", row.Id));
                else examples.Add(new TokenizedExample(row.Ids, row.Targets));
            }
        }

        if (examples.Count == 0) throw new InvalidDataException($"{path}: no example fits the model's context of {Shape.ContextLength} tokens");
        var written = new RecordSet<SftShardExample>(path, [], quarantined).WriteQuarantine(Path.Combine(_config.Finetune.Quarantine, Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + ".jsonl"));
        log($"{path}: {examples.Count:N0} examples from {files.Length} SFT shard(s)" + (written is null ? "" : $", {quarantined.Count:N0} examples quarantined ({written})"));
        return examples;
    }

    private List<TokenizedExample> LoadJsonl(string path, Action<string> log)
    {
        var records = FinetuneRecords.ReadSft(path);
        var examples = new List<TokenizedExample>();
        var quarantined = records.Quarantined.ToList();
        var lines = File.ReadAllLines(path);
        foreach (var row in records.Rows)
        {
            var (ids, targets) = _base.Template.Render(row.Value.Messages);
            if (ids.Length - 1 > Shape.ContextLength)
            {
                quarantined.Add(new QuarantinedRow(path, row.Line, $"{ids.Length} tokens do not fit the context of {Shape.ContextLength + 1}", lines[row.Line - 1]));
                continue;
            }

            examples.Add(new TokenizedExample(ids, targets));
        }

        if (examples.Count == 0) throw new InvalidDataException($"{path}: no example fits the model's context of {Shape.ContextLength} tokens");
        var set = records with { Quarantined = quarantined };
        var written = set.WriteQuarantine(Path.Combine(_config.Finetune.Quarantine, Path.GetFileNameWithoutExtension(path) + ".jsonl"));
        log($"{path}: {examples.Count:N0} examples" + (written is null ? "" : $", {quarantined.Count:N0} rows quarantined ({written})"));
        return examples;
    }
}
