using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stats;

namespace CorpusForge.Bench;

/// <summary>Cost of recording the corpus profile (histograms, counts, bottom-k samples) per document, against a
/// named peer measured back to back on the same documents: serialising the document as the JSONL writer does.</summary>
public sealed class ProfileBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "profile";

    /// <inheritdoc />
    public string Description => "corpus profile recording per document vs JSONL serialisation of the same documents";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var random = new Random(11);
        var words = "the of and a to in is was that for it with as his on be at by had are but from or have an".Split(' ');
        var documents = new List<Document>();
        long bytes = 0;
        for (var i = 0; bytes < context.SizeMb * 1_000_000L; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 300 + random.Next(1200)).Select(_ => words[random.Next(words.Length)]));
            var d = new Document { Id = $"doc-{i}", Text = text, Url = $"https://site{random.Next(500)}.example.com/p/{i}" };
            d.Attributes["language.code"] = random.Next(10) == 0 ? "fr" : "en";
            d.Attributes["language.confidence"] = random.NextDouble();
            d.Attributes["length.chars"] = (long)text.Length;
            d.Attributes["length.words"] = (long)(text.Length / 5);
            // The quick start's Gopher filters write 22 scores; add as many.
            for (var k = 0; k < 22; k++) d.Attributes[$"gopher.score_{k}"] = random.NextDouble();
            d.Attributes["pii.email"] = (long)random.Next(2);
            documents.Add(d);
            bytes += text.Length;
        }

        for (var round = 0; round < 3; round++)
        {
            var profile = new CorpusProfile();
            var clock = Stopwatch.StartNew();
            foreach (var d in documents)
            {
                profile.Read(d.Text.Length);
                profile.Kept(d);
            }

            var profileNs = clock.Elapsed.TotalNanoseconds / documents.Count;
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            clock.Restart();
            foreach (var d in documents)
            {
                buffer.ResetWrittenCount();
                using var w = new Utf8JsonWriter(buffer, DocumentJson.WriterOptions);
                DocumentJson.Write(w, d);
            }

            var jsonNs = clock.Elapsed.TotalNanoseconds / documents.Count;
            context.Report($"round {round + 1}: profile per document", profileNs / 1000, "µs");
            context.Report($"round {round + 1}: JSONL serialisation per document (peer)", jsonNs / 1000, "µs");
            context.Report($"round {round + 1}: profile / serialisation", profileNs / jsonNs, "x");
        }

        context.Report("documents", documents.Count, "");
        context.Report("mean characters per document", (double)bytes / documents.Count, "");
    }
}
