using System.Text;
using CorpusForge.Core.Engine;
using CorpusForge.Core.Stats;
using CorpusForge.Stages.Readers;
using ParquetReader = CorpusForge.Stages.Readers.ParquetReader;
using CorpusForge.Stages.Tests.Readers;
using CorpusForge.Stages.Tests.Support;
using CorpusForge.Stages.Tests.Writers;

namespace CorpusForge.Stages.Tests.Pipelines;

/// <summary>The readers, normaliser, length filter and writers through the real engine, with bad inputs mixed in.</summary>
public sealed class IoPipelineTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private const string Pipeline = """
        version: 1
        name: io-test
        corpus: corpus-{0}
        inputs:
          - name: web
            reader: reader.jsonl_v1
            paths: [in/*.jsonl, in/*.jsonl.gz, in/*.jsonl.zst]
        stages:
          - stage: normalize.text_v1
          - stage: filter.length_v1
            options: {{ min_words: 5 }}
        outputs:
          - writer: writer.jsonl_v1
            path: jsonl
            options: {{ compression: zstd, max_records: 40 }}
          - writer: writer.parquet_v1
            path: parquet
            options: {{ row_group_size: 25 }}
        """;

    private void WriteInputs()
    {
        string Line(int file, int i) => i % 11 == 5
            ? $"{{\"id\":\"f{file}-{i}\",\"text\":\"too short\"}}"
            : $"{{\"id\":\"f{file}-{i}\",\"text\":\"Document  {i} of file {file}\\r\\nhas several words of prose in it.\",\"lang\":\"en\"}}";

        _scratch.Write("in/a.jsonl", string.Join("\n", Enumerable.Range(0, 100).Select(i => i == 50 ? "{\"id\": broken" : Line(0, i))) + "\n");
        var full = Scratch.Compress(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 3000).Select(i => Line(1, i))) + "\n"), "b.jsonl.gz");
        _scratch.Write("in/b.jsonl.gz", full[..(full.Length / 2)]);
        _scratch.Write("in/c.jsonl.zst", Scratch.Compress([.. "{\"text\":\"bad "u8, 0xFF, .. " byte but enough words here\"}\n"u8], "c.jsonl.zst"));
        _scratch.Write("in/d.jsonl", "");
    }

    private async Task<(RunResult Result, string Corpus)> Run(int workers)
    {
        var path = _scratch.Write("pipeline.yaml", string.Format(Pipeline, workers)).FullPath;
        var result = await PipelineHarness.RunAsync(path, new RunOptions { Workers = workers, BatchSize = 16 });
        return (result, _scratch.PathOf($"corpus-{workers}"));
    }

    private static Dictionary<string, byte[]> Outputs(string corpus) => Directory
        .EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
        .Where(p => p.Contains("/jsonl/", StringComparison.Ordinal) || p.Contains("/parquet/", StringComparison.Ordinal))
        .ToDictionary(p => Path.GetRelativePath(corpus, p), File.ReadAllBytes);

    [Fact]
    public async Task Bad_inputs_are_quarantined_counts_add_up_and_outputs_are_identical_for_1_and_4_workers()
    {
        WriteInputs();
        var (one, corpusOne) = await Run(workers: 1);
        var (four, corpusFour) = await Run(workers: 4);

        var phase = Assert.Single(one.Stats.Phases);
        Assert.True(phase.CountsAddUp(out var explanation), explanation);
        Assert.True(one.Succeeded, string.Join("; ", phase.Failures));
        Assert.Equal(2, phase.Reader.Quarantined); // the malformed line and the truncated gzip stream
        Assert.True(phase.Stages[1].DroppedByReason.Single(kv => kv.Key == "too_few_words").Value > 10);

        var jsonl = Outputs(corpusOne).Keys.Where(k => k.EndsWith(".jsonl.zst", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var parquet = Outputs(corpusOne).Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(jsonl, k => k.EndsWith("a.00001.jsonl.zst", StringComparison.Ordinal)); // 100 lines rolled at 40 per part
        var fromJsonl = jsonl.SelectMany(k => SampleDocuments.Read(new JsonlReader(new JsonlReaderOptions()), Path.Combine(corpusOne, k))).Select(r => r.Document!).ToList();
        var fromParquet = parquet.SelectMany(k => SampleDocuments.Read(new ParquetReader(new ParquetReaderOptions()), Path.Combine(corpusOne, k))).Select(r => r.Document!).ToList();
        Assert.Equal(phase.Written, fromJsonl.Count);
        Assert.Equal(fromJsonl.Select(SampleDocuments.Describe), fromParquet.Select(SampleDocuments.Describe));
        Assert.Contains(fromJsonl, d => d.Text == "Document 1 of file 0\nhas several words of prose in it.");
        var repaired = Assert.Single(fromJsonl, d => d.Provenance.File == "c.jsonl.zst");
        Assert.Equal(("bad byte but enough words here", 1L), (repaired.Text, repaired.Metadata["invalid_utf8_sequences"]));
        Assert.All(fromJsonl, d => Assert.Equal(d.Text.Length, (long)d.Attributes["length.chars"]!));

        // File by file, so a difference names the output and its first differing byte.
        var (outOne, outFour) = (Outputs(corpusOne), Outputs(corpusFour));
        Assert.Equal(outOne.Keys.Order(StringComparer.Ordinal), outFour.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in outOne)
        {
            var other = outFour[name];
            var at = bytes.AsSpan().CommonPrefixLength(other);
            Assert.True(at == bytes.Length && at == other.Length,
                $"{name} differs between 1 and 4 workers at byte {at} (lengths {bytes.Length} and {other.Length})");
        }
        Assert.Equal(one.Stats.Phases[0].Written, four.Stats.Phases[0].Written);
    }
}
