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
    private readonly FastTiktokenEncoder? _fast;

    internal TextTokenizer(Tokenizer tokenizer, Tokenizer decoder, TokenizerIdentity identity, FastTiktokenEncoder? fast = null)
    {
        _tokenizer = tokenizer;
        _decoder = decoder;
        Identity = identity;
        _fast = fast;
    }

    /// <summary>Name, vocabulary size and hash, end-of-text and special tokens.</summary>
    public TokenizerIdentity Identity { get; }

    /// <summary>Id of the token appended to every document.</summary>
    public int EosId => Identity.EosId;

    /// <summary>Number of ids (special tokens included).</summary>
    public int VocabSize => Identity.VocabSize;

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer.</summary>
    public Tokenizer Inner => _tokenizer;

    /// <summary>True when ids come from CorpusForge's hand-written cl100k/o200k encoder rather than from
    /// Microsoft.ML.Tokenizers (same ids; see <see cref="FastTiktokenEncoder"/>).</summary>
    public bool UsesFastEncoder => _fast is not null;

    /// <summary>Ids of <paramref name="text"/> (no end-of-text token).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        if (_fast is null) return _tokenizer.EncodeToIds(text);
        var ids = new List<int>(text.Length / 3 + 4);
        _fast.Encode(text, ids);
        return ids;
    }

    /// <summary>Appends the ids of <paramref name="text"/> and then the end-of-text id to <paramref name="ids"/>.</summary>
    public void EncodeDocument(string text, List<int> ids)
    {
        if (_fast is not null) _fast.Encode(text, ids);
        else ids.AddRange(_tokenizer.EncodeToIds(text));
        ids.Add(EosId);
    }

    /// <summary>Text of <paramref name="ids"/> (special tokens shown as their strings).</summary>
    public string Decode(IEnumerable<int> ids) => _decoder.Decode(ids) ?? "";
}
