using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Dedup;

namespace CorpusForge.Stages.Tests.Dedup;

/// <summary>Temporary folders and a minimal driver that feeds stages the way the engine does.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cf-dedup-" + Guid.NewGuid().ToString("N"));

    public ComponentContext Context(string name = "stage", int workers = 1, List<string>? log = null) =>
        new(Path, Path, System.IO.Path.Combine(Path, "state", name), workers, m => log?.Add(m));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class StageDriver
{
    /// <summary>Runs documents through a stage in batches, committing every shard at the end, like one pipeline run.</summary>
    public static StageResult[] Run(IDocumentStage stage, IReadOnlyList<Document> documents, int batch = 64, bool close = true)
    {
        (stage as IStageLifecycle)?.Open();
        var results = new StageResult[documents.Count];
        for (var start = 0; start < documents.Count; start += batch)
        {
            var slice = documents.Skip(start).Take(batch).ToList();
            if (stage is IBatchDocumentStage batched) batched.ProcessBatch(slice, results.AsSpan(start, slice.Count));
            else for (var i = 0; i < slice.Count; i++) results[start + i] = stage.Process(slice[i]);
        }

        if (stage is IShardAware aware)
        {
            foreach (var shard in documents.Select(d => d.ShardKey ?? "").Distinct()) aware.ShardCommitted(shard);
        }

        if (close) (stage as IStageLifecycle)?.Close();
        return results;
    }

    public static Document Doc(string id, string text, string shard = "a.jsonl", string? url = null) =>
        new() { Id = id, Text = text, Url = url, Source = "in", Provenance = new Provenance(shard, 0), ShardKey = "in." + shard };
}
