using CorpusForge.Training.Checkpoints;
using CorpusForge.Training.Model;
using static TorchSharp.torch;

namespace CorpusForge.Training.Finetuning;

/// <summary>Moves pretrained weights into a model whose vocabulary gained tokens (chat markup): every weight is
/// copied, and the embedding rows of the new tokens (shared with the tied output head) start at the mean of the
/// pretrained token rows, so the new tokens begin as an "average token" rather than noise whose logits could
/// dominate (the initialisation Hewitt, 2021, recommends for added tokens).</summary>
public static class VocabularyResize
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>; ids in [<paramref name="oldVocabulary"/>,
    /// <paramref name="newVocabulary"/>) get the mean of rows [0, <paramref name="oldVocabulary"/>).</summary>
    public static void Copy(GptModel source, GptModel target, int oldVocabulary, int newVocabulary)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in target.named_parameters())
        {
            // A reward model's score head is new when it starts from a language model; it keeps its initialisation.
            if (name.StartsWith("score.", StringComparison.Ordinal) && !sourceParameters.ContainsKey(name)) continue;
            if (!sourceParameters.TryGetValue(name, out var from)) throw new InvalidDataException($"the base model has no parameter {name}");
            if (from.shape.SequenceEqual(parameter.shape))
            {
                parameter.copy_(from);
                continue;
            }

            // Only the token embedding (rows = vocabulary) may change size.
            if (!name.EndsWith("wte.weight", StringComparison.Ordinal))
                throw new InvalidDataException($"parameter {name} has shape [{string.Join(", ", from.shape)}] in the base model, [{string.Join(", ", parameter.shape)}] here");
            var rows = Math.Min(from.shape[0], parameter.shape[0]);
            parameter[..(int)rows].copy_(from[..(int)rows]);
        }

        if (newVocabulary > oldVocabulary)
        {
            var embedding = target.TokenEmbedding;
            var mean = source.TokenEmbedding[..oldVocabulary].mean([0], keepdim: true);
            embedding[oldVocabulary..newVocabulary].copy_(mean.expand(newVocabulary - oldVocabulary, -1));
        }
    }

    /// <summary>Loads the checkpoint <paramref name="baseCheckpoint"/> (a step folder or a checkpoint folder) into
    /// <paramref name="target"/>, resizing the vocabulary from the base tokenizer's size to <paramref name="newVocabulary"/>.</summary>
    public static void LoadInto(string baseCheckpoint, GptModel target, int newVocabulary)
    {
        var folder = CheckpointStore.Resolve(baseCheckpoint);
        var state = CheckpointStore.ReadState(folder);
        using var source = new GptModel(state.Model);
        CheckpointStore.LoadInto(folder, source);
        Copy(source, target, state.Tokenizer.VocabSize, newVocabulary);
    }
}
