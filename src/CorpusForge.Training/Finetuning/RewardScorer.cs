using System.Text.Json;
using CorpusForge.Stages.Chat;
using CorpusForge.Stages.Tokenization;
using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Data;
using CorpusForge.Training.Model;
using CorpusForge.Training.Native;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>Scores answers with a reward model: rows <c>{"prompt": …, "response": …}</c> (or <c>messages</c> ending
/// with the assistant's answer); each output row is the input with <c>"reward"</c> added. Bad rows are quarantined.</summary>
public static class RewardScorer
{
    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/> (JSONL) and returns (scored, quarantined).</summary>
    public static (int Scored, int Quarantined) Score(string checkpoint, string input, string output, int batchSize = 16)
    {
        TorchNativeLoader.EnsureLoaded();
        var folder = CheckpointStore.Resolve(checkpoint);
        var (model, state) = CheckpointStore.LoadModel(folder, CPU);
        using var disposeModel = model;
        if (!state.Model.ScoreHead) throw new InvalidDataException($"{folder} is not a reward model (no score head); make one with corpusforge finetune reward.");
        var template = new ChatTemplate(TokenCodec.FromIdentity(state.Tokenizer));
        var records = FinetuneRecords.ReadSft(input);
        var lines = File.ReadAllLines(input);
        var quarantined = records.Quarantined.ToList();
        var items = new List<(int Line, PromptAnswer Item)>();
        foreach (var row in records.Rows)
        {
            var messages = row.Value.Messages;
            if (messages[^1].Role != ChatRole.Assistant)
            {
                quarantined.Add(new QuarantinedRow(input, row.Line, "the last message must be the assistant's answer to score", lines[row.Line - 1]));
                continue;
            }

            var item = new PromptAnswer(template.Prompt([.. messages.Take(messages.Count - 1)]), template.Answer(messages[^1].Content));
            if (item.Length > state.Model.ContextLength)
            {
                quarantined.Add(new QuarantinedRow(input, row.Line, $"{item.Length} tokens do not fit the context of {state.Model.ContextLength}", lines[row.Line - 1]));
                continue;
            }

            items.Add((row.Line, item));
        }

        var results = new List<string>();
        using (no_grad())
        {
            for (var start = 0; start < items.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var slice = items.Skip(start).Take(batchSize).ToList();
                var rewards = AnswerBatch.Build([.. slice.Select(s => s.Item)], state.Tokenizer.EosId, CPU).Rewards(model).data<float>().ToArray();
                for (var i = 0; i < slice.Count; i++)
                {
                    var node = System.Text.Json.Nodes.JsonNode.Parse(lines[slice[i].Line - 1])!.AsObject();
                    node["reward"] = Math.Round(rewards[i], 6);
                    results.Add(node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        CorpusForge.Core.IO.AtomicFile.WriteAllText(output, string.Join("\n", results) + (results.Count > 0 ? "\n" : ""));
        (records with { Quarantined = quarantined }).WriteQuarantine(output + ".quarantine.jsonl");
        return (results.Count, quarantined.Count);
    }
}
