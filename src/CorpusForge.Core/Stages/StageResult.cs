using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Stages;

/// <summary>What a stage decided for one document.</summary>
public enum StageOutcome : byte
{
    /// <summary>Pass the (possibly mutated) input document on.</summary>
    Keep,
    /// <summary>Pass <see cref="StageResult.Document"/> on instead of the input.</summary>
    Replace,
    /// <summary>Remove the document; <see cref="StageResult.Reason"/> says why.</summary>
    Drop,
}

/// <summary>Keep, replace or drop-with-reason: the only three things a stage can say about a document.</summary>
public readonly struct StageResult
{
    private StageResult(StageOutcome outcome, Document? document, string? reason, string? detail)
    {
        Outcome = outcome;
        Document = document;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The decision.</summary>
    public StageOutcome Outcome { get; }

    /// <summary>The replacement document, for <see cref="StageOutcome.Replace"/>.</summary>
    public Document? Document { get; }

    /// <summary>A short, low-cardinality reason key for drops (e.g. <c>too_few_words</c>): stats group by it.</summary>
    public string? Reason { get; }

    /// <summary>Optional free-text detail of a drop (e.g. <c>12 &lt; 50</c>), kept with the rejected document.</summary>
    public string? Detail { get; }

    /// <summary>Keep the document as it is (attributes the stage set on it are kept too).</summary>
    public static StageResult Keep => default;

    /// <summary>Continue with another document in place of the input.</summary>
    public static StageResult Replace(Document replacement) =>
        new(StageOutcome.Replace, replacement ?? throw new ArgumentNullException(nameof(replacement)), null, null);

    /// <summary>Drop the document with a reason key and optional detail.</summary>
    public static StageResult Drop(string reason, string? detail = null) =>
        new(StageOutcome.Drop, null, string.IsNullOrEmpty(reason) ? throw new ArgumentException("A drop needs a reason.", nameof(reason)) : reason, detail);
}
