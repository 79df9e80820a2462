using CorpusForge.Cli.Cluster;
using YamlDotNet.RepresentationModel;

namespace CorpusForge.Cli.Tests.Cluster;

public class IndexedJobManifestTests
{
    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
            node = step is int i ? ((YamlSequenceNode)node).Children[i] : ((YamlMappingNode)node).Children[new YamlScalarNode((string)step)];
        return node;
    }

    private static string Text(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void AnIndexedJobRunsOnePodPerTaskOnTheSharedVolume()
    {
        var yaml = IndexedJobManifest.Write("registry.example/corpusforge:0.1", ["corpusforge"], "/data/pipelines/web.yaml", "web", 8,
            new PhaseInfo("map", 8, [0, 1, 2, 3, 4, 5, 6, 7]), ["--set", "corpus=/data/out/web \"v2\""], "/data", new SharedVolume("cf-data", "/data"));
        var job = Load(yaml);
        Assert.Equal("batch/v1", Text(job, "apiVersion"));
        Assert.Equal("Job", Text(job, "kind"));
        Assert.Equal("corpusforge-web-map", Text(job, "metadata", "name"));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        Assert.Equal("8", Text(job, "spec", "completions"));
        Assert.Equal("8", Text(job, "spec", "parallelism"));
        // A task that exits 3 (some inputs failed, record written) must not fail the Job: its replacement exits 0.
        var rule = At(job, "spec", "podFailurePolicy", "rules", 0);
        Assert.Equal("Ignore", Text(rule, "action"));
        Assert.Equal("corpusforge", Text(rule, "onExitCodes", "containerName"));
        Assert.Equal("In", Text(rule, "onExitCodes", "operator"));
        Assert.Equal("3", Text(rule, "onExitCodes", "values", 0));
        var pod = At(job, "spec", "template", "spec");
        Assert.Equal("Never", Text(pod, "restartPolicy"));
        var container = At(pod, "containers", 0);
        Assert.Equal("registry.example/corpusforge:0.1", Text(container, "image"));
        Assert.Equal("/data", Text(container, "workingDir"));
        Assert.Equal(["corpusforge", "run", "/data/pipelines/web.yaml", "--phase", "map", "--tasks", "8", "--set", "corpus=/data/out/web \"v2\""],
            ((YamlSequenceNode)At(container, "command")).Children.Select(c => ((YamlScalarNode)c).Value));
        // No --task: Kubernetes sets JOB_COMPLETION_INDEX in each pod, which `run --phase` takes as the task number.
        Assert.DoesNotContain("--task", ((YamlSequenceNode)At(container, "command")).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("/data", Text(container, "volumeMounts", 0, "mountPath"));
        Assert.Equal("cf-data", Text(pod, "volumes", 0, "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public void AOneTaskPhaseRunsOnePodButKeepsTheRunsTaskCount()
    {
        var job = Load(IndexedJobManifest.Write("cf", ["corpusforge"], "/data/p.yaml", "web", 8, new PhaseInfo("dedup", 1, [0]), [], "/data",
            new SharedVolume("cf-data", "/data")));
        Assert.Equal("1", Text(job, "spec", "completions"));
        var container = At(job, "spec", "template", "spec", "containers", 0);
        Assert.Equal(["corpusforge", "run", "/data/p.yaml", "--phase", "dedup", "--tasks", "8"],
            ((YamlSequenceNode)At(container, "command")).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("8", Text(container, "env", 0, "value"));
    }

    [Theory]
    [InlineData("Web_Full", "dedup", "corpusforge-web-full-dedup")]
    [InlineData("a-very-long-pipeline-name-that-goes-on-and-on", "finish", "corpusforge-a-very-long-pipeline-name-that-goes-on")]
    public void JobNamesAreDnsLabels(string pipeline, string phase, string expected)
    {
        var name = IndexedJobManifest.JobName(pipeline, new PhaseInfo(phase, 1, [0]));
        Assert.Equal(expected, name);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
    }
}
