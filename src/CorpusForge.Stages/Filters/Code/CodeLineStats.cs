using CorpusForge.Core.Documents;

namespace CorpusForge.Stages.Filters.Code;

/// <summary>Line statistics of a source file, computed once per text and shared by the code filters through
/// <see cref="Document.Analysis{T}"/>.</summary>
/// <param name="Lines">Number of lines (a final newline does not start another line; empty text has 0).</param>
/// <param name="MaxLineLength">Longest line, in characters.</param>
/// <param name="MeanLineLength">Mean line length, in characters.</param>
/// <param name="AlphanumericFraction">Letters and digits over all characters.</param>
public sealed record CodeLineStats(long Lines, long MaxLineLength, double MeanLineLength, double AlphanumericFraction)
{
    /// <summary>The statistics of <paramref name="document"/>'s text (cached on the document).</summary>
    public static CodeLineStats Of(Document document) => document.Analysis(Compute);

    /// <summary>Computes the statistics of a text.</summary>
    public static CodeLineStats Compute(string text)
    {
        if (text.Length == 0) return new CodeLineStats(0, 0, 0, 0);
        long lines = 0, max = 0, total = 0, alphanumeric = 0, current = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
                total += current;
                max = Math.Max(max, current);
                current = 0;
                continue;
            }

            if (c != '\r') current++;
            if (char.IsLetterOrDigit(c)) alphanumeric++;
        }

        if (current > 0 || text[^1] != '\n')
        {
            lines++;
            total += current;
            max = Math.Max(max, current);
        }

        return new CodeLineStats(lines, max, (double)total / lines, (double)alphanumeric / text.Length);
    }

    /// <summary>The language the code reader detected, or null.</summary>
    public static string? LanguageOf(Document document) =>
        document.HasMetadata && document.Metadata.TryGetValue("language", out var value) ? value as string : null;
}
