using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Filters.Code;

/// <summary>Runs a code filter on a text with an optional language.</summary>
internal static class CodeFilterTestKit
{
    public static (Document Doc, StageResult Result) Run(IDocumentStage stage, string text, string? language = "Python")
    {
        var doc = new Document { Id = "f", Text = text };
        if (language is not null) doc.Metadata["language"] = language;
        return (doc, stage.Process(doc));
    }
}
