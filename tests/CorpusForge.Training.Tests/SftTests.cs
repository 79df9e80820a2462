using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Finetuning;
using CorpusForge.Training.Model;
using CorpusForge.Training.Training;
using static TorchSharp.torch;

namespace CorpusForge.Training.Tests;

public sealed class SftTests(FinetuneData data) : IClassFixture<FinetuneData>
{
    private readonly FinetuneData _data = data;

    private (GptModel Model, ChatTemplate Template) LoadChatModel()
    {
        var chat = ChatModelBase.Open(_data.BaseCheckpoint);
        var model = new GptModel(chat.Shape);
        chat.LoadInto(model);
        return (model, chat.Template);
    }

    private static TokenizedExample Example(ChatTemplate template, string user, string assistant)
    {
        var (ids, targets) = template.Render([new ChatMessage(ChatRole.User, user), new ChatMessage(ChatRole.Assistant, assistant)]);
        return new TokenizedExample(ids, targets);
    }

    private static (float Loss, float[] Grad) LossAndGradient(GptModel model, SftBatch batch)
    {
        model.zero_grad();
        var loss = SftObjective.Loss(model, batch, mean: false);
        loss.backward();
        var grad = model.parameters().Select(p => p.grad!.flatten()).ToArray();
        return (loss.item<float>(), cat(grad).data<float>().ToArray());
    }

    [Fact]
    public void NewTokenRowsStartAtTheMeanEmbeddingAndOldWeightsAreKept()
    {
        var (model, template) = LoadChatModel();
        var (baseModel, state) = CheckpointStore.LoadModel(CheckpointStore.Resolve(_data.BaseCheckpoint), CPU);
        var mean = baseModel.TokenEmbedding[..257].mean([0]);
        foreach (var id in ChatTemplate.SpecialTokens.Select(t => template.Codec.Identity.SpecialTokens[t]))
            Assert.True(model.TokenEmbedding[id].allclose(mean, rtol: 0, atol: 1e-6));
        Assert.True(model.TokenEmbedding[..257].allclose(baseModel.TokenEmbedding[..257], rtol: 0, atol: 0));
        using var ids = tensor(new long[] { 256, 72, 105, 33 }, [1, 4]);
        using var noGrad = no_grad();
        Assert.True(model.call(ids)[.., .., ..257].allclose(baseModel.call(ids)[.., .., ..257], atol: 1e-5));
        Assert.Equal(257, state.Tokenizer.VocabSize);
        Assert.Equal(261, template.Codec.Identity.VocabSize);
    }

    [Fact]
    public void PromptLabelsDoNotChangeTheLossOrGradientsButAnswersDo()
    {
        var (model, template) = LoadChatModel();
        var example = Example(template, "What colour is snow?", "snow is white.");
        var batch = new SftBatches([example], 1, 64, packing: false, 256, 0, shuffle: false).Next(CPU)!;
        var (loss, grad) = LossAndGradient(model, batch);

        // Scramble every label at a non-target (prompt and template) position: nothing may change.
        var labels = batch.Labels.clone();
        var promptPositions = labels.eq(SftBatches.Ignore);
        labels.masked_fill_(promptPositions, 65);
        var relabelled = batch with { Labels = labels.masked_fill(promptPositions, SftBatches.Ignore) };
        var wrongTargets = batch with { Labels = labels };
        var (sameLoss, sameGrad) = LossAndGradient(model, relabelled);
        Assert.Equal(loss, sameLoss);
        Assert.Equal(grad, sameGrad);

        // The SFT example with a different prompt text but the prompt masked: the loss covers only answer tokens, so
        // its count of scored tokens is the answer's, whatever the prompt length.
        var longer = Example(template, "Please, tell me: what colour is fresh snow in winter?", "snow is white.");
        Assert.Equal(example.Targets.Count(t => t), longer.Targets.Count(t => t));
        Assert.Equal(template.Answer("snow is white.").Length, example.Targets.Count(t => t));

        // Scoring prompt positions too, or changing the answer, does change it: the test can fail.
        Assert.NotEqual(loss, LossAndGradient(model, wrongTargets).Loss);
        var otherAnswer = new SftBatches([Example(template, "What colour is snow?", "snow is black.")], 1, 64, false, 256, 0, shuffle: false).Next(CPU)!;
        Assert.NotEqual(loss, LossAndGradient(model, otherAnswer).Loss);
    }

    [Fact]
    public void APackedBatchScoresExactlyAsTheExamplesOneByOne()
    {
        var (model, template) = LoadChatModel();
        TokenizedExample[] examples =
        [
            Example(template, "Snow?", "White."),
            Example(template, "Hi", "Hello, friend."),
            Example(template, "Coal?", "Black."),
        ];
        var packed = new SftBatches(examples, 1, 64, packing: true, 256, 0, shuffle: false).Next(CPU)!;
        Assert.Equal(examples.Sum(e => e.Length), packed.Tokens);
        Assert.Equal(1, packed.Input.shape[0]);
        var (packedLoss, packedGrad) = LossAndGradient(model, packed);

        var separateLoss = 0f;
        float[]? separateGrad = null;
        foreach (var example in examples)
        {
            var alone = new SftBatches([example], 1, example.Length, packing: false, 256, 0, shuffle: false).Next(CPU)!;
            var (loss, grad) = LossAndGradient(model, alone);
            separateLoss += loss;
            separateGrad = separateGrad is null ? grad : separateGrad.Zip(grad, (a, b) => a + b).ToArray();
        }

        Assert.Equal(separateLoss, packedLoss, 3);
        var maxDifference = packedGrad.Zip(separateGrad!, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference < 1e-4, $"gradients differ by {maxDifference}");

        // Without the block-diagonal mask (plain causal attention over the row) the scores differ: the mask matters.
        var leaky = packed with { Mask = ones(1, 1, 64, 64, dtype: ScalarType.Bool).tril() };
        Assert.NotEqual(packedLoss, LossAndGradient(model, leaky).Loss, 2);
    }

    [Fact]
    public void SftLowersHeldOutLossQuarantinesBadRowsAndResumesExactly()
    {
        var train = _data.WriteJsonl("sft-train.jsonl", FinetuneData.ColourRows(heldOut: false),
            """{"prompt": "broken", "response": ""}""", """{"prompt": "way too long", "response": "%LONG%"}""".Replace("%LONG%", new string('x', 200)));
        var validation = _data.WriteJsonl("sft-val.jsonl", FinetuneData.ColourRows(heldOut: true));
        var config = _data.Config("sft", 40, train, validation);
        config.Training.LearningRate = 3e-3;
        config.Evaluation.Interval = 20;
        var log = new List<string>();
        using var objective = new SftObjective(config, log.Add);
        var before = Validate(objective);
        var result = new Trainer(config, log.Add).Run(objective);
        Assert.True(result.ValidationLoss < 0.9 * before, $"held-out loss {before:F3} → {result.ValidationLoss:F3}");

        var quarantine = File.ReadAllLines(Path.Combine(config.Finetune.Quarantine, "sft-train.jsonl"));
        Assert.Equal(2, quarantine.Length);
        Assert.Contains("is empty", quarantine[0]);
        Assert.Contains("do not fit the context", quarantine[1]);
        Assert.Contains(log, l => l.Contains("24 examples, 2 rows quarantined"));

        var state = CheckpointStore.ReadState(FinetuneData.LatestStep(config.Checkpoints.Dir));
        Assert.Equal("sft", state.Objective);
        Assert.Equal(261, state.Tokenizer.VocabSize);
        Assert.Contains("<|assistant|>", state.Tokenizer.SpecialTokens.Keys);
        var exported = File.ReadAllText(Path.Combine(config.Output, "export", ModelExport.ConfigFile));
        Assert.Contains("<|assistant|>", exported);
        Assert.Contains("\"activation_function\": \"silu\"", exported);
        Assert.Equal("gelu_new", ModelExport.ActivationName(MlpKind.Gelu));

        // Stopped after 15 steps and resumed: the same losses as one uninterrupted run.
        var whole = _data.Config("sft-whole", 24, train);
        List<double> reference;
        using (var o = new SftObjective(whole, _ => { })) reference = [.. new Trainer(whole).Run(o).Losses];
        var split = _data.Config("sft-split", 24, train);
        List<double> resumed;
        using (var o = new SftObjective(split, _ => { })) resumed = [.. new Trainer(split) { StopAfterStep = 15 }.Run(o).Losses];
        using (var o = new SftObjective(split, _ => { })) resumed.AddRange(new Trainer(split).Run(o).Losses);
        Assert.Equal(reference.Count, resumed.Count);
        for (var i = 0; i < reference.Count; i++) Assert.Equal(reference[i], resumed[i], 5);
    }

    [Fact]
    public async Task TrainingFromEngineMadeSftShardsGivesTheSameLossesAsFromTheJsonl()
    {
        var train = _data.WriteJsonl("shards-train.jsonl", FinetuneData.ColourRows(heldOut: false));
        var validation = _data.WriteJsonl("shards-val.jsonl", FinetuneData.ColourRows(heldOut: true));
        var pipeline = Path.Combine(_data.Root, "sft-data.yaml");
        File.WriteAllText(pipeline, """
            version: 1
            name: sft-data
            corpus: sft-data
            inputs:
              - name: train
                reader: reader.chat_v1
                paths: [shards-train.jsonl]
              - name: heldout
                reader: reader.chat_v1
                paths: [shards-val.jsonl]
            stages:
              - stage: redact.pii_v1
              - stage: dedup.exact_v1
            outputs:
              - writer: writer.sft_shards_v1
                path: sft
                options:
                  tokenizer: bytes
                  validation_inputs: [heldout]
            """);
        var run = await new PipelineRunner().RunAsync(new PipelineLoader(BuiltInComponents.CreateRegistry()).Load(pipeline), new RunOptions());
        Assert.True(run.Succeeded);

        var fromJsonl = _data.Config("sft-from-jsonl", 10, train, validation);
        var shards = Path.Combine(_data.Root, "sft-data", "sft");
        var fromShards = _data.Config("sft-from-shards", 10, Path.Combine(shards, "train"), Path.Combine(shards, "validation"));
        fromShards.Finetune.DataFormat = FinetuneDataFormat.SftShards;
        TrainResult expected, actual;
        using (var objective = new SftObjective(fromJsonl, _ => { })) expected = new Trainer(fromJsonl).Run(objective);
        var log = new List<string>();
        using (var objective = new SftObjective(fromShards, log.Add)) actual = new Trainer(fromShards).Run(objective);
        Assert.Contains(log, l => l.EndsWith("train: 24 examples from 1 SFT shard(s)", StringComparison.Ordinal));
        Assert.Equal(10, actual.Losses.Count);
        Assert.Equal(expected.Losses, actual.Losses);
        Assert.NotNull(actual.ValidationLoss);
        Assert.Equal(expected.ValidationLoss, actual.ValidationLoss);

        // Shards rendered with another tokenizer than the base model's are refused, naming the file.
        var foreign = Path.Combine(_data.Root, "foreign.sftbin");
        using (var stream = File.Create(foreign))
            SftShardFormat.Write(stream, "corpusforge.chat_v1", ByteCodec.Plain.WithSpecialTokens(["<|other|>", .. ChatTemplate.SpecialTokens]).Identity, [new("x", [256, 1], [false, true])]);
        var wrong = _data.Config("sft-foreign", 1, foreign);
        wrong.Finetune.DataFormat = FinetuneDataFormat.SftShards;
        var error = Assert.Throws<InvalidDataException>(() => new SftObjective(wrong, _ => { }));
        Assert.StartsWith(foreign + ": written with tokenizer bytes (262 ids", error.Message);
    }

    private static double Validate(SftObjective objective)
    {
        using var model = new GptModel(objective.Shape);
        objective.Initialise(model);
        model.eval();
        using var noGrad = no_grad();
        return objective.Validate(model, CPU, new Dictionary<string, double>())!.Value;
    }
}
