namespace CorpusForge.Core.Registry;

/// <summary>The role a registered component plays in a pipeline.</summary>
public enum ComponentKind
{
    /// <summary>Reads input files (<see cref="Stages.IDocumentReader"/>).</summary>
    Reader,
    /// <summary>Keeps, replaces or drops documents (<see cref="Stages.IDocumentStage"/>).</summary>
    Stage,
    /// <summary>Writes outputs (<see cref="Stages.IDocumentWriter"/>).</summary>
    Writer,
}
