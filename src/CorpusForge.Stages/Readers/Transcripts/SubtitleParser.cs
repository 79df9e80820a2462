using System.Globalization;
using System.Text.RegularExpressions;

namespace CorpusForge.Stages.Readers.Transcripts;

/// <summary>One subtitle cue: timing, text lines (tags still in) and where it starts in the file.</summary>
public sealed record Cue(int Number, TimeSpan Start, TimeSpan End, IReadOnlyList<string> Lines, int LineNumber);

/// <summary>A cue that could not be parsed: its position, the reason and its raw text.</summary>
public sealed record BrokenCue(int Number, int LineNumber, string Reason, string Raw);

/// <summary>Parses SubRip (.srt) and WebVTT (.vtt) files into cues, and strips their styling markup.</summary>
/// <remarks>SRT: blocks separated by blank lines, each an optional counter, a <c>HH:MM:SS,mmm --&gt; HH:MM:SS,mmm</c>
/// line and text. WebVTT (W3C WebVTT spec): a <c>WEBVTT</c> header, NOTE/STYLE/REGION blocks (skipped), cues with an
/// optional identifier, a <c>[HH:]MM:SS.mmm --&gt; [HH:]MM:SS.mmm [settings]</c> line and a payload that may hold
/// voice (<c>&lt;v Name&gt;</c>), class, italic/bold/underline, ruby, language and timestamp tags plus character
/// references.</remarks>
public static partial class SubtitleParser
{
    [GeneratedRegex(@"^\s*(?<s>(?:\d{1,3}:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*(?<e>(?:\d{1,3}:)?\d{1,2}:\d{2}[,.]\d{1,3})(?:\s+.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timing();

    // SubStation overrides some SRT files carry: {\an8}, {\i1}.
    [GeneratedRegex(@"\{\\[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex SsaOverride();

    /// <summary>Parses SRT or WebVTT text. WebVTT follows the spec's parser (<see cref="WebVttParser"/>); SRT blocks
    /// with a malformed timing line, and cues of either format that end before they start, become broken cues.
    /// Returns null cues for a WebVTT file whose signature line is wrong.</summary>
    public static (List<Cue>? Cues, List<BrokenCue> Broken) Parse(string text, bool webVtt)
    {
        var cues = new List<Cue>();
        var broken = new List<BrokenCue>();
        if (webVtt)
        {
            var parsed = WebVttParser.Parse(text);
            if (parsed is null) return (null, broken);
            foreach (var cue in parsed)
            {
                var start = TimeSpan.FromMilliseconds(Math.Round(cue.Start * 1000));
                var end = TimeSpan.FromMilliseconds(Math.Round(cue.End * 1000));
                if (end < start)
                    broken.Add(new BrokenCue(cues.Count + broken.Count + 1, cue.LineNumber, $"cue ends before it starts ({start} --> {end})", cue.Text));
                else
                    cues.Add(new Cue(cues.Count + broken.Count + 1, start, end, cue.Text.Split('\n'), cue.LineNumber));
            }

            return (cues, broken);
        }

        // SRT has no spec; blocks are separated by blank lines. NUL is replaced as WebVTT does.
        var lines = text.Replace('\0', '\uFFFD').Replace("\r\n", "\n").Replace('\r', '\n').TrimStart('\uFEFF').Split('\n');
        var i = 0;
        var number = 0;
        while (i < lines.Length)
        {
            while (i < lines.Length && string.IsNullOrWhiteSpace(lines[i])) i++;
            if (i >= lines.Length) break;
            var blockStart = i;
            var block = new List<string>();
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i])) block.Add(lines[i++]);
            number++;
            var timingIndex = block.FindIndex(l => l.Contains("-->", StringComparison.Ordinal));
            if (timingIndex is < 0 or > 1)
            {
                broken.Add(new BrokenCue(number, blockStart + 1, "no timing line ('start --> end') in cue", string.Join('\n', block)));
                continue;
            }

            var match = Timing().Match(block[timingIndex]);
            if (!match.Success || !TryParseTime(match.Groups["s"].Value, out var start) || !TryParseTime(match.Groups["e"].Value, out var end))
            {
                broken.Add(new BrokenCue(number, blockStart + timingIndex + 1, $"malformed timestamp line '{Truncate(block[timingIndex])}'", string.Join('\n', block)));
                continue;
            }

            if (end < start)
            {
                broken.Add(new BrokenCue(number, blockStart + timingIndex + 1, $"cue ends before it starts ({match.Groups["s"].Value} --> {match.Groups["e"].Value})", string.Join('\n', block)));
                continue;
            }

            cues.Add(new Cue(number, start, end, block.Skip(timingIndex + 1).ToList(), blockStart + 1));
        }

        return (cues, broken);
    }

    /// <summary>The plain text of a cue line and the speaker its voice tag names (null when none).</summary>
    public static (string Text, string? Speaker) StripMarkup(string line)
    {
        // Most cue lines carry no markup at all.
        if (line.AsSpan().IndexOfAny('<', '{', '&') < 0 && line.AsSpan().IndexOfAny('\u00A0', '\u200E', '\u200F') < 0 && !line.Contains("  ", StringComparison.Ordinal))
            return (line.Trim(), null);
        var (text, speaker) = WebVttCueText.ToPlainText(SsaOverride().Replace(line, ""));
        text = text.Replace('\u00A0', ' ').Replace("\u200E", "").Replace("\u200F", "");
        return (string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)), speaker?.Trim());
    }

    private static bool TryParseTime(string value, out TimeSpan time)
    {
        time = default;
        var parts = value.Replace(',', '.').Split(':');
        var hours = parts.Length == 3 ? parts[0] : "0";
        var minutes = parts[^2];
        var secondsParts = parts[^1].Split('.');
        if (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59
            || !int.TryParse(secondsParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > 59
            || !int.TryParse(secondsParts[1].PadRight(3, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            return false;
        time = new TimeSpan(0, h, m, s, ms);
        return true;
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
