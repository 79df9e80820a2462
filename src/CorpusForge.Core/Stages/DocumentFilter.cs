using CorpusForge.Core.Documents;

namespace CorpusForge.Core.Stages;

/// <summary>Base for filters: a leaf filter computes its scores, stores them as attributes and returns a
/// keep-or-drop decision. Counting, timing and rejected-document writing happen in the engine.</summary>
/// <example>
/// <code>
/// protected override FilterDecision Decide(Document doc)
/// {
///     var words = CountWords(doc.Text);
///     doc.Attributes["length.words"] = (long)words;
///     return words &lt; _options.MinWords ? FilterDecision.Drop("too_few_words", $"{words} &lt; {_options.MinWords}") : FilterDecision.Keep;
/// }
/// </code>
/// </example>
public abstract class DocumentFilter : IDocumentStage
{
    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var decision = Decide(document);
        return decision.Reason is null ? StageResult.Keep : StageResult.Drop(decision.Reason, decision.Detail);
    }

    /// <summary>Keep, or drop with a reason key (and optional detail).</summary>
    protected abstract FilterDecision Decide(Document document);
}

/// <summary>The decision of a <see cref="DocumentFilter"/>.</summary>
public readonly record struct FilterDecision(string? Reason, string? Detail = null)
{
    /// <summary>Keep the document.</summary>
    public static FilterDecision Keep => default;

    /// <summary>Drop the document.</summary>
    public static FilterDecision Drop(string reason, string? detail = null) => new(reason, detail);
}
