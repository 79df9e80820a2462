using CorpusForge.Core.Documents;
using CorpusForge.Core.Tokens;

namespace CorpusForge.Core.Tests.Tokens;

/// <summary>Builds small shard folders for the token-format tests.</summary>
internal sealed class TokenShardTestData : IDisposable
{
    public TokenShardTestData()
    {
        Root = Path.Combine(Path.GetTempPath(), "cf-tokens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Document d of shard s has (d + 3) tokens: d*1000 + s*100 + i for i &lt; d+2, then the EOS id.</summary>
    public static int[] DocumentTokens(int shard, int document, int eos) =>
        [.. Enumerable.Range(0, document + 2).Select(i => document * 1000 + shard * 100 + i), eos];

    /// <summary>Writes <paramref name="shards"/> train shards of <paramref name="documents"/> documents each, and a manifest.</summary>
    public TokenShardManifest Write(TokenDType dtype, TokenLayouts layouts, int shards = 2, int documents = 3, int eos = 50256)
    {
        var split = new TokenSplit();
        for (var s = 0; s < shards; s++)
        {
            using var writer = new TokenShardFileWriter(Root, $"train_{s:D6}", dtype, layouts);
            for (var d = 0; d < documents; d++)
                writer.Add(DocumentTokens(s, d, eos), $"doc-{s}-{d}", "web", new Provenance($"data/part{s}.jsonl", d, d * 100));
            var entry = writer.Commit();
            split.Shards.Add(entry);
            split.Tokens += entry.Tokens;
            split.Documents += entry.Documents;
        }

        var manifest = new TokenShardManifest
        {
            Tokenizer = new TokenizerIdentity { Name = "test", VocabSize = dtype == TokenDType.UInt16 ? 50257 : 200019, EosId = eos, EosToken = "<|endoftext|>" },
            Dtype = dtype.Name(),
            Layouts = [.. Enum.GetValues<TokenLayouts>().Where(l => l is TokenLayouts.Llmc or TokenLayouts.Megatron && layouts.HasFlag(l)).Select(l => l.ToString().ToLowerInvariant())],
            ShardTokens = 1000,
            Tokens = split.Tokens,
            Documents = split.Documents,
        };
        manifest.Splits["train"] = split;
        manifest.Save(Path.Combine(Root, TokenShardManifest.FileName));
        return manifest;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A memory map still open on Windows; the temp folder is cleaned by the OS.
        }
    }
}
