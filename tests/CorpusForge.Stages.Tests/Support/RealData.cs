namespace CorpusForge.Stages.Tests.Support;

/// <summary>Real files the project does not own, in <c>shared/data</c> beside the repository (CI has a copy there).</summary>
public static class RealData
{
    /// <summary>The folder <c>shared/data/NAME</c> found from the repository upwards; fails the test when absent.</summary>
    public static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(SourceSamples.RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", name);
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new Xunit.Sdk.XunitException($"shared/data/{name} not found above {SourceSamples.RepoRoot}; these tests read the shared real data");
    }
}
