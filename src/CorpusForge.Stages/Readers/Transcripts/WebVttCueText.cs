using System.Globalization;
using System.Reflection;
using System.Text;

namespace CorpusForge.Stages.Readers.Transcripts;

/// <summary>Plain text of a WebVTT cue payload, by the spec's cue text tokenizer: tags (<c>&lt;v Name&gt;</c>,
/// <c>&lt;c.class&gt;</c>, <c>&lt;b&gt;</c>, timestamps, and tags left unclosed at the end of the text) are dropped,
/// character references are decoded with HTML's full named-reference table, and the first voice tag names the
/// speaker.</summary>
public static class WebVttCueText
{
    // WHATWG HTML named character references, shipped as a data file (see html-entities.tsv for its source).
    private static readonly Lazy<(Dictionary<string, string> Names, int Longest)> Entities = new(LoadEntities);

    // Code points for numeric references 0x80..0x9F, as HTML's "numeric character reference end state" maps them.
    private static readonly Dictionary<int, int> C1Replacements = new()
    {
        [0x80] = 0x20AC, [0x82] = 0x201A, [0x83] = 0x0192, [0x84] = 0x201E, [0x85] = 0x2026, [0x86] = 0x2020, [0x87] = 0x2021,
        [0x88] = 0x02C6, [0x89] = 0x2030, [0x8A] = 0x0160, [0x8B] = 0x2039, [0x8C] = 0x0152, [0x8E] = 0x017D, [0x91] = 0x2018,
        [0x92] = 0x2019, [0x93] = 0x201C, [0x94] = 0x201D, [0x95] = 0x2022, [0x96] = 0x2013, [0x97] = 0x2014, [0x98] = 0x02DC,
        [0x99] = 0x2122, [0x9A] = 0x0161, [0x9B] = 0x203A, [0x9C] = 0x0153, [0x9E] = 0x017E, [0x9F] = 0x0178,
    };

    /// <summary>Number of named references known (2,231 in the WHATWG table).</summary>
    public static int NamedReferenceCount => Entities.Value.Names.Count;

    /// <summary>The text of <paramref name="payload"/> without markup, and the speaker of its first voice tag.</summary>
    public static (string Text, string? Voice) ToPlainText(string payload)
    {
        var text = new StringBuilder(payload.Length);
        string? voice = null;
        var position = 0;
        while (position < payload.Length)
        {
            var c = payload[position];
            if (c == '&')
            {
                position++;
                text.Append(ConsumeCharacterReference(payload, ref position));
            }
            else if (c == '<')
            {
                var (name, annotation) = ConsumeTag(payload, ref position);
                if (name == "v" && voice is null && annotation.Length > 0) voice = annotation;
            }
            else
            {
                text.Append(c);
                position++;
            }
        }

        return (text.ToString(), voice);
    }

    // The tag states of the tokenizer: from '<' to '>' or the end of the payload. Returns the start tag's name (empty
    // for end and timestamp tags) and its annotation with whitespace collapsed.
    private static (string Name, string Annotation) ConsumeTag(string payload, ref int position)
    {
        position++; // '<'
        var close = payload.IndexOf('>', position);
        var end = close < 0 ? payload.Length : close;
        var tag = payload.AsSpan(position, end - position);
        position = close < 0 ? payload.Length : close + 1;
        if (tag.Length == 0 || tag[0] == '/' || char.IsAsciiDigit(tag[0])) return ("", "");
        var nameEnd = tag.IndexOfAny(" \t\n\f.");
        var name = (nameEnd < 0 ? tag : tag[..nameEnd]).ToString();
        var space = tag.IndexOfAny(" \t\n\f");
        var annotation = space < 0 ? "" : string.Join(' ', tag[(space + 1)..].ToString().Split([' ', '\t', '\n', '\f'], StringSplitOptions.RemoveEmptyEntries));
        return (name, annotation);
    }

    // HTML "consume a character reference" (in text, no additional allowed character). position is just past '&'.
    private static string ConsumeCharacterReference(string payload, ref int position)
    {
        if (position >= payload.Length) return "&";
        var c = payload[position];
        if (c is '\t' or '\n' or '\f' or ' ' or '<' or '&') return "&";
        if (c == '#') return ConsumeNumericReference(payload, ref position);
        var (names, longest) = Entities.Value;
        for (var length = Math.Min(longest, payload.Length - position); length > 0; length--)
        {
            if (names.TryGetValue(payload.Substring(position, length), out var value))
            {
                position += length;
                return value;
            }
        }

        return "&";
    }

    private static string ConsumeNumericReference(string payload, ref int position)
    {
        var start = position;
        position++; // '#'
        var hex = position < payload.Length && payload[position] is 'x' or 'X';
        if (hex) position++;
        var digitsStart = position;
        long value = 0;
        while (position < payload.Length && (hex ? char.IsAsciiHexDigit(payload[position]) : char.IsAsciiDigit(payload[position])))
        {
            if (value <= 0x10FFFF) value = value * (hex ? 16 : 10) + Convert.ToInt32(payload[position].ToString(), hex ? 16 : 10);
            position++;
        }

        if (position == digitsStart)
        {
            position = start;
            return "&";
        }

        if (position < payload.Length && payload[position] == ';') position++;
        if (value == 0 || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF) return "\uFFFD";
        if (C1Replacements.TryGetValue((int)value, out var replaced)) value = replaced;
        return char.ConvertFromUtf32((int)value);
    }

    private static (Dictionary<string, string>, int) LoadEntities()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("html-entities.tsv")
                           ?? throw new InvalidOperationException("embedded resource html-entities.tsv is missing from CorpusForge.Stages");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var longest = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            var value = new StringBuilder();
            foreach (var hex in line[(tab + 1)..].Split(' ')) value.Append(char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            names[line[..tab]] = value.ToString();
            longest = Math.Max(longest, tab);
        }

        return (names, longest);
    }
}
