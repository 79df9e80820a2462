using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Engine.ScaleOut;
using CorpusForge.Core.IO;

namespace CorpusForge.Core.Tests.Engine;

public sealed class ScaleOutTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-xch-" + Guid.NewGuid().ToString("N"));

    public ScaleOutTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Exchange_files_bring_documents_back_bit_for_bit_with_types_states_and_batches()
    {
        var path = Path.Combine(_dir, "x" + ItemExchange.Extension);
        var lone = "half \ud800 a surrogate";
        var document = new Document { Id = "d1", Text = lone, Source = "in", Url = "https://e.org/", Path = "a/b", Provenance = new Provenance("f.jsonl", 7, 123), ShardKey = "in.f" };
        document.Metadata["n"] = 1L;
        document.Metadata["json"] = JsonDocument.Parse("""{"a":[1,2.50,"x"]}""").RootElement.Clone();
        document.Attributes["score"] = 1.0;
        document.Attributes["count"] = 3;
        document.Attributes["flag"] = true;
        document.Attributes["tags"] = new[] { "a", "b" };
        document.Attributes["none"] = null;
        document.Attributes["f"] = 0.5f;
        var dropped = new Document { Id = "d2", Text = "gone", Provenance = new Provenance("f.jsonl", 8) };
        var first = new[]
        {
            new Item { Document = document, ReadChars = 42, Prepared = [[1, 2, 3], null] },
            new Item { Document = dropped, State = ItemState.Dropped, Stage = 2, Reason = "too_short", Detail = "3 < 50" },
        };
        var second = new[] { new Item { Document = new Document { Id = "d3", Text = "" }, State = ItemState.Quarantined, Stage = -1, Reason = "bad_json" } };
        using (var scope = PublishScope.Begin())
        {
            var writer = new ItemExchange.Writer(path);
            writer.WriteBatch(first, 2);
            writer.WriteBatch(second, 1);
            writer.Commit();
            writer.Dispose();
            foreach (var file in scope.Files) File.Move(file.TempPath, file.FinalPath);
        }

        var batches = ItemExchange.Read(path).ToList();
        Assert.Equal([2, 1], batches.Select(b => b.Count));
        var back = batches[0].Items[0];
        Assert.Equal(lone, back.Document.Text);
        Assert.Equal(("d1", "in", "https://e.org/", "a/b", new Provenance("f.jsonl", 7, 123), "in.f"),
            (back.Document.Id, back.Document.Source, back.Document.Url, back.Document.Path, back.Document.Provenance, back.Document.ShardKey));
        Assert.Equal(42, back.ReadChars);
        Assert.IsType<long>(back.Document.Metadata["n"]);
        Assert.Equal("""{"a":[1,2.50,"x"]}""", ((JsonElement)back.Document.Metadata["json"]!).GetRawText());
        Assert.IsType<double>(back.Document.Attributes["score"]);
        Assert.IsType<int>(back.Document.Attributes["count"]);
        Assert.IsType<float>(back.Document.Attributes["f"]);
        Assert.Equal(["a", "b"], (string[])back.Document.Attributes["tags"]!);
        Assert.Null(back.Document.Attributes["none"]);
        Assert.Equal(["score", "count", "flag", "tags", "none", "f"], back.Document.Attributes.Keys);
        Assert.Equal([1, 2, 3], back.Prepared![0]);
        Assert.Null(back.Prepared[1]);
        var gone = batches[0].Items[1];
        Assert.Equal((ItemState.Dropped, 2, "too_short", "3 < 50"), (gone.State, gone.Stage, gone.Reason, gone.Detail));
        Assert.Equal((ItemState.Quarantined, -1, "bad_json"), (batches[1].Items[0].State, batches[1].Items[0].Stage, batches[1].Items[0].Reason));
    }

    [Fact]
    public void A_truncated_exchange_file_is_an_error_naming_it()
    {
        var path = Path.Combine(_dir, "t" + ItemExchange.Extension);
        var writer = new ItemExchange.Writer(path);
        writer.WriteBatch([new Item { Document = new Document { Id = "a", Text = string.Concat(Enumerable.Repeat("text ", 5000)) } }], 1);
        writer.Commit();
        writer.Dispose();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.ThrowsAny<Exception>(() => ItemExchange.Read(path).ToList());
        Assert.True(error is InvalidDataException or IOException, error.GetType().Name);
    }

    [Fact]
    public void Inputs_are_balanced_by_size_deterministically()
    {
        var sizes = new long[] { 100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0, 0 };
        var inputs = sizes.Select((s, i) => new PlannedInput { Key = $"k{i}", Length = s }).ToList();
        ScaleOutPlan.Assign(inputs, 4);
        var loads = Enumerable.Range(0, 4).Select(t => inputs.Where(i => i.Task == t).Sum(i => i.Length)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 20, string.Join(",", loads));
        var again = sizes.Select((s, i) => new PlannedInput { Key = $"k{i}", Length = s }).ToList();
        ScaleOutPlan.Assign(again, 4);
        Assert.Equal(inputs.Select(i => i.Task), again.Select(i => i.Task));
        Assert.All(Enumerable.Range(0, 4), t => Assert.Contains(inputs, i => i.Task == t));
    }

    [Fact]
    public void The_rank_comes_from_flags_then_slurm_then_kubernetes()
    {
        var env = new Dictionary<string, string?>
        {
            ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "8", ["JOB_COMPLETION_INDEX"] = "5", ["CORPUSFORGE_TASKS"] = "6",
        };
        Assert.Equal((1, 2), ScaleOutRunner.Rank(1, 2, n => env.GetValueOrDefault(n)));
        Assert.Equal((3, 8), ScaleOutRunner.Rank(null, null, n => env.GetValueOrDefault(n)));
        env.Remove("SLURM_ARRAY_TASK_ID");
        env.Remove("SLURM_ARRAY_TASK_COUNT");
        Assert.Equal((5, 6), ScaleOutRunner.Rank(null, null, n => env.GetValueOrDefault(n)));
        env.Clear();
        Assert.Contains("--tasks is missing", Assert.Throws<ArgumentException>(() => ScaleOutRunner.Rank(0, null, _ => null)).Message);
        Assert.Contains("--task is missing", Assert.Throws<ArgumentException>(() => ScaleOutRunner.Rank(null, 2, _ => null)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => ScaleOutRunner.Rank(0, 0, _ => null)).Message);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
