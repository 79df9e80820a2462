namespace CorpusForge.Core.Tokens;

/// <summary>How token ids are stored in shard files: 2 bytes where the vocabulary fits, 4 bytes otherwise.</summary>
public enum TokenDType
{
    /// <summary>Unsigned 16-bit ids (vocabularies of at most 65,536 entries).</summary>
    UInt16,

    /// <summary>32-bit ids. llm.c stores them as uint32; Megatron-LM has no uint32 code and stores them as int32,
    /// which holds the same values for any vocabulary below 2^31.</summary>
    UInt32,
}

/// <summary>Helpers for <see cref="TokenDType"/>.</summary>
public static class TokenDTypes
{
    /// <summary>The narrowest type that holds every id of a vocabulary of <paramref name="vocabularySize"/> entries.</summary>
    public static TokenDType ForVocabulary(int vocabularySize) =>
        vocabularySize <= 0 ? throw new ArgumentOutOfRangeException(nameof(vocabularySize), "A vocabulary has at least one entry.")
        : vocabularySize <= 65536 ? TokenDType.UInt16 : TokenDType.UInt32;

    /// <summary>Bytes per token.</summary>
    public static int Size(this TokenDType type) => type == TokenDType.UInt16 ? 2 : 4;

    /// <summary>The name used in manifests (<c>uint16</c> or <c>uint32</c>).</summary>
    public static string Name(this TokenDType type) => type == TokenDType.UInt16 ? "uint16" : "uint32";

    /// <summary>Parses a manifest name.</summary>
    public static TokenDType Parse(string name) => name switch
    {
        "uint16" => TokenDType.UInt16,
        "uint32" => TokenDType.UInt32,
        _ => throw new FormatException($"Unknown token dtype '{name}' (expected uint16 or uint32)."),
    };
}
