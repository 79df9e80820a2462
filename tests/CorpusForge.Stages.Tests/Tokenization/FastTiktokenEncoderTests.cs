using System.Text;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Tests.Tokenization;

/// <summary>The hand-written cl100k/o200k encoder must give exactly Microsoft.ML.Tokenizers' ids (regex pre-tokenizer
/// plus its BPE) on any text: checked on random strings over an alphabet chosen to hit every branch of the patterns.</summary>
public class FastTiktokenEncoderTests
{
    // Letters of every case class (Lu Ll Lt Lm Lo), marks (Mn Mc), numbers (Nd Nl No), every kind of whitespace,
    // apostrophes for contractions (with the long s that case-folds to s), slashes, punctuation, CJK, emoji (surrogate
    // pairs), a lone surrogate, and the byte-order mark.
    private static readonly string[] Alphabet =
    [
        "a", "b", "s", "t", "d", "m", "l", "v", "e", "r", "S", "T", "L", "V", "E", "R", "D", "M", "Q", "é", "É", "ß", "ǅ", "ʰ", "中", "文", "ひ", "ア",
        "\u0301", "\u0903", "5", "0", "٣", "Ⅷ", "²", "½", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u0085", "\u2028", "\u3000", "\v", "\f",
        "'", "'", "'s", "'S", "'ll", "'LL", "'ve", "'re", "'d", "'m", "'t", "ſ", "/", "//", ".", ",", "!", "?", "(", ")", "-", "_", "{", "}", "<|endoftext|>",
        "😀", "👍🏽", "🇯🇵", "\ud83d", "\uFEFF", "\u200d", "x", "y", "Hello", "WORLD", "world", "café", "Straße",
    ];

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void RandomTextGivesTheSameIdsAsMicrosoftMLTokenizers(string encoding)
    {
        var tokenizer = TokenizerFactoryTests.Create(encoding);
        Assert.True(tokenizer.UsesFastEncoder);
        var random = new Random(20240520);
        var text = new StringBuilder();
        for (var sample = 0; sample < 3000; sample++)
        {
            text.Clear();
            var length = 1 + random.Next(24);
            for (var i = 0; i < length; i++) text.Append(Alphabet[random.Next(Alphabet.Length)]);
            var value = text.ToString();
            Assert.True(tokenizer.Inner.EncodeToIds(Replaced(value)).SequenceEqual(tokenizer.Encode(value)), $"{encoding}: ids differ for \"{Escape(value)}\"");
        }
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void LongPiecesAndRepetitionGiveTheSameIds(string encoding)
    {
        var tokenizer = TokenizerFactoryTests.Create(encoding);
        foreach (var value in new[] { new string('a', 3000), new string(' ', 2000) + "x", "x" + new string('\n', 700), string.Concat(Enumerable.Repeat("😀", 400)), string.Concat(Enumerable.Repeat("!?", 900)) })
            Assert.Equal(tokenizer.Inner.EncodeToIds(value), tokenizer.Encode(value));
    }

    /// <summary>tiktoken encodes a lone surrogate as U+FFFD (tests/test_encoding.py, test_encode_surrogate_pairs), and so
    /// does the fast encoder; Microsoft.ML.Tokenizers 2.0.1 encodes its raw 3-byte form instead, so the comparison
    /// replaces lone surrogates first.</summary>
    private static string Replaced(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    private static string Escape(string value) =>
        string.Concat(value.Select(c => c < 32 || c > 126 ? $"\\u{(int)c:x4}" : c.ToString()));
}
