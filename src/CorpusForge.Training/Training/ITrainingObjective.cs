using CorpusForge.Core.Tokens;
using CorpusForge.Training.Model;
using static TorchSharp.torch;

namespace CorpusForge.Training.Training;

/// <summary>What the one training loop optimises: where batches come from, the loss of one micro-batch, held-out
/// evaluation and how a fresh run's weights start. Pretraining (<see cref="LanguageModelObjective"/>) and the
/// fine-tuning objectives plug into the same <see cref="Trainer"/>, so they share the optimiser, schedule,
/// accumulation, clipping, precision, metrics, checkpoints, resume, signals and export.</summary>
public interface ITrainingObjective : IDisposable
{
    /// <summary>Short name recorded in checkpoints (<c>pretrain</c>, <c>sft</c>, <c>dpo</c>, …); resume checks it.</summary>
    string Name { get; }

    /// <summary>The model shape trained.</summary>
    GptConfig Shape { get; }

    /// <summary>The tokenizer of the data (with any special tokens the objective added), recorded in checkpoints and exports.</summary>
    TokenizerIdentity Tokenizer { get; }

    /// <summary>What the data is (a shard folder or data file), recorded in checkpoints.</summary>
    string Data { get; }

    /// <summary>Where the sampler stands (saved in checkpoints).</summary>
    long Position { get; }

    /// <summary>Moves the sampler to a saved <paramref name="position"/> (on resume).</summary>
    void Seek(long position);

    /// <summary>One line about the data for the start-of-run log.</summary>
    string Describe();

    /// <summary>Sets the weights of a fresh (not resumed) run: seeded initialisation stays for pretraining;
    /// fine-tuning loads its base checkpoint.</summary>
    void Initialise(GptModel model);

    /// <summary>The loss of the next micro-batch (to be differentiated) and the tokens it fed through the model.</summary>
    (Tensor Loss, long Tokens) NextLoss(GptModel model, Device device);

    /// <summary>Figures of the latest micro-batch worth a place in the log line (RL's reward and KL), by name.</summary>
    IReadOnlyDictionary<string, double> StepFigures => new Dictionary<string, double>();

    /// <summary>Held-out loss, or null when the objective has no held-out data; may add more figures to <paramref name="extra"/>.</summary>
    double? Validate(GptModel model, Device device, IDictionary<string, double> extra);
}
