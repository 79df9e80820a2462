using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CorpusForge.Core.IO;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Cli.Tests;

/// <summary><c>corpusforge remove</c>: documents taken down leave the JSONL, Parquet and token outputs (which stay
/// valid), files without them are untouched, a snapshot records it, and a refresh that reads them again keeps them out.</summary>
public sealed class TakedownTests : IDisposable
{
    private const string Pipeline = """
        version: 1
        name: takedown
        corpus: corpus
        inputs:
          - name: docs
            reader: reader.jsonl_v1
            paths: [ "in/*.jsonl" ]
        stages:
          - stage: dedup.exact_v1
        outputs:
          - writer: writer.jsonl_v1
            path: data/jsonl
          - writer: writer.parquet_v1
            path: data/parquet
          - writer: writer.token_shards_v1
            path: tokens
            options:
              tokenizer: gpt2
              shard_tokens: 1500
              validation_fraction: 0.1
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cf-takedown-" + Guid.NewGuid().ToString("N"));

    private string Corpus => Path.Combine(_dir, "corpus");

    // Hosts: site1.example.com and its subdomain are taken down; notsite1.example.com and other.org are not.
    private static readonly string[] Hosts = ["http://site1.example.com", "https://WWW.Site1.Example.com:443", "https://notsite1.example.com", "https://other.org"];

    private void WriteInput(string name, IEnumerable<(string Id, string Url)> documents)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllLines(Path.Combine(_dir, "in", name), documents.Select(d =>
            JsonSerializer.Serialize(new { id = d.Id, url = d.Url, text = $"Document {d.Id} from {d.Url} talks about subject {d.Id.GetHashCode() & 0xff} at some length." })));
    }

    private static IEnumerable<(string, string)> Docs(string prefix, int count, Func<int, string> host) =>
        Enumerable.Range(0, count).Select(i => ($"{prefix}{i}", $"{host(i)}/page/{i}"));

    private Dictionary<string, string> Hashes() =>
        Directory.EnumerateFiles(Corpus, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("/data/", StringComparison.Ordinal) || f.Contains("/tokens/", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Corpus, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private List<(string Id, string? Url)> JsonlDocuments()
    {
        var result = new List<(string, string?)>();
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, "data", "jsonl")))
        {
            using var reader = new StreamReader(Compression.OpenRead(file));
            while (reader.ReadLine() is { } line)
            {
                using var json = JsonDocument.Parse(line);
                result.Add((json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("url").GetString()));
            }
        }

        return result;
    }

    private List<string> ParquetIds()
    {
        var ids = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, "data", "parquet")))
        {
            var reader = Parquet.ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
            try
            {
                var field = reader.Schema.GetDataFields().Single(f => f.Name == "id");
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var values = new string?[group.RowCount];
                    group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
                    ids.AddRange(values.Select(v => v!));
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        return ids;
    }

    /// <summary>Every document in the token shards with its tokens (both splits).</summary>
    private Dictionary<string, int[]> TokenDocuments()
    {
        var documents = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var split in TokenShardManifest.Load(Path.Combine(Corpus, "tokens")).Splits.Keys)
        {
            using var reader = TokenShardReader.Open(Path.Combine(Corpus, "tokens"), split);
            for (var s = 0; s < reader.ShardCount; s++)
            {
                foreach (var document in reader.DocumentsOf(s))
                {
                    var tokens = new int[document.Tokens];
                    reader.Copy(reader.ShardStart(s) + document.Start, tokens);
                    documents.Add(document.Id, tokens);
                }
            }
        }

        return documents;
    }

    private List<string> TokenIds() => [.. TokenDocuments().Keys];

    private void AssertValidTokens(int expectedDocuments)
    {
        var verify = CliProcess.Run(_dir, "shards", "verify", Path.Combine(Corpus, "tokens"));
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Equal(expectedDocuments, TokenShardManifest.Load(Path.Combine(Corpus, "tokens")).Documents);
    }

    [Fact]
    public void Remove_takes_documents_out_of_every_output_keeps_other_files_and_a_refresh_keeps_them_out()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
        WriteInput("a.jsonl", Docs("a", 40, i => Hosts[i % 4]));
        WriteInput("b.jsonl", Docs("b", 30, _ => Hosts[3]));
        var run = CliProcess.Run(_dir, "run", "pipeline.yaml");
        Assert.True(run.ExitCode == 0, run.Error);
        AssertValidTokens(70);
        var before = Hashes();
        var tokensBefore = TokenDocuments();

        // Case, a trailing dot and a port in the list still name the domain and its subdomains.
        var list = Path.Combine(_dir, "domains.txt");
        File.WriteAllText(list, "# legal request 17\nSITE1.example.COM.:8080\n");
        var remove = CliProcess.Run(_dir, "remove", "corpus", "--domains", list);
        Assert.True(remove.ExitCode == 0, remove.Out + remove.Error);
        var takenDown = Enumerable.Range(0, 40).Where(i => i % 4 < 2).Select(i => $"a{i}").ToHashSet();
        Assert.Equal(20, takenDown.Count);

        var jsonl = JsonlDocuments();
        Assert.Equal(50, jsonl.Count);
        Assert.DoesNotContain(jsonl, d => takenDown.Contains(d.Id));
        Assert.Contains(jsonl, d => d.Url!.Contains("notsite1", StringComparison.Ordinal));
        var parquet = ParquetIds();
        Assert.Equal(50, parquet.Count);
        Assert.DoesNotContain(parquet, takenDown.Contains);
        AssertValidTokens(50);
        // Every document left keeps exactly its tokens.
        var tokensAfter = TokenDocuments();
        Assert.Equal(tokensBefore.Keys.Where(id => !takenDown.Contains(id)).Order(), tokensAfter.Keys.Order());
        foreach (var (id, tokens) in tokensAfter) Assert.Equal(tokensBefore[id], tokens);

        // Only files that held a removed document changed: b's outputs are byte-identical.
        var after = Hashes();
        var changed = before.Keys.Where(k => !after.TryGetValue(k, out var h) || h != before[k]).ToList();
        Assert.Contains(changed, f => f.StartsWith("data/jsonl/docs.a", StringComparison.Ordinal));
        Assert.Contains(changed, f => f.StartsWith("data/parquet/docs.a", StringComparison.Ordinal));
        Assert.DoesNotContain(changed, f => f.Contains("docs.b", StringComparison.Ordinal));
        Assert.Contains(before.Keys, f => f.Contains("docs.b", StringComparison.Ordinal));

        // The snapshot says what was removed and from which list.
        using (var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus, "manifest.json"))))
        {
            var snapshot = manifest.RootElement.GetProperty("snapshots").EnumerateArray().Last();
            var takedown = snapshot.GetProperty("takedown");
            Assert.Equal("domain", takedown.GetProperty("kind").GetString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(list))), takedown.GetProperty("list_sha256").GetString());
            var perFile = takedown.GetProperty("removed_per_file").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            Assert.Equal(20, perFile.Where(p => p.Key.StartsWith("data/jsonl/", StringComparison.Ordinal)).Sum(p => p.Value));
            Assert.Equal(20, perFile.Where(p => p.Key.StartsWith("data/parquet/", StringComparison.Ordinal)).Sum(p => p.Value));
            Assert.Equal(50, snapshot.GetProperty("phases").GetProperty("main").GetProperty("documents").GetInt64());
        }

        // The same list again: nothing left to do, no new snapshot.
        var again = CliProcess.Run(_dir, "remove", "corpus", "--domains", list);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("already applied", again.Out);

        // A refresh whose new input brings two taken-down documents back (and one new page on the domain) keeps them out.
        WriteInput("c.jsonl", [("a0", "http://site1.example.com/page/0"), ("a1", "https://www.site1.example.com/page/1"), ("c0", "https://deep.www.site1.example.com/new"), ("c1", "https://other.org/fresh")]);
        var refresh = CliProcess.Run(_dir, "run", "pipeline.yaml");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Equal(51, JsonlDocuments().Count);
        Assert.DoesNotContain(JsonlDocuments(), d => takenDown.Contains(d.Id) || d.Id == "c0");
        Assert.DoesNotContain(ParquetIds(), id => takenDown.Contains(id) || id == "c0");
        AssertValidTokens(51);
        Assert.DoesNotContain(TokenIds(), id => takenDown.Contains(id) || id == "c0");
        using (var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus, "stats", "latest.json"))))
        {
            var phase = stats.RootElement.GetProperty("phases")[0];
            Assert.Equal(3, phase.GetProperty("reader").GetProperty("dropped_by_reason").GetProperty("takedown:domain").GetInt64());
            Assert.True(phase.GetProperty("counts_add_up").GetBoolean(), phase.GetProperty("counts").GetString());
        }
    }

    [Fact]
    public void Killing_remove_at_random_moments_then_rerunning_it_gives_the_uninterrupted_result()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), Pipeline);
        WriteInput("a.jsonl", Docs("a", 300, i => Hosts[i % 4]));
        WriteInput("b.jsonl", Docs("b", 300, i => Hosts[(i + 1) % 4]));
        Assert.Equal(0, CliProcess.Run(_dir, "run", "pipeline.yaml").ExitCode);
        var list = Path.Combine(_dir, "domains.txt");
        File.WriteAllText(list, "site1.example.com\n");
        var pristine = Path.Combine(_dir, "pristine");
        CopyFolder(Corpus, pristine);

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, CliProcess.Run(_dir, "remove", "corpus", "--domains", list).ExitCode);
        var duration = clock.Elapsed.TotalMilliseconds;
        var expected = Outputs(Corpus);
        Assert.Equal(300, JsonlDocuments().Count);

        var random = new Random(20261204);
        var kills = 0;
        var inside = 0;
        for (var round = 0; round < 12 && kills < 6; round++)
        {
            Directory.Delete(Corpus, recursive: true);
            CopyFolder(pristine, Corpus);
            if (RemoveKilledAfter(list, TimeSpan.FromMilliseconds(duration * (0.1 + 0.9 * random.NextDouble()))))
            {
                kills++;
                // A kill that left temporary files or the journal landed inside the takedown, not in start-up.
                if (File.Exists(Path.Combine(Corpus, "state", "takedowns", "pending.json"))
                    || Directory.EnumerateFiles(Corpus, "*.tmp-*", SearchOption.AllDirectories).Any()) inside++;
            }

            var rerun = CliProcess.Run(_dir, "remove", "corpus", "--domains", list);
            Assert.True(rerun.ExitCode == 0, rerun.Error);
            Assert.Equal(expected, Outputs(Corpus));
            AssertValidTokens(300);
        }

        Console.WriteLine($"remove kill harness: {kills} kills, {inside} inside the takedown (temporary files or journal left)");
        Assert.True(kills >= 3, $"only {kills} removes were killed before finishing");
    }

    private bool RemoveKilledAfter(string list, TimeSpan delay)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "corpusforge.dll"), "remove", "corpus", "--domains", list }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (process.WaitForExit(delay)) return false;
        process.Kill(); // SIGKILL: nothing is flushed or cleaned up
        process.WaitForExit();
        return true;
    }

    /// <summary>sha256 of every output, token and state file a takedown may rewrite (not manifest.json's times).</summary>
    private static SortedDictionary<string, string> Outputs(string corpus)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("/manifest.json", StringComparison.Ordinal) || f.Contains("/tokens/", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(corpus, file);
            if (relative.StartsWith("stats", StringComparison.Ordinal)) continue;
            result[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public void Remove_refuses_a_missing_or_empty_list_and_a_folder_that_is_not_a_corpus()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "corpus", "state", "main", "commits"));
        var empty = Path.Combine(_dir, "empty.txt");
        File.WriteAllText(empty, "# nothing yet\n\n");
        var missing = CliProcess.Run(_dir, "remove", "corpus", "--ids", Path.Combine(_dir, "nope.txt"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.txt' does not exist", missing.Error);
        var blank = CliProcess.Run(_dir, "remove", "corpus", "--urls", empty);
        Assert.Equal(2, blank.ExitCode);
        Assert.Contains("is empty", blank.Error);
        Directory.CreateDirectory(Path.Combine(_dir, "plain"));
        File.WriteAllText(Path.Combine(_dir, "ids.txt"), "d1\n");
        var notCorpus = CliProcess.Run(_dir, "remove", "plain", "--ids", "ids.txt");
        Assert.Equal(2, notCorpus.ExitCode);
        Assert.Contains("is not a corpus folder", notCorpus.Error);
        var two = CliProcess.Run(_dir, "remove", "corpus", "--ids", "ids.txt", "--urls", "ids.txt");
        Assert.Equal(2, two.ExitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
