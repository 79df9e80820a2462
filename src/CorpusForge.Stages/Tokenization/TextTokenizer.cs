using CorpusForge.Core.Tokens;
using Microsoft.ML.Tokenizers;

namespace CorpusForge.Stages.Tokenization;

/// <summary>A configured tokenizer: encodes document text to ids (end-of-text appended), decodes ids back to text,
/// and states its identity (name, vocabulary size, vocabulary hash, special tokens) for shard manifests.</summary>
/// <remarks>Thread-safe: Microsoft.ML.Tokenizers' tokenizers may be shared across threads.</remarks>
public sealed class TextTokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly Tokenizer _decoder;

    internal TextTokenizer(Tokenizer tokenizer, Tokenizer decoder, TokenizerIdentity identity)
    {
        _tokenizer = tokenizer;
        _decoder = decoder;
        Identity = identity;
    }

    /// <summary>Name, vocabulary size and hash, end-of-text and special tokens.</summary>
    public TokenizerIdentity Identity { get; }

    /// <summary>Id of the token appended to every document.</summary>
    public int EosId => Identity.EosId;

    /// <summary>Number of ids (special tokens included).</summary>
    public int VocabSize => Identity.VocabSize;

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer.</summary>
    public Tokenizer Inner => _tokenizer;

    /// <summary>Ids of <paramref name="text"/> (no end-of-text token).</summary>
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text);

    /// <summary>Appends the ids of <paramref name="text"/> and then the end-of-text id to <paramref name="ids"/>.</summary>
    public void EncodeDocument(string text, List<int> ids)
    {
        ids.AddRange(_tokenizer.EncodeToIds(text));
        ids.Add(EosId);
    }

    /// <summary>Text of <paramref name="ids"/> (special tokens shown as their strings).</summary>
    public string Decode(IEnumerable<int> ids) => _decoder.Decode(ids) ?? "";
}
