using CorpusForge.Training.Generation;
using CorpusForge.Training.Model;

namespace CorpusForge.Training.Tests;

public sealed class BatchGeneratorTests
{
    public BatchGeneratorTests() => TestTorch.Init();

    private static readonly int[][] Prompts = [[1, 2, 3], [9], [4, 5, 6, 7, 8, 9, 10], [11, 12]];

    [Theory]
    [InlineData("rotary")]
    [InlineData("learned")]
    public void KvCacheGenerationEqualsGenerationWithoutCacheTokenForToken(string positions)
    {
        var shape = GptConfig.Preset("tiny", 100) with { Positions = positions == "rotary" ? PositionEncoding.Rotary : PositionEncoding.Learned };
        using var model = new GptModel(shape, new TorchSharp.torch.Generator(5));
        foreach (var options in new[] { new SamplingOptions { Temperature = 0, MaxTokens = 30 }, new SamplingOptions { Temperature = 1, TopK = 0, TopP = 1, MaxTokens = 30, Seed = 3 } })
        {
            var cached = BatchGenerator.Generate(model, Prompts, options, 100, [], useCache: true);
            var uncached = BatchGenerator.Generate(model, Prompts, options, 100, [], useCache: false);
            Assert.Equal(uncached.Select(g => g.Tokens), cached.Select(g => g.Tokens));
            Assert.All(cached, g => Assert.Equal(30, g.Tokens.Length));
        }
    }

    [Fact]
    public void EachRowOfABatchGeneratesWhatItWouldAloneAndWhatTheSequentialSamplerGives()
    {
        using var model = new GptModel(GptConfig.Preset("tiny", 100), new TorchSharp.torch.Generator(7));
        var greedy = new SamplingOptions { Temperature = 0, MaxTokens = 20 };
        var batched = BatchGenerator.Generate(model, Prompts, greedy, 100, []);
        for (var row = 0; row < Prompts.Length; row++)
        {
            Assert.Equal(BatchGenerator.Generate(model, [Prompts[row]], greedy, 100, [])[0].Tokens, batched[row].Tokens);
            Assert.Equal(TokenSampler.Generate(model, Prompts[row], greedy, 100), batched[row].Tokens);
        }
    }

    [Fact]
    public void RowsStopAtTheirStopTokenAndTheContextBoundsTheLength()
    {
        using var model = new GptModel(GptConfig.Preset("tiny", 100), new TorchSharp.torch.Generator(7));
        var greedy = new SamplingOptions { Temperature = 0, MaxTokens = 20 };
        var free = BatchGenerator.Generate(model, Prompts, greedy, 100, []);
        var stop = free[0].Tokens[4];
        var stopped = BatchGenerator.Generate(model, Prompts, greedy, 100, [stop]);
        Assert.True(stopped[0].Stopped);
        Assert.Equal(free[0].Tokens[..free[0].Tokens.ToList().IndexOf(stop)], stopped[0].Tokens);
        var full = BatchGenerator.Generate(model, [[1, 2, 3]], greedy with { MaxTokens = 500 }, 100, []);
        Assert.Equal(model.Config.ContextLength - 3, full[0].Tokens.Length);
        Assert.False(full[0].Stopped);
    }
}
