using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Cli.Commands;

/// <summary><c>corpusforge tokenizer train INPUT... --out DIR</c>: learns a byte-level BPE vocabulary from corpus
/// outputs (JSONL documents, optionally .gz/.zst) or plain .txt files, and reports its compression on held-out text
/// next to cl100k_base.</summary>
public sealed class TokenizerCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Files or folders: *.jsonl[.gz|.zst] documents (the \"text\" field) or *.txt (one document per file).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Folder for vocab.json, merges.txt and bpe.json.", Required = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary size including 256 bytes and special tokens.", DefaultValueFactory = _ => 32_000 };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Never merge a pair seen fewer times.", DefaultValueFactory = _ => 2 };
        var sampleMb = new Option<int>("--sample-mb") { Description = "Most text (MB) to train on: a deterministic hash sample of the documents.", DefaultValueFactory = _ => 100 };
        var heldOutMb = new Option<int>("--heldout-mb") { Description = "Held-out text (MB, disjoint from training) to report bytes per token on; 0 to skip.", DefaultValueFactory = _ => 5 };
        var special = new Option<string[]>("--special") { Description = "Special tokens reserved at the end of the vocabulary (repeatable).", DefaultValueFactory = _ => ["<|endoftext|>"], Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the sample.", DefaultValueFactory = _ => 0 };
        var preTokenizer = new Option<string>("--pre-tokenizer") { Description = "How text is split before merging: gpt2 (default), cl100k or o200k (tiktoken's patterns); recorded in bpe.json and used when the vocabulary encodes.", DefaultValueFactory = _ => BpePreTokenizers.Default };
        var train = new Command("train", "Learn a byte-level BPE vocabulary (GPT-2, cl100k or o200k pre-tokenization) from corpus outputs.")
        {
            inputs, output, vocabSize, minFrequency, sampleMb, heldOutMb, special, seed, preTokenizer,
        };
        train.SetAction((parse, ct) => Cli.GuardAsync(() =>
        {
            var options = new BpeTrainerOptions
            {
                VocabSize = parse.GetValue(vocabSize), MinFrequency = parse.GetValue(minFrequency), SpecialTokens = [.. parse.GetValue(special)!], PreTokenizer = parse.GetValue(preTokenizer)!,
            };
            var problems = options.Validate().ToList();
            if (problems.Count > 0) throw new Core.Pipeline.ConfigException(problems.Select(p => new Core.Pipeline.ConfigError("tokenizer train", 0, 0, p)).ToList());
            var clock = Stopwatch.StartNew();
            var sample = new BpeTrainingSample(parse.GetValue(sampleMb) * 1_000_000L, parse.GetValue(heldOutMb) * 1_000_000L, (ulong)parse.GetValue(seed));
            foreach (var file in Files(parse.GetValue(inputs)!))
            {
                ct.ThrowIfCancellationRequested();
                foreach (var text in Texts(file)) sample.Offer(text);
            }

            var trainer = new BpeTrainer(options);
            foreach (var text in sample.Training()) trainer.Add(text);
            if (trainer.Documents == 0) throw new InvalidDataException("no documents found in the inputs");
            var vocabulary = trainer.Train();
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            vocabulary.Save(directory);
            Console.WriteLine($"trained {vocabulary.Count} ids ({vocabulary.Merges.Count} merges) on {trainer.Documents} of {sample.Offered} documents, {trainer.TextBytes / 1e6:F1} MB, in {clock.Elapsed.TotalSeconds:F1} s -> {directory}");

            var heldOut = sample.HeldOut();
            if (heldOut.Count > 0)
            {
                var trained = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "bpe", Vocab = Path.Combine(directory, BpeVocabulary.VocabFile), Merges = Path.Combine(directory, BpeVocabulary.MergesFile), EosToken = options.SpecialTokens.FirstOrDefault() ?? "<|endoftext|>" });
                var reference = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "cl100k_base" });
                var bytes = heldOut.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
                Console.WriteLine($"held-out: {heldOut.Count} documents, {bytes / 1e6:F2} MB; bytes per token: trained {bytes / (double)heldOut.Sum(t => (long)trained.Encode(t).Count):F3}, cl100k_base {bytes / (double)heldOut.Sum(t => (long)reference.Encode(t).Count):F3}");
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return new Command("tokenizer", "Tokenizer tools.") { train };
    }

    private static IEnumerable<string> Files(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            var path = Path.GetFullPath(input);
            if (File.Exists(path)) yield return path;
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsText).Order(StringComparer.Ordinal)) yield return file;
            }
            else throw new FileNotFoundException($"no such file or folder: {path}");
        }
    }

    private static bool IsText(string file) =>
        !file.Contains(".tmp-", StringComparison.Ordinal) &&
        (file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || file.Contains(".jsonl", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Texts(string file)
    {
        if (file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            yield return File.ReadAllText(file);
            yield break;
        }

        using var stream = Compression.OpenRead(file);
        using var lines = new StreamReader(stream);
        var record = 0L;
        while (lines.ReadLine() is { } line)
        {
            record++;
            if (line.Length == 0) continue;
            Document document;
            try
            {
                using var json = JsonDocument.Parse(line);
                document = DocumentJson.Read(json.RootElement, new Provenance(file, record - 1));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}:{record}: not a JSON document ({e.Message})", e);
            }

            yield return document.Text;
        }
    }
}
