using CorpusForge.Cli.Cluster;

namespace CorpusForge.Cli.Tests.Cluster;

public class PhasePlanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadsThePlanThatPhasesPrints()
    {
        var plan = PhasePlan.Parse("""
            {"pipeline":"quickstart","corpus":"/abs/corpus","tasks":4,"generation":"g1","phases":[{"name":"map","tasks":4,"complete":false,"missing":[1,2]},
             {"name":"dedup","tasks":1,"complete":false,"missing":[0]},{"name":"finish","tasks":4,"complete":false,"missing":[0,1,2,3]},{"name":"merge","tasks":1,"complete":false,"missing":[0]}]}
            """, "test");
        Assert.Equal(("quickstart", "/abs/corpus", 4), (plan.Pipeline, plan.Corpus, plan.Tasks));
        Assert.Equal(["map", "dedup", "finish", "merge"], plan.Phases.Select(p => p.Name));
        Assert.Equal([1, 2], plan.Phases[0].Missing);
        Assert.Equal([0], plan.Phases[3].Missing);
    }

    [Theory]
    [InlineData("""{"pipeline":"q","corpus":"rel/corpus","tasks":2,"phases":[{"name":"map","tasks":2,"missing":[]}]}""", "not an absolute path")]
    [InlineData("""{"pipeline":"q","corpus":"/c","tasks":2,"phases":[]}""", "no phases")]
    [InlineData("""{"pipeline":"q","corpus":"/c","tasks":2,"phases":[{"name":"../x","tasks":2,"missing":[]}]}""", "not a plain name")]
    [InlineData("""{"pipeline":"q","corpus":"/c","tasks":2,"phases":[{"name":"map","tasks":0,"missing":[]}]}""", "has 0 tasks")]
    [InlineData("""{"pipeline":"q","corpus":"/c","tasks":2,"phases":[{"name":"map","tasks":2,"missing":[2]}]}""", "outside 0..1")]
    [InlineData("""{"pipeline":"q","corpus":"/c","tasks":2,"phases":[{"name":"map","tasks":2}]}""", "not a phase plan")]
    [InlineData("""{"pipeline":"q"}""", "not a phase plan")]
    [InlineData("Unrecognized command", "not a phase plan")]
    public void RejectsAPlanItCannotSubmitSayingWhy(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => PhasePlan.Parse(json, "corpusforge phases p.yaml"));
        Assert.Contains("corpusforge phases p.yaml", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void TheJobLedgerKeepsEverySubmissionAcrossWrites()
    {
        Assert.Empty(SlurmJobLedger.Load(_dir).Submissions);
        var first = new Submission("20261204T220000Z", new DateTime(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc), "/p.yaml", "q", 4, ["--set", "a=b"],
            [new SubmittedPhase("map", 4, "12", [0, 1, 2, 3], "slurm/20261204T220000Z/1-map.sbatch"), new SubmittedPhase("merge", 1, "13", [0], "slurm/x/2-merge.sbatch")]);
        SlurmJobLedger.Load(_dir).Append(_dir, first);
        SlurmJobLedger.Load(_dir).Append(_dir, first with { Stamp = "20261204T221000Z", Phases = [new SubmittedPhase("map", 4, "20", [2], "s")] });
        var ledger = SlurmJobLedger.Load(_dir);
        Assert.Equal(2, ledger.Submissions.Count);
        Assert.Equal(["12", "13", "20"], ledger.JobIds);
        Assert.Equal([0, 1, 2, 3], ledger.Submissions[0].Phases[0].TaskIds);
        Assert.Equal(["--set", "a=b"], ledger.Submissions[1].PassThrough);
        Assert.Contains("\"format\": \"corpusforge.slurm_jobs\"", File.ReadAllText(SlurmJobLedger.PathIn(_dir)));

        File.WriteAllText(SlurmJobLedger.PathIn(_dir), """{"format":"other","version":1,"submissions":[]}""");
        Assert.Contains("not a corpusforge.slurm_jobs version 1 file", Assert.Throws<InvalidDataException>(() => SlurmJobLedger.Load(_dir)).Message);
    }
}
