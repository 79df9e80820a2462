using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Generation;

/// <summary>A conversation with a fine-tuned checkpoint: the history is rendered with the chat template, the
/// answer generated with the KV cache and stopped at <c>&lt;|end|&gt;</c> (or end-of-text).</summary>
public sealed class ChatSession : IDisposable
{
    private readonly List<ChatMessage> _history = [];

    private ChatSession(GptModel model, ChatTemplate template)
    {
        Model = model;
        Template = template;
    }

    /// <summary>The model.</summary>
    public GptModel Model { get; }

    /// <summary>The template (and tokenizer).</summary>
    public ChatTemplate Template { get; }

    /// <summary>Messages so far.</summary>
    public IReadOnlyList<ChatMessage> History => _history;

    /// <summary>Loads a checkpoint whose tokenizer holds the chat tokens (one made by <c>finetune</c>).</summary>
    public static ChatSession Load(string checkpoint, DeviceChoice device = DeviceChoice.Auto, string? system = null)
    {
        TorchNativeLoader.EnsureLoaded();
        var folder = CheckpointStore.Resolve(checkpoint);
        var state = CheckpointStore.ReadState(folder);
        var codec = TokenCodec.FromIdentity(state.Tokenizer);
        if (ChatTemplate.SpecialTokens.Any(t => !codec.Identity.SpecialTokens.ContainsKey(t)))
            throw new InvalidDataException($"{folder} has no chat tokens ({string.Join(" ", ChatTemplate.SpecialTokens)}): it is a pretrained model; fine-tune it first (corpusforge finetune sft).");
        var target = device == DeviceChoice.Cpu || (device == DeviceChoice.Auto && !cuda.is_available()) ? CPU : CUDA;
        var (model, _) = CheckpointStore.LoadModel(folder, target);
        var session = new ChatSession(model, new ChatTemplate(codec));
        if (!string.IsNullOrWhiteSpace(system)) session._history.Add(new ChatMessage(ChatRole.System, system));
        return session;
    }

    /// <summary>Adds the user's message, generates the answer, adds it to the history and returns it. Old turns are
    /// dropped (the system message kept) when the history no longer leaves room for an answer.</summary>
    public string Reply(string user, SamplingOptions options)
    {
        _history.Add(new ChatMessage(ChatRole.User, user));
        var room = Math.Min(options.MaxTokens, Model.Config.ContextLength / 2);
        var prompt = Template.Prompt(_history);
        while (prompt.Length + room > Model.Config.ContextLength && _history.Count(m => m.Role != ChatRole.System) > 1)
        {
            _history.RemoveAt(_history.FindIndex(m => m.Role != ChatRole.System));
            prompt = Template.Prompt(_history);
        }

        if (prompt.Length >= Model.Config.ContextLength) prompt = prompt[^(Model.Config.ContextLength - room)..];
        var generated = BatchGenerator.Generate(Model, [prompt], options, Template.Codec.Identity.VocabSize, [Template.EndId, Template.Codec.Identity.EosId])[0];
        var answer = Template.Codec.Decode(generated.Tokens);
        _history.Add(new ChatMessage(ChatRole.Assistant, answer));
        return answer;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
