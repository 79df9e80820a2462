using System.IO.Compression;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Cli.Tests;

/// <summary>`corpusforge train` and `corpusforge generate` as a user runs them: a training file over GPT-2-tokenized
/// shards of the quick-start samples, then sampling from the checkpoint with the manifest's tokenizer.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cf-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string TrainFile = """
        version: 1
        name: cli-tiny
        output: out
        data:
          shards: tokens
        model:
          preset: tiny
        training:
          steps: 12
          batch_size: 2
          learning_rate: 3.0e-3
          min_learning_rate: 3.0e-4
          warmup_steps: 3
          device: cpu
          threads: 1
          log_interval: 6
        evaluation:
          interval: 6
          batches: 1
        checkpoints:
          interval: 6
        """;

    [Fact]
    public void TrainsWritesArtefactsResumesAndGeneratesDeterministically()
    {
        WriteShards();
        File.WriteAllText(Path.Combine(_root, "train.yaml"), TrainFile);

        var (code, stdout, stderr) = CliProcess.Run(_root, "train", "train.yaml");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("step 12/12", stdout);
        Assert.Contains("validation loss", stdout);
        foreach (var file in new[] { "metrics.csv", "loss.png", "export/model.safetensors", "export/config.json", "checkpoints/latest.json" })
            Assert.True(File.Exists(Path.Combine(_root, "out", file)), file);

        // A second run finds the finished checkpoint and trains no further.
        var again = CliProcess.Run(_root, "train", "train.yaml");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("resuming at step 12", again.Out);
        Assert.DoesNotContain("step 12/12", again.Out);

        string[] generate = ["generate", "--checkpoint", "out/checkpoints", "--prompt", "The river", "--max-tokens", "12", "--seed", "5"];
        var first = CliProcess.Run(_root, generate);
        var second = CliProcess.Run(_root, generate);
        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        Assert.StartsWith("The river", first.Out);
        Assert.True(first.Out.Trim().Length > "The river".Length);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task SigtermSavesACheckpointAndSaysWhereTheRunStopped()
    {
        WriteShards();
        File.WriteAllText(Path.Combine(_root, "train.yaml"), TrainFile.Replace("steps: 12", "steps: 100000").Replace("log_interval: 6", "log_interval: 1"));
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "corpusforge.dll"), "train", "train.yaml" }) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new System.Text.StringBuilder();
        // Wait until training is under way (step 2 logged), then ask it to stop as a scheduler or Ctrl+C would.
        while (process.StandardOutput.ReadLine() is { } line)
        {
            stdout.AppendLine(line);
            if (line.Contains("step 2/", StringComparison.Ordinal)) break;
        }

        Assert.Equal(0, kill(process.Id, 15));
        stdout.Append(await process.StandardOutput.ReadToEndAsync());
        var errors = await stderr;
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.True(process.ExitCode == 130, stdout + errors);
        Assert.Matches(@"stopped at step \d+; checkpoint .*step-\d+", errors);
        Assert.True(File.Exists(Path.Combine(_root, "out", "checkpoints", "latest.json")));
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [Fact]
    public void QuickStartShardsTrainTheCheckedInTinyModel()
    {
        var pipelines = Path.Combine(CliProcess.RepositoryRoot, "pipelines");
        var corpus = Path.Combine(_root, "corpus");
        var data = CliProcess.Run(_root, "run", Path.Combine(pipelines, "quickstart.yaml"), "--set", $"corpus={corpus}");
        Assert.True(data.ExitCode == 0, data.Out + data.Error);
        var manifest = TokenShardManifest.Load(Path.Combine(corpus, "tokens"));
        Assert.Equal("gpt2", manifest.Tokenizer.Name);
        Assert.True(manifest.Splits["train"].Tokens > 500);

        var output = Path.Combine(_root, "out");
        var train = CliProcess.Run(_root, "train", Path.Combine(CliProcess.RepositoryRoot, "training", "train-tiny.yaml"),
            "--set", $"data.shards={Path.Combine(corpus, "tokens")}", "--set", $"output={output}", "--set", "training.steps=6",
            "--set", "training.warmup_steps=2", "--set", "training.threads=1", "--set", "training.log_interval=3",
            "--set", "evaluation.interval=3", "--set", "checkpoints.interval=3");
        Assert.True(train.ExitCode == 0, train.Out + train.Error);
        Assert.Contains("step 6/6", train.Out);
        Assert.True(File.Exists(Path.Combine(output, "export", "model.safetensors")));

        // The fine-tuning chain of the samples runs from that model: SFT, chat, DPO, eval.
        string[] quick = ["--set", "training.steps=3", "--set", "training.warmup_steps=1", "--set", "training.threads=1", "--set", "evaluation.interval=3"];
        var sftOut = Path.Combine(_root, "sft");
        var sft = CliProcess.Run(_root, ["finetune", "sft", Path.Combine(CliProcess.RepositoryRoot, "training", "finetune-sft.yaml"), "--set", $"finetune.base={Path.Combine(output, "checkpoints")}", "--set", $"output={sftOut}", .. quick]);
        Assert.True(sft.ExitCode == 0, sft.Out + sft.Error);
        Assert.Contains("1 rows quarantined", sft.Out);
        Assert.Contains("no response", File.ReadAllText(Path.Combine(sftOut, "quarantine", "sft.jsonl")));
        var chat = CliProcess.Run(_root, "chat", "--checkpoint", Path.Combine(sftOut, "checkpoints"), "--prompt", "What do bees make?", "-t", "0", "-n", "5");
        Assert.True(chat.ExitCode == 0, chat.Out + chat.Error);
        var dpoOut = Path.Combine(_root, "dpo");
        var dpo = CliProcess.Run(_root, ["finetune", "dpo", Path.Combine(CliProcess.RepositoryRoot, "training", "finetune-dpo.yaml"), "--set", $"finetune.base={Path.Combine(sftOut, "checkpoints")}", "--set", $"output={dpoOut}", .. quick]);
        Assert.True(dpo.ExitCode == 0, dpo.Out + dpo.Error);
        Assert.Contains("accuracy", dpo.Out);
        var eval = CliProcess.Run(_root, "eval", "-c", Path.Combine(dpoOut, "checkpoints"), "--shards", Path.Combine(corpus, "tokens"), "--mc",
            Path.Combine(CliProcess.RepositoryRoot, "samples", "finetune", "multiple-choice.jsonl"), "-o", Path.Combine(_root, "eval.json"));
        Assert.True(eval.ExitCode == 0, eval.Out + eval.Error);
        Assert.Contains("multiple_choice", eval.Out);
        Assert.Contains("\"perplexity\"", File.ReadAllText(Path.Combine(_root, "eval.json")));
    }

    [Fact]
    public void InvalidTrainingFileIsReportedWithLocations()
    {
        File.WriteAllText(Path.Combine(_root, "bad.yaml"), """
            version: 1
            data:
              shards: missing-folder
            model:
              preset: huge
            training:
              steps: -1
              learning_rate: fast
              precison: bf16
            """);
        var (code, _, stderr) = CliProcess.Run(_root, "train", "bad.yaml");
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:5:11: model.preset: unknown preset 'huge'", stderr);
        Assert.Contains("bad.yaml:7:10: training.steps: must be positive", stderr);
        Assert.Contains("bad.yaml:8:18: option 'learning_rate' of 'training': expected a number, got 'fast'", stderr);
        Assert.Contains("bad.yaml:9:3: unknown option 'precison' for 'training'. Did you mean 'precision'?", stderr);
        Assert.Contains("data.shards: cannot read the shard manifest", stderr);
    }

    [Fact]
    public void AnUnknownBenchPresetIsAConfigErrorWithoutAStackTrace()
    {
        var (code, _, stderr) = CliProcess.Run(_root, "train", "--bench", "nano", "--set", "model.layers=2");
        Assert.Equal(2, code);
        Assert.Contains("error: --bench: unknown preset 'nano'; presets: tiny, mini, gpt2-mini, gpt2-124m", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    private void WriteShards()
    {
        var tokenizer = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "gpt2" });
        var samples = Path.Combine(CliProcess.RepositoryRoot, "samples", "quickstart");
        using var gz = new GZipStream(File.OpenRead(Path.Combine(samples, "more-articles.jsonl.gz")), CompressionMode.Decompress);
        using var more = new StreamReader(gz);
        var texts = File.ReadLines(Path.Combine(samples, "articles.jsonl")).Concat(more.ReadToEnd().Split('\n')).Select(TextOf).OfType<string>().ToList();
        var folder = Path.Combine(_root, "tokens");
        var manifest = new TokenShardManifest { Tokenizer = tokenizer.Identity, Dtype = "uint16", Layouts = ["llmc"] };
        foreach (var (split, keep) in new (string, Func<int, bool>)[] { ("train", i => i % 4 != 3), ("validation", i => i % 4 == 3) })
        {
            using var writer = new TokenShardFileWriter(folder, $"{split}_000000", TokenDType.UInt16, TokenLayouts.Llmc);
            for (var i = 0; i < texts.Count; i++)
            {
                if (!keep(i)) continue;
                var ids = new List<int>();
                tokenizer.EncodeDocument(texts[i], ids);
                writer.Add([.. ids], $"doc-{i}", "sample", new Provenance("samples", i));
            }

            var entry = writer.Commit();
            manifest.Splits[split] = new TokenSplit { Tokens = entry.Tokens, Documents = entry.Documents, Shards = [entry] };
        }

        manifest.Save(Path.Combine(folder, TokenShardManifest.FileName));
    }

    private static string? TextOf(string line)
    {
        try
        {
            return line.Length > 0 ? JsonDocument.Parse(line).RootElement.GetProperty("text").GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
