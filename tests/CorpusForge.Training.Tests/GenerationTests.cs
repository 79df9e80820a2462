using CorpusForge.Training.Generation;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class GenerationTests
{
    public GenerationTests() => TestTorch.Init();

    private static GptModel Model() => new(GptConfig.Preset("tiny", 100), new TorchSharp.torch.Generator(5));

    [Fact]
    public void SameSeedSameTokensDifferentSeedDifferentTokens()
    {
        using var model = Model();
        var options = new SamplingOptions { Temperature = 1.0, TopK = 0, TopP = 1.0, MaxTokens = 40, Seed = 42 };
        var a = TokenSampler.Generate(model, [1, 2, 3], options, 100);
        var b = TokenSampler.Generate(model, [1, 2, 3], options, 100);
        var c = TokenSampler.Generate(model, [1, 2, 3], options with { Seed = 43 }, 100);
        Assert.Equal(40, a.Count);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, t => Assert.InRange(t, 0, 99));
    }

    [Fact]
    public void GenerationRunsPastTheContextLength()
    {
        using var model = Model();
        var produced = TokenSampler.Generate(model, [7], new SamplingOptions { MaxTokens = model.Config.ContextLength + 10, Seed = 1 }, 100);
        Assert.Equal(model.Config.ContextLength + 10, produced.Count);
    }

    [Fact]
    public void GreedyPicksTheArgmaxAndStopsAtTheStopToken()
    {
        using var model = Model();
        var greedy = TokenSampler.Generate(model, [1, 2], new SamplingOptions { Temperature = 0, MaxTokens = 5 }, 100);
        using (no_grad())
        {
            var logits = model.call(tensor(new long[] { 1, 2 }).unsqueeze(0))[0, -1][..100];
            Assert.Equal(logits.argmax().item<long>(), greedy[0]);
        }

        var stopped = TokenSampler.Generate(model, [1, 2], new SamplingOptions { Temperature = 0, MaxTokens = 5 }, 100, stopToken: greedy[0]);
        Assert.Equal([greedy[0]], stopped);
    }

    [Fact]
    public void TopKAndTopPOnlyEverPickFromTheKeptTokens()
    {
        var logits = tensor(new float[] { 0f, 5f, 4.5f, 1f, -2f, 3f });
        using var generator = new TorchSharp.torch.Generator(3);
        var topK = Enumerable.Range(0, 200).Select(_ => TokenSampler.Pick(logits, new SamplingOptions { Temperature = 1, TopK = 2, TopP = 1 }, generator)).ToHashSet();
        Assert.Equal([1, 2], topK.Order());

        // Probabilities ≈ [.004, .56, .34, .01, .0005, .08]: the nucleus for p = 0.8 is {1, 2}; p = 0.95 adds 5.
        var nucleus = Enumerable.Range(0, 200).Select(_ => TokenSampler.Pick(logits, new SamplingOptions { Temperature = 1, TopK = 0, TopP = 0.8 }, generator)).ToHashSet();
        Assert.Equal([1, 2], nucleus.Order());
        var wider = Enumerable.Range(0, 400).Select(_ => TokenSampler.Pick(logits, new SamplingOptions { Temperature = 1, TopK = 0, TopP = 0.95 }, generator)).ToHashSet();
        Assert.Equal([1, 2, 5], wider.Order());
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        using var model = Model();
        var error = Assert.Throws<ArgumentException>(() => TokenSampler.Generate(model, [1], new SamplingOptions { TopP = 0 }, 100));
        Assert.Contains("top-p", error.Message);
    }
}
