using System.ComponentModel;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.IO;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Readers.Transcripts;

namespace CorpusForge.Stages.Readers;

/// <summary>Options of <see cref="TranscriptReader"/>.</summary>
public sealed class TranscriptReaderOptions : IValidatableOptions
{
    /// <summary>Silence between cues that starts a new paragraph (after a finished sentence).</summary>
    [Description("A pause of at least this many seconds between cues starts a new paragraph when the previous cue ended a sentence.")]
    public double ParagraphGapSeconds { get; set; } = 3.0;

    /// <summary>Drop cue lines that only describe sounds.</summary>
    [Description("Drop lines that are only a sound description such as [MUSIC], (laughs) or ♪.")]
    public bool RemoveSoundDescriptions { get; set; } = true;

    /// <summary>How bytes become text.</summary>
    [Description("Text encoding: auto (BOM, else UTF-8 if valid, else Windows-1252), utf8, latin1 or windows1252.")]
    public TextEncodingChoice Encoding { get; set; } = TextEncodingChoice.Auto;

    /// <summary>Largest file read.</summary>
    [Description("Largest transcript read, in bytes after decompression; larger files are quarantined.")]
    public long MaxBytes { get; set; } = 64L << 20;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (ParagraphGapSeconds < 0) yield return "paragraph_gap_seconds must not be negative";
        if (MaxBytes <= 0) yield return "max_bytes must be positive";
    }
}

/// <summary>Reads a transcript (SRT, WebVTT or plain text) as one document: cue numbers, timestamps and styling
/// removed, cues merged into sentences and paragraphs, speaker labels kept as <c>Name: text</c>.</summary>
/// <remarks>A cue with a malformed or backwards timestamp is quarantined as a bad record (file, cue number, line,
/// reason) and the rest of the file is still read. Format is chosen by extension (<c>.srt</c>, <c>.vtt</c>, else
/// plain text, after an optional <c>.gz</c>/<c>.zst</c>).</remarks>
[Component("reader.transcript_v1", "SRT, WebVTT or plain transcript as one document: cues merged into paragraphs, speakers kept")]
public sealed partial class TranscriptReader(TranscriptReaderOptions options) : IDocumentReader
{
    [GeneratedRegex(@"^(?:>>\s*)?(?<name>(?:[A-Z][\w.'\-]*|\d+)(?: (?:[A-Z][\w.'\-]*|\d+)){0,2}):\s+(?<rest>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerLabel();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]|\([^)]*\)|[♪♫#\s]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SoundDescription();

    [GeneratedRegex(@"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTimestamp();

    /// <inheritdoc />
    public IEnumerable<ReadResult> Read(InputFile input, CancellationToken cancellationToken)
    {
        var where = new Provenance(input.RelativePath, 0, 0);
        byte[]? bytes;
        using (var stream = Compression.OpenRead(input.FullPath)) bytes = BookReader.ReadLimited(stream, options.MaxBytes);
        if (bytes is null)
        {
            yield return ReadResult.Failed(where, $"transcript larger than max_bytes ({options.MaxBytes} bytes)");
            yield break;
        }

        var decoded = TextDecoder.Decode(bytes, options.Encoding);
        if (decoded.Text is null)
        {
            yield return ReadResult.Failed(where, decoded.Error!, System.Text.Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 256)));
            yield break;
        }

        var name = input.RelativePath;
        foreach (var suffix in new[] { ".gz", ".zst", ".zstd" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) name = name[..^suffix.Length];
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        var format = extension switch { ".srt" => "srt", ".vtt" => "vtt", _ => "text" };
        var text = decoded.Text;
        var speakers = new List<string>();
        var document = new Document { Id = input.RelativePath, Text = "", Source = input.InputName, Path = input.RelativePath, Provenance = where };
        if (format == "text")
        {
            document.Text = PlainTranscript(text, speakers);
        }
        else
        {
            var (parsedCues, broken) = SubtitleParser.Parse(text, format == "vtt");
            if (parsedCues is not { } cues)
            {
                yield return ReadResult.Failed(where, "not a WebVTT file: it must start with 'WEBVTT' followed by a space, tab or line end", text[..Math.Min(text.Length, 200)]);
                yield break;
            }

            foreach (var bad in broken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ReadResult.Failed(new Provenance(input.RelativePath, bad.Number - 1),
                    $"cue {bad.Number} (line {bad.LineNumber}): {bad.Reason}", bad.Raw);
            }

            document.Text = MergeCues(cues, speakers);
            document.Metadata["cues"] = (long)cues.Count;
            document.Metadata["broken_cues"] = (long)broken.Count;
            document.Metadata["duration_seconds"] = cues.Count == 0 ? 0.0 : Math.Round(cues.Max(c => c.End).TotalSeconds, 3);
        }

        document.Metadata["format"] = format;
        document.Metadata["encoding"] = decoded.Encoding;
        document.Metadata["speakers"] = speakers.ToArray();
        if (document.Text.Length == 0)
        {
            yield return ReadResult.Failed(where, "transcript has no text");
            yield break;
        }

        yield return document;
    }

    private string MergeCues(List<Cue> cues, List<string> speakers)
    {
        var paragraphs = new List<(string? Speaker, StringBuilder Text)>();
        string? lastLine = null;
        var lastEnd = TimeSpan.Zero;
        foreach (var cue in cues)
        {
            var gap = (cue.Start - lastEnd).TotalSeconds;
            var firstOfCue = true;
            foreach (var raw in cue.Lines)
            {
                var (line, voice) = SubtitleParser.StripMarkup(raw);
                if (line.Length == 0) continue;
                if (options.RemoveSoundDescriptions && SoundDescription().IsMatch(line)) continue;
                var speaker = voice;
                var newTurn = false;
                if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("– ", StringComparison.Ordinal))
                {
                    // Dialogue dashes: each dashed line is a different person speaking.
                    line = line[2..].TrimStart();
                    newTurn = true;
                }

                var label = SpeakerLabel().Match(line);
                if (label.Success)
                {
                    speaker = label.Groups["name"].Value;
                    line = label.Groups["rest"].Value;
                }

                // Roll-up captions repeat the previous line at the top of the next cue.
                if (line == lastLine) continue;
                lastLine = line;
                if (speaker is not null && !speakers.Contains(speaker)) speakers.Add(speaker);

                var current = paragraphs.Count > 0 ? paragraphs[^1] : default;
                var sentenceEnded = current.Text is null || EndsSentence(current.Text);
                var startParagraph = current.Text is null || newTurn
                    || (speaker is not null && speaker != current.Speaker)
                    || (firstOfCue && gap >= options.ParagraphGapSeconds && sentenceEnded);
                if (startParagraph)
                {
                    paragraphs.Add((speaker ?? (newTurn ? null : current.Speaker), new StringBuilder(line)));
                }
                else
                {
                    current.Text!.Append(' ').Append(line);
                }

                firstOfCue = false;
            }

            lastEnd = cue.End;
        }

        return string.Join("\n\n", paragraphs.Select(p => p.Speaker is null ? p.Text.ToString() : $"{p.Speaker}: {p.Text}"));
    }

    private static bool EndsSentence(StringBuilder text)
    {
        var i = text.Length - 1;
        while (i >= 0 && text[i] is '"' or '”' or '\'' or '’' or ')') i--;
        return i >= 0 && text[i] is '.' or '?' or '!' or '…';
    }

    private string PlainTranscript(string text, List<string> speakers)
    {
        var output = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').TrimStart('\uFEFF').Split('\n'))
        {
            var line = LeadingTimestamp().Replace(raw, "").TrimEnd();
            if (options.RemoveSoundDescriptions && line.Length > 0 && SoundDescription().IsMatch(line)) continue;
            var label = SpeakerLabel().Match(line.TrimStart());
            if (label.Success && !speakers.Contains(label.Groups["name"].Value)) speakers.Add(label.Groups["name"].Value);
            output.Append(line).Append('\n');
        }

        return output.ToString().Trim('\n');
    }
}
