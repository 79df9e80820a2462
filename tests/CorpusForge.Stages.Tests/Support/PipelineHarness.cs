using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Registry;

namespace CorpusForge.Stages.Tests.Support;

/// <summary>Runs pipelines through the engine with the built-in components in a temporary folder, and reads back
/// what they wrote (JSONL outputs, rejected and quarantined documents) as documents.</summary>
public sealed class PipelineHarness : IDisposable
{
    /// <summary>The built-in components plus this test assembly's fault-injecting ones.</summary>
    public static readonly ComponentRegistry Registry = BuiltInComponents.CreateRegistry(typeof(PipelineHarness).Assembly);

    private readonly TempFolder _temp = new();

    /// <summary>Absolute path of the temporary folder.</summary>
    public string Root => _temp.Path;

    /// <summary>Absolute path of a file or folder under the temporary folder.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a text file (UTF-8) under the temporary folder, creating parents.</summary>
    public string Write(string relative, string content) => _temp.Write(relative, content);

    /// <summary>Writes documents as JSON lines (id, text, url when set) under the temporary folder.</summary>
    public string WriteJsonl(string relative, params (string Id, string? Url, string Text)[] documents) =>
        Write(relative, string.Concat(documents.Select(d => JsonSerializer.Serialize(d.Url is null
            ? new Dictionary<string, string> { ["id"] = d.Id, ["text"] = d.Text }
            : new Dictionary<string, string> { ["id"] = d.Id, ["url"] = d.Url, ["text"] = d.Text }) + "\n")));

    /// <summary>Absolute path of a checked-in file of the repository.</summary>
    public static string RepoFile(string relative) => Path.Combine(SourceSamples.RepoRoot, relative);

    /// <summary>Loads a pipeline file with overrides.</summary>
    public static PipelineSpec Load(string pipelinePath, params string[] overrides) => new PipelineLoader(Registry).Load(pipelinePath, overrides);

    /// <summary>Loads and runs a pipeline file.</summary>
    public static Task<RunResult> RunAsync(string pipelinePath, RunOptions options, params string[] overrides) =>
        new PipelineRunner().RunAsync(Load(pipelinePath, overrides), options);

    /// <summary>Writes <paramref name="yaml"/> to <c>pipeline.yaml</c> in the temporary folder, then loads and runs it.</summary>
    public Task<RunResult> RunYamlAsync(string yaml, RunOptions options, params string[] overrides) =>
        RunAsync(Write("pipeline.yaml", yaml), options, overrides);

    /// <summary>The non-blank lines of every JSONL file (plain or compressed) under <paramref name="folder"/>, files in
    /// ordinal path order.</summary>
    public static List<string> ReadLines(string folder, string pattern = "*.jsonl*")
    {
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(CorpusForge.Core.IO.Compression.OpenRead(file));
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0) lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The documents of every JSONL file under <paramref name="folder"/> (a corpus output, <c>rejected</c> or
    /// <c>quarantine</c>); a removed document's reason is in its metadata <c>drop_reason</c>.</summary>
    public static List<Document> ReadDocuments(string folder, string pattern = "*.jsonl*") =>
        ReadLines(folder, pattern).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return DocumentJson.Read(json.RootElement, default);
        }).ToList();

    /// <summary>The <c>drop_reason</c> of a rejected or quarantined document.</summary>
    public static string? DropReason(Document document) => document.Metadata.GetValueOrDefault("drop_reason") as string;

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}
