using System.Diagnostics;
using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using CorpusForge.Stages.Tests.Readers;
using CorpusForge.Stages.Writers;
using ParquetReader = CorpusForge.Stages.Readers.ParquetReader;
using ParquetWriter = CorpusForge.Stages.Writers.ParquetWriter;

namespace CorpusForge.Stages.Tests.Writers;

public sealed class ParquetWriterTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private IReadOnlyList<string> WriteAll(IEnumerable<Document> documents, ParquetWriterOptions? options = null, string folder = "out")
    {
        using var shard = new ParquetWriter(options ?? new ParquetWriterOptions()).Open(new OutputTarget(_scratch.PathOf(folder), "shard"));
        foreach (var document in documents) shard.Write(document);
        return shard.Commit();
    }

    private static List<Document> ReadBack(string path) =>
        SampleDocuments.Read(new ParquetReader(new ParquetReaderOptions()), path).Select(r => r.Document ?? throw new InvalidOperationException(r.Bad!.Reason)).ToList();

    private static async Task<int> RowGroupCount(string path)
    {
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        return reader.RowGroupCount;
    }

    [Fact]
    public void Round_trip_through_the_reader_preserves_every_part_and_rewrites_identical_bytes()
    {
        var documents = SampleDocuments.Create(50);
        var first = Assert.Single(WriteAll(documents, folder: "first"));
        Assert.Equal("shard.00000.parquet", Path.GetFileName(first));

        var read = ReadBack(first);

        Assert.Equal(documents.Select(SampleDocuments.Describe), read.Select(SampleDocuments.Describe));
        var second = Assert.Single(WriteAll(read, folder: "second"));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Row_groups_are_bounded_by_rows_and_by_text_bytes()
    {
        var byRows = Assert.Single(WriteAll(SampleDocuments.Create(25), new ParquetWriterOptions { RowGroupSize = 10 }, "rows"));
        Assert.Equal(3, await RowGroupCount(byRows));

        var byBytes = Assert.Single(WriteAll(SampleDocuments.Create(25), new ParquetWriterOptions { RowGroupBytes = 500 }, "bytes"));
        Assert.InRange(await RowGroupCount(byBytes), 4, 6);
        Assert.Equal(25, ReadBack(byBytes).Count);
    }

    [Fact]
    public async Task Removing_rows_keeps_every_other_column_the_row_groups_and_the_codec()
    {
        var documents = SampleDocuments.Create(25);
        var file = Assert.Single(WriteAll(documents, new ParquetWriterOptions { RowGroupSize = 10, Compression = ParquetCompression.Zstd }));
        var doomed = new HashSet<string> { documents[3].Id, documents[12].Id, documents[13].Id };

        var removed = ParquetWriter.RemoveRows(file, (id, _) => doomed.Contains(id));

        Assert.Equal(doomed.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
        Assert.Equal(documents.Where(d => !doomed.Contains(d.Id)).Select(SampleDocuments.Describe), ReadBack(file).Select(SampleDocuments.Describe));
        Assert.Equal(3, await RowGroupCount(file));
        Assert.Empty(ParquetWriter.RemoveRows(file, (id, _) => doomed.Contains(id)));
    }

    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Zstd)]
    public void Every_codec_reads_back(ParquetCompression codec)
    {
        var documents = SampleDocuments.Create(12);
        var file = Assert.Single(WriteAll(documents, new ParquetWriterOptions { Compression = codec }));
        Assert.Equal(documents.Select(SampleDocuments.Describe), ReadBack(file).Select(SampleDocuments.Describe));
    }

    [Fact]
    public void Rolls_parts_and_publishes_only_on_commit()
    {
        var folder = _scratch.PathOf("parts");
        using (var shard = new ParquetWriter(new ParquetWriterOptions { MaxRecords = 4 }).Open(new OutputTarget(folder, "s")))
        {
            foreach (var document in SampleDocuments.Create(10)) shard.Write(document);
            Assert.All(Directory.GetFiles(folder), f => Assert.Contains(".tmp-", Path.GetFileName(f)));
            var files = shard.Commit();
            Assert.Equal(["s.00000.parquet", "s.00001.parquet", "s.00002.parquet"], files.Select(Path.GetFileName));
            Assert.Equal([4, 4, 2], files.Select(f => ReadBack(f).Count));
            Assert.Equal(3, Directory.GetFiles(folder).Length);
        }

        var aborted = _scratch.PathOf("aborted");
        using (var shard = new ParquetWriter(new ParquetWriterOptions { MaxRecords = 4 }).Open(new OutputTarget(aborted, "s")))
        {
            foreach (var document in SampleDocuments.Create(10)) shard.Write(document);
            shard.Abort();
        }

        Assert.Empty(Directory.GetFiles(aborted));
        Assert.Empty(WriteAll([], folder: "empty"));
    }

    /// <summary>DuckDB, an independent Parquet implementation, reads the file with the documented schema.
    /// scripts/test.sh installs DuckDB's node package; without it this test fails and says so.</summary>
    [Fact]
    public void DuckDB_reads_the_output()
    {
        var documents = SampleDocuments.Create(30);
        var file = Assert.Single(WriteAll(documents, new ParquetWriterOptions { RowGroupSize = 7 }));

        var rows = DuckDb.Query(_scratch.Root,
            $"select id, text, source, url, path, metadata['lang'] as lang, metadata_numbers['year'] as year, metadata_json['tags'] as tags, " +
            $"attributes['length.words'] as words, attributes['quality.score'] as score, attributes_json['flagged'] as flagged, " +
            $"typeof(attributes) as attributes_type, typeof(metadata) as metadata_type, " +
            $"provenance_file, provenance_record, typeof(provenance_record) as record_type " +
            $"from read_parquet('{file}') order by id");

        Assert.Equal(documents.Count, rows.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var expected = documents[i];
            var row = rows[i];
            Assert.Equal(expected.Id, row.GetProperty("id").GetString());
            Assert.Equal(expected.Text, row.GetProperty("text").GetString());
            Assert.Equal(expected.Source, row.GetProperty("source").GetString());
            Assert.Equal(expected.Url, row.GetProperty("url").GetString());
            Assert.Equal(expected.Path, row.GetProperty("path").GetString());
            Assert.Equal("MAP(VARCHAR, DOUBLE)", row.GetProperty("attributes_type").GetString());
            Assert.Equal("MAP(VARCHAR, VARCHAR)", row.GetProperty("metadata_type").GetString());
            Assert.Equal(expected.HasMetadata ? "en" : null, Nullable(row, "lang"));
            Assert.Equal(expected.HasMetadata ? (double?)(long)expected.Metadata["year"]! : null, NullableNumber(row, "year"));
            Assert.Equal(expected.HasMetadata ? "[\"a\",{\"b\":1}]" : null, Nullable(row, "tags"));
            Assert.Equal(expected.HasAttributes ? (double?)(long)expected.Attributes["length.words"]! : null, NullableNumber(row, "words"));
            Assert.Equal(expected.HasAttributes ? (double?)expected.Attributes["quality.score"] : null, NullableNumber(row, "score"));
            Assert.Equal(expected.HasAttributes ? ((bool)expected.Attributes["flagged"]! ? "true" : "false") : null, Nullable(row, "flagged"));
            Assert.Equal(expected.Provenance.File, row.GetProperty("provenance_file").GetString());
            Assert.Equal(expected.Provenance.Record.ToString(), row.GetProperty("provenance_record").GetString());
            Assert.Equal("BIGINT", row.GetProperty("record_type").GetString());
        }
    }

    private static string? Nullable(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetString();

    private static double? NullableNumber(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => row.GetProperty(name).GetDouble(),
            _ => double.Parse(row.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        };
}

public sealed class ParquetTypedColumnsTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>Scores are numbers in Parquet: DuckDB aggregates and filters them directly, no json_extract.</summary>
    [Fact]
    public void DuckDB_aggregates_scores_without_parsing_json()
    {
        var documents = SampleDocuments.Create(40);
        using (var shard = new ParquetWriter(new ParquetWriterOptions { RowGroupSize = 9 }).Open(new OutputTarget(_scratch.PathOf("out"), "s")))
        {
            foreach (var document in documents) shard.Write(document);
            shard.Commit();
        }

        var file = Path.Combine(_scratch.PathOf("out"), "s.00000.parquet");
        var scored = documents.Where(d => d.HasAttributes).ToList();
        var row = Assert.Single(DuckDb.Query(_scratch.Root,
            $"select avg(attributes['quality.score']) as mean, count(attributes['quality.score']) as n, " +
            $"sum(attributes['length.words']) filter (where attributes['quality.score'] > 2) as words_of_good, " +
            $"count(*) filter (where metadata['lang'] = 'en') as english from read_parquet('{file}')"));
        Assert.Equal(scored.Average(d => (double)d.Attributes["quality.score"]!), double.Parse(row.GetProperty("mean").GetRawText().Trim('"'), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(scored.Count.ToString(), row.GetProperty("n").GetRawText().Trim('"'));
        Assert.Equal(scored.Where(d => (double)d.Attributes["quality.score"]! > 2).Sum(d => (long)d.Attributes["length.words"]!),
            (long)double.Parse(row.GetProperty("words_of_good").GetRawText().Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(documents.Count(d => d.HasMetadata).ToString(), row.GetProperty("english").GetRawText().Trim('"'));
    }
}

/// <summary>Runs a query through DuckDB's node package (installed by scripts/test.sh) and returns rows as JSON.</summary>
internal static class DuckDb
{
    public static string PackageFolder =>
        Environment.GetEnvironmentVariable("CORPUSFORGE_DUCKDB_NODE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "corpusforge", "duckdb-node");

    public static List<JsonElement> Query(string workFolder, string sql)
    {
        var package = Path.Combine(PackageFolder, "node_modules", "@duckdb", "node-api");
        Assert.True(Directory.Exists(package),
            $"DuckDB's node package is not installed at {package}: run scripts/test.sh, which installs @duckdb/node-api there (or set CORPUSFORGE_DUCKDB_NODE).");
        var script = Path.Combine(workFolder, "query.cjs");
        File.WriteAllText(script, """
            const duckdb = require(process.argv[2]);
            (async () => {
              const instance = await duckdb.DuckDBInstance.create(':memory:');
              const connection = await instance.connect();
              const result = await connection.runAndReadAll(process.argv[3]);
              process.stdout.write(JSON.stringify(result.getRowObjectsJson()));
            })().catch(e => { console.error(e.message); process.exit(1); });
            """);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, package, sql }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"duckdb query failed: {stderr}");
        return JsonDocument.Parse(stdout.Result).RootElement.EnumerateArray().ToList();
    }
}
