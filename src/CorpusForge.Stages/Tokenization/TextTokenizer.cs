using System.Text.RegularExpressions;
using CorpusForge.Core.Tokens;
using Microsoft.ML.Tokenizers;

namespace CorpusForge.Stages.Tokenization;

/// <summary>A configured tokenizer: encodes document text to ids (end-of-text appended), decodes ids back to text,
/// and states its identity (name, vocabulary size, vocabulary hash, special tokens) for shard manifests.</summary>
/// <remarks>Thread-safe: Microsoft.ML.Tokenizers' tokenizers may be shared across threads.
/// <para>Under <see cref="SpecialTokenText.Special"/>, literal special-token strings are found here (leftmost, longest
/// first), and only the ordinary text between them reaches the encoder, each stretch encoded on its own. That is
/// tiktoken's <c>encode(text, allowed_special="all")</c>: its <c>_encode_native</c> also finds the next special token,
/// encodes the slice before it with the split pattern, and appends the special id, so the split never spans a
/// special token. The ordinary encoder never sees a special string, so ids cannot depend on what a cache has seen.</para></remarks>
public sealed class TextTokenizer
{
    private readonly Tokenizer _tokenizer;
    private readonly Tokenizer _decoder;
    private readonly FastTiktokenEncoder? _fast;
    private readonly Regex? _specials;
    private readonly bool _specialPolicy;

    internal TextTokenizer(Tokenizer tokenizer, Tokenizer decoder, TokenizerIdentity identity, FastTiktokenEncoder? fast = null, bool splitSpecials = false)
    {
        _tokenizer = tokenizer;
        _decoder = decoder;
        Identity = identity;
        _fast = fast;
        _specialPolicy = splitSpecials;
        if (identity.SpecialTokens.Count > 0)
        {
            // Longest first, so that "<|end|>" cannot win over "<|endoftext|>" at the same position.
            var alternatives = identity.SpecialTokens.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape);
            _specials = new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant);
        }
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
        var ids = new List<int>(text.Length / 3 + 4);
        Append(text, ids, _specialPolicy);
        return ids;
    }

    /// <summary>Appends the ids of <paramref name="text"/> and then the end-of-text id to <paramref name="ids"/>.</summary>
    public void EncodeDocument(string text, List<int> ids)
    {
        Append(text, ids, _specialPolicy);
        ids.Add(EosId);
    }

    /// <summary>Appends the ids of <paramref name="text"/>, special-token strings as their ids whatever the policy
    /// (for markup that a chat template writes, never for untrusted text).</summary>
    public void EncodeWithSpecials(string text, List<int> ids) => Append(text, ids, splitSpecials: true);

    /// <summary>Appends the ids of ordinary <paramref name="text"/>: special-token strings stay text whatever the policy.</summary>
    public void EncodeOrdinary(ReadOnlySpan<char> text, List<int> ids)
    {
        if (text.IsEmpty) return;
        if (_fast is not null) _fast.Encode(text, ids);
        else ids.AddRange(_tokenizer.EncodeToIds(text));
    }

    /// <summary>Text of <paramref name="ids"/> (special tokens shown as their strings).</summary>
    public string Decode(IEnumerable<int> ids) => _decoder.Decode(ids) ?? "";

    private void Append(string text, List<int> ids, bool splitSpecials)
    {
        if (_specials is null || !splitSpecials)
        {
            EncodeOrdinary(text, ids);
            return;
        }

        var start = 0;
        for (var match = _specials.Match(text); match.Success; match = match.NextMatch())
        {
            EncodeOrdinary(text.AsSpan(start, match.Index - start), ids);
            ids.Add(Identity.SpecialTokens[match.Value]);
            start = match.Index + match.Length;
        }

        EncodeOrdinary(text.AsSpan(start), ids);
    }
}
