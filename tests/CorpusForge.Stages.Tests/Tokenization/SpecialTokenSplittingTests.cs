using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Stages.Tests.Tokenization;

/// <summary>Special-token strings are split out before encoding, so ids never depend on what was encoded before.</summary>
public class SpecialTokenSplittingTests
{
    // Expected ids are tiktoken's: enc.encode("a <|endoftext|> b", allowed_special="all").
    [Theory]
    [InlineData("cl100k_base", new[] { 64, 220, 100257, 293 })]
    [InlineData("o200k_base", new[] { 64, 220, 199999, 287 })]
    [InlineData("gpt2", new[] { 64, 220, 50256, 275 })]
    public void IdsDoNotDependOnHistory(string encoding, int[] expected)
    {
        var tokenizer = TokenizerFactoryTests.Create(encoding, SpecialTokenText.Special);
        const string text = "a <|endoftext|> b";
        Assert.Equal(expected, tokenizer.Encode(text));
        // More distinct pieces than Microsoft.ML.Tokenizers' 8,192-entry cache holds, each with a special token between.
        for (var i = 0; i < 9000; i++) tokenizer.Encode($"w{i}x{i * 7919 % 10007}q <|endoftext|> z{i}");
        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("gpt2")]
    public void IdsDoNotDependOnOrder(string encoding)
    {
        var tokenizer = TokenizerFactoryTests.Create(encoding, SpecialTokenText.Special, "<|user|>", "<|assistant|>", "<|end|>");
        var texts = Enumerable.Range(0, 3000).Select(i => $"<|user|>question {i} é{i % 97}<|end|><|assistant|>answer{i * 31}<|end|>").ToList();
        var forward = texts.Select(t => tokenizer.Encode(t).ToArray()).ToList();
        var backward = Enumerable.Reverse(texts).Select(t => tokenizer.Encode(t).ToArray()).Reverse().ToList();
        Assert.Equal(forward, backward);
        var user = tokenizer.Identity.SpecialTokens["<|user|>"];
        var end = tokenizer.Identity.SpecialTokens["<|end|>"];
        Assert.All(forward, ids => Assert.Equal(user, ids[0]));
        Assert.All(forward, ids => Assert.Equal(end, ids[^1]));
        // The ordinary stretches are encoded exactly as on their own.
        Assert.Equal(tokenizer.Encode("question 5 é5"), forward[5][1..(1 + tokenizer.Encode("question 5 é5").Count)]);
    }

    [Fact]
    public void OrdinaryPolicyKeepsSpecialStringsAsTextAfterManyPieces()
    {
        var tokenizer = TokenizerFactoryTests.Create("cl100k_base");
        var fresh = tokenizer.Encode("a <|endoftext|> b").ToArray();
        for (var i = 0; i < 9000; i++) tokenizer.Encode($"v{i}y{i * 104729 % 9973} <|endoftext|>");
        Assert.Equal(fresh, tokenizer.Encode("a <|endoftext|> b"));
        Assert.DoesNotContain(100257, fresh);
    }

    [Fact]
    public void LongestSpecialWinsAndTemplateMarkupIsSplitOnRequest()
    {
        var tokenizer = TokenizerFactoryTests.Create("cl100k_base", SpecialTokenText.Ordinary, "<|end|>", "<|endoftext|>");
        var ids = new List<int>();
        tokenizer.EncodeWithSpecials("x<|endoftext|><|end|>", ids);
        Assert.Equal([tokenizer.Encode("x")[0], 100257, tokenizer.Identity.SpecialTokens["<|end|>"]], ids);
        Assert.DoesNotContain(100257, tokenizer.Encode("x<|endoftext|>"));
    }
}
