using System.ComponentModel;
using System.Text;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Registry;
using CorpusForge.Core.Stages;

namespace CorpusForge.Stages.Cleaning;

/// <summary>Options of <see cref="BookCleaner"/>.</summary>
public sealed class BookCleanerOptions : IValidatableOptions
{
    /// <summary>Cut the Project Gutenberg licence header and footer.</summary>
    [Description("Remove the Project Gutenberg licence header and footer (by their START/END markers).")]
    public bool StripGutenberg { get; set; } = true;

    /// <summary>Re-join hard-wrapped lines into paragraphs.</summary>
    [Description("Re-join hard-wrapped lines into one line per paragraph; short (verse-like) and indented lines are kept.")]
    public bool JoinLines { get; set; } = true;

    /// <summary>Undo end-of-line hyphenation when the joined word occurs elsewhere in the book.</summary>
    [Description("Undo end-of-line hyphenation, only when the unhyphenated word occurs elsewhere in the same book.")]
    public bool Dehyphenate { get; set; } = true;

    /// <summary>Remove lines that are only a page number.</summary>
    [Description("Remove lines that are only a page number ('12', '- 12 -', '[Pg 12]', 'Page 12') when the book has at least min_repeats of them in rising order.")]
    public bool RemovePageNumbers { get; set; } = true;

    /// <summary>Remove running heads (a short line repeated on many pages).</summary>
    [Description("Remove running heads: a short line without final punctuation repeated at least min_repeats times (digits ignored).")]
    public bool RemoveRunningHeads { get; set; } = true;

    /// <summary>How often a page-number or running-head pattern must occur before it is removed.</summary>
    [Description("Occurrences needed before lines count as page numbers or running heads.")]
    public int MinRepeats { get; set; } = 3;

    /// <summary>Drop the document when the text left after cleaning is empty.</summary>
    [Description("Drop books whose text is empty after cleaning (reason empty_after_cleaning).")]
    public bool DropEmpty { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (MinRepeats < 2) yield return "min_repeats must be at least 2";
    }
}

/// <summary>Cleans a book's text: Gutenberg header/footer, page numbers, running heads, hard wraps and
/// end-of-line hyphenation. Works on any document, so books read from JSONL are cleaned the same way.</summary>
/// <remarks>Counts of each change are written as <c>book.*</c> attributes so a run can be audited.</remarks>
[Component("clean.book_v1", "Book cleanup: Gutenberg licence header/footer, page numbers, running heads, hard wraps, hyphenation")]
public sealed partial class BookCleaner(BookCleanerOptions options) : IDocumentStage
{
    // Longest line taken as a running head; real heads are a title or chapter name.
    private const int MaxRunningHeadLength = 60;

    // Prose is typeset 60-80 characters wide; a text whose lines are all shorter is verse or a list and keeps its breaks.
    private const int MinProseWrapWidth = 50;

    [GeneratedRegex(@"^\s*(?:\[\s*(?:Pg|Page|p\.)\s*(\d{1,4})\s*\]|(?:Page|p\.)\s*(\d{1,4})|[-–—]?\s*(\d{1,4})\s*[-–—]?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();

    // A page number printed beside a running head, separated from it by spaces.
    [GeneratedRegex(@"^\s*\d{1,4}\s{2,}\S|\S\s{2,}\d{1,4}\s*$|^\s*\d{1,4}\s+[A-Z][A-Z .,'’-]+$|^[A-Z][A-Z .,'’-]+\s\d{1,4}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PageNumberAtEdge();

    // A speaker's turn in a play: "OTHELLO. I kiss'd thee", "Slen. By these gloues", "Mist.Page. Well".
    [GeneratedRegex(@"^\s*[A-Z][A-Za-z'’]{0,20}(?:[ .][A-Z][A-Za-z'’]{0,20}){0,2}\.\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerTurn();

    // A stage direction on its own line: "Exit.", "[Exeunt.]", "Enter Iustice Shallow", "Re-enter Brutus".
    [GeneratedRegex(@"^\s*[\[(_]*(?:Exit|Exeunt|Enter|Re-enter|Manet|Flourish|Alarum|Alarums|Sennet|Dies|Exit\s+\w+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StageDirection();

    [GeneratedRegex(@"^(?:chapter|book|part|section|canto|act|scene|volume|letter|stave)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StructuralHeading();

    /// <inheritdoc />
    public StageResult Process(Document document)
    {
        var text = document.Text.Contains('\r') ? document.Text.Replace("\r\n", "\n").Replace('\r', '\n') : document.Text;
        var header = GutenbergText.ReadHeader(text);
        if (options.StripGutenberg)
        {
            var body = GutenbergText.FindBody(text);
            document.Attributes["book.gutenberg_header"] = body.HeaderFound;
            document.Attributes["book.gutenberg_footer"] = body.FooterFound;
            (text, var notices) = GutenbergText.RemoveInlineNotices(text[body.Start..body.End]);
            document.Attributes["book.licence_notices_removed"] = (long)notices;
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        if (options.RemovePageNumbers) document.Attributes["book.page_numbers_removed"] = (long)RemovePageNumbers(lines);
        if (options.RemoveRunningHeads)
        {
            var names = new[] { header.Title, header.Author, document.Metadata.GetValueOrDefault("title") as string, document.Metadata.GetValueOrDefault("author") as string };
            document.Attributes["book.running_heads_removed"] = (long)RemoveRunningHeads(lines, names);
        }
        var (cleaned, joins, dehyphenated) = Reflow(lines);
        if (options.JoinLines) document.Attributes["book.lines_joined"] = (long)joins;
        if (options.Dehyphenate) document.Attributes["book.dehyphenated"] = (long)dehyphenated;
        document.Text = cleaned;
        return options.DropEmpty && cleaned.Length == 0 ? StageResult.Drop("empty_after_cleaning") : StageResult.Keep;
    }

    private int RemovePageNumbers(List<string> lines)
    {
        var candidates = new List<(int line, int number)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0 || lines[i].AsSpan().Trim().Length > 16) continue;
            var m = PageNumber().Match(lines[i]);
            if (!m.Success) continue;
            var digits = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            candidates.Add((i, int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (candidates.Count < options.MinRepeats) return 0;
        // Page numbers rise through the book; a few numbered lines that do not (list items, years) are left alone.
        var rising = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (candidates[i].number > candidates[i - 1].number) rising++;
        }

        if (rising < (candidates.Count - 1) * 0.8) return 0;
        foreach (var (line, _) in candidates) lines[line] = "";
        return candidates.Count;
    }

    // A repeated short line is a running head only with evidence of being one: it names the book's title or author,
    // or it carries a page number (the page-position pattern "24  THE WARDEN" / "THE WARDEN  25"). Repetition alone
    // proves nothing: plays repeat "Exit" and "[Exeunt.]", verse repeats refrains.
    private int RemoveRunningHeads(List<string> lines, IEnumerable<string?> bookNames)
    {
        var names = bookNames.Select(n => n is null ? "" : LettersOnly(n)).Where(n => n.Length >= 4).Distinct().ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string?[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var key = RunningHeadKey(lines[i]);
            if (key is null) continue;
            var withPageNumber = PageNumberAtEdge().IsMatch(lines[i]);
            var letters = LettersOnly(key);
            var namesBook = names.Any(n => n == letters || (letters.Length >= 8 && n.Contains(letters, StringComparison.Ordinal)));
            if (!withPageNumber && !namesBook) continue;
            keys[i] = key;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var removed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            // The first occurrence of a bare title stays: it is usually the title itself, on the title page or above
            // chapter one. A head that carries a page number is never text.
            if (keys[i] is { } key && counts[key] >= options.MinRepeats && StandsAlone(lines, i)
                && (!seen.Add(key) || PageNumberAtEdge().IsMatch(lines[i])))
            {
                lines[i] = "";
                removed++;
            }
        }

        return removed;
    }

    private static string LettersOnly(string text) => new(text.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());

    // A running head stands on its own line between blank lines (or at a page number that was blanked).
    private static bool StandsAlone(List<string> lines, int i) =>
        (i == 0 || lines[i - 1].Length == 0) && (i == lines.Count - 1 || lines[i + 1].Length == 0);

    private static string? RunningHeadKey(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length is 0 or > MaxRunningHeadLength) return null;
        var key = new string(trimmed.Where(c => !char.IsAsciiDigit(c)).ToArray()).Trim(' ', '-', '–', '—', '|', '.', ',').Trim();
        if (key.Count(char.IsLetter) < 3) return null;
        if (".?!\"”’'):;".Contains(trimmed[^1]) && !char.IsAsciiDigit(trimmed[^1])) return null;
        if (StructuralHeading().IsMatch(key)) return null;
        return key;
    }

    private (string text, int joins, int dehyphenated) Reflow(List<string> lines)
    {
        var wrapWidth = WrapWidth(lines);
        var vocabulary = options.Dehyphenate ? Vocabulary(lines) : null;
        var keepBreak = LinesKeepingBreaks(lines);
        var output = new StringBuilder();
        var joins = 0;
        var dehyphenated = 0;
        var pendingBlank = false;
        string? previous = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                if (previous is not null) pendingBlank = true;
                continue;
            }

            var next = line.TrimStart();
            if (previous is null)
            {
                output.Append(next);
            }
            else if (pendingBlank)
            {
                output.Append("\n\n").Append(next);
            }
            else if (options.JoinLines && EndsWithWordHyphen(previous) && next.Length > 0 && char.IsLetter(next[0])
                     && (char.IsLower(next[0]) || (!keepBreak[i] && IsWrapped(previous, line, wrapWidth))))
            {
                // A hyphen at a line end is either hyphenation or a real compound; merge only on evidence, and never
                // after an apostrophe ("boat's-crew" is not "boat'screw"). An indented continuation is still one.
                joins++;
                var head = LastToken(previous[..^1]);
                var tail = FirstWord(next);
                if (vocabulary is not null && char.IsLower(next[0]) && head.All(char.IsLetter) && vocabulary.Contains(head + tail))
                {
                    output.Length -= 1;
                    dehyphenated++;
                }

                output.Append(next);
            }
            else if (options.JoinLines && !keepBreak[i] && IsWrapped(previous, line, wrapWidth))
            {
                joins++;
                output.Append(' ').Append(next);
            }
            else
            {
                output.Append('\n').Append(line);
            }

            pendingBlank = false;
            previous = line;
        }

        return (output.ToString(), joins, dehyphenated);
    }

    private static bool EndsWithWordHyphen(string line) => line.Length >= 2 && line[^1] == '-' && char.IsLetter(line[^2]);

    // Line structure is content in verse and drama. A line keeps its break when its block (lines between blank
    // lines) reads as verse (most lines open with a capital, as verse lines do and wrapped prose lines do not), or
    // when, in a play, it opens a speaker's turn or is a stage direction.
    private static bool[] LinesKeepingBreaks(List<string> lines)
    {
        var keep = new bool[lines.Count];
        var turn = new bool[lines.Count];
        var turns = 0;
        var nonEmpty = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            nonEmpty++;
            // Both patterns open with a capital, a bracket or an underscore after the indent: skip the rest cheaply.
            var first = line.AsSpan().TrimStart();
            if (first.Length == 0 || !(char.IsUpper(first[0]) || first[0] is '[' or '(' or '_')) continue;
            turn[i] = SpeakerTurn().IsMatch(line) || StageDirection().IsMatch(line);
            if (turn[i]) turns++;
        }

        var play = turns >= 20 && turns >= nonEmpty * 0.02;
        var start = 0;
        while (start < lines.Count)
        {
            while (start < lines.Count && lines[start].Trim().Length == 0) start++;
            var end = start;
            while (end < lines.Count && lines[end].Trim().Length > 0) end++;
            var capitalised = 0;
            for (var i = start + 1; i < end; i++)
            {
                if (OpensWithCapital(lines[i])) capitalised++;
            }

            var verse = end - start >= 3 && capitalised >= (end - start - 1) * 0.7;
            for (var i = start; i < end; i++)
            {
                keep[i] = verse || (play && turn[i]);
            }

            start = end;
        }

        return keep;
    }

    private static bool OpensWithCapital(string line)
    {
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '‘' or '“' or '(' or '[' or '_') continue;
            return char.IsUpper(c);
        }

        return false;
    }

    // A break is a hard wrap when the next line's first word would not have fitted on the previous line.
    // Indented lines start a new paragraph or a verse line, and are never joined.
    private static bool IsWrapped(string previous, string line, int wrapWidth)
    {
        if (wrapWidth < MinProseWrapWidth || (line.Length > 0 && char.IsWhiteSpace(line[0]))) return false;
        var token = line.AsSpan().TrimStart();
        var end = token.IndexOfAny(' ', '\t');
        var tokenLength = end < 0 ? token.Length : end;
        return previous.Length + 1 + tokenLength > wrapWidth * 0.9;
    }

    // The width the book was wrapped at: a high percentile of line lengths, robust to a few long lines.
    private static int WrapWidth(List<string> lines)
    {
        var lengths = lines.Where(l => l.Length > 0).Select(l => l.Length).Order().ToList();
        if (lengths.Count == 0) return 80;
        return Math.Max(1, lengths[Math.Min(lengths.Count - 1, (int)(lengths.Count * 0.95))]);
    }

    private static HashSet<string> Vocabulary(List<string> lines)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var start = -1;
            for (var i = 0; i <= line.Length; i++)
            {
                var letter = i < line.Length && char.IsLetter(line[i]);
                if (letter && start < 0) start = i;
                else if (!letter && start >= 0)
                {
                    // A word ending at the end of a line followed by '-' is a hyphenation fragment, not evidence.
                    if (!(i < line.Length && line[i] == '-' && i == line.Length - 1)) words.Add(line[start..i]);
                    start = -1;
                }
            }
        }

        return words;
    }

    // The characters before a line-end hyphen back to the last space: "boat's" for "boat's-".
    private static string LastToken(string text)
    {
        var i = text.Length;
        while (i > 0 && !char.IsWhiteSpace(text[i - 1])) i--;
        return text[i..].TrimStart('"', '\'', '‘', '“', '(', '[', '_');
    }

    private static string FirstWord(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        return text[..i];
    }
}
