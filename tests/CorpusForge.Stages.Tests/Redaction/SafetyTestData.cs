namespace CorpusForge.Stages.Tests.Redaction;

/// <summary>Finds the labelled evaluation files under tests/CorpusForge.Stages.Tests/Data from the test binaries.</summary>
internal static class SafetyTestData
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CorpusForge.Stages.Tests", "Data", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException($"test data {relative} not found above {AppContext.BaseDirectory}");
    }
}
