using System.Text.Json.Serialization;
using System.Text.Json;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Filters;
using CorpusForge.Stages.Redaction;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Generation;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CorpusForge.Training.Evaluation;

/// <summary>Perplexity on a token-shard split.</summary>
public sealed record PerplexityResult(string Shards, string Split, long Tokens, double Loss, double Perplexity);

/// <summary>Multiple-choice accuracy by log-likelihood: the choice the model gives the highest total log-probability
/// (<see cref="Accuracy"/>), or the highest log-probability per UTF-8 byte of the choice (<see cref="AccuracyNormalised"/>,
/// lm-evaluation-harness's <c>acc_norm</c>, which removes the bias toward short choices).</summary>
public sealed record MultipleChoiceResult(string File, int Items, int Quarantined, double Accuracy, double AccuracyNormalised, double Chance);

/// <summary>Share of generated answers to a prompt set that CorpusForge's toxicity word lists
/// (<c>filter.toxicity_v1</c>'s lexicon, any match) or PII scanner (<c>redact.pii_v1</c>'s recognisers) flag.</summary>
public sealed record SafetyResult(string File, int Prompts, int Quarantined, double ToxicShare, double PiiShare, double FlaggedShare, IReadOnlyList<string> FlaggedExamples);

/// <summary>Everything <c>corpusforge eval</c> measured.</summary>
public sealed record EvaluationReport(string Checkpoint, string Objective, long Parameters, PerplexityResult? Perplexity, MultipleChoiceResult? MultipleChoice, SafetyResult? Safety)
{
    /// <summary>One line per task, for the console.</summary>
    public IEnumerable<string> Lines()
    {
        if (Perplexity is { } p) yield return $"perplexity  {p.Split} of {p.Shards}: {p.Tokens:N0} tokens, loss {p.Loss:F4}, perplexity {p.Perplexity:F2}";
        if (MultipleChoice is { } m) yield return $"multiple_choice  {Path.GetFileName(m.File)}: {m.Items} items, accuracy {m.Accuracy:P1}, length-normalised {m.AccuracyNormalised:P1} (chance {m.Chance:P1})";
        if (Safety is { } s) yield return $"safety  {Path.GetFileName(s.File)}: {s.Prompts} prompts, flagged {s.FlaggedShare:P1} (toxic {s.ToxicShare:P1}, PII {s.PiiShare:P1})";
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(CheckpointStore.JsonOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }) + "\n";
}

/// <summary>Evaluates a checkpoint: perplexity on token shards, multiple-choice accuracy and a safety check.</summary>
public sealed class ModelEvaluator : IDisposable
{
    private readonly GptModel _model;
    private readonly TrainerState _state;
    private readonly TokenCodec _codec;
    private readonly ChatTemplate? _template;

    /// <summary>Loads <paramref name="checkpoint"/> (a step folder or a checkpoint folder) on the CPU (or CUDA when available).</summary>
    public ModelEvaluator(string checkpoint)
    {
        TorchNativeLoader.EnsureLoaded();
        Checkpoint = CheckpointStore.Resolve(checkpoint);
        (_model, _state) = CheckpointStore.LoadModel(Checkpoint, cuda.is_available() ? CUDA : CPU);
        _codec = TokenCodec.FromIdentity(_state.Tokenizer);
        _template = ChatTemplate.SpecialTokens.All(_codec.Identity.SpecialTokens.ContainsKey) ? new ChatTemplate(_codec) : null;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Checkpoint { get; }

    /// <summary>The model.</summary>
    public GptModel Model => _model;

    /// <summary>Mean next-token loss over consecutive, non-overlapping windows of the split (at most <paramref name="maxWindows"/>).</summary>
    public PerplexityResult Perplexity(string shards, string split = "validation", int maxWindows = 64, int batchSize = 8)
    {
        using var reader = TokenShardReader.Open(shards, split);
        var tokenizer = reader.Manifest.Tokenizer;
        if (tokenizer.Name != _state.Tokenizer.Name || tokenizer.VocabSize > _state.Tokenizer.VocabSize ||
            tokenizer.SpecialTokens.Any(kv => !_state.Tokenizer.SpecialTokens.TryGetValue(kv.Key, out var id) || id != kv.Value))
            throw new InvalidDataException($"{shards}: made with tokenizer '{tokenizer.Name}' ({tokenizer.VocabSize} ids), which is not the model's ('{_state.Tokenizer.Name}', {_state.Tokenizer.VocabSize} ids)");
        var context = _model.Config.ContextLength;
        var windows = (int)Math.Min(maxWindows, (reader.TokenCount - 1) / context);
        if (windows < 1) throw new InvalidDataException($"{shards} split '{split}': {reader.TokenCount} tokens, fewer than one window of {context + 1}");
        var device = _model.TokenEmbedding.device;
        double sum = 0;
        using var noGrad = no_grad();
        var window = new long[context + 1];
        for (var start = 0; start < windows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var rows = Math.Min(batchSize, windows - start);
            var input = new long[rows * context];
            var target = new long[rows * context];
            for (var r = 0; r < rows; r++)
            {
                reader.Copy((long)(start + r) * context, window);
                window.AsSpan(0, context).CopyTo(input.AsSpan(r * context));
                window.AsSpan(1, context).CopyTo(target.AsSpan(r * context));
            }

            var logits = _model.Forward(tensor(input, [rows, context]).to(device));
            sum += F.cross_entropy(logits.view(-1, logits.shape[^1]).to(ScalarType.Float32), tensor(target).to(device), reduction: nn.Reduction.Sum).item<float>();
        }

        var tokens = (long)windows * context;
        var loss = sum / tokens;
        return new PerplexityResult(shards, split, tokens, loss, Math.Exp(loss));
    }

    /// <summary>Multiple-choice accuracy on <paramref name="path"/>. A chat model sees the question as a user message and
    /// each choice as its answer; a pretrained model sees <c>Question: …\nAnswer:</c> and each choice after a space.</summary>
    public MultipleChoiceResult MultipleChoice(string path)
    {
        var records = FinetuneRecords.ReadMultipleChoice(path);
        var device = _model.TokenEmbedding.device;
        int right = 0, rightNormalised = 0;
        double chance = 0;
        using var noGrad = no_grad();
        foreach (var row in records.Rows)
        {
            using var scope = NewDisposeScope();
            var item = row.Value;
            var (prompt, answers) = _template is { } t
                ? (t.Prompt([new ChatMessage(ChatRole.User, item.Question)]), item.Choices.Select(t.Answer).ToList())
                : ([_codec.Identity.EosId, .. _codec.Encode($"Question: {item.Question}\nAnswer:")], item.Choices.Select(c => _codec.Encode(" " + c).ToArray()).ToList());
            var batch = AnswerBatch.Build([.. answers.Select(a => new PromptAnswer(prompt, a))], _codec.Identity.EosId, device);
            var logp = batch.AnswerLogProbabilities(_model).data<float>().ToArray();
            var perByte = logp.Select((l, i) => l / Math.Max(1, System.Text.Encoding.UTF8.GetByteCount(item.Choices[i]))).ToArray();
            if (ArgMax(logp) == item.Answer) right++;
            if (ArgMax(perByte) == item.Answer) rightNormalised++;
            chance += 1.0 / item.Choices.Count;
        }

        var n = records.Rows.Count;
        return new MultipleChoiceResult(path, n, records.Quarantined.Count, (double)right / n, (double)rightNormalised / n, chance / n);
    }

    /// <summary>Generates an answer to every prompt of <paramref name="path"/> (greedy, batched, KV cache) and reports the
    /// share the toxicity lexicon or the PII scanner flags.</summary>
    public SafetyResult Safety(string path, int maxTokens = 48, int batchSize = 8)
    {
        if (_template is null) throw new InvalidDataException($"{Checkpoint} has no chat tokens: the safety check needs a fine-tuned (chat) model.");
        var records = FinetuneRecords.ReadPrompts(path);
        var lexicon = ToxicityLexicon.Get([], [], []);
        var scanner = new PiiScanner(new PiiScannerSettings());
        var room = Math.Max(1, _model.Config.ContextLength - maxTokens);
        var prompts = records.Rows.Select(r => _template.Prompt(r.Value.Prompt)).Select(p => p.Length > room ? p[^room..] : p).ToList();
        int toxic = 0, pii = 0, flagged = 0;
        var examples = new List<string>();
        for (var start = 0; start < prompts.Count; start += batchSize)
        {
            var slice = prompts.Skip(start).Take(batchSize).ToList();
            var answers = BatchGenerator.Generate(_model, slice, new SamplingOptions { Temperature = 0, MaxTokens = maxTokens }, _codec.Identity.VocabSize, [_template.EndId, _codec.Identity.EosId]);
            foreach (var answer in answers)
            {
                var text = _codec.Decode(answer.Tokens);
                var isToxic = lexicon.Scan(text).Matches > 0;
                var hasPii = scanner.Scan(text).Count > 0;
                toxic += isToxic ? 1 : 0;
                pii += hasPii ? 1 : 0;
                if (!isToxic && !hasPii) continue;
                flagged++;
                if (examples.Count < 5) examples.Add(text);
            }
        }

        var n = (double)prompts.Count;
        return new SafetyResult(path, prompts.Count, records.Quarantined.Count, toxic / n, pii / n, flagged / n, examples);
    }

    /// <summary>Runs the tasks that are given.</summary>
    public EvaluationReport Run(string? shards, string split, int maxWindows, string? multipleChoice, string? safety) =>
        new(Checkpoint, _state.Objective, _model.ParameterCount,
            shards is null ? null : Perplexity(shards, split, maxWindows),
            multipleChoice is null ? null : MultipleChoice(multipleChoice),
            safety is null ? null : Safety(safety));

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private static int ArgMax(IReadOnlyList<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
