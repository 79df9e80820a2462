using System.Text.Json;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Tests.Writers;

/// <summary>Documents with every part filled in (and some left empty), for writer round trips.</summary>
internal static class SampleDocuments
{
    public static List<Document> Create(int count) => Enumerable.Range(0, count).Select(One).ToList();

    public static Document One(int i)
    {
        var document = new Document
        {
            Id = $"doc-{i:D4}",
            Text = $"Document {i}: naïve café, 中文 text, emoji 🙂, a \"quote\", a tab\tand\nnew lines.",
            Source = i % 3 == 0 ? "books" : "web",
            Url = i % 2 == 0 ? $"https://example.org/{i}" : null,
            Path = i % 4 == 0 ? $"dir/file{i}.html" : null,
            Provenance = new Provenance($"raw/input-{i % 2}.jsonl.gz", i * 10L, i * 1000L),
        };
        if (i % 5 != 0)
        {
            document.Metadata["lang"] = "en";
            document.Metadata["year"] = 2000L + i;
            document.Metadata["tags"] = JsonDocument.Parse("[\"a\",{\"b\":1}]").RootElement.Clone();
        }

        if (i % 2 == 1)
        {
            document.Attributes["length.words"] = (long)(10 + i);
            document.Attributes["quality.score"] = i / 8.0;
            document.Attributes["flagged"] = i % 3 == 0;
        }

        return document;
    }

    /// <summary>Everything a writer must carry, in a form that compares by value (JSON elements as raw text).</summary>
    public static string Describe(Document d) =>
        $"{d.Id}|{d.Text}|{d.Source}|{d.Url}|{d.Path}|{d.Provenance.File}:{d.Provenance.Record}|" +
        $"{DescribeMap(d.HasMetadata ? d.Metadata : null)}|{DescribeMap(d.HasAttributes ? d.Attributes : null)}";

    private static string DescribeMap(Dictionary<string, object?>? map) => map is null ? "-" : string.Join(",", map.Select(kv =>
        $"{kv.Key}={kv.Value switch { JsonElement e => e.GetRawText(), null => "null", var v => $"{v.GetType().Name}:{v}" }}"));

    public static List<ReadResult> Read(IDocumentReader reader, string path) =>
        reader.Read(new InputFile(path, Path.GetFileName(path), "out", new FileInfo(path).Length), CancellationToken.None).ToList();
}
