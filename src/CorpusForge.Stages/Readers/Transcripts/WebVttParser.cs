using System.Text;

namespace CorpusForge.Stages.Readers.Transcripts;

/// <summary>One WebVTT cue as the spec's parser yields it: identifier, start and end in seconds, raw cue text.</summary>
public sealed record WebVttCue(string Id, double Start, double End, string Text, int LineNumber);

/// <summary>The WebVTT file parsing algorithm of the W3C WebVTT specification (section "WebVTT parser algorithm"),
/// followed step by step so that files read as browsers read them.</summary>
/// <remarks>What it implies and line heuristics get wrong: a cue may follow the <c>WEBVTT</c> line with no blank line;
/// a timing line on the first or second line of a block starts a cue and a later one starts the next cue (so cues
/// need no blank line between them); the identifier is everything before the timing line, <c>--&gt;</c> included;
/// settings may follow the end time with no space (they never reject a cue); NUL becomes U+FFFD. Cue settings,
/// regions and style sheets are validated by the spec only for rendering and are not kept here.</remarks>
public static class WebVttParser
{
    /// <summary>Parses decoded WebVTT text. Returns null when the signature is wrong (not a WebVTT file).</summary>
    public static List<WebVttCue>? Parse(string text)
    {
        var input = Preprocess(text);
        // Signature: "WEBVTT" alone, or followed by a space, tab or line feed.
        if (input.Length < 6 || !input.StartsWith("WEBVTT", StringComparison.Ordinal)) return null;
        if (input.Length > 6 && input[6] is not (' ' or '\t' or '\n')) return null;

        var cues = new List<WebVttCue>();
        var position = 0;
        var line = 1;
        CollectLine(input, ref position);
        if (position >= input.Length) return cues;
        position++; // the line feed that ends the signature line
        line++;
        if (position >= input.Length) return cues;
        // Header: lines right under the signature line form the header block; a blank line means there is none.
        if (input[position] != '\n')
        {
            CollectBlock(input, ref position, ref line, inHeader: true);
        }
        else
        {
            position++;
            line++;
        }

        while (position < input.Length && input[position] == '\n')
        {
            position++;
            line++;
        }

        while (position < input.Length)
        {
            if (CollectBlock(input, ref position, ref line, inHeader: false) is { } cue) cues.Add(cue);
            while (position < input.Length && input[position] == '\n')
            {
                position++;
                line++;
            }
        }

        return cues;
    }

    /// <summary>Collects a WebVTT timestamp (<c>[hh:]mm:ss.ttt</c>) at <paramref name="position"/>, in seconds.</summary>
    public static bool TryCollectTimestamp(string input, ref int position, out double seconds)
    {
        seconds = 0;
        var hoursPresent = false;
        if (position >= input.Length || !char.IsAsciiDigit(input[position])) return false;
        var first = CollectDigits(input, ref position, out var firstLength);
        if (firstLength != 2 || first > 59) hoursPresent = true;
        if (position >= input.Length || input[position] != ':') return false;
        position++;
        var second = CollectDigits(input, ref position, out var secondLength);
        if (secondLength != 2) return false;
        long third;
        if (hoursPresent || (position < input.Length && input[position] == ':'))
        {
            if (position >= input.Length || input[position] != ':') return false;
            position++;
            third = CollectDigits(input, ref position, out var thirdLength);
            if (thirdLength != 2) return false;
        }
        else
        {
            third = second;
            second = first;
            first = 0;
        }

        if (position >= input.Length || input[position] != '.') return false;
        position++;
        var fraction = CollectDigits(input, ref position, out var fractionLength);
        if (fractionLength != 3 || second > 59 || third > 59) return false;
        seconds = first * 3600 + second * 60 + third + fraction / 1000.0;
        return true;
    }

    // NUL → U+FFFD; CRLF and lone CR → LF (the spec's preprocessing of the input).
    private static string Preprocess(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.AsSpan().IndexOfAny('\0', '\r') < 0) return text;
        return text.Replace('\0', '\uFFFD').Replace("\r\n", "\n").Replace('\r', '\n');
    }

    private static string CollectLine(string input, ref int position)
    {
        var end = input.IndexOf('\n', position);
        if (end < 0) end = input.Length;
        var line = input[position..end];
        position = end;
        return line;
    }

    // "Collect a WebVTT block": returns the cue the block holds, or null (header, NOTE, STYLE, REGION, junk).
    private static WebVttCue? CollectBlock(string input, ref int position, ref int lineNumber, bool inHeader)
    {
        var lineCount = 0;
        var previousPosition = position;
        var previousLineNumber = lineNumber;
        var buffer = new StringBuilder();
        var seenArrow = false;
        WebVttCue? cue = null;
        var cueLine = 0;
        double start = 0, end = 0;
        string id = "";
        while (true)
        {
            var line = CollectLine(input, ref position);
            lineCount++;
            var seenEof = position >= input.Length;
            if (!seenEof)
            {
                position++;
                lineNumber++;
            }

            if (line.Contains("-->", StringComparison.Ordinal))
            {
                if (!inHeader && (lineCount == 1 || (lineCount == 2 && !seenArrow)))
                {
                    seenArrow = true;
                    previousPosition = position;
                    previousLineNumber = lineNumber;
                    id = buffer.ToString();
                    if (TryCollectTimings(line, out start, out end))
                    {
                        cue = new WebVttCue(id, start, end, "", lineNumber - (seenEof ? 0 : 1));
                        cueLine = cue.LineNumber;
                        buffer.Clear();
                    }
                    else
                    {
                        cue = null;
                    }
                }
                else
                {
                    position = previousPosition;
                    lineNumber = previousLineNumber;
                    break;
                }
            }
            else if (line.Length == 0)
            {
                break;
            }
            else
            {
                if (buffer.Length > 0) buffer.Append('\n');
                buffer.Append(line);
                previousPosition = position;
                previousLineNumber = lineNumber;
            }

            if (seenEof) break;
        }

        return cue is null ? null : new WebVttCue(id, start, end, buffer.ToString(), cueLine);
    }

    // "Collect WebVTT cue timings and settings": start, "-->", end; whatever follows is settings, never a failure.
    private static bool TryCollectTimings(string line, out double start, out double end)
    {
        end = 0;
        var position = 0;
        SkipWhitespace(line, ref position);
        if (!TryCollectTimestamp(line, ref position, out start)) return false;
        SkipWhitespace(line, ref position);
        if (position + 3 > line.Length || line[position] != '-' || line[position + 1] != '-' || line[position + 2] != '>') return false;
        position += 3;
        SkipWhitespace(line, ref position);
        return TryCollectTimestamp(line, ref position, out end);
    }

    private static void SkipWhitespace(string input, ref int position)
    {
        while (position < input.Length && input[position] is ' ' or '\t' or '\n' or '\f' or '\r') position++;
    }

    private static long CollectDigits(string input, ref int position, out int length)
    {
        var begin = position;
        long value = 0;
        while (position < input.Length && char.IsAsciiDigit(input[position]))
        {
            // Long runs of digits only matter for their length (they fail the checks); keep the value bounded.
            if (value < long.MaxValue / 100) value = value * 10 + (input[position] - '0');
            position++;
        }

        length = position - begin;
        return value;
    }
}
