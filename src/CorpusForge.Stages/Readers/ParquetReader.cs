using System.ComponentModel;
using System.Globalization;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using Parquet;
using CorpusForge.Stages.Writers;
using Parquet.Schema;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="ParquetReader"/>.</summary>
public sealed class ParquetReaderOptions : IValidatableOptions
{
    /// <summary>Column holding the text.</summary>
    [Description("String column holding the document text; a file without it is reported as one bad record.")]
    public string TextColumn { get; set; } = "text";

    /// <summary>Column holding the id.</summary>
    [Description("Column holding the document id (string or integer); without it the id is '{relative path}#{row}' with the 0-based row number.")]
    public string IdColumn { get; set; } = "id";

    /// <summary>Column holding the URL.</summary>
    [Description("String column holding the document URL, when there is one.")]
    public string UrlColumn { get; set; } = "url";

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(TextColumn)) yield return "text_column must not be empty";
        if (string.IsNullOrEmpty(IdColumn)) yield return "id_column must not be empty";
        if (string.IsNullOrEmpty(UrlColumn)) yield return "url_column must not be empty";
    }
}

/// <summary>Reads Parquet files row group by row group, one document per row.</summary>
/// <remarks>
/// Other top-level scalar columns become metadata (integers as longs, floating and decimal numbers as doubles,
/// dates and times as ISO 8601 strings); nested, repeated and binary columns are not carried. CorpusForge's own
/// Parquet output is read back: string columns <c>source</c> and <c>path</c>, JSON-object columns <c>metadata</c>
/// and <c>attributes</c>, and <c>provenance_file</c>/<c>provenance_record</c> are restored to the document's parts.
/// Memory is bounded by one row group.
/// </remarks>
[Component("reader.parquet_v1", "Parquet files, streamed row group by row group; text/id/url columns configurable, other scalar columns become metadata")]
public sealed class ParquetReader(ParquetReaderOptions options) : IDocumentReader
{
    // Parquet DATE columns as dates (written "2024-01-31"), not as midnight timestamps.
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        if (!File.Exists(input.FullPath)) throw new FileNotFoundException($"input {input.RelativePath} does not exist", input.FullPath);
        var fileStart = new Provenance(input.RelativePath, 0);
        Parquet.ParquetReader? reader = null;
        string? openError = null;
        try
        {
            reader = Parquet.ParquetReader.CreateAsync(input.FullPath, ReaderOptions, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            openError = e.Message;
        }

        if (reader is null)
        {
            yield return ReadResult.Failed(fileStart, $"{input.RelativePath}: not a readable Parquet file ({openError})");
            yield break;
        }

        try
        {
            var columns = reader.Schema.Fields.OfType<DataField>().Where(f => f is { IsArray: false, MaxRepetitionLevel: 0 }).ToList();
            var text = columns.FirstOrDefault(f => f.Name == options.TextColumn && IsString(f));
            if (text is null)
            {
                var names = string.Join(", ", reader.Schema.Fields.Select(f => f.Name));
                var why = columns.Any(f => f.Name == options.TextColumn) ? $"column '{options.TextColumn}' is not a string column" : $"file has no column '{options.TextColumn}'";
                yield return ReadResult.Failed(fileStart, $"{input.RelativePath}: {why} (columns: {names})");
                yield break;
            }

            long row = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = ReadGroup(reader, group, columns, text, input, row, cancellationToken, out var rows, out var error);
                if (error is not null)
                {
                    yield return ReadResult.Failed(new Provenance(input.RelativePath, row),
                        $"{input.RelativePath}: row group {group} (rows {row + 1}–{row + rows}) could not be read: {error}");
                }
                else
                {
                    foreach (var result in results) yield return result;
                }

                row += rows;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private List<ReadResult> ReadGroup(Parquet.ParquetReader reader, int group, List<DataField> columns, DataField textField,
        InputFile input, long firstRow, CancellationToken cancellationToken, out long rows, out string? error)
    {
        error = null;
        rows = 0;
        try
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            rows = rowGroup.RowCount;
            var count = checked((int)rows);
            var texts = ReadStrings(rowGroup, textField, count, cancellationToken);
            string?[]? ids = null, urls = null, sources = null, paths = null, metadataJson = null, attributesJson = null, provenanceFiles = null;
            object?[]? provenanceRecords = null;
            var metadataColumns = new List<(string Name, object?[] Values)>();
            foreach (var column in columns)
            {
                if (ReferenceEquals(column, textField)) continue;
                var isString = IsString(column);
                if (column.Name == options.IdColumn && (isString || IsInteger(column.ClrType)))
                    ids = isString ? ReadStrings(rowGroup, column, count, cancellationToken) : ReadValues(rowGroup, column, count, cancellationToken)!.Select(v => v?.ToString()).ToArray();
                else if (column.Name == options.UrlColumn && isString) urls = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "source" && isString) sources = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "path" && isString) paths = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "metadata" && isString) metadataJson = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "attributes" && isString) attributesJson = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "provenance_file" && isString) provenanceFiles = ReadStrings(rowGroup, column, count, cancellationToken);
                else if (column.Name == "provenance_record" && IsInteger(column.ClrType)) provenanceRecords = ReadValues(rowGroup, column, count, cancellationToken);
                else if (ReadValues(rowGroup, column, count, cancellationToken) is { } values) metadataColumns.Add((column.Name, values));
            }

            // Typed MAP columns (what writer.parquet_v1 writes); older files hold JSON text in string columns.
            var typedMetadata = new Dictionary<string, object?>?[count];
            if (!ParquetMapColumns.TryRead(rowGroup, reader.Schema, "metadata", numbersFirst: false, typedMetadata)) typedMetadata = null;
            var typedAttributes = new Dictionary<string, object?>?[count];
            if (!ParquetMapColumns.TryRead(rowGroup, reader.Schema, "attributes", numbersFirst: true, typedAttributes)) typedAttributes = null;
            var results = new List<ReadResult>(count);
            for (var i = 0; i < count; i++)
            {
                var where = new Provenance(input.RelativePath, firstRow + i);
                if (texts[i] is not { } body)
                {
                    results.Add(ReadResult.Failed(where, $"{input.RelativePath} row {firstRow + i + 1}: text column '{options.TextColumn}' is null"));
                    continue;
                }

                var document = new Document
                {
                    Id = ids?[i] ?? $"{input.RelativePath}#{firstRow + i}",
                    Text = body,
                    Source = sources?[i] ?? input.InputName,
                    Url = urls?[i],
                    Path = paths?[i],
                    Provenance = provenanceFiles?[i] is { } file
                        ? new Provenance(file, provenanceRecords?[i] is long record ? record : 0)
                        : where,
                };
                foreach (var (name, values) in metadataColumns) document.Metadata[name] = values[i];
                if (typedMetadata?[i] is { } tm) foreach (var (k, v) in tm) document.Metadata[k] = v;
                if (typedAttributes?[i] is { } ta) foreach (var (k, v) in ta) document.Attributes[k] = v;
                if (metadataJson?[i] is { } m && !JsonValues.TryReadMap(m, document.Metadata)) document.Metadata["metadata"] = m;
                if (attributesJson?[i] is { } a && !JsonValues.TryReadMap(a, document.Attributes)) document.Metadata["attributes"] = a;
                results.Add(document);
            }

            return results;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            error = e.Message;
            return [];
        }
    }

    private static string?[] ReadStrings(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
    {
        var values = new string?[count];
        rowGroup.ReadAsync(field, values.AsMemory()!, null, cancellationToken).AsTask().GetAwaiter().GetResult();
        return values;
    }

    // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; older writers' files may say string.
    private static bool IsString(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static bool IsInteger(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte);

    /// <summary>A column's values as document map values, or null for column types that are not carried.</summary>
    private static object?[]? ReadValues(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken ct)
    {
        var type = field.ClrType;
        if (IsString(field)) return ReadStrings(rowGroup, field, count, ct);
        if (type == typeof(bool)) return ReadStructs<bool>(rowGroup, field, count, ct, v => v);
        if (type == typeof(long)) return ReadStructs<long>(rowGroup, field, count, ct, v => v);
        if (type == typeof(int)) return ReadStructs<int>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(short)) return ReadStructs<short>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(sbyte)) return ReadStructs<sbyte>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(byte)) return ReadStructs<byte>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(ushort)) return ReadStructs<ushort>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(uint)) return ReadStructs<uint>(rowGroup, field, count, ct, v => (long)v);
        if (type == typeof(ulong)) return ReadStructs<ulong>(rowGroup, field, count, ct, v => v <= long.MaxValue ? (long)v : (double)v);
        if (type == typeof(float)) return ReadStructs<float>(rowGroup, field, count, ct, v => (double)v);
        if (type == typeof(double)) return ReadStructs<double>(rowGroup, field, count, ct, v => v);
        if (type == typeof(decimal)) return ReadStructs<decimal>(rowGroup, field, count, ct, v => (double)v);
        if (type == typeof(DateTime)) return ReadStructs<DateTime>(rowGroup, field, count, ct, v => v.ToString("o", CultureInfo.InvariantCulture));
        if (type == typeof(DateTimeOffset)) return ReadStructs<DateTimeOffset>(rowGroup, field, count, ct, v => v.ToString("o", CultureInfo.InvariantCulture));
        if (type == typeof(DateOnly)) return ReadStructs<DateOnly>(rowGroup, field, count, ct, v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (type == typeof(TimeOnly)) return ReadStructs<TimeOnly>(rowGroup, field, count, ct, v => v.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        if (type == typeof(TimeSpan)) return ReadStructs<TimeSpan>(rowGroup, field, count, ct, v => v.ToString("c", CultureInfo.InvariantCulture));
        if (type == typeof(Guid)) return ReadStructs<Guid>(rowGroup, field, count, ct, v => v.ToString());
        return null;
    }

    private static object?[] ReadStructs<T>(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken ct, Func<T, object> convert)
        where T : struct
    {
        var result = new object?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            rowGroup.ReadAsync(field, values.AsMemory(), null, ct).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < count; i++) result[i] = values[i] is { } v ? convert(v) : null;
        }
        else
        {
            var values = new T[count];
            rowGroup.ReadAsync(field, values.AsMemory(), null, ct).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < count; i++) result[i] = convert(values[i]);
        }

        return result;
    }
}
