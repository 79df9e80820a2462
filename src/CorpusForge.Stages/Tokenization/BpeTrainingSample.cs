using System.Text;
using CorpusForge.Core.Tokens;
using K4os.Hash.xxHash;

namespace CorpusForge.Stages.Tokenization;

/// <summary>A deterministic, order-independent sample of documents for BPE training, streamed in bounded memory:
/// each document gets a pseudo-random key from a hash of its text and the seed; the sample keeps the documents with
/// the smallest keys that fit the byte budget (bottom-k sampling), and, when a held-out budget is given, one document
/// in <see cref="HeldOutEvery"/> (by key) is set aside as held-out text for measuring compression instead.</summary>
public sealed class BpeTrainingSample(long budgetBytes, long heldOutBudgetBytes, ulong seed = 0)
{
    /// <summary>One document in this many goes to the held-out set.</summary>
    public const int HeldOutEvery = 50;

    private readonly PriorityQueue<string, ulong> _sample = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    private readonly PriorityQueue<string, ulong> _heldOut = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    private long _sampleBytes;
    private long _heldOutBytes;

    /// <summary>Documents offered so far.</summary>
    public long Offered { get; private set; }

    /// <summary>Offers one document.</summary>
    public void Offer(string text)
    {
        Offered++;
        var key = SplitMix64.Mix(XXH64.DigestOf(Encoding.UTF8.GetBytes(text)) ^ seed);
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (heldOutBudgetBytes > 0 && key % HeldOutEvery == 0) Keep(_heldOut, ref _heldOutBytes, heldOutBudgetBytes, text, key, bytes);
        else Keep(_sample, ref _sampleBytes, budgetBytes, text, key, bytes);
    }

    /// <summary>The training documents, in key order. When every document went to the held-out set (a tiny input),
    /// they are trained on instead, and nothing is held out.</summary>
    public List<string> Training()
    {
        if (_sample.Count > 0) return Drain(_sample);
        var all = Drain(_heldOut);
        _heldOut.Clear();
        _heldOutBytes = 0;
        return all;
    }

    /// <summary>The held-out documents, in key order.</summary>
    public List<string> HeldOut() => Drain(_heldOut);

    private static void Keep(PriorityQueue<string, ulong> queue, ref long total, long budget, string text, ulong key, int bytes)
    {
        if (budget <= 0) return;
        queue.Enqueue(text, key);
        total += bytes;
        while (total > budget && queue.Count > 1)
        {
            var dropped = queue.Dequeue();
            total -= Encoding.UTF8.GetByteCount(dropped);
        }
    }

    private static List<string> Drain(PriorityQueue<string, ulong> queue)
    {
        var items = queue.UnorderedItems.OrderBy(i => i.Priority).ThenBy(i => i.Element, StringComparer.Ordinal).Select(i => i.Element).ToList();
        return items;
    }
}
