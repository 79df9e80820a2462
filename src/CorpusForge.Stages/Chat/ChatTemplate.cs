using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Chat;

/// <summary>Who wrote a chat message.</summary>
public enum ChatRole
{
    /// <summary>Instructions that frame the conversation.</summary>
    System,

    /// <summary>The person.</summary>
    User,

    /// <summary>The model; only these messages are trained on.</summary>
    Assistant,
}

/// <summary>One message of a conversation.</summary>
public sealed record ChatMessage(ChatRole Role, string Content);

/// <summary>CorpusForge's chat format: end-of-text (a document start, as in pretraining), then per message its role
/// token, the content as ordinary text and <c>&lt;|end|&gt;</c>. A prompt for generation ends with
/// <c>&lt;|assistant|&gt;</c>; the model's answer ends with <c>&lt;|end|&gt;</c>, the stop token. Content is always
/// encoded as ordinary text, so a message can never forge markup.</summary>
public sealed class ChatTemplate
{
    /// <summary>The special tokens the template adds to a tokenizer.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = ["<|system|>", "<|user|>", "<|assistant|>", "<|end|>"];

    private readonly int[] _roles;

    /// <summary>A template over <paramref name="codec"/>, which must already hold <see cref="SpecialTokens"/>.</summary>
    public ChatTemplate(TokenCodec codec)
    {
        Codec = codec;
        var special = codec.Identity.SpecialTokens;
        var absent = SpecialTokens.Where(t => !special.ContainsKey(t)).ToList();
        if (absent.Count > 0) throw new ArgumentException($"the tokenizer lacks the chat tokens {string.Join(", ", absent)}; add them with TokenCodec.WithSpecialTokens");
        _roles = [special["<|system|>"], special["<|user|>"], special["<|assistant|>"]];
        EndId = special["<|end|>"];
    }

    /// <summary>The tokenizer.</summary>
    public TokenCodec Codec { get; }

    /// <summary>Id of <c>&lt;|end|&gt;</c>, which ends every message and stops generation.</summary>
    public int EndId { get; }

    /// <summary>Id of <c>&lt;|assistant|&gt;</c>.</summary>
    public int AssistantId => _roles[(int)ChatRole.Assistant];

    /// <summary>Ids of a conversation and, per id, whether it is a training target (assistant content and the
    /// <c>&lt;|end|&gt;</c> after it).</summary>
    public (int[] Ids, bool[] Targets) Render(IReadOnlyList<ChatMessage> messages)
    {
        var ids = new List<int> { Codec.Identity.EosId };
        var targets = new List<bool> { false };
        foreach (var message in messages)
        {
            ids.Add(_roles[(int)message.Role]);
            targets.Add(false);
            var start = ids.Count;
            Codec.EncodeOrdinary(message.Content, ids);
            ids.Add(EndId);
            targets.AddRange(Enumerable.Repeat(message.Role == ChatRole.Assistant, ids.Count - start));
        }

        return ([.. ids], [.. targets]);
    }

    /// <summary>Ids of a conversation so far followed by <c>&lt;|assistant|&gt;</c>: what the model continues.</summary>
    public int[] Prompt(IReadOnlyList<ChatMessage> history) => [.. Render(history).Ids, AssistantId];

    /// <summary>Ids of one assistant answer as the template writes it after <see cref="Prompt"/> (content, <c>&lt;|end|&gt;</c>).</summary>
    public int[] Answer(string content) => [.. Codec.Encode(content), EndId];
}
