using System.Buffers;
using System.ComponentModel;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Normalization;

/// <summary>What <see cref="TextNormalizer"/> does with text that came from invalid UTF-8.</summary>
public enum InvalidUtf8Handling
{
    /// <summary>Remove the U+FFFD replacement characters and keep the document.</summary>
    Repair,
    /// <summary>Drop the document with reason <c>invalid_utf8</c>.</summary>
    Drop,
}

/// <summary>Options of <see cref="TextNormalizer"/>.</summary>
public sealed class TextNormalizerOptions
{
    /// <summary>Handling of text decoded from invalid UTF-8.</summary>
    [Description("Text decoded from invalid UTF-8 (readers put U+FFFD in place of each bad sequence and count them in metadata invalid_utf8_sequences): " +
                 "repair removes every U+FFFD and keeps the document; drop drops it with reason invalid_utf8.")]
    public InvalidUtf8Handling OnInvalidUtf8 { get; set; } = InvalidUtf8Handling.Repair;

    /// <summary>Unicode NFC.</summary>
    [Description("Apply Unicode canonical composition (NFC), so that e.g. 'e' + U+0301 and 'é' become the same character.")]
    public bool Nfc { get; set; } = true;

    /// <summary>Exotic spaces to ASCII.</summary>
    [Description("Replace exotic spaces (no-break, en/em and other typographic spaces, ideographic space, U+1680, U+205F) with an ASCII space.")]
    public bool NormalizeSpaces { get; set; } = true;
}

/// <summary>Cleans text so that identical content has one form: line endings, control and invisible characters,
/// whitespace runs, Unicode composition.</summary>
/// <remarks>
/// In one pass over the text: <c>\r\n</c>, <c>\r</c>, vertical tab, form feed, NEL and U+2028/U+2029 become
/// <c>\n</c>; other C0/C1 control characters and DEL are removed (tab and newline kept); zero-width space, word
/// joiner, U+180E and U+FEFF are removed (ZWJ and ZWNJ are kept: they change how Indic, Persian and emoji sequences
/// render); exotic spaces become spaces (option); a run of spaces and tabs becomes one space (a lone tab stays);
/// spaces at the end of each line go; three or more line breaks become two (one empty line); the text is trimmed.
/// Then NFC, skipped when every character is below U+0300 (no character there decomposes or composes).
/// The document is replaced only when its text changed.
/// </remarks>
[Component("normalize.text_v1", "Unicode NFC, control and zero-width characters removed, line endings and whitespace runs normalised; invalid UTF-8 repaired or dropped")]
public sealed class TextNormalizer : IDocumentStage
{
    private const string InvalidUtf8Key = "invalid_utf8_sequences";
    private const char Replacement = '\uFFFD';
    private const int RunWindow = 256;

    private readonly TextNormalizerOptions _options;

    /// <summary>Creates the stage; fails when NFC is asked for and no Unicode normaliser is available.</summary>
    public TextNormalizer(TextNormalizerOptions options)
    {
        _options = options;
        if (options.Nfc) UnicodeNfc.EnsureAvailable();
    }

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var text = document.Text;
        if (_options.OnInvalidUtf8 == InvalidUtf8Handling.Drop)
        {
            var counted = document.HasMetadata && document.Metadata.TryGetValue(InvalidUtf8Key, out var value) && value is long and > 0;
            if (counted || text.Contains(Replacement))
            {
                return StageResult.Drop("invalid_utf8", counted
                    ? $"{document.Metadata[InvalidUtf8Key]} invalid UTF-8 sequences"
                    : "text contains U+FFFD replacement characters");
            }
        }

        var normalized = Normalize(text);
        if (ReferenceEquals(normalized, text)) return StageResult.Keep;
        document.Text = normalized;
        return StageResult.Replace(document);
    }

    /// <summary>The normalised form of <paramref name="text"/>; the same instance when nothing changes.</summary>
    public string Normalize(string text)
    {
        var source = text.AsSpan();
        var output = ArrayPool<char>.Shared.Rent(Math.Max(source.Length, 1));
        try
        {
            var length = Clean(source, output, _options.NormalizeSpaces, _options.OnInvalidUtf8 == InvalidUtf8Handling.Repair, out var mayNeedNfc);
            var cleaned = length == source.Length && source.SequenceEqual(output.AsSpan(0, length)) ? text : new string(output, 0, length);
            return _options.Nfc && mayNeedNfc ? UnicodeNfc.Normalize(cleaned) : cleaned;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(output);
        }
    }

    /// <summary>The single cleaning pass; the output is never longer than the input.</summary>
    private static int Clean(ReadOnlySpan<char> source, char[] output, bool normalizeSpaces, bool removeReplacement, out bool mayNeedNfc)
    {
        var written = 0;
        var pendingSpaces = 0;
        var pendingSpace = ' ';
        var pendingNewlines = 0;
        var highest = '\0';
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c is > ' ' and < '\u007F')
            {
                if ((pendingSpaces | pendingNewlines) != 0) written = FlushPending(output, written, ref pendingSpaces, pendingSpace, ref pendingNewlines);

                // Copy the run of printable ASCII that starts here in one go (vectorised searches), up to a double
                // space, a control or non-ASCII character; its trailing spaces are left to the per-character path,
                // which decides whether a line break follows them. The window is bounded so that a long line
                // with many double spaces is not searched again from every run start.
                var rest = source.Slice(i, Math.Min(source.Length - i, RunWindow));
                var runLength = rest.IndexOfAnyExceptInRange(' ', '~');
                var run = runLength < 0 ? rest : rest[..runLength];
                var doubleSpace = run.IndexOf("  ", StringComparison.Ordinal);
                if (doubleSpace >= 0) run = run[..doubleSpace];
                run = run.TrimEnd(' ');
                run.CopyTo(output.AsSpan(written));
                written += run.Length;
                i += run.Length - 1;
                continue;
            }

            switch (c)
            {
                case ' ' or '\t':
                    pendingSpaces++;
                    pendingSpace = c;
                    continue;
                case '\n':
                    pendingSpaces = 0;
                    pendingNewlines++;
                    continue;
                case '\r':
                    if (i + 1 < source.Length && source[i + 1] == '\n') continue;
                    pendingSpaces = 0;
                    pendingNewlines++;
                    continue;
                case '\v' or '\f' or '\u0085' or '\u2028' or '\u2029':
                    pendingSpaces = 0;
                    pendingNewlines++;
                    continue;
                case < ' ' or (>= '\u007F' and <= '\u009F'):
                case '\u200B' or '\u2060' or '\u180E' or '\uFEFF':
                    continue;
                case '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' when normalizeSpaces:
                    pendingSpaces++;
                    pendingSpace = ' ';
                    continue;
                case Replacement when removeReplacement:
                    continue;
            }

            if ((pendingSpaces | pendingNewlines) != 0) written = FlushPending(output, written, ref pendingSpaces, pendingSpace, ref pendingNewlines);
            if (c > highest) highest = c;
            output[written++] = c;
        }

        mayNeedNfc = highest >= '\u0300';
        return written;
    }

    /// <summary>Writes the whitespace that precedes a visible character: at most two newlines, then one space
    /// (a lone tab stays a tab). Nothing at the start of the text, which trims it.</summary>
    private static int FlushPending(char[] output, int written, ref int pendingSpaces, char pendingSpace, ref int pendingNewlines)
    {
        if (written > 0)
        {
            if (pendingNewlines > 0)
            {
                output[written++] = '\n';
                if (pendingNewlines > 1) output[written++] = '\n';
            }

            if (pendingSpaces > 0) output[written++] = pendingSpaces == 1 ? pendingSpace : ' ';
        }

        pendingSpaces = 0;
        pendingNewlines = 0;
        return written;
    }
}
