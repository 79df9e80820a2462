using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>The checkpoint a fine-tuning run starts from, with its tokenizer extended by the chat template's special
/// tokens and the model shape grown to hold them (rounded up to a multiple of 64 as in pretraining).</summary>
public sealed class ChatModelBase
{
    private ChatModelBase(string checkpoint, TrainerState state, ChatTemplate template, GptConfig shape)
    {
        Checkpoint = checkpoint;
        State = state;
        Template = template;
        Shape = shape;
    }

    /// <summary>The base checkpoint's folder.</summary>
    public string Checkpoint { get; }

    /// <summary>The base checkpoint's state.</summary>
    public TrainerState State { get; }

    /// <summary>The chat template over the extended tokenizer.</summary>
    public ChatTemplate Template { get; }

    /// <summary>The extended tokenizer.</summary>
    public TokenCodec Codec => Template.Codec;

    /// <summary>The shape of the fine-tuned model.</summary>
    public GptConfig Shape { get; }

    /// <summary>Reads the checkpoint at <paramref name="path"/> (a step folder or a checkpoint folder).</summary>
    public static ChatModelBase Open(string path, bool scoreHead = false)
    {
        var folder = CheckpointStore.Resolve(path);
        var state = CheckpointStore.ReadState(folder);
        var codec = TokenCodec.FromIdentity(state.Tokenizer).WithSpecialTokens(ChatTemplate.SpecialTokens);
        var vocabulary = Math.Max(state.Model.VocabSize, GptConfig.PaddedVocabulary(codec.Identity.VocabSize));
        return new ChatModelBase(folder, state, new ChatTemplate(codec), state.Model with { VocabSize = vocabulary, ScoreHead = scoreHead });
    }

    /// <summary>Loads the base weights into <paramref name="model"/> (of <see cref="Shape"/>); new token rows start
    /// at the mean embedding.</summary>
    public void LoadInto(GptModel model) => VocabularyResize.LoadInto(Checkpoint, model, Codec.Identity.VocabSize);

    /// <summary>A frozen copy of the base model (evaluation mode, no gradients) on <paramref name="device"/>: the
    /// reference that DPO and RL measure the policy against.</summary>
    public GptModel LoadFrozen(Device device)
    {
        var model = new GptModel(Shape with { ScoreHead = false });
        LoadInto(model);
        model.to(device);
        return Freeze(model);
    }

    /// <summary>Puts <paramref name="model"/> in evaluation mode without gradients, and takes its weights out of any
    /// dispose scope that was open while it loaded (a model loaded lazily inside a training step must outlive the step).</summary>
    public static GptModel Freeze(GptModel model)
    {
        model.eval();
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
            parameter.DetachFromDisposeScope();
        }

        return model;
    }
}
