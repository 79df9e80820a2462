using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Generation;

/// <summary>Samples text from a trained checkpoint, encoding the prompt and decoding the output with the tokenizer
/// the training shards were made with (recorded in the checkpoint from the shard manifest).</summary>
public sealed class TextGenerator : IDisposable
{
    private readonly GptModel _model;
    private readonly TextTokenizer _tokenizer;

    private TextGenerator(GptModel model, TextTokenizer tokenizer)
    {
        _model = model;
        _tokenizer = tokenizer;
    }

    /// <summary>The tokenizer's identity.</summary>
    public TokenizerIdentity Tokenizer => _tokenizer.Identity;

    /// <summary>The model.</summary>
    public GptModel Model => _model;

    /// <summary>Loads a checkpoint (a <c>step-…</c> folder, or a checkpoint folder whose latest is used).</summary>
    /// <exception cref="InvalidDataException">The tokenizer here differs from the one the shards were made with.</exception>
    public static TextGenerator Load(string checkpoint, DeviceChoice device = DeviceChoice.Auto)
    {
        TorchNativeLoader.EnsureLoaded();
        var folder = CheckpointStore.Resolve(checkpoint);
        var state = CheckpointStore.ReadState(folder);
        var tokenizer = TokenizerFactory.FromIdentity(state.Tokenizer);
        var target = device == DeviceChoice.Cpu || (device == DeviceChoice.Auto && !cuda.is_available()) ? CPU : CUDA;
        var (model, _) = CheckpointStore.LoadModel(folder, target);
        return new TextGenerator(model, tokenizer);
    }

    /// <summary>The continuation of <paramref name="prompt"/> (an empty prompt starts a new document) and how many tokens
    /// were sampled; generation stops at the end-of-text token.</summary>
    public (string Text, int Tokens) Generate(string prompt, SamplingOptions options)
    {
        var ids = _tokenizer.Encode(prompt);
        var prompted = ids.Count > 0 ? ids : [_tokenizer.EosId];
        var produced = TokenSampler.Generate(_model, prompted, options, _tokenizer.VocabSize, _tokenizer.EosId);
        var text = _tokenizer.Decode(produced.Where(t => t != _tokenizer.EosId));
        return (text, produced.Count);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
