using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeXmlFilterTests
{
    private readonly CodeXmlFilter _filter = new(new CodeXmlFilterOptions());

    [Fact]
    public void DropsXmlDataWhateverTheExtension()
    {
        var (doc, result) = CodeFilterTestKit.Run(_filter, "<?xml version=\"1.0\"?>\n<orders/>", "Text");
        Assert.Equal("xml_data", result.Reason);
        Assert.Equal(true, doc.Attributes["code.xml_declaration"]);
    }

    [Fact]
    public void KeepsXsltAndDeclarationsPastTheFirst100Chars()
    {
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, "<?xml version=\"1.0\"?><xsl:stylesheet/>", "XSLT").Result.Outcome);
        Assert.Equal(StageOutcome.Keep, CodeFilterTestKit.Run(_filter, new string(' ', 100) + "<?xml version=\"1.0\"?>").Result.Outcome);
    }
}
