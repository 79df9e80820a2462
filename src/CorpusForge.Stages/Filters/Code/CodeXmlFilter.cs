using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Options of <see cref="CodeXmlFilter"/>.</summary>
public sealed class CodeXmlFilterOptions : IValidatableOptions
{
    /// <summary>How many leading characters are searched for the XML declaration (100 in StarCoder).</summary>
    [Description("Number of leading characters searched for '<?xml version=' (StarCoder: 100).")]
    public int SearchChars { get; set; } = 100;

    /// <summary>Languages kept even when they start with an XML declaration.</summary>
    [Description("Languages (metadata 'language') kept even with an XML declaration (StarCoder kept XSLT).")]
    public string[] ExemptLanguages { get; set; } = ["XSLT"];

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (SearchChars <= 0) yield return "search_chars must be positive";
    }
}

/// <summary>Drops XML data files found among code, whatever their extension: StarCoder removed files with
/// <c>&lt;?xml version=</c> in their first 100 characters (Li et al. 2023, §3.2). Attribute: <c>code.xml_declaration</c>.</summary>
[Component("filter.code_xml_v1", "Drops files starting with an XML declaration ('<?xml version=' in the first 100 chars; StarCoder rule)")]
public sealed class CodeXmlFilter(CodeXmlFilterOptions options) : DocumentFilter
{
    private readonly HashSet<string> _exempt = new(options.ExemptLanguages, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override FilterDecision Decide(Document document)
    {
        var head = document.Text.AsSpan(0, Math.Min(document.Text.Length, options.SearchChars));
        var declared = head.Contains("<?xml version=", StringComparison.Ordinal);
        document.Attributes["code.xml_declaration"] = declared;
        if (!declared || (CodeLineStats.LanguageOf(document) is { } language && _exempt.Contains(language))) return FilterDecision.Keep;
        return FilterDecision.Drop("xml_data");
    }
}
