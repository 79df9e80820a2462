using System.Diagnostics;
using System.Text;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Core.Tokens;
using CorpusForge.Stages.Tokenization;

namespace CorpusForge.Bench;

/// <summary>Mixed real-world text for the tokenization benchmarks: prose and licence text from the machine's
/// /usr/share/doc (READMEs, changelogs, copyright files), this repository's C# and Markdown as code, and a
/// generated CJK / emoji / accented share (about 10%), cut into documents of 1–8 KB. Deterministic.</summary>
internal static class MixedText
{
    public static List<string> Documents(long bytes, int skipBytes = 0, int seed = 17)
    {
        var sources = new List<string>();
        if (Directory.Exists("/usr/share/doc"))
        {
            sources.AddRange(Directory.EnumerateFiles("/usr/share/doc", "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) is "copyright" || f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal))
                .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
        }

        var repo = FindRepositoryRoot();
        sources.AddRange(Directory.EnumerateFiles(Path.Combine(repo, "src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/")).Order(StringComparer.Ordinal));
        var random = new Random(seed);
        var documents = new List<string>();
        long total = 0, skipped = 0;
        var cjk = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切ひらがなカタカナ한국어텍스트".ToCharArray();
        var other = new[] { "🎉", "👍🏽", "🇯🇵", "café", "naïve", "Straße", "Ωμέγα", "Привет", "١٢٣", "…", "—" };
        var index = 0;
        var buffer = new StringBuilder();
        while (total < bytes)
        {
            string text;
            if (index % 10 == 9)
            {
                buffer.Clear();
                var length = 500 + random.Next(2500);
                while (buffer.Length < length)
                {
                    if (random.Next(8) == 0) buffer.Append(other[random.Next(other.Length)]).Append(' ');
                    else buffer.Append(cjk[random.Next(cjk.Length)]);
                    if (random.Next(40) == 0) buffer.Append("。\n");
                }

                text = buffer.ToString();
            }
            else
            {
                var file = sources[(index - index / 10) % sources.Count];
                text = File.ReadAllText(file);
                if (text.Length > 8192) text = text[..(1024 + random.Next(7168))];
            }

            index++;
            var size = Encoding.UTF8.GetByteCount(text);
            if (skipped < skipBytes)
            {
                skipped += size;
                continue;
            }

            documents.Add(text);
            total += size;
        }

        return documents;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CorpusForge.sln"))) directory = directory.Parent;
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary><c>tokenize</c>: throughput of cl100k_base and o200k_base through CorpusForge's tokenizer and SharpToken on
/// the same mixed text, 1 and N threads, with an id-for-id comparison; then the token-shard writer end to end.</summary>
public sealed class TokenizationBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "tokenize";

    /// <inheritdoc />
    public string Description => "tokenizer MB/s and tokens/s (cl100k_base, o200k_base) vs SharpToken, and shard writing";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var documents = MixedText.Documents(context.SizeMb * 1_000_000L);
        var bytes = documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d));
        context.Out.WriteLine($"text: {documents.Count} documents, {bytes / 1e6:F1} MB (prose/licences, C#, 10% CJK+emoji)");
        var threads = Math.Max(2, context.Workers);
        foreach (var encoding in new[] { "cl100k_base", "o200k_base" })
        {
            var ours = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = encoding });
            var sharp = SharpToken.GptEncoding.GetEncoding(encoding);
            var noSpecial = new HashSet<string>();
            Func<string, IReadOnlyList<int>> oursEncode = ours.Encode;
            Func<string, IReadOnlyList<int>> mlEncode = text => ours.Inner.EncodeToIds(text);
            Func<string, IReadOnlyList<int>> sharpEncode = text => sharp.Encode(text, noSpecial, noSpecial);

            // Warm both (JIT, caches) on a slice, and check ids are identical on every document.
            int againstSharp = 0, againstMl = 0;
            foreach (var document in documents)
            {
                var ids = oursEncode(document);
                if (!ids.SequenceEqual(sharpEncode(document))) againstSharp++;
                if (!ids.SequenceEqual(mlEncode(document))) againstMl++;
            }

            context.Out.WriteLine($"{encoding}: documents whose ids differ from CorpusForge's: SharpToken {againstSharp}, Microsoft.ML.Tokenizers {againstMl} (of {documents.Count})");
            foreach (var (name, encode) in new[] { ("corpusforge (hand-written)", oursEncode), ("Microsoft.ML.Tokenizers 2.0.1", mlEncode), ("SharpToken 2.0.6", sharpEncode) })
            {
                foreach (var workers in new[] { 1, threads })
                {
                    var (seconds, tokens) = Measure(documents, encode, workers);
                    context.Report($"{encoding} {name} x{workers} MB/s", bytes / 1e6 / seconds, "MB/s");
                    context.Report($"{encoding} {name} x{workers} Mtokens/s", tokens / 1e6 / seconds, "Mtok/s");
                }
            }
        }

        WriterThroughput(context, documents, bytes, threads);
    }

    private static (double Seconds, long Tokens) Measure(List<string> documents, Func<string, IReadOnlyList<int>> encode, int workers)
    {
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, documents.Count, 16), new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => 0L,
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++) local += encode(documents[i]).Count;
                return local;
            },
            local => Interlocked.Add(ref tokens, local));
        return (clock.Elapsed.TotalSeconds, tokens);
    }

    private static void WriterThroughput(BenchContext context, List<string> documents, long bytes, int workers)
    {
        var output = Path.Combine(context.WorkDirectory, "shards");
        var options = new TokenShardWriterOptions { Tokenizer = "cl100k_base", ShardTokens = 2_000_000 };
        var writer = new TokenShardWriter(options, ComponentContext.ForDirectory(context.WorkDirectory, workers));
        var clock = Stopwatch.StartNew();
        writer.Open();
        const int perShard = 2000;
        for (var s = 0; s * perShard < documents.Count; s++)
        {
            using var shard = writer.Open(new OutputTarget(output, $"input-{s:D4}"));
            for (var i = s * perShard; i < Math.Min(documents.Count, (s + 1) * perShard); i++)
                shard.Write(new Document { Id = $"d{i}", Text = documents[i], Provenance = new Provenance($"input-{s:D4}", i - s * perShard) });
            shard.Commit();
        }

        var tokenizeSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        writer.Close();
        var assembleSeconds = clock.Elapsed.TotalSeconds;
        var manifest = TokenShardManifest.Load(output);
        context.Report($"writer x{workers}: tokenize + write parts MB/s", bytes / 1e6 / tokenizeSeconds, "MB/s");
        context.Report($"writer: assemble (split, shuffle, llmc + megatron) Mtokens/s", manifest.Tokens / 1e6 / assembleSeconds, "Mtok/s");
        context.Report("writer: assemble share of total time", 100 * assembleSeconds / (tokenizeSeconds + assembleSeconds), "%");
    }
}

/// <summary><c>bpe-train</c>: the BPE trainer's CPU seconds per MB, peak memory, and bytes per token on held-out text
/// next to cl100k_base.</summary>
public sealed class BpeTrainBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "bpe-train";

    /// <inheritdoc />
    public string Description => "BPE trainer CPU s/MB and peak memory (30k vocabulary); held-out bytes/token vs cl100k_base";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var training = MixedText.Documents(context.SizeMb * 1_000_000L);
        var trainingBytes = training.Sum(d => (long)Encoding.UTF8.GetByteCount(d));
        var heldOut = MixedText.Documents(2_000_000, skipBytes: (int)Math.Min(int.MaxValue, trainingBytes), seed: 91);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 30_000 });
        foreach (var document in training) trainer.Add(document);
        var countSeconds = clock.Elapsed.TotalSeconds;
        var vocabulary = trainer.Train();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var directory = Path.Combine(context.WorkDirectory, "bpe");
        vocabulary.Save(directory);

        context.Report("training text", trainingBytes / 1e6, "MB");
        context.Report("vocabulary (incl. special)", vocabulary.Count, "ids");
        context.Report("word counting wall", countSeconds, "s");
        context.Report("merge loop wall", vocabulary.Info.MergeSeconds, "s");
        context.Report("CPU seconds per MB", cpu / (trainingBytes / 1e6), "CPU-s/MB");
        context.Report("peak working set", BenchContext.PeakMemoryMb(), "MB");

        var trained = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "bpe", Vocab = Path.Combine(directory, BpeVocabulary.VocabFile), Merges = Path.Combine(directory, BpeVocabulary.MergesFile) });
        var cl100k = TokenizerFactory.Create(new TokenizerSettings { Tokenizer = "cl100k_base" });
        var heldBytes = heldOut.Sum(d => (long)Encoding.UTF8.GetByteCount(d));
        context.Report("held-out bytes/token, trained 30k", heldBytes / (double)heldOut.Sum(d => (long)trained.Encode(d).Count), "B/tok");
        context.Report("held-out bytes/token, cl100k_base", heldBytes / (double)heldOut.Sum(d => (long)cl100k.Encode(d).Count), "B/tok");
    }
}
