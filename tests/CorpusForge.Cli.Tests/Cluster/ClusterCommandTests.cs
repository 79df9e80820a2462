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
    public void ADryRunPrintsOneChainedArrayPerPhaseAndWritesNothing()
    {
        var corpus = Path.Combine(_dir, "corpus");
        var (exit, stdout, error) = CliProcess.Run(_dir, "slurm", "submit", Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml"),
            "--tasks", "4", "--set", $"corpus={corpus}", "--partition", "cpu", "--mem", "4G", "--dry-run");
        Assert.True(exit == 0, error);
        var scripts = stdout.Split("#!/bin/bash\n").Skip(1).ToList();
        Assert.Equal(4, scripts.Count);
        Assert.Contains("--array=0-3\n", scripts[0]);
        Assert.DoesNotContain("--dependency", scripts[0]);
        Assert.Contains("#SBATCH --array=0\n#SBATCH --chdir", scripts[1]);
        Assert.Contains("--dependency=afterok:<job-id-of-map>", scripts[1]);
        Assert.Contains("--dependency=afterok:<job-id-of-dedup>", scripts[2]);
        Assert.Contains("--dependency=afterok:<job-id-of-finish>", scripts[3]);
        Assert.All(scripts, s => Assert.Contains("#SBATCH --partition=cpu\n#SBATCH --mem=4G\n", s));
        Assert.All(scripts, s => Assert.Contains($"--tasks 4 --set corpus={corpus} || status=$?", s));
        // The job runs this very build: the dotnet host and the corpusforge.dll next to the tests.
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "corpusforge.dll"), scripts[0]);
        Assert.False(Directory.Exists(Path.Combine(corpus, "slurm")), "a dry run writes nothing");
    }

    [Fact]
    public void K8sManifestWritesOneIndexedJobPerPhase()
    {
        var corpus = Path.Combine(_dir, "corpus");
        var pipeline = Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml");
        var (exit, stdout, error) = CliProcess.Run(_dir, "k8s", "manifest", pipeline, "--tasks", "3", "--set", $"corpus={corpus}", "--mount", "/", "--image", "cf:1");
        Assert.True(exit == 0, error);
        var files = Directory.GetFiles(Path.Combine(corpus, "k8s")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["1-map.yaml", "2-dedup.yaml", "3-finish.yaml", "4-merge.yaml"], files);
        var finish = File.ReadAllText(Path.Combine(corpus, "k8s", "3-finish.yaml"));
        Assert.Contains("completions: 3\n", finish);
        Assert.Contains($"[\"corpusforge\", \"run\", \"{pipeline}\", \"--phase\", \"finish\", \"--tasks\", \"3\", \"--set\", \"corpus={corpus}\"]", finish);
        Assert.Contains("completions: 1\n", File.ReadAllText(Path.Combine(corpus, "k8s", "4-merge.yaml")));
        Assert.Contains("kubectl wait --for=condition=complete --timeout=-1s job/corpusforge-quickstart-map", stdout);

        var (outside, _, refusal) = CliProcess.Run(_dir, "k8s", "manifest", pipeline, "--tasks", "3", "--set", $"corpus={corpus}", "--mount", _dir);
        Assert.Equal(2, outside);
        Assert.Contains("is not under the shared volume's mount", refusal);
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
