using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers;
using Parquet;
using ParquetReader = CorpusForge.Stages.Readers.ParquetReader;
using Parquet.Schema;

namespace CorpusForge.Stages.Tests.Readers;

public sealed class ParquetReaderTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static List<ReadResult> ReadAll(InputFile input, ParquetReaderOptions? options = null) =>
        new ParquetReader(options ?? new ParquetReaderOptions()).Read(input, CancellationToken.None).ToList();

    /// <summary>Writes a file of rows {id, text, url, year (int), score (double), flag (bool), views (long?)} in row groups.</summary>
    private async Task<InputFile> WriteSample(string name, int groups, int rowsPerGroup, bool withId = true, string textColumn = "text")
    {
        var id = new DataField<string>("id");
        var text = new DataField<string>(textColumn);
        var url = new DataField<string>("url");
        var year = new DataField<int>("year");
        var score = new DataField<double>("score");
        var flag = new DataField<bool>("flag");
        var views = new DataField<long?>("views");
        var fields = new List<Field>();
        if (withId) fields.Add(id);
        fields.AddRange([text, url, year, score, flag, views]);
        var path = _scratch.PathOf(name);
        await using (var file = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file))
        {
            for (var g = 0; g < groups; g++)
            {
                var rows = Enumerable.Range(g * rowsPerGroup, rowsPerGroup).ToArray();
                using var group = writer.CreateRowGroup();
                if (withId) await group.WriteAsync(id, rows.Select(r => $"row-{r}").ToArray());
                await group.WriteAsync(text, rows.Select(r => r % 7 == 3 ? null : $"Text of row {r}.").ToArray());
                await group.WriteAsync(url, rows.Select(r => r % 2 == 0 ? $"https://example.org/{r}" : null).ToArray());
                await group.WriteAsync<int>(year, rows.Select(r => 2000 + r).ToArray().AsMemory());
                await group.WriteAsync<double>(score, rows.Select(r => r / 4.0).ToArray().AsMemory());
                await group.WriteAsync<bool>(flag, rows.Select(r => r % 3 == 0).ToArray().AsMemory());
                await group.WriteAsync<long>(views, rows.Select(r => r % 5 == 0 ? (long?)null : r * 10L).ToArray().AsMemory());
            }
        }

        return _scratch.Input(name);
    }

    [Fact]
    public async Task Reads_every_row_group_with_scalar_columns_as_metadata()
    {
        var results = ReadAll(await WriteSample("p.parquet", groups: 3, rowsPerGroup: 50));

        Assert.Equal(150, results.Count);
        for (var r = 0; r < 150; r++)
        {
            if (r % 7 == 3)
            {
                Assert.Equal($"p.parquet row {r + 1}: text column 'text' is null", results[r].Bad!.Reason);
                Assert.Equal(new Provenance("p.parquet", r), results[r].Bad!.Where);
                continue;
            }

            var doc = results[r].Document!;
            Assert.Equal($"row-{r}", doc.Id);
            Assert.Equal($"Text of row {r}.", doc.Text);
            Assert.Equal(r % 2 == 0 ? $"https://example.org/{r}" : null, doc.Url);
            Assert.Equal("test", doc.Source);
            Assert.Equal(new Provenance("p.parquet", r), doc.Provenance);
            Assert.Equal(2000L + r, doc.Metadata["year"]);
            Assert.Equal(r / 4.0, doc.Metadata["score"]);
            Assert.Equal(r % 3 == 0, doc.Metadata["flag"]);
            Assert.Equal(r % 5 == 0 ? null : r * 10L, doc.Metadata["views"]);
            Assert.Equal(4, doc.Metadata.Count);
        }
    }

    [Fact]
    public async Task Without_an_id_column_ids_come_from_path_and_row()
    {
        var docs = ReadAll(await WriteSample("n.parquet", groups: 2, rowsPerGroup: 3, withId: false)).Where(r => r.Document is not null).Select(r => r.Document!).ToList();
        Assert.Equal(["n.parquet#0", "n.parquet#1", "n.parquet#2", "n.parquet#4", "n.parquet#5"], docs.Select(d => d.Id));
    }

    [Fact]
    public async Task A_file_without_the_text_column_is_one_bad_record_naming_the_columns()
    {
        var results = ReadAll(await WriteSample("c.parquet", groups: 1, rowsPerGroup: 5, textColumn: "body"));
        var bad = Assert.Single(results).Bad!;
        Assert.Equal("c.parquet: file has no column 'text' (columns: id, body, url, year, score, flag, views)", bad.Reason);

        var docs = ReadAll(_scratch.Input("c.parquet"), new ParquetReaderOptions { TextColumn = "body", IdColumn = "year", UrlColumn = "id" });
        Assert.Null(docs[0].Bad?.Reason);
        var first = docs[0].Document!;
        Assert.Equal(("2000", "Text of row 0.", "row-0"), (first.Id, first.Text, first.Url));
        Assert.Equal("https://example.org/0", first.Metadata["url"]);
    }

    /// <summary>A file written by DuckDB (another Parquet implementation), with types our writer never uses.</summary>
    [Fact]
    public void Reads_a_file_written_by_duckdb()
    {
        var path = _scratch.PathOf("duck.parquet");
        Writers.DuckDb.Query(_scratch.Root,
            "copy (select 'k' || i::varchar as doc_key, 'Text ' || i::varchar || ' é 中' as text, i::integer as n, i / 8 as ratio, " +
            "date '2024-01-01' + i::integer as day, i % 2 = 0 as even, [i, i + 1] as pair, {'a': i} as nested, " +
            "case when i = 3 then null else 'u' || i::varchar end as url " +
            $"from range(0, 2500) t(i)) to '{path}' (format parquet, row_group_size 1000)");

        var results = ReadAll(_scratch.Input("duck.parquet"), new ParquetReaderOptions { IdColumn = "doc_key" });

        Assert.Equal(2500, results.Count);
        var doc = results[1234].Document!;
        Assert.Equal(("k1234", "Text 1234 é 中", "u1234"), (doc.Id, doc.Text, doc.Url));
        Assert.Equal(new Provenance("duck.parquet", 1234), doc.Provenance);
        Assert.Equal(1234L, doc.Metadata["n"]);
        Assert.Equal(1234 / 8.0, doc.Metadata["ratio"]);
        Assert.Equal("2027-05-19", doc.Metadata["day"]);
        Assert.Equal(true, doc.Metadata["even"]);
        Assert.False(doc.Metadata.ContainsKey("pair"), "lists are not carried");
        Assert.False(doc.Metadata.ContainsKey("nested"), "structs are not carried");
        Assert.Null(results[3].Document!.Url);
    }

    [Fact]
    public async Task A_corrupt_or_truncated_file_is_a_bad_record_not_an_exception()
    {
        var garbage = ReadAll(_scratch.Write("garbage.parquet", "this is not parquet at all, just text"u8.ToArray()));
        Assert.StartsWith("garbage.parquet: not a readable Parquet file", Assert.Single(garbage).Bad!.Reason);

        await WriteSample("whole.parquet", groups: 2, rowsPerGroup: 100);
        var bytes = File.ReadAllBytes(_scratch.PathOf("whole.parquet"));
        var truncated = ReadAll(_scratch.Write("cut.parquet", bytes[..(bytes.Length / 2)]));
        Assert.StartsWith("cut.parquet: not a readable Parquet file", Assert.Single(truncated).Bad!.Reason);
    }
}
