using System.CommandLine;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;
using Spectre.Console;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge shards inspect|verify DIR</c>: decodes a window of a token-shard folder back to text and
/// names its document and source record; checks checksums, headers and counts against the manifest.</summary>
public sealed class ShardsCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var inspectPath = new Argument<string>("path") { Description = "A token-shard folder (with manifest.json)." };
        var split = new Option<string>("--split") { Description = "train or validation.", DefaultValueFactory = _ => "train" };
        var position = new Option<long>("--position", "-p") { Description = "Token position in the split to start at.", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--tokens", "-n") { Description = "Tokens to decode.", DefaultValueFactory = _ => 64 };
        var inspect = new Command("inspect", "Summarise a token-shard folder and decode a window of tokens, naming the documents it falls in.")
        {
            inspectPath, split, position, count,
        };
        inspect.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var root = Path.GetFullPath(parse.GetValue(inspectPath)!);
            var manifest = TokenShardManifest.Load(root);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(root)}[/]: {manifest.Documents:N0} documents, {manifest.Tokens:N0} {manifest.Dtype} tokens, layouts {string.Join(", ", manifest.Layouts)}");
            AnsiConsole.MarkupLine($"  tokenizer {Markup.Escape(manifest.Tokenizer.Name)} (vocabulary {manifest.Tokenizer.VocabSize:N0}, eos {Markup.Escape(manifest.Tokenizer.EosToken)} = {manifest.Tokenizer.EosId}, hash {manifest.Tokenizer.VocabHash[..12]}…)");
            foreach (var (name, entry) in manifest.Splits)
                AnsiConsole.MarkupLine($"  {name}: {entry.Shards.Count} shard(s), {entry.Documents:N0} documents, {entry.Tokens:N0} tokens");

            using var reader = TokenShardReader.Open(root, parse.GetValue(split)!);
            var start = parse.GetValue(position);
            if (start < 0 || start >= reader.TokenCount) throw new InvalidDataException($"position {start} is outside the split's {reader.TokenCount} tokens");
            var length = (int)Math.Min(Math.Max(1, parse.GetValue(count)), reader.TokenCount - start);
            var tokens = new int[length];
            reader.Copy(start, tokens);
            var tokenizer = TokenizerFactory.FromIdentity(manifest.Tokenizer);
            var offset = 0;
            while (offset < length)
            {
                var location = reader.Locate(start + offset);
                var inDocument = (int)Math.Min(length - offset, location.Document.Tokens - location.OffsetInDocument);
                var document = location.Document;
                AnsiConsole.MarkupLine($"[bold]tokens {start + offset:N0}–{start + offset + inDocument - 1:N0}[/] = {Markup.Escape(location.ShardName)} +{location.OffsetInShard:N0}: document [bold]{Markup.Escape(document.Id)}[/] (tokens {location.OffsetInDocument}–{location.OffsetInDocument + inDocument - 1} of {document.Tokens})");
                if (document.Provenance.File is not null)
                    AnsiConsole.MarkupLine($"  [grey]from {Markup.Escape(document.Provenance.ToString())}{(document.Source is null ? "" : $", input {Markup.Escape(document.Source)}")}[/]");
                AnsiConsole.WriteLine("  " + tokenizer.Decode(tokens.AsSpan(offset, inDocument).ToArray()).Replace("\n", "\n  "));
                offset += inDocument;
            }

            return Task.FromResult(ExitCodes.Ok);
        }));

        var verifyPath = new Argument<string>("path") { Description = "A token-shard folder (with manifest.json)." };
        var noChecksums = new Option<bool>("--no-checksums") { Description = "Skip SHA-256 checks (headers, sizes and counts are still checked)." };
        var verify = new Command("verify", "Check every file of a token-shard folder against its manifest: SHA-256, llm.c headers, Megatron indexes, lineage and counts.")
        {
            verifyPath, noChecksums,
        };
        verify.SetAction((parse, _) => Cli.GuardAsync(() =>
        {
            var root = Path.GetFullPath(parse.GetValue(verifyPath)!);
            var problems = TokenShardVerifier.Verify(root, checksums: !parse.GetValue(noChecksums));
            foreach (var problem in problems) Console.Error.WriteLine($"error: {problem}");
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"{problems.Count} problem(s) in {root}");
                return Task.FromResult(ExitCodes.Fatal);
            }

            var manifest = TokenShardManifest.Load(root);
            Console.WriteLine($"ok: {root}: {manifest.Splits.Values.Sum(s => s.Shards.Count)} shard(s), {manifest.Documents:N0} documents, {manifest.Tokens:N0} tokens");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return new Command("shards", "Token-shard tools.") { inspect, verify };
    }
}
