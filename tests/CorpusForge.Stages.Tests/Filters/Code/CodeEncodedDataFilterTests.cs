using CorpusForge.Core.Stages;
using CorpusForge.Stages.Filters.Code;

namespace CorpusForge.Stages.Tests.Filters.Code;

public class CodeEncodedDataFilterTests
{
    private readonly CodeEncodedDataFilter _filter = new(new CodeEncodedDataFilterOptions());

    [Fact]
    public void DropsALongBase64Blob()
    {
        var blob = Convert.ToBase64String(Enumerable.Range(0, 900).Select(i => (byte)(i * 37)).ToArray());
        var (doc, result) = CodeFilterTestKit.Run(_filter, $"ICON = \"{blob}\"\n" + string.Concat(Enumerable.Repeat("def f(x):\n    return x\n", 200)));
        Assert.Equal("encoded_data", result.Reason);
        Assert.Equal((long)blob.Length, doc.Attributes["code.longest_encoded_run"]);
    }

    [Fact]
    public void DropsAFileThatIsMostlyHexBytes()
    {
        var bytes = string.Join(",", Enumerable.Range(0, 100).Select(i => $"0x{i:x2}"));
        var (doc, result) = CodeFilterTestKit.Run(_filter, $"char t[] = {{ {bytes} }};", "C");
        Assert.Equal("encoded_data", result.Reason);
        Assert.True((double)doc.Attributes["code.encoded_fraction"]! > 0.5);
    }

    [Fact]
    public void DropsUnicodeEscapeRuns()
    {
        var escapes = string.Concat(Enumerable.Repeat("\\u00e9\\u00e8", 300));
        Assert.Equal("encoded_data", CodeFilterTestKit.Run(_filter, $"s = \"{escapes}\"", "Java").Result.Reason);
    }

    [Fact]
    public void KeepsOrdinaryCodeWithAShortHash()
    {
        var code = "EXPECTED = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"\n\n"
                   + "def check(h):\n    \"\"\"True when the digest matches the expected one.\"\"\"\n    return h == EXPECTED\n";
        var (doc, result) = CodeFilterTestKit.Run(_filter, code);
        Assert.Equal(StageOutcome.Keep, result.Outcome);
        Assert.Equal(64L, doc.Attributes["code.longest_encoded_run"]);
    }
}
