using System.Text.Json;
using CorpusForge.Core.Documents;
using Parquet;
using Parquet.Schema;

namespace CorpusForge.Stages.Writers;

/// <summary>A document map (<see cref="Document.Metadata"/> or <see cref="Document.Attributes"/>) as three typed
/// Parquet MAP columns, so query tools read values without parsing JSON: numbers (MAP&lt;string, double&gt;),
/// strings (MAP&lt;string, string&gt;) and everything else as JSON text (MAP&lt;string, string&gt;: booleans, arrays,
/// objects, null). The primary column keeps the plain name (<c>attributes</c> holds numbers, <c>metadata</c>
/// strings), so <c>SELECT avg(attributes['fineweb.line_punct_ratio'])</c> works in DuckDB as it stands.</summary>
/// <remarks>Reading back follows the JSONL convention: a whole number within ±2^53 becomes a long, anything else a
/// double. Entries come back primary column first, then the others, each in written order.</remarks>
internal sealed class ParquetMapColumns
{
    private readonly Map<double> _numbers;
    private readonly Map<string> _text;
    private readonly Map<string> _json;
    private readonly bool _numbersFirst;

    /// <summary>Columns for the map <paramref name="name"/>; <paramref name="numbersFirst"/> gives the plain name to the numbers.</summary>
    public ParquetMapColumns(string name, bool numbersFirst)
    {
        _numbersFirst = numbersFirst;
        _numbers = new Map<double>(numbersFirst ? name : name + "_numbers");
        _text = new Map<string>(numbersFirst ? name + "_text" : name);
        _json = new Map<string>(name + "_json");
    }

    /// <summary>The three fields, primary first.</summary>
    public IEnumerable<Field> Fields => _numbersFirst ? [_numbers.Field, _text.Field, _json.Field] : [_text.Field, _numbers.Field, _json.Field];

    /// <summary>Adds one document's map (null or empty: no entries).</summary>
    public void Add(Dictionary<string, object?>? map)
    {
        _numbers.StartRow();
        _text.StartRow();
        _json.StartRow();
        if (map is null) return;
        foreach (var (key, value) in map)
        {
            switch (value)
            {
                case long l: _numbers.Add(key, l); break;
                case int i: _numbers.Add(key, i); break;
                case double d when double.IsFinite(d): _numbers.Add(key, d); break;
                case float f when float.IsFinite(f): _numbers.Add(key, f); break;
                case string s: _text.Add(key, s); break;
                default: _json.Add(key, DocumentJson.ValueToJson(value)); break;
            }
        }
    }

    /// <summary>Writes the rows added since the last call as this row group's columns, in schema order.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter group)
    {
        foreach (var field in Fields)
        {
            if (ReferenceEquals(field, _numbers.Field)) await _numbers.WriteAsync(group);
            else if (ReferenceEquals(field, _text.Field)) await _text.WriteAsync(group);
            else await _json.WriteAsync(group);
        }
    }

    /// <summary>Reads the typed map columns named after <paramref name="name"/> from a row group into each row's
    /// dictionary (made on first entry); returns false when the file has none of them.</summary>
    public static bool TryRead(ParquetRowGroupReader rowGroup, ParquetSchema schema, string name, bool numbersFirst, Dictionary<string, object?>?[] rows)
    {
        var maps = schema.Fields.OfType<MapField>().ToDictionary(f => f.Name, StringComparer.Ordinal);
        string[] order = numbersFirst ? [name, name + "_text", name + "_json"] : [name, name + "_numbers", name + "_json"];
        var found = false;
        foreach (var column in order)
        {
            if (!maps.TryGetValue(column, out var map) || map.Key is not DataField key || map.Value is not DataField value) continue;
            found = true;
            var numbers = column == (numbersFirst ? name : name + "_numbers");
            var json = column == name + "_json";
            var (keyValues, keyDefinitions, keyRepetitions) = ReadLevels<ReadOnlyMemory<char>>(rowGroup, key);
            List<object?> values = [];
            int[] valueDefinitions;
            if (numbers)
            {
                var (raw, definitions, _) = ReadLevels<double>(rowGroup, value);
                valueDefinitions = definitions;
                values.AddRange(raw.Select(v => (object?)v));
            }
            else
            {
                var (raw, definitions, _) = ReadLevels<ReadOnlyMemory<char>>(rowGroup, value);
                valueDefinitions = definitions;
                values.AddRange(raw.Select(v => (object?)v.ToString()));
            }

            var row = -1;
            int k = 0, v = 0;
            for (var level = 0; level < keyDefinitions.Length; level++)
            {
                if (keyRepetitions[level] == 0) row++;
                if (keyDefinitions[level] < key.MaxDefinitionLevel) continue; // a row without entries
                var entryKey = keyValues[k++].ToString();
                object? entryValue = null;
                if (valueDefinitions[level] == value.MaxDefinitionLevel) entryValue = values[v++];
                entryValue = entryValue switch
                {
                    double d when numbers => d == Math.Floor(d) && Math.Abs(d) <= 9007199254740992 ? (object)(long)d : d,
                    string s when json => ParseJson(s),
                    _ => entryValue,
                };
                (rows[row] ??= new Dictionary<string, object?>(StringComparer.Ordinal))[entryKey] = entryValue;
            }
        }

        return found;
    }

    /// <summary>A nested column's defined values with its definition and repetition levels (one level per entry or
    /// per row without entries).</summary>
    private static (T[] Values, int[] Definitions, int[] Repetitions) ReadLevels<T>(ParquetRowGroupReader rowGroup, DataField field)
        where T : struct
    {
        var levels = checked((int)rowGroup.GetMetadata(field)!.MetaData!.NumValues);
        var values = new T[levels];
        var definitions = new int[levels];
        var repetitions = new int[levels];
        rowGroup.ReadRawAsync<T>(field, values, definitions, repetitions, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var defined = definitions.Count(d => d == field.MaxDefinitionLevel);
        return (values[..defined], definitions, repetitions);
    }

    private static object? ParseJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        var e = document.RootElement;
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => e.Clone(),
        };
    }

    /// <summary>One MAP column and the entries of the rows not yet written, with their Parquet levels: a row without
    /// entries is one null-map level (definition 0); each entry is a level with repetition 0 for a row's first entry
    /// and 1 for the next ones.</summary>
    private sealed class Map<T>(string name)
    {
        private readonly DataField<string> _key = new("key", false);
        private readonly DataField<T> _value = new("value", true);
        private readonly List<T> _values = [];
        private readonly List<string> _keys = [];
        private readonly List<bool> _present = [];
        private readonly List<int> _repetitions = [];
        private bool _open;
        private bool _rowHasEntries;
        private MapField? _field;

        public MapField Field => _field ??= new MapField(name, _key, _value);

        public void StartRow()
        {
            CloseRow();
            _open = true;
            _rowHasEntries = false;
        }

        public void Add(string key, T value)
        {
            _keys.Add(key);
            _values.Add(value);
            _present.Add(true);
            _repetitions.Add(_rowHasEntries ? 1 : 0);
            _rowHasEntries = true;
        }

        public async Task WriteAsync(ParquetRowGroupWriter group)
        {
            CloseRow();
            _open = false;
            var keyDefinitions = _present.Select(p => p ? _key.MaxDefinitionLevel : 0).ToArray();
            var valueDefinitions = _present.Select(p => p ? _value.MaxDefinitionLevel : 0).ToArray();
            var repetitions = _repetitions.ToArray();
            await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(_key, _keys.Select(k => k.AsMemory()).ToArray(), keyDefinitions, repetitions, CancellationToken.None);
            if (typeof(T) == typeof(string))
                await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(_value, _values.Select(v => ((string)(object)v!).AsMemory()).ToArray(), valueDefinitions, repetitions, CancellationToken.None);
            else
                await group.WriteAllPartsAsync<double>(_value, ((List<double>)(object)_values).ToArray(), valueDefinitions, repetitions, CancellationToken.None);
            _keys.Clear();
            _values.Clear();
            _present.Clear();
            _repetitions.Clear();
        }

        private void CloseRow()
        {
            if (!_open || _rowHasEntries) return;
            _present.Add(false);
            _repetitions.Add(0);
            _rowHasEntries = true;
        }
    }
}
