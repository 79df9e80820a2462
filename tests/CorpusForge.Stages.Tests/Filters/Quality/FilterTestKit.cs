using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Filters.Quality;

/// <summary>Short helpers for rule tests: build a document, run a stage, read the outcome.</summary>
internal static class FilterTestKit
{
    public static Document Doc(string text) => new() { Id = "test", Text = text };

    /// <summary>Runs the stage; returns the drop reason (null when kept) and the document.</summary>
    public static (string? Reason, Document Doc) Run(IDocumentStage stage, string text)
    {
        var doc = Doc(text);
        var result = stage.Process(doc);
        return (result.Outcome == StageOutcome.Drop ? result.Reason : null, doc);
    }

    public static double Score(Document doc, string name)
    {
        Assert.True(doc.TryGetScore(name, out var value), $"attribute {name} missing");
        return value;
    }

    /// <summary>n words: the English stop words "the" and "and", then "house" repeated, as one sentence.</summary>
    public static string Words(int n) => string.Join(' ', new[] { "the", "and" }.Concat(Enumerable.Repeat("house", n - 2))) + ".";
}
