using CorpusForge.Core.Tokens;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CorpusForge.Training.Deployment;

/// <summary>Knowledge distillation (Hinton et al. 2015): a student of the <c>model:</c> shape learns on the token
/// shards from a frozen teacher's soft targets, loss = α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − α)·CE
/// (the T² keeps the soft-target gradients on the scale of the hard ones). Held-out: the student's cross-entropy
/// (perplexity) and its KL to the teacher at T = 1, on the validation windows pretraining uses.</summary>
public sealed class DistillationObjective : ITrainingObjective
{
    private readonly TrainConfig _config;
    private readonly LanguageModelObjective _data;
    private readonly string _teacherFolder;
    private GptModel? _teacher;

    /// <summary>Opens the shards and checks the teacher's tokenizer against them.</summary>
    public DistillationObjective(TrainConfig config, Action<string> log)
    {
        _config = config;
        _data = new LanguageModelObjective(config, log);
        _teacherFolder = CheckpointStore.Resolve(config.Finetune.Teacher);
        var teacher = CheckpointStore.ReadState(_teacherFolder);
        if (teacher.Tokenizer.VocabHash != _data.Tokenizer.VocabHash)
            throw new InvalidDataException($"{_teacherFolder}: the teacher's tokenizer differs from the one {config.Data.Shards} was made with");
        if (teacher.Model.VocabSize != _data.Shape.VocabSize || teacher.Model.ContextLength < _data.Shape.ContextLength)
            throw new InvalidDataException($"{_teacherFolder}: the teacher (vocab {teacher.Model.VocabSize}, context {teacher.Model.ContextLength}) cannot teach a student of vocab {_data.Shape.VocabSize}, context {_data.Shape.ContextLength}");
    }

    /// <inheritdoc />
    public string Name => "distill";

    /// <inheritdoc />
    public GptConfig Shape => _data.Shape;

    /// <inheritdoc />
    public TokenizerIdentity Tokenizer => _data.Tokenizer;

    /// <inheritdoc />
    public string Data => _data.Data;

    /// <inheritdoc />
    public long Position => _data.Position;

    /// <inheritdoc />
    public void Seek(long position) => _data.Seek(position);

    /// <inheritdoc />
    public string Describe() => $"{_data.Describe()}, teacher {_teacherFolder}, T {_config.Finetune.DistillTemperature}, alpha {_config.Finetune.DistillAlpha}";

    /// <inheritdoc />
    public void Initialise(GptModel model)
    {
    }

    /// <inheritdoc />
    public (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device)
    {
        var (input, target) = _data.NextBatch(device);
        var (loss, _, _) = Losses(model, Teacher(device), input, target, _config.Finetune.DistillTemperature, _config.Finetune.DistillAlpha);
        return (loss, input.numel());
    }

    /// <summary>The combined loss, the student's cross-entropy and its KL to the teacher at temperature <paramref name="temperature"/>.</summary>
    public static (Tensor Loss, Tensor CrossEntropy, Tensor Kl) Losses(GptModel student, GptModel teacher, Tensor input, Tensor target, double temperature, double alpha)
    {
        var logits = student.Forward(input).to(ScalarType.Float32);
        Tensor teacherLogits;
        using (no_grad()) teacherLogits = teacher.Forward(input).to(ScalarType.Float32);
        var vocabulary = logits.shape[^1];
        var ce = F.cross_entropy(logits.view(-1, vocabulary), target.view(-1));
        var studentLog = F.log_softmax(logits / temperature, -1).view(-1, vocabulary);
        var teacherLog = F.log_softmax(teacherLogits / temperature, -1).view(-1, vocabulary);
        // KL(teacher ‖ student) per position, averaged over positions.
        var kl = (teacherLog.exp() * (teacherLog - studentLog)).sum(-1).mean();
        return (alpha * temperature * temperature * kl + (1 - alpha) * ce, ce, kl);
    }

    /// <inheritdoc />
    public double? Validate(GptModel model, Device device, IDictionary<string, double> extra)
    {
        var batches = _data.ValidationBatches(device).ToList();
        if (batches.Count == 0) return null;
        double ce = 0, kl = 0;
        foreach (var (input, target) in batches)
        {
            var (_, c, k) = Losses(model, Teacher(device), input, target, 1.0, 0.5);
            ce += c.item<float>();
            kl += k.item<float>();
        }

        extra["kl_to_teacher"] = kl / batches.Count;
        return ce / batches.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _data.Dispose();
        _teacher?.Dispose();
    }

    private GptModel Teacher(Device device) => _teacher ??= ChatModelBase.Freeze(CheckpointStore.LoadModel(_teacherFolder, device).Model);
}
