namespace CorpusForge.Cli.Tests.Cluster;

/// <summary>The slurm and k8s commands' refusals: each says what is missing and exits 2 before doing anything.</summary>
public class ClusterCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SubmitWithoutSbatchExitsTwoWithTheReason()
    {
        // A PATH holding only dotnet's folder: no sbatch.
        var dotnet = Path.GetDirectoryName(CliProcess.DotnetHost)!;
        var (exit, _, error) = CliProcess.RunWith(new Dictionary<string, string> { ["PATH"] = dotnet }, _dir,
            "slurm", "submit", Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml"), "--tasks", "4");
        Assert.Equal(2, exit);
        Assert.Contains("sbatch not found on the PATH", error);
        Assert.Contains("--dry-run", error);
    }

    [Fact]
    public void StatusOfACorpusNeverSubmittedSaysSo()
    {
        var (exit, _, error) = CliProcess.Run(_dir, "slurm", "status", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("no Slurm submission recorded", error);
    }

    [Fact]
    public void TasksMustBePositive()
    {
        var (exit, _, error) = CliProcess.Run(_dir, "k8s", "manifest", Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml"), "--tasks", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--tasks must be at least 1", error);
    }
}
