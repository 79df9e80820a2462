namespace CorpusForge.Cli.Tests;

public class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BrokenPipelineExitsWithConfigErrorAndLocatedMessages()
    {
        File.WriteAllText(Path.Combine(_dir, "broken.yaml"), """
            version: 1
            corpus: out
            inputs:
              - name: docs
                reader: reader.nonexistent_v1
                paths: [missing/*.jsonl]
            stages: []
            outputs: []
            """);
        var (exit, _, error) = CliProcess.Run(_dir, "validate", "broken.yaml");
        Assert.Equal(ExitCodes.ConfigError, exit);
        Assert.Contains("broken.yaml:5:13: unknown reader 'reader.nonexistent_v1'", error);
        Assert.Contains("broken.yaml:6:13: input 'docs': nothing matches 'missing/*.jsonl'", error);
        Assert.Contains("'outputs' is empty", error);
        Assert.Contains("nothing was run", error);
    }

    [Fact]
    public void MissingPipelineFileIsAConfigError()
    {
        var (exit, _, error) = CliProcess.Run(_dir, "validate", "nope.yaml");
        Assert.Equal(ExitCodes.ConfigError, exit);
        Assert.Contains("pipeline file not found", error);
    }

    [Fact]
    public void UnknownCommandLineOptionFails()
    {
        var (exit, _, error) = CliProcess.Run(_dir, "run", "x.yaml", "--wrokers", "2");
        Assert.NotEqual(0, exit);
        Assert.Contains("--wrokers", error);
    }
}
