using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class GptModelTests
{
    public GptModelTests() => TestTorch.Init();

    public static TheoryData<string> Shapes => new() { "rotary-rmsnorm-swiglu", "learned-layernorm-gelu" };

    private static GptConfig Shape(string name) => name == "rotary-rmsnorm-swiglu"
        ? GptConfig.Preset("tiny", 100)
        : GptConfig.Preset("tiny", 100) with { Positions = PositionEncoding.Learned, Norm = NormKind.LayerNorm, Mlp = MlpKind.Gelu, Bias = true };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AttentionIsCausal(string shape)
    {
        using var scope = NewDisposeScope();
        using var model = new GptModel(Shape(shape), new torch.Generator(1));
        model.eval();
        var tokens = randint(0, 100, [2, 20], generator: new torch.Generator(2));
        var changed = tokens.clone();
        changed[.., 12..] = randint(0, 100, [2, 8], generator: new torch.Generator(3));

        using var noGrad = no_grad();
        var before = model.call(tokens);
        var after = model.call(changed);
        Assert.Equal(new long[] { 2, 20, model.Config.VocabSize }, before.shape);
        Assert.True(before[.., ..12].allclose(after[.., ..12], rtol: 0, atol: 1e-6), "outputs before position 12 changed when only later tokens changed");
        Assert.False(before[.., 12..].allclose(after[.., 12..], rtol: 0, atol: 1e-3), "outputs at the changed positions did not change");
    }

    [Fact]
    public void PositionsMatterSoTheModelIsNotABagOfTokens()
    {
        using var scope = NewDisposeScope();
        using var model = new GptModel(GptConfig.Preset("tiny", 100), new torch.Generator(1));
        using var noGrad = no_grad();
        var forward = model.call(tensor(new long[] { 5, 6, 7, 8 }).unsqueeze(0));
        var swapped = model.call(tensor(new long[] { 6, 5, 7, 8 }).unsqueeze(0));
        Assert.False(forward[0, 3].allclose(swapped[0, 3], rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Gpt2PresetHasGpt2SmallParameterCount()
    {
        // GPT-2 small with the vocabulary padded to 50304 (nanoGPT): 124,475,904 parameters, the head tied.
        var config = GptConfig.Preset("gpt2-124m", 50257);
        Assert.Equal(50304, config.VocabSize);
        using var model = new GptModel(config);
        Assert.Equal(124_475_904, model.ParameterCount);
        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("lm_head", StringComparison.Ordinal));
        Assert.Contains(model.named_parameters(), p => p.name == "transformer.h.11.attn.c_attn.weight");
    }

    [Fact]
    public void SameSeedGivesSameWeights()
    {
        using var a = new GptModel(GptConfig.Preset("tiny", 100), new torch.Generator(7));
        using var b = new GptModel(GptConfig.Preset("tiny", 100), new torch.Generator(7));
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.allclose(pb, rtol: 0, atol: 0), name);
    }

    [Fact]
    public void InvalidShapeIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new GptModel(GptConfig.Preset("tiny", 100) with { Heads = 3 }));
        Assert.Contains("multiple of heads", error.Message);
    }
}
