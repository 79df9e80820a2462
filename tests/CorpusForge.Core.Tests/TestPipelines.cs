using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;
using CorpusForge.Stages;

namespace CorpusForge.Core.Tests;

/// <summary>A temporary folder with a pipeline file in it, and helpers to load and run it.</summary>
public sealed class TestPipelines : IDisposable
{
    public static readonly ComponentRegistry Registry = BuiltInComponents.CreateRegistry(typeof(TestPipelines).Assembly);

    public TestPipelines()
    {
        Root = Path.Combine(Path.GetTempPath(), "cf-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Corpus => Path.Combine(Root, "corpus");

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public PipelineSpec Load(string yaml, params string[] overrides) =>
        new PipelineLoader(Registry).Load(Write("pipeline.yaml", yaml), overrides);

    public Task<RunResult> RunAsync(string yaml, int workers = 2, bool force = false, params string[] overrides) =>
        new PipelineRunner().RunAsync(Load(yaml, overrides), new RunOptions { Workers = workers, BatchSize = 7, Force = force });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does not fail a test.
        }
    }
}
