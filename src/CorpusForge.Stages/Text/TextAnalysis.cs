using System.Runtime.InteropServices;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Text;
using K4os.Hash.xxHash;

namespace CorpusForge.Stages.Text;

/// <summary>A line of a text as a range: <see cref="Length"/> excludes the line break (and a trailing carriage return).</summary>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Number of characters.</param>
public readonly record struct LineSpan(int Start, int Length)
{
    /// <summary>The line's characters in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> Of(string text) => text.AsSpan(Start, Length);
}

/// <summary>Words, lines and paragraphs of one text, computed once per document and shared by every quality and
/// repetition rule through <see cref="Document.Analysis{T}"/>, so that no rule splits the text again.</summary>
/// <remarks>
/// Lines are split at <c>\n</c> (a trailing <c>\r</c> is not part of the line). Paragraphs are runs of lines separated
/// by one or more blank (empty or whitespace-only) lines, trimmed of surrounding whitespace. Words come from
/// <see cref="WordSplitter"/>, so scripts without spaces yield one word per character.
/// </remarks>
public sealed class TextAnalysis
{
    private ulong[]? _wordHashes;
    private LineSpan[]? _paragraphs;

    /// <summary>Analyses <paramref name="text"/> (words and lines now; hashes and paragraphs on first use).</summary>
    public TextAnalysis(string text)
    {
        Text = text;
        Words = WordSplitter.Split(text);
        Lines = SplitLines(text);
    }

    /// <summary>An analysis from words and lines already known (a stage that cut lines out of a text it had analysed).
    /// They must be exactly what the public constructor would find.</summary>
    internal TextAnalysis(string text, List<WordSpan> words, LineSpan[] lines)
    {
        Text = text;
        Words = words;
        Lines = lines;
    }

    /// <summary>The analysed text.</summary>
    public string Text { get; }

    /// <summary>Every word, in order.</summary>
    public List<WordSpan> Words { get; }

    /// <summary>Every line, including empty ones (an empty text has no lines).</summary>
    public LineSpan[] Lines { get; }

    /// <summary>Paragraphs: trimmed ranges of text between blank lines; empty paragraphs are not listed.</summary>
    public LineSpan[] Paragraphs => _paragraphs ??= SplitParagraphs(Text, Lines);

    /// <summary>A 64-bit hash of each word's characters (case-sensitive), for n-gram counting without substrings.</summary>
    public ulong[] WordHashes => _wordHashes ??= HashWords(Text, Words);

    /// <summary>The shared analysis of a document's current text.</summary>
    public static TextAnalysis Of(Document document) => document.Analysis(static text => new TextAnalysis(text));

    /// <summary>True when the span has no characters other than white space.</summary>
    public static bool IsBlank(ReadOnlySpan<char> span) => span.IsWhiteSpace();

    private static LineSpan[] SplitLines(string text)
    {
        if (text.Length == 0) return [];
        var lines = new List<LineSpan>();
        var start = 0;
        while (true)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var length = end - start;
            if (length > 0 && text[end - 1] == '\r') length--;
            lines.Add(new LineSpan(start, length));
            if (newline < 0) break;
            start = newline + 1;
        }

        return [.. lines];
    }

    private static LineSpan[] SplitParagraphs(string text, LineSpan[] lines)
    {
        var paragraphs = new List<LineSpan>();
        var first = -1;
        for (var i = 0; i <= lines.Length; i++)
        {
            var blank = i == lines.Length || IsBlank(lines[i].Of(text));
            if (!blank)
            {
                if (first < 0) first = i;
                continue;
            }

            if (first < 0) continue;
            paragraphs.Add(Trim(text, lines[first].Start, lines[i - 1].Start + lines[i - 1].Length));
            first = -1;
        }

        return [.. paragraphs];
    }

    private static LineSpan Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return new LineSpan(start, end - start);
    }

    private static ulong[] HashWords(string text, List<WordSpan> words)
    {
        var hashes = new ulong[words.Count];
        for (var i = 0; i < hashes.Length; i++) hashes[i] = Hash(words[i].Of(text));
        return hashes;
    }

    /// <summary>A 64-bit hash of characters: FNV-1a with a final mix for short spans (words), XXH64 over the UTF-16
    /// bytes for longer ones (lines, paragraphs). Collisions between different spans are negligible for counting
    /// repeats within one document.</summary>
    internal static ulong Hash(ReadOnlySpan<char> chars)
    {
        if (chars.Length >= 16) return XXH64.DigestOf(MemoryMarshal.AsBytes(chars));
        var hash = 14695981039346656037UL;
        foreach (var c in chars) hash = (hash ^ c) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
