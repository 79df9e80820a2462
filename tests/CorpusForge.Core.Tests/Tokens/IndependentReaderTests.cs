using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Core.Tests.Tokens;

/// <summary>Reads the shard files with a Python/numpy reader written from the published llm.c and Megatron-LM layouts.
/// Needs Debian's python3-numpy under /usr/bin/python3 (scripts/test.sh installs it).</summary>
public class IndependentReaderTests
{
    private static JsonElement RunReader(string file, [CallerFilePath] string source = "")
    {
        var script = Path.Combine(Path.GetDirectoryName(source)!, "independent_reader.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"independent reader failed on {file}: {stderr}");
        return JsonDocument.Parse(stdout.Result).RootElement;
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    [Theory]
    [InlineData(TokenDType.UInt16)]
    [InlineData(TokenDType.UInt32)]
    public void BothLayoutsReadBackTheSameDocuments(TokenDType dtype)
    {
        using var data = new TokenShardTestData();
        var eos = dtype == TokenDType.UInt16 ? 50256 : 199999;
        data.Write(dtype, TokenLayouts.All, shards: 2, documents: 3, eos);
        for (var s = 0; s < 2; s++)
        {
            var documents = Enumerable.Range(0, 3).Select(d => TokenShardTestData.DocumentTokens(s, d, eos)).ToList();
            var llmc = RunReader(Path.Combine(data.Root, "llmc", $"train_{s:D6}.bin"));
            Assert.Equal(documents.SelectMany(d => d), Ints(llmc.GetProperty("tokens")));

            var megatron = RunReader(Path.Combine(data.Root, "megatron", $"train_{s:D6}.idx"));
            Assert.Equal(documents.SelectMany(d => d), Ints(megatron.GetProperty("tokens")));
            Assert.Equal(documents, megatron.GetProperty("sequences").EnumerateArray().Select(Ints));
            Assert.Equal([0, 1, 2, 3], Ints(megatron.GetProperty("doc_idx")));
        }
    }
}
