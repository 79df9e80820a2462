namespace CorpusForge.Core.Tokens;

/// <summary>Checks a token-shard folder against its manifest: every file present with its size and SHA-256, llm.c
/// headers, Megatron-LM indexes, lineage files, and the token and document counts of shards, splits and totals.</summary>
public static class TokenShardVerifier
{
    /// <summary>Returns one message per problem found (empty when the folder is sound).</summary>
    public static List<string> Verify(string path, bool checksums = true)
    {
        var problems = new List<string>();
        TokenShardManifest manifest;
        try
        {
            manifest = TokenShardManifest.Load(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(e.Message);
            return problems;
        }

        var root = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var dtype = manifest.DType;
        long tokens = 0, documents = 0;
        foreach (var (name, split) in manifest.Splits)
        {
            long splitTokens = 0, splitDocuments = 0;
            foreach (var shard in split.Shards)
            {
                splitTokens += shard.Tokens;
                splitDocuments += shard.Documents;
                VerifyShard(root, shard, dtype, checksums, problems);
            }

            if (splitTokens != split.Tokens || splitDocuments != split.Documents)
                problems.Add($"split {name}: shards hold {splitTokens} tokens / {splitDocuments} documents, the split says {split.Tokens} / {split.Documents}");
            tokens += splitTokens;
            documents += splitDocuments;
        }

        if (tokens != manifest.Tokens || documents != manifest.Documents)
            problems.Add($"manifest: splits hold {tokens} tokens / {documents} documents, the totals say {manifest.Tokens} / {manifest.Documents}");
        return problems;
    }

    private static void VerifyShard(string root, TokenShardEntry shard, TokenDType dtype, bool checksums, List<string> problems)
    {
        foreach (var file in shard.Files)
        {
            var full = Path.Combine(root, file.Path);
            if (!File.Exists(full))
            {
                problems.Add($"{file.Path}: missing");
                continue;
            }

            var length = new FileInfo(full).Length;
            if (length != file.Bytes) problems.Add($"{file.Path}: {length} bytes, the manifest says {file.Bytes}");
            else if (checksums && TokenShardFileWriter.Sha256Of(full) != file.Sha256) problems.Add($"{file.Path}: SHA-256 differs from the manifest");

            try
            {
                switch (file.Kind)
                {
                    case TokenShardFile.Llmc:
                        var header = new byte[LlmcShardFormat.HeaderBytes];
                        using (var stream = File.OpenRead(full)) stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
                        var (headerType, count) = LlmcShardFormat.ReadHeader(header, length, file.Path);
                        if (headerType != dtype || count != shard.Tokens)
                            problems.Add($"{file.Path}: header says {count} {headerType.Name()} tokens, the manifest {shard.Tokens} {dtype.Name()}");
                        break;
                    case TokenShardFile.MegatronBin:
                        if (length != shard.Tokens * dtype.Size())
                            problems.Add($"{file.Path}: {length} bytes for {shard.Tokens} {dtype.Name()} tokens");
                        break;
                    case TokenShardFile.MegatronIdx:
                        var index = MegatronIndexFormat.Read(full);
                        if (index.DType != dtype || index.TokenCount != shard.Tokens || index.SequenceLengths.Length != shard.Documents)
                            problems.Add($"{file.Path}: index holds {index.SequenceLengths.Length} sequences / {index.TokenCount} {index.DType.Name()} tokens, the manifest {shard.Documents} / {shard.Tokens} {dtype.Name()}");
                        break;
                    case TokenShardFile.DocumentIndex:
                        var docs = DocumentIndexFile.Read(full);
                        var sum = docs.Sum(d => (long)d.Tokens);
                        if (docs.Count != shard.Documents || sum != shard.Tokens)
                            problems.Add($"{file.Path}: {docs.Count} documents / {sum} tokens, the manifest {shard.Documents} / {shard.Tokens}");
                        break;
                    default:
                        problems.Add($"{file.Path}: unknown file kind '{file.Kind}'");
                        break;
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }
    }
}
