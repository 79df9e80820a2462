namespace CorpusForge.Cli.Tests;

/// <summary>Every pipeline checked in under pipelines/ must stay valid as components evolve.</summary>
public class CheckedInPipelinesTests
{
    public static TheoryData<string> Pipelines()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot, "pipelines"), "*.yaml").Order())
        {
            // Trainer configs live beside pipelines but are read by `corpusforge train` and `corpusforge finetune`.
            var name = Path.GetFileName(file);
            if (!name.StartsWith("train", StringComparison.Ordinal) && !name.StartsWith("finetune-", StringComparison.Ordinal) && !name.StartsWith("distill-", StringComparison.Ordinal))
                data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void PipelineValidates(string name)
    {
        var corpus = Directory.CreateTempSubdirectory("cf-validate-").FullName;
        try
        {
            var (exit, stdout, error) = CliProcess.Run(CliProcess.RepositoryRoot, "validate", $"pipelines/{name}", "--set", $"corpus={corpus}");
            Assert.True(exit == 0, $"{name}: exit {exit}\n{stdout}\n{error}");
            Assert.StartsWith("ok:", stdout);
        }
        finally
        {
            Directory.Delete(corpus, recursive: true);
        }
    }

    [Fact]
    public void WebFullRunsTheWholeFilterChainOnTheSampleWarc()
    {
        var corpus = Directory.CreateTempSubdirectory("cf-webfull-").FullName;
        try
        {
            var (exit, stdout, error) = CliProcess.Run(CliProcess.RepositoryRoot, "run", "pipelines/web-full.yaml", "--set", $"corpus={corpus}");
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{error}");
            Assert.Contains("counts add up", stdout);
            Assert.Contains("url_blocked_domain", stdout);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(corpus, "data", "parquet"), "*.parquet"));
        }
        finally
        {
            Directory.Delete(corpus, recursive: true);
        }
    }
}
