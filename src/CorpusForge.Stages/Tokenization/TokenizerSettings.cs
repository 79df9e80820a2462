using System.ComponentModel;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Tokenization;

/// <summary>How literal special-token strings (such as <c>&lt;|endoftext|&gt;</c>) inside document text are encoded.</summary>
public enum SpecialTokenText
{
    /// <summary>As ordinary text, like tiktoken's <c>encode_ordinary</c>: text can never forge a control token. Default.</summary>
    Ordinary,

    /// <summary>As the special token (for chat-formatted fine-tuning data whose markup is trusted).</summary>
    Special,
}

/// <summary>Which tokenizer to use: a tiktoken encoding shipped in Microsoft.ML.Tokenizers.Data, or a byte-level BPE
/// given as <c>vocab.json</c> + <c>merges.txt</c>; plus the end-of-text token and extra special tokens.</summary>
public class TokenizerSettings : IValidatableOptions
{
    /// <summary>The tiktoken encodings available without download.</summary>
    public static readonly string[] Encodings = ["cl100k_base", "o200k_base", "r50k_base", "gpt2"];

    /// <summary>Encoding name or <c>bpe</c>.</summary>
    [Description("cl100k_base, o200k_base, r50k_base, gpt2, or bpe (byte-level BPE from vocab + merges)")]
    public string Tokenizer { get; set; } = "cl100k_base";

    /// <summary>vocab.json of a byte-level BPE (tokenizer: bpe), relative to the pipeline file.</summary>
    [Description("vocab.json of a byte-level BPE (tokenizer: bpe), relative to the pipeline file")]
    public string Vocab { get; set; } = "";

    /// <summary>merges.txt of a byte-level BPE (tokenizer: bpe), relative to the pipeline file.</summary>
    [Description("merges.txt of a byte-level BPE (tokenizer: bpe), relative to the pipeline file")]
    public string Merges { get; set; } = "";

    /// <summary>Token appended to every document.</summary>
    [Description("end-of-text token appended to every document; must be a special token of the vocabulary")]
    public string EosToken { get; set; } = "<|endoftext|>";

    /// <summary>Extra special tokens (e.g. chat markup); ones the vocabulary lacks get ids after its last id.</summary>
    [Description("extra special tokens (e.g. <|im_start|>); new ones get ids after the vocabulary's last id")]
    public List<string> SpecialTokens { get; set; } = [];

    /// <summary>Policy for special-token strings inside text.</summary>
    [Description("literal special-token strings in text: ordinary (encoded as text, default) or special")]
    public SpecialTokenText SpecialTokenText { get; set; } = SpecialTokenText.Ordinary;

    /// <inheritdoc />
    public virtual IEnumerable<string> Validate()
    {
        if (Tokenizer == "bpe")
        {
            if (Vocab.Length == 0 || Merges.Length == 0) yield return "tokenizer: bpe needs both vocab and merges";
        }
        else if (!Encodings.Contains(Tokenizer))
        {
            yield return $"unknown tokenizer '{Tokenizer}' (valid: {string.Join(", ", Encodings)}, bpe)";
        }

        if (string.IsNullOrEmpty(EosToken)) yield return "eos_token must not be empty";
        if (SpecialTokens.Any(string.IsNullOrEmpty)) yield return "special_tokens must not contain empty strings";
    }
}
