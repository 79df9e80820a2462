using System.Buffers.Binary;
using System.Text.Json;
using CorpusForge.Core.Tokens;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-ckpt-").FullName;

    public CheckpointTests() => TestTorch.Init();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GptConfig Shape => GptConfig.Preset("tiny", 100) with { Positions = PositionEncoding.Learned, Bias = true, Norm = NormKind.LayerNorm };

    [Fact]
    public void CheckpointRoundTripRestoresWeightsOptimizerAndState()
    {
        using var model = new GptModel(Shape, new TorchSharp.torch.Generator(1));
        var (optimizer, _) = Trainer.CreateOptimizer(model, new OptimizationOptions());
        TakeStep(model, optimizer);
        var store = new CheckpointStore(Path.Combine(_root, "ckpt"), keep: 2);
        var state = new TrainerState { Step = 1, TrainPosition = 8, TokensSeen = 512, Model = Shape, Tokenizer = new TokenizerIdentity { Name = "bytes", VocabSize = 100 }, RngState = CheckpointStore.CaptureRng() };
        var saved = store.Save(model, optimizer, state);

        using var restored = new GptModel(Shape, new TorchSharp.torch.Generator(2));
        var (restoredOptimizer, _) = Trainer.CreateOptimizer(restored, new OptimizationOptions());
        CheckpointStore.LoadInto(CheckpointStore.Resolve(store.Folder), restored, restoredOptimizer);
        AssertSameWeights(model, restored);
        var read = CheckpointStore.ReadState(saved);
        Assert.Equal((1, 8L, 512L, Shape, state.RngState, "bytes"), (read.Step, read.TrainPosition, read.TokensSeen, read.Model, read.RngState, read.Tokenizer.Name));

        // Same optimiser state ⇒ the next step lands on the same weights.
        TakeStep(model, optimizer);
        TakeStep(restored, restoredOptimizer);
        AssertSameWeights(model, restored);
    }

    [Fact]
    public void OnlyTheNewestCheckpointsAreKeptAndLatestPointsAtTheNewest()
    {
        using var model = new GptModel(Shape);
        var (optimizer, _) = Trainer.CreateOptimizer(model, new OptimizationOptions());
        var store = new CheckpointStore(Path.Combine(_root, "keep"), keep: 2);
        foreach (var step in new[] { 10, 20, 30 }) store.Save(model, optimizer, new TrainerState { Step = step, Model = Shape });
        Assert.Equal(["step-00000020", "step-00000030"], Directory.GetDirectories(store.Folder).Select(Path.GetFileName).Order());
        Assert.EndsWith("step-00000030", store.Latest());
        Assert.Empty(Directory.GetFiles(store.Folder, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void RngStateRoundTrips()
    {
        var saved = CheckpointStore.CaptureRng();
        var first = rand(4).data<float>().ToArray();
        CheckpointStore.RestoreRng(saved);
        Assert.Equal(first, rand(4).data<float>().ToArray());
    }

    [Fact]
    public void SafetensorsExportRoundTripsAndIsReadableWithoutTorchSharp()
    {
        using var model = new GptModel(Shape, new TorchSharp.torch.Generator(3));
        var folder = Path.Combine(_root, "export");
        var weights = ModelExport.Export(model, new TokenizerIdentity { Name = "gpt2", VocabSize = 100 }, folder);

        using var loaded = new GptModel(ModelExport.ReadConfig(folder), new TorchSharp.torch.Generator(4));
        ModelExport.Import(loaded, folder);
        AssertSameWeights(model, loaded);

        // Independent reader of the published layout: u64 header length, JSON header, raw little-endian data.
        var bytes = File.ReadAllBytes(weights);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var tensors = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(model.named_parameters().Select(p => p.name).Order(), tensors.Keys.Order());
        var wpe = tensors["transformer.wpe.weight"];
        Assert.Equal("F32", wpe.GetProperty("dtype").GetString());
        Assert.Equal([64L, 64L], wpe.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var begin = 8 + headerLength + wpe.GetProperty("data_offsets")[0].GetInt32();
        var expected = model.named_parameters().Single(p => p.name == "transformer.wpe.weight").parameter.data<float>().ToArray();
        var actual = Enumerable.Range(0, expected.Length).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(begin + 4 * i))).ToArray();
        Assert.Equal(expected, actual);

        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ModelExport.ConfigFile))).RootElement;
        Assert.Equal("learned", config.GetProperty("model").GetProperty("positions").GetString());
        Assert.Equal("gpt2", config.GetProperty("tokenizer").GetProperty("name").GetString());
    }

    private static void TakeStep(GptModel model, TorchSharp.Modules.AdamW optimizer)
    {
        using var scope = NewDisposeScope();
        var tokens = arange(0, 32).remainder(100).view(2, 16);
        optimizer.zero_grad();
        model.Loss(tokens, tokens.roll(-1, 1)).backward();
        optimizer.step();
    }

    private static void AssertSameWeights(GptModel a, GptModel b)
    {
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.allclose(pb, rtol: 0, atol: 0), name);
    }
}
