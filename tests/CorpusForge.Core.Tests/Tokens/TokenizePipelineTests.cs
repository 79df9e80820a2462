using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Pipeline;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Core.Tests.Tokens;

/// <summary>A pipeline ending in <c>writer.token_shards_v1</c>, run through the engine: shards in both layouts with a
/// manifest, read back by the independent numpy reader, and resumed runs equal to a single run.</summary>
public sealed class TokenizePipelineTests : IDisposable
{
    private readonly TestPipelines _t = new();

    private const string Pipeline = """
        version: 1
        name: tokenize-test
        corpus: corpus
        inputs:
          - name: lines
            reader: test.lines_reader_v1
            paths: [in/*.txt]
        stages:
          - stage: test.drop_word_v1
            options: { word: spam }
        outputs:
          - writer: writer.token_shards_v1
            path: tokens
            options:
              tokenizer: gpt2
              special_token_text: ordinary
              layouts: [llmc, megatron]
              shard_tokens: 600
              validation_fraction: 0.25
              seed: 11
        """;

    public void Dispose() => _t.Dispose();

    private void WriteInput(int file, int lines = 30) =>
        _t.Write($"in/f{file}.txt", string.Join("\n", Enumerable.Range(0, lines).Select(i =>
            i % 9 == 4 ? $"spam {i}" : $"File {file} line {i}: the quick brown fox {new string('!', i % 4)} jumps\tover {i * 7} dogs 🎉")) + "\n");

    private string Tokens => Path.Combine(_t.Corpus, "tokens");

    [Fact]
    public async Task PipelineWritesBothLayoutsThatAnIndependentReaderReads()
    {
        WriteInput(0);
        WriteInput(1);
        var result = await _t.RunAsync(Pipeline);
        Assert.Empty(result.Stats.Phases[0].Failures);

        var manifest = TokenShardManifest.Load(Tokens);
        Assert.Empty(TokenShardVerifier.Verify(Tokens));
        Assert.Equal(2 * (30 - 3), manifest.Documents);
        Assert.Equal(["llmc", "megatron"], manifest.Layouts);
        var tokenizer = TokenizerFactory.FromIdentity(manifest.Tokenizer);

        var texts = new List<string>();
        foreach (var (_, split) in manifest.Splits)
        {
            foreach (var shard in split.Shards)
            {
                var llmc = Python(Path.Combine(Tokens, shard.File(TokenShardFile.Llmc)!.Path));
                var megatron = Python(Path.Combine(Tokens, shard.File(TokenShardFile.MegatronIdx)!.Path));
                var tokens = llmc.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                Assert.Equal(tokens, megatron.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()));
                Assert.Equal(shard.Tokens, tokens.Length);
                foreach (var sequence in megatron.GetProperty("sequences").EnumerateArray())
                {
                    var ids = sequence.EnumerateArray().Select(e => e.GetInt32()).ToArray();
                    Assert.Equal(50256, ids[^1]);
                    texts.Add(tokenizer.Decode(ids[..^1]));
                }
            }
        }

        var expected = Enumerable.Range(0, 2).SelectMany(f => File.ReadAllLines(Path.Combine(_t.Root, "in", $"f{f}.txt"))).Where(l => !l.Contains("spam")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, texts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARunThatAddsInputsEndsEqualToASingleRun()
    {
        WriteInput(0);
        await _t.RunAsync(Pipeline);
        var first = TokenShardManifest.Load(Tokens).Documents;
        WriteInput(1);
        WriteInput(2);
        await _t.RunAsync(Pipeline);
        var incremental = Snapshot();
        Assert.Equal(3 * first, TokenShardManifest.Load(Tokens).Documents);

        await _t.RunAsync(Pipeline, force: true);
        Assert.Equal(incremental, Snapshot());
    }

    [Fact]
    public async Task CheckedInPipelineRuns()
    {
        // pipelines/tokenize.yaml as shipped, on its quickstart samples.
        var pipeline = Path.GetFullPath(Path.Combine(RepositoryTests(), "..", "..", "pipelines", "tokenize.yaml"));
        var spec = new PipelineLoader(TestPipelines.Registry).Load(pipeline,
            [$"corpus={_t.Corpus}", "outputs.0.options.validation_fraction=0.2"]);
        var result = await new PipelineRunner().RunAsync(spec, new RunOptions { Workers = 2 });
        Assert.Empty(result.Stats.Phases[0].Failures);
        var manifest = TokenShardManifest.Load(Tokens);
        Assert.Equal("cl100k_base", manifest.Tokenizer.Name);
        Assert.True(manifest.Documents > 0);
        Assert.Empty(TokenShardVerifier.Verify(Tokens));
    }

    private static string RepositoryTests([CallerFilePath] string source = "") => Path.GetDirectoryName(Path.GetDirectoryName(source))!;

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(Tokens, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}parts{Path.DirectorySeparatorChar}") && !f.EndsWith(TokenShardManifest.FileName))
            .ToDictionary(f => Path.GetRelativePath(Tokens, f), TokenShardFileWriter.Sha256Of);

    private static JsonElement Python(string file, [CallerFilePath] string source = "")
    {
        var script = Path.Combine(Path.GetDirectoryName(source)!, "independent_reader.py");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        return JsonDocument.Parse(stdout.Result).RootElement;
    }
}
