using CorpusForge.Training.Model;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CorpusForge.Training.Finetuning;

/// <summary>A prompt and an answer, as ids (the answer as the template writes it: content then <c>&lt;|end|&gt;</c>).</summary>
public sealed record PromptAnswer(int[] Prompt, int[] Answer)
{
    /// <summary>Ids of the whole sequence.</summary>
    public int Length => Prompt.Length + Answer.Length;
}

/// <summary>Prompt–answer sequences in one right-padded batch: the log-probability a model gives each answer (the
/// sum over its tokens, prompt tokens only conditioning), and a reward model's score at each sequence's last token.</summary>
public sealed class AnswerBatch
{
    private AnswerBatch(Tensor input, Tensor labels, Tensor last, long tokens)
    {
        Input = input;
        Labels = labels;
        Last = last;
        Tokens = tokens;
    }

    /// <summary>Ids, shape (sequences, longest − 1).</summary>
    public Tensor Input { get; }

    /// <summary>Next-token labels: answer tokens, <see cref="SftBatches.Ignore"/> elsewhere.</summary>
    public Tensor Labels { get; }

    /// <summary>Index of each sequence's last id in the full sequence (where a reward is read).</summary>
    public Tensor Last { get; }

    /// <summary>Real (unpadded) ids fed.</summary>
    public long Tokens { get; }

    /// <summary>Builds the batch on <paramref name="device"/>; padding is <paramref name="padId"/> after each sequence,
    /// which causal attention keeps from influencing the real positions.</summary>
    public static AnswerBatch Build(IReadOnlyList<PromptAnswer> items, int padId, Device device)
    {
        var longest = items.Max(i => i.Length);
        var width = longest - 1;
        var input = new long[items.Count * width];
        var labels = new long[items.Count * width];
        var last = new long[items.Count];
        Array.Fill(input, padId);
        Array.Fill(labels, SftBatches.Ignore);
        long tokens = 0;
        for (var row = 0; row < items.Count; row++)
        {
            int[] ids = [.. items[row].Prompt, .. items[row].Answer];
            for (var i = 0; i < ids.Length - 1; i++)
            {
                input[row * width + i] = ids[i];
                if (i + 1 >= items[row].Prompt.Length) labels[row * width + i] = ids[i + 1];
            }

            last[row] = ids.Length - 1;
            tokens += ids.Length;
        }

        return new AnswerBatch(tensor(input, [items.Count, width]).to(device), tensor(labels, [items.Count, width]).to(device), tensor(last).to(device), tokens);
    }

    /// <summary>Sum of log p(answer token) per sequence, shape (sequences), with gradients when <paramref name="model"/> has them.</summary>
    public Tensor AnswerLogProbabilities(GptModel model)
    {
        using var scope = NewDisposeScope();
        return TokenLogProbabilities(model).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>log p of each answer token, zero elsewhere, shape (sequences, longest − 1).</summary>
    public Tensor TokenLogProbabilities(GptModel model)
    {
        using var scope = NewDisposeScope();
        var logits = model.Forward(Input).to(ScalarType.Float32);
        var scored = Labels.ne(SftBatches.Ignore);
        var safe = Labels.masked_fill(scored.logical_not(), 0);
        var logp = F.log_softmax(logits, -1).gather(-1, safe.unsqueeze(-1)).squeeze(-1);
        return logp.masked_fill(scored.logical_not(), 0).MoveToOuterDisposeScope();
    }

    /// <summary>Mask of answer-token positions, shape (sequences, longest − 1).</summary>
    public Tensor AnswerMask => Labels.ne(SftBatches.Ignore);

    /// <summary>A reward model's score at each sequence's last id, shape (sequences).</summary>
    public Tensor Rewards(GptModel rewardModel)
    {
        using var scope = NewDisposeScope();
        // The last id is not in Input (it is only a label there), so score the full sequences: Input plus one column.
        var full = cat([Input, zeros(Input.shape[0], 1, dtype: ScalarType.Int64, device: Input.device)], 1);
        full = full.scatter(1, Last.unsqueeze(1), LastIds());
        var scores = rewardModel.Scores(full);
        return scores.gather(1, Last.unsqueeze(1)).squeeze(1).MoveToOuterDisposeScope();
    }

    private Tensor LastIds()
    {
        // The last id of each sequence is the label at position Last − 1.
        return Labels.gather(1, (Last - 1).unsqueeze(1));
    }
}
