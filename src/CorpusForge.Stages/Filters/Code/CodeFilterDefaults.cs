namespace CorpusForge.Stages.Filters.Code;

/// <summary>Published defaults shared by several code filters.</summary>
public static class CodeFilterDefaults
{
    /// <summary>Languages StarCoder exempted from its long-line filters (Li et al. 2023, "StarCoder: may the source
    /// be with you!", §3.2): data and prose formats whose long lines are normal.</summary>
    public static string[] LongLineExemptLanguages =>
        ["HTML", "JSON", "Markdown", "Roff", "Roff Manpage", "SMT", "TeX", "Text", "XML"];
}
