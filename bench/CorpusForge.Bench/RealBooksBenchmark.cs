using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CorpusForge.Core.Documents;
using CorpusForge.Core.Stages;
using CorpusForge.Stages.Cleaning;
using CorpusForge.Stages.Readers;

namespace CorpusForge.Bench;

/// <summary>Quality and throughput of reader.book_v1 + clean.book_v1 on the real Project Gutenberg files of
/// <c>shared/data/books-dev</c>: per book, no licence text left and the first and last paragraphs of the work intact,
/// plus verse/drama line breaks and stage directions kept; reported for the dev and held-out halves.</summary>
/// <remarks>The expected first and last paragraphs are found here independently of <see cref="GutenbergText"/>: from
/// the manifest's era, each era's own opening and closing lines are located with plain string searches, and the
/// paragraphs next to them (skipping the World Library notices and a volunteers' credit line) are the work's edges.
/// "Intact" compares letters and digits only, so re-wrapping and de-hyphenation do not count as damage.</remarks>
public sealed partial class RealBooksBenchmark : IBenchmark
{
    public string Name => "books-real";

    public string Description => "real Gutenberg books (shared/data/books-dev): licence residue, first/last paragraphs, verse breaks; MB/s vs wc -w";

    // Phrases of the licence and header text of every era; none may survive cleaning.
    private static readonly string[] LicencePhrases =
    [
        "small print", "electronic version of the complete works", "world library", "library of the future",
        "start of the project gutenberg", "start of this project gutenberg", "end of the project gutenberg",
        "end of this project gutenberg", "end of project gutenberg", "end of this etext", "this file should be named",
        "project gutenberg-tm", "gutenberg literary archive", "public domain etexts", "information about project gutenberg",
        "we need your donations", "gutenberg.org/license", "<<this electronic",
    ];

    public void Run(BenchContext context)
    {
        var folder = SharedData.Folder("books-dev");
        if (folder is null)
        {
            context.Out.WriteLine("skipped: shared/data/books-dev not found (run from the repository, beside ../shared)");
            return;
        }

        var books = File.ReadLines(Path.Combine(folder, "manifest.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("file", out _))
            .Select(e => (File: e.GetProperty("file").GetString()!, Era: e.GetProperty("era").GetString()!))
            .ToList();
        var reader = new BookReader(new BookReaderOptions());
        var cleaner = new BookCleaner(new BookCleanerOptions());
        var results = new List<(string File, string Era, bool HeldOut, Verdict Verdict)>();
        long totalBytes = 0;
        // One untimed pass over two books compiles the regular expressions and warms the page cache.
        foreach (var (file, _) in books.Take(2))
        {
            var path = Path.Combine(folder, file);
            foreach (var result in reader.Read(new InputFile(path, file, "books-dev", 0), CancellationToken.None))
            {
                if (result.Document is { } warm) cleaner.Process(warm);
            }
        }

        var clock = new Stopwatch();
        foreach (var (file, era) in books)
        {
            var path = Path.Combine(folder, file);
            var bytes = File.ReadAllBytes(path);
            totalBytes += bytes.Length;
            clock.Start();
            var document = reader.Read(new InputFile(path, file, "books-dev", bytes.Length), CancellationToken.None).Single().Document!;
            var outcome = cleaner.Process(document).Outcome;
            clock.Stop();
            var raw = Decode(bytes);
            var verdict = outcome == StageOutcome.Keep ? Judge(raw, era, document.Text) : new Verdict(["dropped"], 0, 0, 0, 0);
            results.Add((file, era, SharedData.IsHeldOut(file), verdict));
        }

        foreach (var heldOut in new[] { false, true })
        {
            var part = results.Where(r => r.HeldOut == heldOut).ToList();
            var label = heldOut ? "held-out" : "dev";
            context.Out.WriteLine($"-- {label}: {part.Count} books ({string.Join(", ", part.GroupBy(r => r.Era).Select(g => $"{g.Key} {g.Count()}"))})");
            context.Report($"{label}: books with licence residue", part.Count(r => r.Verdict.Problems.Any(p => p.StartsWith("licence", StringComparison.Ordinal))), "books");
            context.Report($"{label}: first paragraph intact", part.Count(r => !r.Verdict.Problems.Contains("first paragraph")), $"of {part.Count}");
            context.Report($"{label}: last paragraph intact", part.Count(r => !r.Verdict.Problems.Contains("last paragraph")), $"of {part.Count}");
            var pairs = part.Sum(r => r.Verdict.VersePairs);
            context.Report($"{label}: verse/drama line breaks kept", part.Sum(r => r.Verdict.VersePairsKept), $"of {pairs} lines");
            var directions = part.Sum(r => r.Verdict.StageDirections);
            context.Report($"{label}: stage directions kept", part.Sum(r => r.Verdict.StageDirectionsKept), $"of {directions}");
            foreach (var r in part.Where(r => !r.HeldOut && r.Verdict.Problems.Count > 0))
                context.Out.WriteLine($"   {r.File} ({r.Era}): {string.Join("; ", r.Verdict.Problems)}");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        context.Report("read + clean throughput (one thread)", totalBytes / 1e6 / seconds, "MB/s");
        var peer = WcSeconds(books.Select(b => Path.Combine(folder, b.File)).ToList());
        if (peer is { } wc) context.Report("ratio to GNU wc -w on the same files", (totalBytes / 1e6 / seconds) / (totalBytes / 1e6 / wc), "x");
        context.Out.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>What the check found for one book.</summary>
    private sealed record Verdict(List<string> Problems, int VersePairs, int VersePairsKept, int StageDirections, int StageDirectionsKept);

    private static Verdict Judge(string raw, string era, string cleaned)
    {
        var problems = new List<string>();
        var lower = cleaned.ToLowerInvariant();
        foreach (var phrase in LicencePhrases.Where(p => lower.Contains(p, StringComparison.Ordinal)))
            problems.Add($"licence: '{phrase}'");
        var body = Body(raw, era);
        var paragraphs = Paragraphs(body);
        var cleanedLetters = Letters(cleaned);
        if (paragraphs.Count == 0)
        {
            problems.Add("no body found in the raw file");
            return new Verdict(problems, 0, 0, 0, 0);
        }

        if (!cleanedLetters.StartsWith(Letters(paragraphs[0]), StringComparison.Ordinal)) problems.Add("first paragraph");
        var last = Letters(paragraphs[^1]);
        if (!cleanedLetters.EndsWith(last, StringComparison.Ordinal)) problems.Add("last paragraph");
        var bodyLetters = Letters(string.Join("\n\n", paragraphs));
        var tail = bodyLetters[^Math.Min(200, bodyLetters.Length)..];
        if (!cleanedLetters.EndsWith(tail, StringComparison.Ordinal)) problems.Add("last 200 letters");

        // Verse and drama: a line must still start a line when it opens a speaker's turn ("  CHIEF JUSTICE. I am"), or
        // when its block (3+ lines) has every line opening with a capital, the shape of verse. Joins after it are fine.
        var cleanedStarts = new HashSet<string>(cleaned.Split('\n').Select(l => Prefix(l.Trim())), StringComparer.Ordinal);
        int pairs = 0, kept = 0, directions = 0, directionsKept = 0;
        var lost = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var lines = paragraph.Split('\n').Select(l => l.Trim()).ToArray();
            var verse = lines.Length >= 3 && lines.All(l => l.Length > 0 && char.IsUpper(l.FirstOrDefault(char.IsLetterOrDigit)));
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (StageDirection().IsMatch(line))
                {
                    directions++;
                    if (cleanedStarts.Contains(Prefix(line))) directionsKept++;
                }

                if (i == 0 || !(verse || SpeakerLabel().IsMatch(line))) continue;
                pairs++;
                if (cleanedStarts.Contains(Prefix(line))) kept++;
                else if (lost.Count < 2) lost.Add($"'{lines[i - 1]} / {line}'");
            }
        }

        if (pairs >= 20 && kept < pairs * 0.98) problems.Add($"verse breaks kept {kept}/{pairs}, e.g. {string.Join(", ", lost)}");
        return new Verdict(problems, pairs, kept, directions, directionsKept);
    }

    // The text of the work by the era's own structure, found with plain searches (no shared code with the cleaner).
    private static string Body(string raw, string era)
    {
        var lines = raw.Split('\n');
        var start = 0;
        var end = lines.Length;
        for (var i = 0; i < lines.Length / 2; i++)
        {
            var upper = lines[i].ToUpperInvariant();
            var opens = era switch
            {
                "the_ebook" or "this_ebook" => upper.Contains("START OF THE PROJECT GUTENBERG", StringComparison.Ordinal)
                                               || upper.Contains("START OF THIS PROJECT GUTENBERG", StringComparison.Ordinal),
                _ => upper.Contains("*END*THE SMALL PRINT", StringComparison.Ordinal) || upper.Contains("*END THE SMALL PRINT", StringComparison.Ordinal)
                     || upper.Contains("SMALL PRINT! FOR __ COMPLETE SHAKESPEARE", StringComparison.Ordinal),
            };
            if (!opens) continue;
            start = i + 1;
            // A wrapped START line ends on the next line's "***"; the World Library closing line has a version stamp.
            if (lines[i].TrimStart().StartsWith("***", StringComparison.Ordinal) && !lines[i].TrimEnd().EndsWith("***", StringComparison.Ordinal)
                && start < lines.Length && lines[start].TrimEnd().EndsWith("***", StringComparison.Ordinal)) start++;
            if (start < lines.Length && lines[start].TrimStart().StartsWith("[\"Small Print\"", StringComparison.OrdinalIgnoreCase)) start++;
            break;
        }

        for (var i = start; i < lines.Length; i++)
        {
            var t = lines[i].TrimStart();
            var upper = t.ToUpperInvariant();
            if (upper.StartsWith("*** END OF THE PROJECT GUTENBERG", StringComparison.Ordinal) || upper.StartsWith("***END OF THE PROJECT GUTENBERG", StringComparison.Ordinal)
                || upper.StartsWith("*** END OF THIS PROJECT GUTENBERG", StringComparison.Ordinal)
                || upper.StartsWith("END OF THE PROJECT GUTENBERG", StringComparison.Ordinal) || upper.StartsWith("END OF THIS PROJECT GUTENBERG", StringComparison.Ordinal)
                || upper.StartsWith("END OF PROJECT GUTENBERG", StringComparison.Ordinal) || upper.StartsWith("END PROJECT GUTENBERG", StringComparison.Ordinal)
                || upper.StartsWith("THE END OF PROJECT GUTENBERG", StringComparison.Ordinal) || upper.StartsWith("THE END OF THE PROJECT GUTENBERG", StringComparison.Ordinal)
                || upper.StartsWith("END OF THIS ETEXT OF", StringComparison.Ordinal) || upper.StartsWith("END OF THE ETEXT OF", StringComparison.Ordinal))
            {
                end = i;
                break;
            }
        }

        return string.Join("\n", lines[start..end]);
    }

    // Paragraphs of the body, without the World Library notices and a leading volunteers' credit paragraph.
    private static List<string> Paragraphs(string body)
    {
        var withoutNotices = new StringBuilder();
        var at = 0;
        while (true)
        {
            var open = body.IndexOf("<<THIS ELECTRONIC VERSION", at, StringComparison.OrdinalIgnoreCase);
            if (open < 0) break;
            var close = body.IndexOf(">>", open, StringComparison.Ordinal);
            if (close < 0) break;
            withoutNotices.Append(body, at, open - at);
            at = close + 2;
        }

        withoutNotices.Append(body, at, body.Length - at);
        var paragraphs = Regex.Split(withoutNotices.ToString(), @"\n[ \t]*\n")
            .Select(p => p.Trim('\n'))
            .Where(p => p.Trim().Length > 0 && Letters(p).Length > 0)
            .ToList();
        if (paragraphs.Count > 0 && CreditLine().IsMatch(paragraphs[0].TrimStart())) paragraphs.RemoveAt(0);
        return paragraphs;
    }

    private static string Prefix(string line) => line.Length <= 24 ? line : line[..24];

    private static string Letters(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Decode(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        return text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');
    }

    private static double? WcSeconds(List<string> files)
    {
        try
        {
            var info = new ProcessStartInfo("wc", ["-w", .. files]) { RedirectStandardOutput = true };
            using var warm = Process.Start(info)!;
            warm.StandardOutput.ReadToEnd();
            warm.WaitForExit();
            var clock = Stopwatch.StartNew();
            using var timed = Process.Start(info)!;
            timed.StandardOutput.ReadToEnd();
            timed.WaitForExit();
            return clock.Elapsed.TotalSeconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?:Produced by|E-?text prepared by|This e-?text was prepared by|Transcribed (?:from|by)|Prepared by)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreditLine();

    // An all-capitals speaker name and a full stop, as the World Library and most Gutenberg plays print turns.
    [GeneratedRegex(@"^[A-Z][A-Z']+(?: [A-Z][A-Z']+){0,2}\. +\S")]
    private static partial Regex SpeakerLabel();

    [GeneratedRegex(@"^\[?(?:Exit|Exeunt)\b[^a-z]*$")]
    private static partial Regex StageDirection();
}

/// <summary>Finds <c>shared/data</c> (beside the repository) and splits real files into dev and held-out halves.</summary>
internal static class SharedData
{
    /// <summary>The folder <c>shared/data/NAME</c> found from the working directory upwards, or null.</summary>
    public static string? Folder(string name)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", name);
            if (Directory.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, "data", name);
            if (dir.Name == "shared" && Directory.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>A file of this repository, found from the working directory upwards (the folder holding the .sln).</summary>
    public static string? RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorpusForge.sln"))) return Path.Combine(dir.FullName, relative);
        }

        return null;
    }

    /// <summary>Deterministic split: a file is held out when the FNV-1a hash of its name is odd. Fixed before any
    /// tuning, so the held-out half was never looked at while changing the code.</summary>
    public static bool IsHeldOut(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 16777619u;
        }

        return (hash & 1) == 1;
    }
}
